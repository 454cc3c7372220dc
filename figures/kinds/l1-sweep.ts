// The L1-penalty sweep (the paper's strategic-picture remark; analysis/l1-sweep.ts): for each density, how
// many features the model represents and how many of them are in superposition as λ grows (left), and what
// the penalty costs in held-out reconstruction loss, relative to the unpenalised model (right). λ is an
// ordinal axis so that λ = 0 has a place beside the log-spaced values.

import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { FRAME_PADDING } from '../frame-padding.ts';
import { CONFIG } from '../uniform.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

const WIDTH = 300;
const HEIGHT = 220;

export default defineFigure({
  kind: 'l1-sweep',
  title: 'An L1 penalty on the hidden activations, λ from 0 up',
  caption:
    'Left: features represented (‖Wᵢ‖ > 0.5, solid) and, of those, features in superposition (interference score ≥ 0.1, ' +
    'dashed) of the selected model at each λ, one colour per density; the grey line marks m, the most features a model ' +
    'can hold without superposition. Right: held-out reconstruction loss (the penalty left out) relative to the λ = 0 ' +
    'model at the same density, log scale.',
  build: buildL1Sweep,
});

export function buildL1Sweep(analysis: ExperimentAnalysis): VegaLiteSpec {
  const cells = analysis.derived?.l1SweepCells ?? [];
  if (cells.length === 0)
    throw new Error(`figure l1-sweep: experiment '${analysis.experiment}' has no L1 sweep (no model with an l1 value)`);
  const lambdas = [...new Set(cells.flatMap((c) => c.points.map((p) => p.l1)))].sort((a, b) => a - b).map(String);
  const rows: DataRow[] = [];
  for (const cell of cells) {
    const base = cell.points[0]?.evalLoss ?? Number.NaN;
    const density = `1 − S = ${round6(cell.density)}`;
    for (const p of cell.points) {
      const lambda = String(p.l1);
      rows.push({ panel: 'count', density, lambda, measure: 'represented', count: p.represented });
      rows.push({ panel: 'count', density, lambda, measure: 'in superposition', count: p.superposed });
      rows.push({ panel: 'loss', density, lambda, ratio: round6(p.evalLoss / base) });
    }
  }
  const ratios = rows.map((r) => r['ratio']).filter((v): v is number => typeof v === 'number' && v > 0);
  const lossDomain = [round6(Math.min(...ratios) / 1.2), round6(Math.max(...ratios) * 1.2)];
  const x = { field: 'lambda', type: 'ordinal' as const, title: 'λ', sort: lambdas, axis: { labelAngle: 0 } };
  // densest first, as the cells are ordered
  const densities = cells.map((c) => `1 − S = ${round6(c.density)}`);
  const colour = { field: 'density', type: 'nominal' as const, title: null, sort: densities, legend: { orient: 'bottom' as const } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `l1-sweep for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    hconcat: [
      {
        width: WIDTH,
        height: HEIGHT,
        layer: [
          {
            mark: { type: 'rule', stroke: '#999', strokeDash: [4, 3] },
            encoding: { y: { datum: analysis.hidden, type: 'quantitative' } },
          },
          {
            transform: [{ filter: "datum.panel === 'count'" }],
            mark: { type: 'line', point: true },
            encoding: {
              x,
              y: {
                field: 'count',
                type: 'quantitative',
                title: 'features',
                scale: { domain: [0, analysis.features], padding: FRAME_PADDING },
              },
              color: colour,
              strokeDash: {
                field: 'measure',
                type: 'nominal',
                title: null,
                scale: {
                  domain: ['represented', 'in superposition'],
                  range: [
                    [1, 0],
                    [4, 3],
                  ],
                },
                // the caption says which is which: vega's legend draws a dashed stroke symbol blank
                legend: null,
              },
            },
          },
        ],
      },
      {
        width: WIDTH,
        height: HEIGHT,
        transform: [{ filter: "datum.panel === 'loss'" }],
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: {
            field: 'ratio',
            type: 'quantitative',
            title: 'held-out loss / loss at λ = 0',
            scale: { type: 'log', domain: lossDomain, nice: false, padding: FRAME_PADDING },
            axis: { values: [0.5, 1, 2, 5, 10, 20, 50, 100].filter((v) => v >= lossDomain[0]! && v <= lossDomain[1]!), format: '~g' },
          },
          color: colour,
        },
      },
    ],
    config: CONFIG,
  };
}
