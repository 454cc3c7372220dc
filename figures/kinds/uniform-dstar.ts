// The paper's D* figure (§"The geometry of superposition", guide §1.4): one point per density (the
// selected, lowest-loss ReLU model of each), D* = m/‖W‖² against x = 1/(1 − S) on a log axis as the
// notebook, points and line, reference lines at 1 and 1/2.

import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { CONFIG, HEIGHT, LINE, REFERENCE, WIDTH, dStarRows, models, xDomain, xEncoding } from '../uniform.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

export default defineFigure({
  kind: 'uniform-dstar',
  title: 'Dimensions per feature D* across sparsity',
  caption:
    'D* = m/‖W‖² of the ReLU output model at each feature density, plotted against 1/(1 − S) on a log ' +
    'axis. D* = 1 means each learned feature owns a dimension; D* = 1/2 means two features share each ' +
    'dimension, as antipodal pairs. Dashed lines mark 1 and 1/2.',
  build: buildUniformDStar,
});

export function buildUniformDStar(analysis: ExperimentAnalysis): VegaLiteSpec {
  const ms = models(analysis, 'uniform-dstar');
  const domain = xDomain(ms);
  const rows: DataRow[] = [...dStarRows(ms), { kind: 'reference', label: '1', value: 1 }, { kind: 'reference', label: '1/2', value: 0.5 }];
  const yMax = Math.max(1.1, ...ms.map((m) => (Number.isFinite(m.dStar) ? m.dStar : 0)));
  const y = {
    type: 'quantitative' as const,
    title: 'm / ‖W‖²',
    scale: { domain: [0, round6(yMax)], nice: false },
    axis: { values: [0, 0.25, 0.5, 0.75, 1], format: '.2~f', grid: true, gridColor: '#eee' },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `uniform-dstar for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'reference'" }],
        mark: { type: 'rule', stroke: REFERENCE, strokeDash: [4, 3], strokeWidth: 1 },
        encoding: { y: { ...y, field: 'value' } },
      },
      {
        transform: [{ filter: "datum.kind === 'reference'" }],
        mark: { type: 'text', align: 'left', dx: 4, dy: -6, fontSize: 10, fill: REFERENCE },
        encoding: {
          x: { datum: domain[1] * 0.999, type: 'quantitative', scale: { type: 'log', domain, nice: false } },
          y: { ...y, field: 'value' },
          text: { field: 'label' },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'dstar'" }],
        mark: { type: 'line', stroke: LINE, strokeWidth: 1.5, point: { filled: true, fill: LINE, size: 30 } },
        encoding: { x: xEncoding(domain, 'x'), y: { ...y, field: 'dStar' } },
      },
    ],
    config: CONFIG,
  };
}
