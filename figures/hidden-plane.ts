// The shared frame of every figure that draws a 2-D hidden space: each feature's column Wᵢ as a point
// (or a segment from the origin) in the plane, on square axes from −1.5 to 1.5 (the notebook's limits,
// wide enough for the pentagon's norms of about 1.15), with only the zero lines drawn: a faint cross
// through the origin.

/** Half the width of the plotted square: Wᵢ beyond it are clamped to the edge. */
export const HIDDEN_PLANE_LIMIT = 1.5;

/** The Vega-Lite position encoding of one hidden-space coordinate. */
export function hiddenPlaneAxis(field: 'x' | 'y') {
  return {
    field,
    type: 'quantitative' as const,
    scale: { domain: [-HIDDEN_PLANE_LIMIT, HIDDEN_PLANE_LIMIT], nice: false, zero: false, clamp: true },
    axis: {
      title: null,
      values: [-1, 0, 1],
      grid: true,
      // only the zero lines: a faint cross through the origin, no other grid clutter
      gridColor: { condition: { test: 'datum.value === 0', value: '#cfcfcf' }, value: null },
      domain: true,
      domainColor: '#888',
      tickCount: 3,
    },
  };
}

/**
 * Each Wᵢ drawn as a segment from the origin with a filled point at its tip, both coloured by `colour`
 * (the legend comes from the points only).
 */
export function featureSegmentLayers(colour: object, pointSize: number) {
  return [
    {
      mark: { type: 'rule' as const, strokeWidth: 2 },
      encoding: {
        x: hiddenPlaneAxis('x'),
        y: hiddenPlaneAxis('y'),
        x2: { datum: 0 },
        y2: { datum: 0 },
        stroke: { ...colour, legend: null },
      },
    },
    {
      mark: { type: 'point' as const, filled: true, size: pointSize, opacity: 1, strokeWidth: 0 },
      encoding: { x: hiddenPlaneAxis('x'), y: hiddenPlaneAxis('y'), fill: colour },
    },
  ];
}
