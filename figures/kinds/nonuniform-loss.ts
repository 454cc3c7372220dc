// The paper's "perturbing one feature" loss figure (§"Non-uniform superposition", guide §1.5), for a
// 5 → 2 experiment whose last feature's density is scaled by a relative density ρ: the loss of every
// restart against ρ, coloured by its geometry, with the best pentagon and the best two-digon loss at each
// ρ joined by lines, the paper's transition (ρ = 0.4) and ours (where the lines cross) marked.

import { NONUNIFORM_TOLERANCES } from '../../analysis/claims/nonuniform.ts';
import { lossForRanking } from '../../analysis/metrics.ts';
import { GEOMETRIES, GEOMETRY_LABELS, classifyGeometry, lossCrossing } from '../../analysis/nonuniform.ts';
import type { ExperimentAnalysis, ModelAnalysis } from '../../analysis/types.ts';
import { cellsOf } from '../nonuniform.ts';
import { FRAME_PADDING } from '../frame-padding.ts';
import { staggerRows } from '../label-spread.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

/** geometry colours: pentagon blue, two digons orange, other grey */
const GEOMETRY_COLOURS = ['rgb(31,119,180)', 'rgb(255,127,14)', 'rgb(150,150,150)'];
const WIDTH = 460;
const HEIGHT = 300;
/** the markers' labels: font size, gap from the line, top of the first row and row height, in pixels */
const LABEL_SIZE = 10;
const LABEL_DX = 3;
const LABEL_TOP = 4;
const LABEL_LINE = 13;
/** a generous width of one character of the labels' font, for telling whether two labels would meet */
const LABEL_CHAR_WIDTH = 0.6 * LABEL_SIZE;

export default defineFigure({
  kind: 'nonuniform-loss',
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
  const rhos = cells.map((c) => c.rho);
  const xDomain = [round6(Math.min(...rhos) / 1.15), round6(Math.max(...rhos) * 1.15)];
  const markers = [
    { label: 'paper', rho: NONUNIFORM_TOLERANCES.paperRelativeDensity },
    ...(crossing !== null ? [{ label: 'crossing', rho: crossing.rho }] : []),
  ];
  // a marker's label runs right from its line at the top; where the crossing lies just left of the paper's
  // density the two would run into each other, so the later one drops a line
  const pixel = (rho: number): number => (WIDTH * Math.log(rho / xDomain[0]!)) / Math.log(xDomain[1]! / xDomain[0]!);
  const labelRows = staggerRows(
    markers.map((m) => pixel(m.rho) + LABEL_DX),
    markers.map((m) => m.label.length * LABEL_CHAR_WIDTH),
    LABEL_CHAR_WIDTH,
  );
  markers.forEach((m, k) =>
    rows.push({ kind: 'marker', label: m.label, rho: round6(m.rho), labelY: LABEL_TOP + (labelRows[k] as number) * LABEL_LINE }),
  );
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
    scale: { type: 'log' as const, nice: false, padding: FRAME_PADDING },
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
    width: WIDTH,
    height: HEIGHT,
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
        mark: { type: 'text', align: 'left', baseline: 'top', dx: LABEL_DX, fontSize: LABEL_SIZE, fill: '#555' },
        encoding: {
          x,
          y: { field: 'labelY', type: 'quantitative', scale: null },
          text: { field: 'label' },
          description: { field: 'label' },
        },
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
