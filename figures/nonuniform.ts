// The paper's "perturbing one feature" figures (§"Non-uniform superposition", guide §1.5), for a 5 → 2
// experiment whose last feature's density is scaled by a relative density ρ:
//   nonuniform-geometry: the lowest-loss fit at each ρ, every column W_i drawn as a segment from the
//                        origin, turned and mirrored to one canonical orientation (analysis/canonical-2d.ts)
//                        so that equal solutions look equal; the varied feature in red;
//   nonuniform-loss:     the loss of every restart against ρ, coloured by its geometry, with the best
//                        pentagon and the best two-digon loss at each ρ joined by lines, the paper's
//                        transition (ρ = 0.4) and ours (where the lines cross) marked.

import { canonicalise2D } from '../analysis/canonical-2d.ts';
import { NONUNIFORM_TOLERANCES } from '../analysis/claims.ts';
import { lossForRanking } from '../analysis/metrics.ts';
import {
  GEOMETRIES,
  GEOMETRY_LABELS,
  classifyGeometry,
  lossCrossing,
  relativeDensityCells,
  type RelativeDensityCell,
} from '../analysis/nonuniform.ts';
import type { ExperimentAnalysis, ModelAnalysis } from '../analysis/types.ts';
import { featureSegmentLayers } from './hidden-plane.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from './types.ts';

const PANEL = 120;
const COLUMNS = 6;
const BACKGROUND = '#FCFBF8';
const VARIED = 'rgb(214,39,40)';
const OTHERS = 'rgb(40,60,110)';
/** geometry colours: pentagon blue, two digons orange, other grey */
const GEOMETRY_COLOURS = ['rgb(31,119,180)', 'rgb(255,127,14)', 'rgb(150,150,150)'];

function cellsOf(analysis: ExperimentAnalysis, figure: string): RelativeDensityCell[] {
  if (analysis.hidden !== 2) {
    throw new Error(
      `figure ${figure}: experiment '${analysis.experiment}' has hidden = ${analysis.hidden}; this figure draws 2-D hidden spaces only (hidden must be 2)`,
    );
  }
  const cells = relativeDensityCells(analysis.models);
  if (cells.length === 0) {
    throw new Error(
      `figure ${figure}: experiment '${analysis.experiment}' has no model with per-feature densities (set extra_relative_density on a run)`,
    );
  }
  return cells;
}

/** "ρ = 0.447" with enough digits to keep the labels of different cells apart. */
export function rhoLabels(rhos: readonly number[]): string[] {
  for (let digits = 3; digits <= 17; digits++) {
    const labels = rhos.map((r) => `ρ = ${Number(r.toPrecision(digits))}`);
    if (new Set(labels).size === labels.length || digits === 17) return labels;
  }
  /* c8 ignore next */
  return rhos.map((r) => `ρ = ${r}`);
}

export const nonuniformGeometry = defineFigure({
  id: 'nonuniform-geometry',
  title: 'The lowest-loss fit as one feature gets sparser or denser',
  caption:
    "One panel per relative density ρ of the varied feature (its density over the others'), showing the " +
    'restart with the lowest expected loss: each feature i is its column W_i in the hidden plane, drawn as ' +
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

export const nonuniformLoss = defineFigure({
  id: 'nonuniform-loss',
  title: 'Loss of every restart against the relative density of the varied feature',
  caption:
    'Each dot is one restart at one relative density ρ, at its expected loss (every pattern of active ' +
    'features weighted by its exact probability), coloured by its geometry: pentagon, two digons with the ' +
    'varied feature dropped, or other. The lines join the best pentagon and the best two-digon loss at each ρ; ' +
    "the dashed line marks the paper's transition (the varied feature 2.5× sparser, ρ = 0.4), the solid one " +
    'the ρ where our two lines cross. Both axes are logarithmic.',
  build: buildNonuniformLoss,
});

export function buildNonuniformLoss(analysis: ExperimentAnalysis): VegaLiteSpec {
  const cells = cellsOf(analysis, 'nonuniform-loss');
  const rows: DataRow[] = [];
  for (const c of cells) {
    for (const k of c.members) {
      const m = analysis.models[k] as ModelAnalysis;
      const geometry = classifyGeometry(m.W, m.W.length - 1);
      rows.push({
        kind: 'restart',
        rho: round6(c.rho),
        replica: m.replica,
        geometry: GEOMETRY_LABELS[geometry],
        loss: round6(lossForRanking(m)),
      });
    }
    for (const g of ['pentagon', 'digons'] as const) {
      const best = c.best[g];
      if (best !== null) rows.push({ kind: 'best', rho: round6(c.rho), geometry: GEOMETRY_LABELS[g], loss: round6(best.loss) });
    }
  }
  const crossing = lossCrossing(cells);
  rows.push({ kind: 'marker', label: 'paper', rho: round6(NONUNIFORM_TOLERANCES.paperRelativeDensity) });
  if (crossing !== null) rows.push({ kind: 'marker', label: 'crossing', rho: round6(crossing.rho) });
  const rhos = cells.map((c) => c.rho);
  const xDomain = [round6(Math.min(...rhos) / 1.15), round6(Math.max(...rhos) * 1.15)];
  const x = {
    field: 'rho',
    type: 'quantitative' as const,
    title: 'relative density ρ of the varied feature',
    scale: { type: 'log' as const, domain: xDomain, nice: false },
    axis: { values: [0.1, 0.2, 0.3, 0.4, 0.5, 1, 2, 3, 5, 10].filter((v) => v >= xDomain[0]! && v <= xDomain[1]!), grid: false },
  };
  const y = {
    field: 'loss',
    type: 'quantitative' as const,
    title: 'expected loss',
    scale: { type: 'log' as const, nice: false },
    axis: { format: '.1e', grid: true, gridColor: '#eee' },
  };
  const colour = {
    field: 'geometry',
    type: 'nominal' as const,
    title: 'geometry',
    scale: { domain: GEOMETRIES.map((g) => GEOMETRY_LABELS[g]), range: GEOMETRY_COLOURS },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `nonuniform-loss for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    width: 460,
    height: 300,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'marker'" }],
        mark: { type: 'rule', stroke: '#555', strokeWidth: 1 },
        encoding: {
          x,
          strokeDash: {
            field: 'label',
            type: 'nominal',
            scale: {
              domain: ['paper', 'crossing'],
              range: [
                [4, 3],
                [1, 0],
              ],
            },
            legend: null,
          },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'marker'" }],
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, y: 4, fontSize: 10, fill: '#555' },
        encoding: { x, text: { field: 'label' } },
      },
      {
        transform: [{ filter: "datum.kind === 'restart'" }],
        mark: { type: 'circle', size: 22, opacity: 0.7, aria: false },
        encoding: { x, y, fill: colour },
      },
      {
        // the lines' colour through a field of their own: Vega-Lite merges legends that share a field, and
        // a merged legend of stroke (without one) and fill would vanish
        transform: [{ filter: "datum.kind === 'best'" }, { calculate: 'datum.geometry', as: 'bestOf' }],
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: { x, y, stroke: { ...colour, field: 'bestOf', legend: null }, detail: { field: 'bestOf', type: 'nominal' } },
      },
    ],
    config: {
      view: { stroke: '#ddd' },
      axis: { labelFontSize: 9, titleFontSize: 10, titleFontWeight: 'normal', titleColor: '#555', labelColor: '#333' },
      legend: { titleFontSize: 10, labelFontSize: 10 },
    },
  };
}
