/** A step type's icon as shown: its symbol, or a dot when the type names its icon in words. */
export function symbol(icon: string): string {
  return [...icon].length <= 2 ? icon : "•";
}
