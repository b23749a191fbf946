import type { Drawing } from "./editorState";

const DEFAULT_SIZE = { width: 220, height: 90 };

/** Positions that lay the drawing out top to bottom in layers (elkjs), arrows crossing least. */
export async function arrangeDrawing(
  drawing: Drawing,
  sizes: (key: string) => { width: number; height: number } | undefined,
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
    children: drawing.steps.map((step) => ({ id: step.key, ...(sizes(step.key) ?? DEFAULT_SIZE) })),
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
