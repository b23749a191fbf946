import { useCallback, useEffect, useState } from "react";
import { connectionProblem } from "./editorState";
import type { ArrowRulesOf, Drawing } from "./editorState";

/** How long a refused connection's reason stays beside the pointer: long enough to read. */
export const REFUSAL_SHOWN_MS = 4000;

/**
 * Why an arrow dragged from a step's outcome and released over `target` (the step under the
 * pointer, null over empty canvas) was not drawn; null when there is nothing to say, as when the
 * drag was simply let go on the canvas.
 */
export function refusedConnection(
  drawing: Drawing,
  drag: { source: string; outcome: string; target: string | null },
  stepTypes: Map<string, ArrowRulesOf>,
): string | null {
  if (drag.target === null) return null;
  return connectionProblem(drawing, { ...drag, target: drag.target }, stepTypes);
}

export interface Refusal {
  message: string;
  /** Where to show it, in pixels from the canvas's top left corner. */
  x: number;
  y: number;
}

/** The latest refusal, cleared after `REFUSAL_SHOWN_MS`; a new one restarts the clock. */
export function useRefusal() {
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  useEffect(() => {
    if (!refusal) return;
    const timer = setTimeout(() => setRefusal(null), REFUSAL_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [refusal]);
  const refuse = useCallback((next: Refusal) => setRefusal(next), []);
  return { refusal, refuse };
}
