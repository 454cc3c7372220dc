// The paper's |x| sweep figure (§"Computation in Superposition", guide §1.9): one panel per density (the
// selected model of each, densest first), one stacked bar per neuron made of its input weights |W₁[f,k]|,
// one segment per feature, coloured by the feature's index (its importance falls with the index).
// Neurons are sorted as the paper sorts them, by the importance of their largest feature (the lowest index
// first), ReLU(x) before ReLU(−x); dead neurons come last, in grey. Each neuron is rescaled as in the
// paper's demonstration (footnote 15: its largest |W1| is 1), so a monosemantic neuron is a bar of height 1
// in one colour and everything above 1 is what its other features add. Segments below SEGMENT_FLOOR are
// merged into one grey segment per neuron, which keeps every bar's total height and the spec small.

import { figureNeuronOrder, neuronRoles } from '../../analysis/abs.ts';
import { ABS_RULES } from '../../analysis/claims/abs.ts';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { CONFIG, absFigureModels } from '../abs.ts';
import { defineFigure, panelLabels, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

/** rescaled |W1| below this is drawn as part of the neuron's grey "rest" segment (under a pixel at the figure's scale) */
export const SEGMENT_FLOOR = 0.05;
const BAR_WIDTH = 8;
const PANEL_HEIGHT = 110;
const COLUMNS = 2;
const REST = '#c8c8c8';
const DEAD = '#8c8c8c';

export default defineFigure({
  kind: 'abs-neurons',
  title: 'The |x| model across sparsity: the features each neuron reads',
  caption:
    'One panel per feature density 1 − S (the lowest-loss model of each). Each bar is one neuron, its height ' +
    "the sum of its input weights |W₁[f,k]| after rescaling the neuron's largest to 1, stacked one segment per " +
    'feature and coloured by feature index (importance falls with the index: dark = important; the scale stops ' +
    'at the highest feature that leads a live neuron). Neurons are sorted by the ' +
    'importance of their largest feature; a bar of height 1 in one colour is a monosemantic neuron. Light grey: ' +
    `the features below ${SEGMENT_FLOOR} each, merged; dark grey: a dead neuron (no output weight of note).`,
  build: buildAbsNeurons,
});

export function buildAbsNeurons(analysis: ExperimentAnalysis): VegaLiteSpec {
  const models = absFigureModels(analysis, 'abs-neurons');
  const F = analysis.features;
  const H = analysis.hidden;
  const labels = panelLabels(models);
  const rows: DataRow[] = [];
  let tallest = 1;
  models.forEach((model, p) => {
    const panel = labels[p] ?? '';
    const roles = neuronRoles(model.W, model.decoder, ABS_RULES.neurons);
    figureNeuronOrder(roles).forEach((k, rank) => {
      const role = roles[k]!;
      const weights = Array.from({ length: F }, (_, f) => (role.scale > 0 ? Math.abs(model.W[f]?.[k] ?? 0) / role.scale : 0));
      let y = 0;
      let rest = 0;
      // the largest feature at the bottom, then the others by index, as the eye reads "primary + secondary"
      const stack = [role.top, ...weights.map((_, f) => f).filter((f) => f !== role.top)];
      for (const f of stack) {
        const w = weights[f] as number;
        if (w < SEGMENT_FLOOR) {
          rest += w;
          continue;
        }
        rows.push({ panel, rank, neuron: k, kind: role.live ? 'feature' : 'dead', feature: f, y0: round6(y), y1: round6(y + w) });
        y += w;
      }
      if (rest > 0)
        rows.push({ panel, rank, neuron: k, kind: role.live ? 'rest' : 'dead', feature: -1, y0: round6(y), y1: round6(y + rest) });
      tallest = Math.max(tallest, y + rest);
    });
  });
  // colour runs over the features that lead some live neuron (beyond them importance 0.8ⁱ is negligible and the colour is clamped)
  const colourTop = Math.max(
    1,
    ...models.flatMap((m) =>
      neuronRoles(m.W, m.decoder, ABS_RULES.neurons)
        .filter((r) => r.live)
        .map((r) => r.top),
    ),
  );
  const x = {
    field: 'rank',
    type: 'ordinal' as const,
    scale: { domain: Array.from({ length: H }, (_, r) => r), paddingInner: 0.15 },
    axis: { title: 'neurons, by their largest feature', labels: false, ticks: false },
  };
  const y = {
    field: 'y0',
    type: 'quantitative' as const,
    title: 'Σ |W1| (rescaled)',
    scale: { domain: [0, round6(Math.ceil(tallest * 2) / 2)], nice: false },
    axis: { grid: true, gridColor: '#eee', tickCount: 4 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `abs-neurons for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', sort: labels, header: { title: null, labelFontSize: 11, labelPadding: 4 } },
    columns: Math.min(COLUMNS, models.length),
    spacing: { row: 14, column: 20 },
    spec: {
      width: BAR_WIDTH * H,
      height: PANEL_HEIGHT,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'feature'" }],
          mark: { type: 'bar', strokeWidth: 0, aria: false },
          encoding: {
            x,
            y,
            y2: { field: 'y1' },
            color: {
              field: 'feature',
              type: 'quantitative',
              title: 'feature i',
              scale: { scheme: 'viridis', domain: [0, colourTop], clamp: true },
              legend: {
                type: 'gradient',
                gradientLength: PANEL_HEIGHT,
                values: [0, Math.round(colourTop / 2), colourTop],
                labelExpr: `datum.value >= ${colourTop} ? '≥ ${colourTop}' : datum.label`,
              },
            },
          },
        },
        {
          transform: [{ filter: "datum.kind !== 'feature'" }],
          mark: { type: 'bar', strokeWidth: 0, aria: false },
          encoding: {
            x,
            y,
            y2: { field: 'y1' },
            fill: { condition: { test: "datum.kind === 'dead'", value: DEAD }, value: REST },
          },
        },
      ],
    },
    config: CONFIG,
  };
}
