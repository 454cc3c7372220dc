// The paper's phase diagrams for n = 2, m = 1 (guide §1.3), over log r (importance of the extra
// feature) × log s (density 1 − S), coloured by phase as the paper: grey = extra feature not
// represented, blue = dedicated neuron, red = superposition (antipodal pair).
//   phase-n2m1-theory:    the closed forms' winner map on a fine grid, its boundaries drawn as lines;
//   phase-n2m1-empirical: each trained grid cell (ten models, the highest-loss one discarded, the rest
//                         averaged) coloured by its empirical phase, the theoretical boundaries over it.

import type { ExperimentAnalysis } from '../analysis/types.ts';
import { PHASES, PHASE_LABELS, TRIPLE_POINT, phaseCells, superpositionBoundary, theoreticalPhase, type Phase } from '../analysis/phase.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from './types.ts';

const SIZE = 360;
/** cells per axis of the theoretical map */
const THEORY_RESOLUTION = 40;
/** points along the curved boundary line */
const BOUNDARY_POINTS = 81;
const R_RANGE: [number, number] = [0.1, 10];
const S_RANGE: [number, number] = [0.01, 1];

const COLOURS: Record<Phase, string> = {
  'not-represented': '#d9d9d9',
  dedicated: '#3b6fb6',
  superposition: '#d23c2a',
};

const CONFIG = {
  view: { stroke: '#999' },
  axis: { labelFontSize: 9, titleFontSize: 10, titleFontWeight: 'normal' as const, titleColor: '#555', labelColor: '#333' },
  legend: { labelFontSize: 9, titleFontSize: 10, titleFontWeight: 'normal' as const },
};

function colour() {
  return {
    field: 'phase',
    type: 'nominal' as const,
    title: 'extra feature',
    scale: { domain: PHASES.map((p) => PHASE_LABELS[p]), range: PHASES.map((p) => COLOURS[p]) },
    legend: { orient: 'bottom' as const, direction: 'horizontal' as const },
  };
}

function axes(rDomain: [number, number], sDomain: [number, number]) {
  const x = {
    type: 'quantitative' as const,
    title: 'importance r of the extra feature',
    scale: { type: 'log' as const, domain: rDomain, nice: false },
    axis: { values: [0.1, 0.2, 0.5, 1, 2, 5, 10], format: '~g', grid: false },
  };
  const y = {
    type: 'quantitative' as const,
    title: 'feature density 1 − S',
    scale: { type: 'log' as const, domain: sDomain, nice: false },
    axis: { values: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1], format: '~g', grid: false },
  };
  return { x, y };
}

/** The theoretical boundaries as polyline rows: the superposition boundary and the line r = 1 above the triple point. */
export function boundaryRows(rDomain: [number, number] = R_RANGE): DataRow[] {
  const rows: DataRow[] = [];
  const [lo, hi] = [Math.log10(rDomain[0]), Math.log10(rDomain[1])];
  for (let k = 0; k < BOUNDARY_POINTS; k++) {
    const r = 10 ** (lo + ((hi - lo) * k) / (BOUNDARY_POINTS - 1));
    rows.push({ kind: 'boundary', line: 'superposition', k, r: round6(r), s: round6(superpositionBoundary(r)) });
  }
  rows.push({ kind: 'boundary', line: 'r = 1', k: 0, r: TRIPLE_POINT.r, s: round6(TRIPLE_POINT.s) });
  rows.push({ kind: 'boundary', line: 'r = 1', k: 1, r: TRIPLE_POINT.r, s: 1 });
  return rows;
}

function spec(description: string, rows: DataRow[], rDomain: [number, number], sDomain: [number, number]): VegaLiteSpec {
  const { x, y } = axes(rDomain, sDomain);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    background: 'white',
    padding: 8,
    width: SIZE,
    height: SIZE,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'cell'" }],
        mark: { type: 'rect', strokeWidth: 0 },
        encoding: { x: { ...x, field: 'r0' }, x2: { field: 'r1' }, y: { ...y, field: 's0' }, y2: { field: 's1' }, color: colour() },
      },
      {
        transform: [{ filter: "datum.kind === 'boundary'" }],
        mark: { type: 'line', stroke: 'black', strokeWidth: 1.5, clip: true },
        encoding: { x: { ...x, field: 'r' }, y: { ...y, field: 's' }, detail: { field: 'line', type: 'nominal' }, order: { field: 'k', type: 'quantitative' } },
      },
    ],
    config: CONFIG,
  };
}

export const phaseTheory = defineFigure({
  id: 'phase-n2m1-theory',
  title: 'Phase diagram of 2 features in 1 dimension: theory',
  caption:
    'Which of the three configurations has the lowest closed-form expected loss, for an extra feature of ' +
    'importance r (x, log) beside a feature of importance 1, both of density 1 − S (y, log). Grey: the extra ' +
    'feature is ignored, r(s/3 − s²/4); blue: it takes the neuron and the first feature is ignored, s/3 − s²/4; ' +
    'red: the two share the neuron as an antipodal pair, (1 + r)s²/6. Black lines are the boundaries; they ' +
    'meet at the triple point (1, 4/7).',
  build: buildPhaseTheory,
});

export function buildPhaseTheory(analysis: ExperimentAnalysis): VegaLiteSpec {
  const rows: DataRow[] = [];
  const n = THEORY_RESOLUTION;
  const lr = [Math.log10(R_RANGE[0]), Math.log10(R_RANGE[1])] as const;
  const ls = [Math.log10(S_RANGE[0]), Math.log10(S_RANGE[1])] as const;
  const at = (range: readonly [number, number], k: number): number => 10 ** (range[0] + ((range[1] - range[0]) * k) / n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const r = at(lr, i + 0.5);
      const s = at(ls, j + 0.5);
      rows.push({ kind: 'cell', r0: round6(at(lr, i)), r1: round6(at(lr, i + 1)), s0: round6(at(ls, j)), s1: round6(at(ls, j + 1)), phase: PHASE_LABELS[theoreticalPhase(r, s)] });
    }
  }
  rows.push(...boundaryRows());
  return spec(`phase-n2m1-theory for experiment ${analysis.experiment}`, rows, R_RANGE, S_RANGE);
}

/** Cell edges of a sorted geometric-ish grid: geometric midpoints, half a step beyond each end. */
export function logEdges(values: readonly number[]): number[] {
  const v = [...new Set(values)].sort((a, b) => a - b);
  if (v.length === 1) return [(v[0] as number) / Math.SQRT2, (v[0] as number) * Math.SQRT2];
  const edges: number[] = [];
  for (let k = 0; k <= v.length; k++) {
    if (k === 0) edges.push(((v[0] as number) ** 1.5) / Math.sqrt(v[1] as number));
    else if (k === v.length) edges.push(((v[k - 1] as number) ** 1.5) / Math.sqrt(v[k - 2] as number));
    else edges.push(Math.sqrt((v[k - 1] as number) * (v[k] as number)));
  }
  return edges;
}

export const phaseEmpirical = defineFigure({
  id: 'phase-n2m1-empirical',
  title: 'Phase diagram of 2 features in 1 dimension: trained models',
  caption:
    'Each cell is one (r, 1 − S) point of the training grid: ten models trained with the notebook recipe, the ' +
    'highest-loss one discarded, the norm ‖W_extra‖ and superposition score of the extra feature averaged over ' +
    'the rest. Grey: ‖W_extra‖ < 0.5 (not represented); red: superposition score ≥ 0.5; blue: represented ' +
    'without superposition (dedicated). Black lines are the theoretical boundaries of the first diagram.',
  build: buildPhaseEmpirical,
});

export function buildPhaseEmpirical(analysis: ExperimentAnalysis): VegaLiteSpec {
  const cells = phaseCells(analysis.models);
  if (cells.length === 0) {
    throw new Error(`figure phase-n2m1-empirical: experiment '${analysis.experiment}' has no model with its own importance`);
  }
  const rs = [...new Set(cells.map((c) => c.r))].sort((a, b) => a - b);
  const ss = [...new Set(cells.map((c) => c.density))].sort((a, b) => a - b);
  const rEdges = logEdges(rs);
  const sEdges = logEdges(ss);
  const rows: DataRow[] = cells.map((c) => {
    const i = rs.indexOf(c.r);
    const j = ss.indexOf(c.density);
    return {
      kind: 'cell',
      r: round6(c.r),
      density: round6(c.density),
      r0: round6(rEdges[i] as number),
      r1: round6(rEdges[i + 1] as number),
      s0: round6(sEdges[j] as number),
      s1: round6(sEdges[j + 1] as number),
      norm: round6(c.norm),
      superposition: round6(c.superposition),
      phase: PHASE_LABELS[c.phase],
      theory: PHASE_LABELS[c.theory],
    };
  });
  const rDomain: [number, number] = [round6(rEdges[0] as number), round6(rEdges[rEdges.length - 1] as number)];
  const sDomain: [number, number] = [round6(sEdges[0] as number), round6(sEdges[sEdges.length - 1] as number)];
  rows.push(...boundaryRows(rDomain));
  return spec(`phase-n2m1-empirical for experiment ${analysis.experiment}`, rows, rDomain, sDomain);
}
