// The paper's learning-dynamics figure (§"Learning dynamics", guide §1.6): the dimensionality Dᵢ of every
// feature of one model over training (one line per feature), above the held-out loss of the same
// snapshots, both against the training step on one log axis. Dashed lines mark the fractions at which
// dimensionalities settle (1, 3/4, 2/3, 1/2, 2/5, 3/8); dots on the loss curve mark where jumps end.
// Reads ExperimentAnalysis.dynamics (analysis/dynamics.ts), so any experiment that records snapshots —
// uniform superposition here, the 6 → 3 correlated case later — is drawn by this one builder.

import { FINAL_FRACTION_TOLERANCE } from '../../analysis/dynamics.ts';
import { nearestFraction } from '../../analysis/geometry.ts';
import type { ExperimentAnalysis, ModelDynamics } from '../../analysis/types.ts';
import { FRAME_PADDING } from '../frame-padding.ts';
import { fractionReferenceRows } from '../fraction-references.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

const WIDTH = 520;
const TOP_HEIGHT = 300;
const BOTTOM_HEIGHT = 130;
const REFERENCE = 'rgb(102,0,255)';
const LOSS = 'rgb(0,0,0)';
const JUMP = 'rgb(214,39,40)';
/** at most about this many snapshots per line: log-spaced (plus every jump's ends), so the figure stays small */
export const FIGURE_POINTS = 120;
const D_DOMAIN: [number, number] = [0, 1.05];

/** How a feature ends, for the line colours. */
const ENDINGS = [
  { key: 'digon', label: '1/2 (antipodal pair)', colour: 'rgb(31,119,180)' },
  { key: 'other', label: 'elsewhere', colour: 'rgb(255,127,14)' },
  { key: 'unlearned', label: '0 (not learned)', colour: 'rgb(160,160,160)' },
] as const;

function ending(finalD: number): (typeof ENDINGS)[number]['key'] {
  if (nearestFraction(finalD, FINAL_FRACTION_TOLERANCE, [{ value: 0.5 }]) === 0) return 'digon';
  if (Math.abs(finalD) <= FINAL_FRACTION_TOLERANCE) return 'unlearned';
  return 'other';
}

/**
 * The snapshot indices drawn: those with step > 0 (the axis is logarithmic) nearest to `points` steps
 * spaced evenly on a log scale, plus both ends of every jump, ascending.
 */
export function figureSnapshots(d: Pick<ModelDynamics, 'steps' | 'jumps'>, points = FIGURE_POINTS): number[] {
  const positive = d.steps.map((s, t) => [s, t] as const).filter(([s]) => s > 0);
  if (positive.length === 0) return [];
  const lo = Math.log((positive[0] as readonly [number, number])[0]);
  const hi = Math.log((positive[positive.length - 1] as readonly [number, number])[0]);
  const keep = new Set<number>();
  for (let k = 0; k < points; k++) {
    const target = points === 1 ? hi : lo + ((hi - lo) * k) / (points - 1);
    let best = positive[0] as readonly [number, number];
    for (const p of positive) if (Math.abs(Math.log(p[0]) - target) < Math.abs(Math.log(best[0]) - target)) best = p;
    keep.add(best[1]);
  }
  for (const j of d.jumps) for (const t of [j.from, j.to]) if ((d.steps[t] as number) > 0) keep.add(t);
  return [...keep].sort((a, b) => a - b);
}

export default defineFigure({
  kind: 'dynamics',
  title: 'Feature dimensionality and loss over training',
  caption:
    'Top: the dimensionality Dᵢ = ‖Wᵢ‖² / Σⱼ (Ŵᵢ·Wⱼ)² of every feature of the model shown, one line ' +
    'per feature, coloured by where it ends. Dashed lines mark the fractions 1, 3/4, 2/3, 1/2, 2/5 and 3/8. ' +
    'Bottom: the held-out loss of the same weight snapshots; red dots mark the ends of the jumps (a ' +
    'feature whose Dᵢ changes by at least 0.15 within 5 % of the run). Both share the logarithmic step axis.',
  build: buildDynamicsEnergy,
});

export function buildDynamicsEnergy(analysis: ExperimentAnalysis): VegaLiteSpec {
  const dyn = analysis.dynamics;
  const d = dyn?.models[dyn.shown];
  if (d === undefined)
    throw new Error(`figure dynamics-energy: experiment '${analysis.experiment}' has no weight snapshots (set snapshot_every on a run)`);
  const shown = figureSnapshots(d);
  if (shown.length === 0) throw new Error(`figure dynamics-energy: experiment '${analysis.experiment}' has no snapshot after step 0`);
  const last = d.dimensionality[d.dimensionality.length - 1] ?? [];
  const rows: DataRow[] = [];
  last.forEach((finalD, f) => {
    const end = ENDINGS.find((e) => e.key === ending(finalD))?.label ?? '';
    for (const t of shown)
      rows.push({ kind: 'D', feature: f, end, step: d.steps[t] as number, D: round6((d.dimensionality[t] as number[])[f] as number) });
  });
  for (const t of shown) rows.push({ kind: 'loss', step: d.steps[t] as number, loss: round6(d.loss[t] as number) });
  for (const j of d.jumps) rows.push({ kind: 'jump', feature: j.feature, step: j.toStep, loss: round6(j.lossTo) });
  rows.push(...fractionReferenceRows(D_DOMAIN, TOP_HEIGHT));

  const domain = [d.steps[shown[0] as number] as number, d.steps[shown[shown.length - 1] as number] as number];
  const x = (title: string | null) => ({
    field: 'step',
    type: 'quantitative' as const,
    title,
    scale: { type: 'log' as const, domain, nice: false },
    axis: {
      values: [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000].filter(
        (v) => v >= (domain[0] as number) && v <= (domain[1] as number),
      ),
      format: 'd',
      grid: false,
    },
  });
  const yD = {
    type: 'quantitative' as const,
    title: 'dimensionality Dᵢ',
    scale: { domain: D_DOMAIN, nice: false, padding: FRAME_PADDING },
    axis: { values: [0, 0.25, 0.5, 0.75, 1], format: '.2~f', grid: false },
  };
  const losses = shown.map((t) => d.loss[t] as number).filter(Number.isFinite);
  const lossLo = Math.min(...losses);
  const lossHi = Math.max(...losses);
  const pad = (lossHi - lossLo) * 0.05 || Math.abs(lossHi) * 0.05 || 1;
  const yLoss = {
    field: 'loss',
    type: 'quantitative' as const,
    title: 'held-out loss',
    scale: { domain: [round6(lossLo - pad), round6(lossHi + pad)], nice: false, zero: false },
    axis: { tickCount: 4, format: '.3~f', grid: true, gridColor: '#eee' },
  };
  const present = ENDINGS.filter((e) => rows.some((r) => r['kind'] === 'D' && r['end'] === e.label));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `dynamics-energy for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    vconcat: [
      {
        width: WIDTH,
        height: TOP_HEIGHT,
        layer: [
          {
            transform: [{ filter: "datum.kind === 'reference'" }],
            mark: { type: 'rule', stroke: REFERENCE, strokeDash: [4, 3], strokeWidth: 0.8, opacity: 0.7 },
            encoding: { y: { ...yD, field: 'value' } },
          },
          {
            transform: [{ filter: "datum.kind === 'reference'" }],
            mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 10, fill: REFERENCE },
            encoding: {
              x: { datum: domain[1], type: 'quantitative', scale: { type: 'log', domain, nice: false } },
              y: { ...yD, field: 'labelAt' },
              text: { field: 'label' },
              // its tooltip names the line, not where the label was moved to
              description: { field: 'label' },
            },
          },
          {
            transform: [{ filter: "datum.kind === 'D'" }],
            mark: { type: 'line', strokeWidth: 1, opacity: 0.75, interpolate: 'linear', aria: false },
            encoding: {
              x: x(null),
              y: { ...yD, field: 'D' },
              detail: { field: 'feature', type: 'nominal' },
              color: {
                field: 'end',
                type: 'nominal',
                title: 'final Dᵢ',
                scale: { domain: present.map((e) => e.label), range: present.map((e) => e.colour) },
                legend: {
                  orient: 'top',
                  direction: 'horizontal',
                  labelFontSize: 10,
                  titleFontSize: 10,
                  titleFontWeight: 'normal',
                  labelLimit: 0,
                  symbolType: 'stroke',
                },
              },
            },
          },
        ],
      },
      {
        width: WIDTH,
        height: BOTTOM_HEIGHT,
        layer: [
          {
            transform: [{ filter: "datum.kind === 'loss'" }],
            mark: { type: 'line', stroke: LOSS, strokeWidth: 1.5 },
            encoding: { x: x('training step'), y: yLoss },
          },
          {
            transform: [{ filter: "datum.kind === 'jump'" }],
            mark: { type: 'circle', size: 18, fill: JUMP, opacity: 0.8, aria: false },
            encoding: { x: x('training step'), y: yLoss },
          },
        ],
      },
    ],
    config: {
      view: { stroke: '#ddd' },
      axis: { labelFontSize: 9, titleFontSize: 10, titleFontWeight: 'normal', titleColor: '#555', labelColor: '#333' },
    },
  };
}
