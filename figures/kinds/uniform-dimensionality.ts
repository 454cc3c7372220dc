// The paper's feature-dimensionality figure (§"The geometry of superposition", guide §1.4): for each
// density (the selected, lowest-loss ReLU model of each), x = 1/(1 − S) on a log axis as the notebook,
// every feature's Dᵢ as a small dot, the D* line over it, reference lines at the fractions 1, 3/4, 2/3,
// 1/2, 2/5, 3/8, labelled.

import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { FRAME_PADDING } from '../frame-padding.ts';
import { fractionReferenceRows } from '../fraction-references.ts';
import { CONFIG, HEIGHT, LINE, REFERENCE, WIDTH, dStarRows, models, xDomain, xEncoding } from '../uniform.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

const DOT = 'rgb(70,70,70)';
/** half-width of the deterministic horizontal spread of the Dᵢ dots, as a fraction of log10 x (±3 %) */
const SPREAD = 0.03;
const Y_DOMAIN: [number, number] = [0, 1.05];
const PLOT_HEIGHT = HEIGHT + 120;

export default defineFigure({
  kind: 'uniform-dimensionality',
  title: 'Feature dimensionality Dᵢ across sparsity',
  caption:
    'Each grey dot is one feature of the ReLU output model at one feature density (spread a little ' +
    'sideways so that dots at the same value stay visible), at its dimensionality Dᵢ = ‖Wᵢ‖² / Σⱼ ' +
    '(Ŵᵢ·Wⱼ)²; the black line is D*. Dashed lines mark the fractions at which the paper finds ' +
    'dimensionalities cluster: 1, 3/4 (tetrahedron), 2/3 (triangle), 1/2 (antipodal pair), 2/5 (pentagon) and ' +
    '3/8 (square antiprism). Unlearned features sit at 0.',
  build: buildUniformDimensionality,
});

export function buildUniformDimensionality(analysis: ExperimentAnalysis): VegaLiteSpec {
  const ms = models(analysis, 'uniform-dimensionality');
  const domain = xDomain(ms);
  const rows: DataRow[] = [];
  for (const m of ms) {
    const x = 1 / m.density;
    const F = m.dimensionality.length;
    m.dimensionality.forEach((d, i) => {
      // deterministic spread by feature index, multiplicative so it looks the same on the log axis
      const offset = F > 1 ? (i / (F - 1) - 0.5) * 2 * SPREAD : 0;
      rows.push({ kind: 'feature', density: round6(m.density), feature: i, x: round6(x * 10 ** offset), D: round6(d) });
    });
  }
  rows.push(...dStarRows(ms));
  rows.push(...fractionReferenceRows(Y_DOMAIN, PLOT_HEIGHT));

  const y = {
    type: 'quantitative' as const,
    title: 'dimensionality',
    scale: { domain: Y_DOMAIN, nice: false, padding: FRAME_PADDING },
    axis: { values: [0, 0.25, 0.5, 0.75, 1], format: '.2~f', grid: false },
  };
  const xLog = { type: 'quantitative' as const, scale: { type: 'log' as const, domain, nice: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `uniform-dimensionality for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    width: WIDTH,
    height: PLOT_HEIGHT,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'reference'" }],
        mark: { type: 'rule', stroke: REFERENCE, strokeDash: [4, 3], strokeWidth: 0.8, opacity: 0.7 },
        encoding: { y: { ...y, field: 'value' } },
      },
      {
        transform: [{ filter: "datum.kind === 'reference'" }],
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 10, fill: REFERENCE },
        encoding: {
          x: { ...xLog, datum: domain[1] },
          y: { ...y, field: 'labelAt' },
          text: { field: 'label' },
          // its tooltip names the line, not where the label was moved to
          description: { field: 'label' },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'feature'" }],
        // no ARIA label per dot: thousands of labels would bloat the SVG
        mark: { type: 'circle', size: 4, fill: DOT, opacity: 0.6, aria: false },
        encoding: { x: xEncoding(domain, 'x'), y: { ...y, field: 'D' } },
      },
      {
        transform: [{ filter: "datum.kind === 'dstar'" }],
        mark: { type: 'line', stroke: LINE, strokeWidth: 1.5, point: { filled: true, fill: LINE, size: 16 } },
        encoding: { x: xEncoding(domain, 'x'), y: { ...y, field: 'dStar' } },
      },
    ],
    config: CONFIG,
  };
}
