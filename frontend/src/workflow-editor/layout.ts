import { STEP_HEIGHT, STEP_WIDTH } from "./Canvas";
import type { Drawing } from "./editorState";

/** Positions that lay the drawing out top to bottom in layers (elkjs), arrows crossing least. */
export async function arrangeDrawing(
  drawing: Drawing,
): Promise<{ key: string; x: number; y: number }[]> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const elk = new ELK();
  const graph = await elk.layout({
    id: "workflow",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.layered.spacing.nodeNodeBetweenLayers": "70",
      "elk.spacing.nodeNode": "50",
    },
    children: drawing.steps.map((step) => ({
      id: step.key,
      width: STEP_WIDTH,
      height: STEP_HEIGHT,
    })),
    edges: drawing.transitions.map((t) => ({
      id: `${t.source}:${t.outcome}`,
      sources: [t.source],
      targets: [t.target],
    })),
  });
  return (graph.children ?? []).map((child) => ({
    key: child.id,
    x: child.x ?? 0,
    y: child.y ?? 0,
  }));
}
