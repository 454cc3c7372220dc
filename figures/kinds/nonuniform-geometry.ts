// The paper's "perturbing one feature" geometry figure (§"Non-uniform superposition", guide §1.5), for a
// 5 → 2 experiment whose last feature's density is scaled by a relative density ρ: the lowest-loss fit at
// each ρ, every column Wᵢ drawn as a segment from the origin, turned and mirrored to one canonical
// orientation (analysis/canonical-2d.ts) so that equal solutions look equal; the varied feature in red.

import { canonicalise2D } from '../../analysis/canonical-2d.ts';
import { GEOMETRY_LABELS } from '../../analysis/nonuniform.ts';
import type { ExperimentAnalysis, ModelAnalysis } from '../../analysis/types.ts';
import { featureSegmentLayers } from '../hidden-plane.ts';
import { cellsOf, rhoLabels } from '../nonuniform.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

const PANEL = 120;
const COLUMNS = 6;
const BACKGROUND = '#FCFBF8';
const VARIED = 'rgb(214,39,40)';
const OTHERS = 'rgb(40,60,110)';

export default defineFigure({
  kind: 'nonuniform-geometry',
  title: 'The lowest-loss fit as one feature gets sparser or denser',
  caption:
    "One panel per relative density ρ of the varied feature (its density over the others'), showing the " +
    'restart with the lowest expected loss: each feature i is its column Wᵢ in the hidden plane, drawn as ' +
    'a segment from the origin; the varied feature is red. Every fit is turned so that the varied feature ' +
    '(or, when it is dropped, feature 0) points up and mirrored so that the next feature lies to the right; ' +
    'the panel title names the geometry the classification rules give it.',
  build: buildNonuniformGeometry,
});

export function buildNonuniformGeometry(analysis: ExperimentAnalysis): VegaLiteSpec {
  const cells = cellsOf(analysis, 'nonuniform-geometry');
  const F = analysis.features;
  const varied = F - 1;
  const rhoText = rhoLabels(cells.map((c) => c.rho));
  const labels = cells.map((c, k) => `${rhoText[k]} · ${GEOMETRY_LABELS[c.geometry]}`);
  const anchors = [varied, ...Array.from({ length: varied }, (_, i) => i)];
  const rows: DataRow[] = [];
  cells.forEach((c, k) => {
    const m = analysis.models[c.selected] as ModelAnalysis;
    const W = canonicalise2D(m.W, anchors);
    // the varied feature last, so that it is drawn on top
    for (const i of [...anchors.slice(1), varied]) {
      const w = W[i] ?? [0, 0];
      rows.push({
        panel: labels[k] ?? '',
        rho: round6(c.rho),
        feature: i,
        role: i === varied ? 'varied feature' : 'other features',
        x: round6(w[0] ?? 0),
        y: round6(w[1] ?? 0),
      });
    }
  });
  const colour = {
    field: 'role',
    type: 'nominal' as const,
    title: null,
    scale: { domain: ['other features', 'varied feature'], range: [OTHERS, VARIED] },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `nonuniform-geometry for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', sort: labels, header: { title: null, labelFontSize: 11, labelPadding: 4 } },
    columns: Math.min(COLUMNS, cells.length),
    spacing: { column: 12, row: 10 },
    spec: {
      width: PANEL,
      height: PANEL,
      layer: [...featureSegmentLayers(colour, 40)],
    },
    resolve: { axis: { x: 'independent', y: 'independent' } },
    config: {
      view: { fill: BACKGROUND, stroke: '#ddd' },
      axis: { labelFontSize: 9, titleFontSize: 10, titleFontWeight: 'normal', titleColor: '#555' },
      legend: { titleFontSize: 10, labelFontSize: 10, orient: 'top' },
    },
  };
}
