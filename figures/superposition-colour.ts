// The paper's colour for a feature's superposition score Σⱼ (Ŵᵢ·Wⱼ)² over j ≠ i: black when the feature shares
// its direction with no other, blue at 1 or more. The 20 → 5 grids (superposition-grid) and the neuron
// bars of the privileged basis (neuron-bars) colour by it, so that one colour means the same in both.

const ORTHOGONAL = 'rgb(0,0,0)';
const SUPERPOSED = 'rgb(0,136,255)';

/**
 * The encoding fields of a colour (or fill) channel on the data field `superposition`, with its gradient
 * legend of this length in pixels.
 */
export function superpositionColour(gradientLength: number) {
  return {
    field: 'superposition',
    type: 'quantitative' as const,
    title: 'superposition',
    scale: { domain: [0, 1], range: [ORTHOGONAL, SUPERPOSED], clamp: true, interpolate: 'rgb' as const },
    legend: {
      type: 'gradient' as const,
      gradientLength,
      values: [0, 0.5, 1],
      format: '.1f',
      labelExpr: "datum.value >= 1 ? '≥ 1' : datum.label",
    },
  };
}
