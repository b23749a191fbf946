import { BaseEdge, getBezierPath } from "@xyflow/react";
import type { EdgeProps } from "@xyflow/react";
import { memo } from "react";

/**
 * An arrow, curved as React Flow draws one, with its outcome's name at its middle when its step
 * has several. The name is centred by the text itself: React Flow's own label measures itself
 * once drawn, which lays the whole canvas out again and draws each labelled arrow twice.
 */
function ArrowEdgeView({
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  label,
  style,
  markerEnd,
  interactionWidth,
}: EdgeProps) {
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  return (
    <>
      <BaseEdge
        path={path}
        style={style}
        markerEnd={markerEnd}
        interactionWidth={interactionWidth}
      />
      {label && (
        <text
          className="react-flow__edge-text arrow-label"
          x={labelX}
          y={labelY}
          textAnchor="middle"
          dominantBaseline="central"
        >
          {label}
        </text>
      )}
    </>
  );
}

export const ArrowEdge = memo(ArrowEdgeView);
