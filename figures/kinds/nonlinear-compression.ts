// The paper's appendix "Nonlinear compression" (guide §1.10; analysis/nonlinear-compression.ts): the mean
// squared error of the code t = (⌊Zx⌋ + y)/Z, its jumps replaced by linear ramps ε wide, against ε, for
// the paper's Z = 3 and for Z = 2 and 5, beside the best linear compression of two numbers into one.
//
// This kind ignores the analysis it is given: the curves are closed-form functions of ε and Z, the same for
// every experiment and seed, and involve no trained model. It is drawn by the `superposition` experiment
// only because a figure is built per experiment (the appendix belongs to the paper's "demonstrating
// superposition" argument); the spec does not change when that experiment's models do.

import {
  EXTRA_Z,
  MIDPOINT_OFFSET,
  PAPER_EPSILON,
  PAPER_Z,
  bestLinearMse,
  mseCurve,
  nonlinearMse,
} from '../../analysis/nonlinear-compression.ts';
import { CONFIG, HEIGHT, LINE, REFERENCE, WIDTH } from '../uniform.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

/** ε from 0 to EPSILON_MAX in steps of EPSILON_STEP: past the break-even ε (≈ 0.25) so that the crossing shows. */
const EPSILON_MAX = 0.5;
const EPSILON_STEPS = 100;
const OTHER_Z_COLOURS = ['rgb(230,159,0)', 'rgb(0,114,178)'];

export default defineFigure({
  kind: 'nonlinear-compression',
  title: 'Nonlinear compression of two numbers into one: error against the width of the smoothed jumps',
  caption:
    `Mean squared error per number, ½E[(x − x̂)² + (y − ŷ)²] for independent x, y ~ U[0, 1), of the code t = (⌊Zx⌋ + y)/Z ` +
    `whose floor jumps are replaced by linear ramps ε wide (in units of one quantisation step), in encoder and decoder alike, ` +
    `x decoded to the middle of its cell; closed form, no training. Black: the paper's Z = ${PAPER_Z}, the dot at its ε = ${PAPER_EPSILON}; ` +
    `colours: Z = ${EXTRA_Z.join(' and ')}. Dashed: the best linear compression into one number (keeping either number, ` +
    `or their average), ${linearLabel()}.`,
  build: buildNonlinearCompression,
});

/** The linear baseline's level as the figure prints it (3 significant digits). */
function linearLabel(): string {
  return String(Number(bestLinearMse().toPrecision(3)));
}

export function buildNonlinearCompression(): VegaLiteSpec {
  const epsilons = Array.from({ length: EPSILON_STEPS + 1 }, (_, k) => (k * EPSILON_MAX) / EPSILON_STEPS);
  const series = [PAPER_Z, ...EXTRA_Z].map((Z) => `Z = ${Z}`);
  const rows: DataRow[] = [];
  for (const Z of [PAPER_Z, ...EXTRA_Z]) {
    for (const p of mseCurve(Z, epsilons, MIDPOINT_OFFSET))
      rows.push({ kind: 'curve', series: `Z = ${Z}`, epsilon: round6(p.epsilon), mse: round6(p.mse) });
  }
  rows.push({
    kind: 'paper',
    series: `Z = ${PAPER_Z}`,
    epsilon: PAPER_EPSILON,
    mse: round6(nonlinearMse(PAPER_Z, PAPER_EPSILON, MIDPOINT_OFFSET)),
  });
  rows.push({ kind: 'linear', label: `best linear, ${linearLabel()}`, mse: round6(bestLinearMse()) });
  const yMax = Math.max(...rows.map((r) => (typeof r['mse'] === 'number' ? r['mse'] : 0)));
  const x = {
    field: 'epsilon',
    type: 'quantitative' as const,
    title: 'ε (ramp width, in quantisation steps)',
    scale: { domain: [0, EPSILON_MAX], nice: false },
    axis: { values: [0, 0.1, 0.2, 0.3, 0.4, 0.5], format: '.1f', grid: false },
  };
  const y = {
    field: 'mse',
    type: 'quantitative' as const,
    title: 'MSE per number',
    scale: { domain: [0, round6(yMax * 1.05)], nice: false },
    axis: { grid: true, gridColor: '#eee', format: '.2~f' },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'nonlinear-compression: closed-form MSE of the steep-ramp code against ε (independent of any trained model)',
    background: 'white',
    padding: 8,
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'linear'" }],
        mark: { type: 'rule', stroke: REFERENCE, strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { y },
      },
      {
        transform: [{ filter: "datum.kind === 'linear'" }],
        mark: { type: 'text', align: 'left', dx: 4, dy: -6, fontSize: 10, fill: REFERENCE },
        encoding: { x: { datum: 0, type: 'quantitative', scale: x.scale }, y, text: { field: 'label' } },
      },
      {
        transform: [{ filter: "datum.kind === 'curve'" }],
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x,
          y,
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: series, range: [LINE, ...OTHER_Z_COLOURS] },
            legend: { orient: 'top-left' },
          },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'paper'" }],
        mark: { type: 'point', filled: true, fill: LINE, stroke: LINE, size: 50 },
        encoding: { x, y },
      },
    ],
    config: CONFIG,
  };
}
