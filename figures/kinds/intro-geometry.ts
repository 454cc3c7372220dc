// The paper's first figure (§1.1): for each feature density, every feature's column Wᵢ of a 2-D model
// drawn as a segment from the origin with a point at its tip, coloured by importance. One panel per
// density (the selected, lowest-loss model of each density), the axes fixed to [−1.5, 1.5] as in the
// official notebook's plot_intro_diagram. Works for any experiment with H = 2 ('intro', 'seed-intro').

import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { hiddenPlaneAxis } from '../hidden-plane.ts';
import { INTRO_COLUMNS, INTRO_PANEL_SIZE, selectedModels } from '../panels.ts';
import { defineFigure, panelLabels, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

const BACKGROUND = '#FCFBF8';

export default defineFigure({
  kind: 'intro-geometry',
  title: 'Features of a 2-D ReLU output model across sparsity',
  caption:
    'Each panel is the lowest-loss model at one feature density 1 − S. Every feature i is drawn as its ' +
    'column Wᵢ of the 2 × n weight matrix: a segment from the origin to a point in the hidden plane. ' +
    'Colour is importance (viridis; most important darkest). Dense models keep the most important features ' +
    'on orthogonal axes; sparser models pack more features as antipodal pairs and then polygons.',
  build: buildIntroGeometry,
});

export function buildIntroGeometry(analysis: ExperimentAnalysis): VegaLiteSpec {
  if (analysis.hidden !== 2) {
    throw new Error(
      `figure intro-geometry: experiment '${analysis.experiment}' has hidden = ${analysis.hidden}; ` +
        'this figure draws 2-D hidden spaces only (hidden must be 2)',
    );
  }
  const models = selectedModels(analysis);
  if (models.length === 0) {
    throw new Error(`figure intro-geometry: experiment '${analysis.experiment}' has no selected models`);
  }
  const labels = panelLabels(models);
  const importance = analysis.importance;
  const lo = Math.min(...importance);
  const hi = Math.max(...importance);
  // A constant importance would give an empty colour domain: then colour everything as "most important".
  const domain = hi > lo ? [round6(lo), round6(hi)] : [round6(hi - 1), round6(hi)];

  const rows: DataRow[] = [];
  models.forEach((model, k) => {
    const panel = labels[k] ?? '';
    // least important first, so the most important feature is drawn on top
    const order = model.W.map((_, i) => i).sort((a, b) => (importance[a] ?? 0) - (importance[b] ?? 0) || b - a);
    for (const i of order) {
      const w = model.W[i] ?? [];
      rows.push({
        panel,
        density: round6(model.density),
        feature: i,
        importance: round6(importance[i] ?? 0),
        x: round6(w[0] ?? 0),
        y: round6(w[1] ?? 0),
      });
    }
  });

  const position = hiddenPlaneAxis;
  const color = {
    field: 'importance',
    type: 'quantitative' as const,
    title: 'importance',
    scale: { domain, scheme: { name: 'viridis', extent: [0.85, 0] } },
    legend: { type: 'gradient' as const, gradientLength: 120, format: '.2f' },
  };

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `intro-geometry for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    facet: {
      field: 'panel',
      type: 'nominal',
      sort: labels,
      header: { title: null, labelFontSize: 12, labelPadding: 4 },
    },
    columns: Math.min(INTRO_COLUMNS, models.length),
    spacing: { column: 16, row: 12 },
    spec: {
      width: INTRO_PANEL_SIZE,
      height: INTRO_PANEL_SIZE,
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 2 },
          // the same colour mapping as the points, through a scale of its own and without a legend: a
          // legend merged from stroke and fill would be drawn as symbols instead of a gradient (the field is
          // renamed because Vega-Lite merges legends that share a field)
          transform: [{ calculate: 'datum.importance', as: 'segmentImportance' }],
          encoding: {
            x: position('x'),
            y: position('y'),
            x2: { datum: 0 },
            y2: { datum: 0 },
            stroke: { ...color, field: 'segmentImportance', legend: null },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 45, opacity: 1, strokeWidth: 0 },
          encoding: {
            x: position('x'),
            y: position('y'),
            fill: color,
          },
        },
      ],
    },
    resolve: { axis: { x: 'independent', y: 'independent' } },
    config: {
      view: { fill: BACKGROUND, stroke: '#ddd' },
      axis: { labelFontSize: 9, titleFontSize: 10, titleFontWeight: 'normal', titleColor: '#555' },
      legend: { titleFontSize: 10, labelFontSize: 9 },
    },
  };
}
