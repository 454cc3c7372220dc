// The paper's "demonstrating superposition" figure (§1.2) for one output activation of a 20 → 5-style
// experiment, the option `activation` (relu | linear) naming which. One column per density (the selected,
// lowest-loss model of each):
//   top:    WᵀW (F × F, feature 0 in the top row and left column) with the bias b as an extra column to its
//           right, on the seed write-up's purple (0.4,0,1) → white → orange (1,0.4,0) scale over [−1, 1];
//   bottom: horizontal bars of ‖Wᵢ‖ (feature 0 on top), black (orthogonal, superposition 0) to blue
//           rgb(0,136,255) (superposition ≥ 1): colour = min(1, Σⱼ (Ŵᵢ·Wⱼ)² over j ≠ i).
// A large grid (more than LARGE_GRID_FEATURES features, e.g. 80 → 20) has 3-pixel cells and F·(F+1) of
// them per panel: it draws no hairline round each cell (it would hide the cell's colour) but a frame round
// each matrix, and leaves out the WᵀW cells that would render as white, which keeps its SVG to a size the
// report can inline. Grids of up to LARGE_GRID_FEATURES features are drawn exactly as before.

import type { Activation } from '../../core/types.ts';
import { gram } from '../../analysis/metrics.ts';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { selectedModels } from '../panels.ts';
import { superpositionColour } from '../superposition-colour.ts';
import { defineFigure, panelLabels, round6, type DataRow, type FigureOptions, type VegaLiteSpec } from '../types.ts';

/** Height of the WᵀW block and of the bar chart, in pixels, for F = 20 (cells are 6 px). */
const TARGET_SIZE = 120;
const PURPLE = 'rgb(102,0,255)'; // (0.4, 0, 1)
const ORANGE = 'rgb(255,102,0)'; // (1, 0.4, 0)
/** Above this many features a grid is drawn in the large layout (see the header). */
const LARGE_GRID_FEATURES = 40;
/**
 * In a large grid, WᵀW cells with |value| below this are left out (the background is white): on either
 * arm of the colour scale such a cell is at most 0.02 · 255 = 5.1 of 255 from white in any channel.
 */
const LARGE_GRID_WHITE_BELOW = 0.02;
const LARGE_GRID_FRAME = '#bdbdbd';
/** x-key of the bias column, and of the empty gap column between WᵀW and b */
const BIAS_KEY = 'b';
const GAP_KEY = 'gap';

const ACTIVATION_NAME: Record<Activation, string> = { linear: 'Linear', relu: 'ReLU output' };
const ACTIVATIONS = Object.keys(ACTIVATION_NAME) as Activation[];

/** The activation an experiment draws the grid for: its option `activation` (checked by checkFigureOptions). */
function activationOf(options: FigureOptions): Activation {
  const activation = options['activation'] as Activation;
  if (!ACTIVATIONS.includes(activation)) {
    throw new Error(`figure kind 'superposition-grid': activation '${String(activation)}' is not one of ${ACTIVATIONS.join(', ')}`);
  }
  return activation;
}

/** The WᵀW / b / ‖Wᵢ‖ grid for the models of one activation, the option `activation`: relu or linear. */
export default defineFigure({
  kind: 'superposition-grid',
  options: { activation: ['relu', 'linear'] },
  title: (options) => `${ACTIVATION_NAME[activationOf(options)]} models: WᵀW, b and feature norms across sparsity`,
  caption: (options) =>
    `Each column is the lowest-loss ${activationOf(options) === 'relu' ? 'ReLU output' : 'linear'} model at one feature ` +
    'density 1 − S. Top: WᵀW (feature 0 top left) and, in the separate column on its right, the bias b, ' +
    'purple (−1) through white (0) to orange (+1), clamped to [−1, 1]. Bottom: ‖Wᵢ‖ for each feature ' +
    '(feature 0 on top); bar colour is the superposition score Σⱼ (Ŵᵢ·Wⱼ)² over j ≠ i, black when the feature is ' +
    'orthogonal to all others and blue at 1 or more.',
  build: (analysis, options) => buildSuperpositionGrid(analysis, activationOf(options)),
});

export function buildSuperpositionGrid(analysis: ExperimentAnalysis, activation: Activation): VegaLiteSpec {
  const id = `superposition-${activation}`;
  const models = selectedModels(analysis, (m) => m.activation === activation);
  if (models.length === 0) {
    throw new Error(`figure ${id}: experiment '${analysis.experiment}' has no selected model with activation '${activation}'`);
  }
  const F = analysis.features;
  const labels = panelLabels(models);
  const featureKeys = Array.from({ length: F }, (_, i) => String(i));
  const columnKeys = [...featureKeys, GAP_KEY, BIAS_KEY];
  const large = F > LARGE_GRID_FEATURES;
  const cell = Math.max(3, Math.min(14, Math.round(TARGET_SIZE / F)));
  const heatHeight = cell * F;
  const heatWidth = cell * columnKeys.length;
  const maxNorm = Math.max(1, ...models.flatMap((m) => m.norms.filter(Number.isFinite)));

  const rows: DataRow[] = [];
  models.forEach((model, k) => {
    const panel = labels[k] ?? '';
    const density = round6(model.density);
    const G = gram(model.W);
    for (let i = 0; i < F; i++) {
      const gramRow = G[i] ?? [];
      for (let j = 0; j < F; j++) {
        const value = gramRow[j] ?? 0;
        if (large && Math.abs(value) < LARGE_GRID_WHITE_BELOW) continue;
        rows.push({ kind: 'cell', panel, density, row: String(i), col: String(j), value: round6(value) });
      }
      rows.push({ kind: 'cell', panel, density, row: String(i), col: BIAS_KEY, value: round6(model.b[i] ?? 0) });
    }
    for (let i = 0; i < F; i++) {
      rows.push({
        kind: 'feature',
        panel,
        density,
        feature: String(i),
        norm: round6(model.norms[i] ?? 0),
        superposition: round6(model.superposition[i] ?? 0),
      });
    }
  });

  // Feature axes: every 5th feature labelled (all of them when there are few), feature 0 on top.
  const labelStep = F <= 10 ? 1 : F <= 40 ? 5 : 10;
  const featureTicks = featureKeys.filter((_, i) => i % labelStep === 0);
  const column = (labelsShown: boolean) => ({
    field: 'panel',
    type: 'nominal' as const,
    sort: labels,
    header: labelsShown ? { title: null, labelFontSize: 12, labelPadding: 4 } : { title: null, labels: false, labelPadding: 0 },
  });

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `${id} for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    vconcat: [
      {
        transform: [{ filter: "datum.kind === 'cell'" }],
        facet: { column: column(true) },
        spacing: 10,
        spec: {
          width: heatWidth,
          height: heatHeight,
          // a hairline around every cell marks out the matrix where its entries are 0 (white); a large
          // grid has a frame round the panel instead (no ARIA label per cell: F·(F+1) labels per panel
          // would double the SVG's size)
          ...(large ? { view: { stroke: LARGE_GRID_FRAME, strokeWidth: 0.5 } } : {}),
          mark: large ? { type: 'rect', aria: false } : { type: 'rect', stroke: '#ececec', strokeWidth: 0.5, aria: false },
          encoding: {
            x: {
              field: 'col',
              type: 'ordinal',
              scale: { domain: columnKeys, paddingInner: 0, paddingOuter: 0 },
              axis: {
                title: null,
                values: [...featureTicks, BIAS_KEY],
                labelAngle: 0,
                ticks: false,
                domain: false,
                labelFontSize: 8,
                labelPadding: 2,
              },
            },
            y: {
              field: 'row',
              type: 'ordinal',
              scale: { domain: featureKeys, paddingInner: 0, paddingOuter: 0 },
              axis: { title: 'WᵀW  |  b', values: featureTicks, ticks: false, domain: false, labelFontSize: 8 },
            },
            color: {
              field: 'value',
              type: 'quantitative',
              title: 'WᵀW, b',
              scale: { domain: [-1, 0, 1], range: [PURPLE, 'white', ORANGE], clamp: true, interpolate: 'rgb' },
              legend: { type: 'gradient', gradientLength: heatHeight, values: [-1, -0.5, 0, 0.5, 1], format: '.1f' },
            },
          },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'feature'" }],
        facet: { column: column(false) },
        spacing: 10,
        spec: {
          width: heatWidth,
          height: heatHeight,
          mark: { type: 'bar' },
          encoding: {
            y: {
              field: 'feature',
              type: 'ordinal',
              scale: { domain: featureKeys, paddingInner: 0.15, paddingOuter: 0.1 },
              axis: { title: '‖Wᵢ‖ per feature', values: featureTicks, ticks: false, domain: false, labelFontSize: 8 },
            },
            x: {
              field: 'norm',
              type: 'quantitative',
              scale: { domain: [0, round6(maxNorm)], nice: false },
              axis: { title: null, values: [0, 1], format: 'd', labelFontSize: 8, grid: false },
            },
            color: {
              ...superpositionColour(heatHeight),
            },
          },
        },
      },
    ],
    spacing: 6,
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    config: {
      view: { stroke: null },
      axis: { titleFontSize: 10, titleFontWeight: 'normal', titleColor: '#555', labelColor: '#333' },
      legend: { titleFontSize: 10, labelFontSize: 9 },
    },
  };
}
