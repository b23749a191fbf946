/** A moment as people read it, e.g. "Mar 2, 2026, 3:04 PM". */
export function formatEventTime(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return date.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}
