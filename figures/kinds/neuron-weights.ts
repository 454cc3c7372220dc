// The raw weights of the paper's privileged-basis figure: for the lowest-loss model at each density, W as
// a features × neurons heatmap (feature 0 in the top row, neuron 0 in the left column), red for positive
// and blue for negative weights on one scale for every panel, symmetric about 0 up to the largest |W[i,k]|
// of the models drawn.

import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { selectedModels } from '../panels.ts';
import { defineFigure, panelLabels, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

const CELL = 16;
const COLUMNS = 6;
/** ColorBrewer RdBu: the colours at ±1 (a unit weight, a dedicated feature's) and at ± the largest |W[i,k]| */
const RED = 'rgb(214,96,77)';
const DARK_RED = 'rgb(103,0,31)';
const BLUE = 'rgb(67,147,195)';
const DARK_BLUE = 'rgb(5,48,97)';
/** the weight at which the scale reaches RED / BLUE: a unit weight stands out even when the largest is several times larger */
const UNIT = 1;

export default defineFigure({
  kind: 'neuron-weights',
  title: 'The weight matrix W of the lowest-loss model at each density',
  caption:
    'Each panel is W of the lowest-loss model at one feature density 1 − S: one row per feature (feature 0 ' +
    'on top), one column per neuron. Red is positive, blue negative, white 0, on one scale for every panel ' +
    'that runs from minus to plus the largest weight |W[i,k]| of feature i into neuron k drawn; the colour reaches a clear red or blue at ±1 and ' +
    'deepens from there to the largest weight, so that unit weights stand out beside a few large ones. Since the weights are tied, column k holds both ' +
    'what drives neuron k and what it writes back to each feature.',
  build: buildNeuronWeights,
});

export function buildNeuronWeights(analysis: ExperimentAnalysis): VegaLiteSpec {
  const models = selectedModels(analysis);
  if (models.length === 0) throw new Error(`figure neuron-weights: experiment '${analysis.experiment}' has no selected models`);
  const panels = panelLabels(models);
  const F = analysis.features;
  const H = analysis.hidden;
  const features = Array.from({ length: F }, (_, f) => String(f));
  const neurons = Array.from({ length: H }, (_, k) => String(k));
  const rows: DataRow[] = [];
  let largest = 0;
  models.forEach((model, p) => {
    model.W.forEach((row, f) => {
      for (let k = 0; k < H; k++) {
        const w = row[k] ?? 0;
        largest = Math.max(largest, Math.abs(w));
        rows.push({ panel: panels[p] ?? '', feature: String(f), neuron: String(k), weight: round6(w) });
      }
    });
  });
  const limit = round6(largest > 0 ? largest : 1);
  // piecewise: white → RED over [0, 1], RED → DARK_RED over [1, limit] (only the first part when limit ≤ 1)
  const domain = limit > UNIT ? [-limit, -UNIT, 0, UNIT, limit] : [-limit, 0, limit];
  const range = limit > UNIT ? [DARK_BLUE, BLUE, 'white', RED, DARK_RED] : [BLUE, 'white', RED];

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `neuron-weights for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', sort: panels, header: { title: null, labelFontSize: 12, labelPadding: 4 } },
    columns: Math.min(COLUMNS, models.length),
    spacing: { column: 14, row: 12 },
    spec: {
      width: CELL * H,
      height: CELL * F,
      mark: { type: 'rect', stroke: '#ececec', strokeWidth: 0.5, aria: false },
      encoding: {
        x: {
          field: 'neuron',
          type: 'ordinal',
          scale: { domain: neurons, paddingInner: 0, paddingOuter: 0 },
          axis: { title: 'neuron', labelAngle: 0, ticks: false, domain: false, labelFontSize: 8 },
        },
        y: {
          field: 'feature',
          type: 'ordinal',
          scale: { domain: features, paddingInner: 0, paddingOuter: 0 },
          axis: { title: 'feature', ticks: false, domain: false, labelFontSize: 8 },
        },
        fill: {
          field: 'weight',
          type: 'quantitative',
          title: 'W[i,k]',
          scale: { domain, range, interpolate: 'rgb' },
          legend: { type: 'gradient', gradientLength: CELL * F, format: '.2f', values: domain },
        },
      },
    },
    config: {
      view: { stroke: null },
      axis: { titleFontSize: 10, titleFontWeight: 'normal', titleColor: '#555', labelColor: '#333' },
      legend: { titleFontSize: 10, labelFontSize: 9 },
    },
  };
}
