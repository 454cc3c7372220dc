// The paper's correlated / anticorrelated feature figures (§Geometry, non-uniform superposition): for each
// density, the lowest-loss 2-D model's columns Wᵢ drawn as segments from the origin with a point at the
// tip, coloured by the feature set they belong to. Models are put in a canonical pose (rotated so the
// longest Wᵢ points up, mirrored so the next represented feature lies on the right; analysis/canonical-2d.ts),
// so that panels of different runs line up. Axes fixed to [−1.5, 1.5] like the intro figure.

import { canonicalise2D } from '../../analysis/canonical-2d.ts';
import { featureNorms } from '../../analysis/metrics.ts';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { featureSegmentLayers, hiddenPlaneAxis } from '../hidden-plane.ts';
import { INTRO_COLUMNS, INTRO_PANEL_SIZE, selectedModels } from '../panels.ts';
import { defineFigure, panelLabels, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

const BACKGROUND = '#FCFBF8';
/** one colour per set (Tableau 10's first four), grey for independent features */
const SET_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948'];
const INDEPENDENT_COLOUR = '#9d9d9d';

export default defineFigure({
  kind: 'feature-set-geometry',
  title: 'Correlated and anticorrelated feature sets in a 2-D ReLU output model',
  caption:
    'Each panel is the lowest-loss model at one feature density 1 − S, rotated and reflected into a common ' +
    'pose. Every feature i is its column Wᵢ: a segment from the origin to a point in the hidden plane, ' +
    'labelled with its index (features whose points coincide, such as a collapsed pair, share one label, e.g. ' +
    '"0,1"); the colour names the feature set it belongs to, so partners share a colour.',
  build: buildFeatureSetGeometry,
});

/**
 * Points closer than this (in hidden-plane units; a panel spans 3) would print their labels on top of each
 * other, which is exactly the case of a collapsed pair that this figure exists to show.
 */
export const SHARED_LABEL_DISTANCE = 0.15;

/**
 * Each point's label: the indices of every point within SHARED_LABEL_DISTANCE of it (chained), written once
 * at the lowest of them ("0,1") and left empty at the others.
 */
export function pointLabels(points: ReadonlyArray<readonly [number, number]>): string[] {
  const group = points.map((_, i) => i);
  const root = (i: number): number => (group[i] === i ? i : (group[i] = root(group[i]!)));
  points.forEach(([x, y], i) => {
    for (let j = 0; j < i; j++) {
      const [u, v] = points[j]!;
      if (Math.hypot(x - u, y - v) < SHARED_LABEL_DISTANCE) group[Math.max(root(i), root(j))] = Math.min(root(i), root(j));
    }
  });
  return points.map((_, i) =>
    root(i) === i
      ? points
          .map((__, j) => j)
          .filter((j) => root(j) === i)
          .join(',')
      : '',
  );
}

/** "set 1 (correlated)" for each feature, or "independent". */
function setLabels(analysis: ExperimentAnalysis): string[] {
  const labels = new Array<string>(analysis.features).fill('independent');
  (analysis.featureSets ?? []).forEach((set, s) => {
    for (const f of set.features) labels[f] = `set ${s + 1} (${set.kind})`;
  });
  return labels;
}

export function buildFeatureSetGeometry(analysis: ExperimentAnalysis): VegaLiteSpec {
  if (analysis.hidden !== 2) {
    throw new Error(
      `figure feature-set-geometry: experiment '${analysis.experiment}' has hidden = ${analysis.hidden}; this figure draws 2-D hidden spaces only (hidden must be 2)`,
    );
  }
  const models = selectedModels(analysis);
  if (models.length === 0) throw new Error(`figure feature-set-geometry: experiment '${analysis.experiment}' has no selected models`);
  const panels = panelLabels(models);
  const sets = setLabels(analysis);
  const domain = [...new Set(sets)].sort((a, b) => (a === 'independent' ? 1 : b === 'independent' ? -1 : a < b ? -1 : 1));
  const range = domain.map((d, k) => (d === 'independent' ? INDEPENDENT_COLOUR : (SET_COLOURS[k % SET_COLOURS.length] as string)));

  const rows: DataRow[] = [];
  models.forEach((model, k) => {
    // the longest feature points up (ties: the lower index), as in the other 2-D figures
    const norms = featureNorms(model.W);
    const pose = canonicalise2D(
      model.W,
      norms.map((_, i) => i).sort((a, b) => (norms[b] as number) - (norms[a] as number) || a - b),
    );
    const labels = pointLabels(pose.map((w) => [w[0] ?? 0, w[1] ?? 0] as const));
    pose.forEach((w, i) => {
      rows.push({
        panel: panels[k] ?? '',
        density: round6(model.density),
        feature: i,
        label: labels[i] ?? '',
        set: sets[i] ?? 'independent',
        x: round6(w[0] ?? 0),
        y: round6(w[1] ?? 0),
      });
    });
  });

  const color = { field: 'set', type: 'nominal' as const, title: 'feature set', scale: { domain, range } };

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `feature-set-geometry for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', sort: panels, header: { title: null, labelFontSize: 12, labelPadding: 4 } },
    columns: Math.min(INTRO_COLUMNS, models.length),
    spacing: { column: 16, row: 12 },
    spec: {
      width: INTRO_PANEL_SIZE,
      height: INTRO_PANEL_SIZE,
      layer: [
        ...featureSegmentLayers(color, 45),
        {
          mark: { type: 'text', fontSize: 9, dx: 7, dy: -6, color: '#333' },
          encoding: { x: hiddenPlaneAxis('x'), y: hiddenPlaneAxis('y'), text: { field: 'label', type: 'nominal' } },
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
