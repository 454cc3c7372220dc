// The phase diagrams for n = 3, m = 2 (guide §1.3), over log r (importance of the extra, third
// feature) × log s (density 1 − S):
//   phase-n3m2-theory:    the four closed forms' winner map on a fine grid, with its boundaries;
//   phase-n3m2-empirical: each trained grid cell (ten models, the highest-loss one discarded, the rest
//                         averaged) in the two-dimensional colour map of the extra feature's norm and
//                         superposition, the theoretical boundaries over it, a colour key beside it;
//   phase-n3m2-classes:   the same cells in the four configurations of the classifier
//                         (analysis/phase-n3m2.ts), coloured as the theory map, with its boundaries.
// The colour map cannot tell "a normal feature dropped" from "normal pair antipodal" (the extra feature
// has a direction to itself in both), which is why the classified map is drawn as well.

import type { ExperimentAnalysis } from '../analysis/types.ts';
import {
  N3M2_LABELS,
  N3M2_ORTHOGONAL_TO,
  N3M2_PHASES,
  QUADRUPLE_POINT,
  n3m2Cells,
  theoreticalN3m2Phase,
  type N3m2Phase,
} from '../analysis/phase-n3m2.ts';
import { R_RANGE, S_RANGE, colourCellRows, colourMapSpec, gridGeometry, nominalColour, nominalMapSpec, theoryCellRows } from './phase.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from './types.ts';

/** points along the curved boundary */
const BOUNDARY_POINTS = 41;

/**
 * Grey: the extra feature is left out; blues: it has a direction to itself (dark: a normal feature is
 * dropped, light: the normal features share the other direction); red: it is in an antipodal pair. The
 * grey, dark blue and red are the n = 2 map's colours for the same states of the extra feature.
 */
export const N3M2_COLOURS: Record<N3m2Phase, string> = {
  'extra-ignored': '#d9d9d9',
  'normal-dropped': '#3b6fb6',
  'normal-pair': '#9cc3e6',
  'extra-pair': '#d23c2a',
};

/** a configuration's legend label: the direction W gives up, then what that means */
export function n3m2Legend(p: N3m2Phase): string {
  return `${N3M2_ORTHOGONAL_TO[p]} ${N3M2_LABELS[p]}`;
}

function n3m2Colour(title: string) {
  return nominalColour(
    title,
    N3M2_PHASES.map(n3m2Legend),
    N3M2_PHASES.map((p) => N3M2_COLOURS[p]),
    { columns: 1, labelLimit: 320 },
  );
}

/**
 * The theoretical boundaries as polylines: the pairing curve s = 4r/(2 + 5r) for r ≤ 1, the line
 * s = 4/7 for r ≥ 1, and the line r = 1 across every density (the extra feature's importance against a
 * normal one's decides who is left out above 4/7 and who pairs below it).
 */
export function n3m2BoundaryRows(rDomain: [number, number] = R_RANGE, sDomain: [number, number] = S_RANGE): DataRow[] {
  const rows: DataRow[] = [];
  const lo = Math.log10(rDomain[0]);
  for (let k = 0; k < BOUNDARY_POINTS; k++) {
    const r = 10 ** (lo + (-lo * k) / (BOUNDARY_POINTS - 1));
    rows.push({ kind: 'boundary', line: 'extra pairs', k, r: round6(r), s: round6((4 * r) / (2 + 5 * r)) });
  }
  rows.push({ kind: 'boundary', line: 's = 4/7', k: 0, r: QUADRUPLE_POINT.r, s: round6(QUADRUPLE_POINT.s) });
  rows.push({ kind: 'boundary', line: 's = 4/7', k: 1, r: round6(rDomain[1]), s: round6(QUADRUPLE_POINT.s) });
  rows.push({ kind: 'boundary', line: 'r = 1', k: 0, r: QUADRUPLE_POINT.r, s: round6(sDomain[0]) });
  rows.push({ kind: 'boundary', line: 'r = 1', k: 1, r: QUADRUPLE_POINT.r, s: round6(sDomain[1]) });
  return rows;
}

export const phaseN3m2Theory = defineFigure({
  id: 'phase-n3m2-theory',
  title: 'Phase diagram of 3 features in 2 dimensions: theory',
  caption:
    'Which of the four configurations has the lowest closed-form expected loss, for an extra feature of ' +
    'importance r (x, log) beside two features of importance 1, all of density 1 − S (y, log). Each is named by ' +
    'the direction W is orthogonal to: W⊥[0,0,1] leaves the extra feature out, r(s/3 − s²/4); W⊥[1,0,0] drops ' +
    'a normal feature instead, s/3 − s²/4; W⊥[1,1,0] stores the two normal features as an antipodal pair and ' +
    'gives the extra one its own direction, s²/3; W⊥[0,1,1] pairs the extra feature with a normal one, ' +
    '(1 + r)s²/6. Black lines are the boundaries; all four losses meet at (1, 4/7).',
  build: buildPhaseN3m2Theory,
});

export function buildPhaseN3m2Theory(analysis: ExperimentAnalysis): VegaLiteSpec {
  const rows = [...theoryCellRows((r, s) => n3m2Legend(theoreticalN3m2Phase(r, s))), ...n3m2BoundaryRows()];
  return nominalMapSpec(`phase-n3m2-theory for experiment ${analysis.experiment}`, rows, R_RANGE, S_RANGE, n3m2Colour('configuration'));
}

function cellsOrThrow(analysis: ExperimentAnalysis, figure: string) {
  const cells = n3m2Cells(analysis.models);
  if (cells.length === 0) throw new Error(`figure ${figure}: experiment '${analysis.experiment}' has no model with its own importance`);
  return cells;
}

export const phaseN3m2Empirical = defineFigure({
  id: 'phase-n3m2-empirical',
  title: 'Phase diagram of 3 features in 2 dimensions: trained models, extra feature',
  caption:
    'Each cell is one (r, 1 − S) point of the training grid: ten 3 → 2 models trained with the notebook recipe, ' +
    'the highest-loss one discarded, the norm ‖W_extra‖ and superposition score of the extra (third) feature ' +
    'averaged over the rest and coloured by both as the key shows (blue: a direction of its own; red: ' +
    'superposition; light grey: not learned). Black lines are the theoretical boundaries.',
  build: buildPhaseN3m2Empirical,
});

export function buildPhaseN3m2Empirical(analysis: ExperimentAnalysis): VegaLiteSpec {
  const cells = cellsOrThrow(analysis, 'phase-n3m2-empirical');
  const { rDomain, sDomain, rows } = colourCellRows(cells, n3m2Legend);
  rows.push(...n3m2BoundaryRows(rDomain, sDomain));
  return colourMapSpec(`phase-n3m2-empirical for experiment ${analysis.experiment}`, rows, rDomain, sDomain);
}

export const phaseN3m2Classes = defineFigure({
  id: 'phase-n3m2-classes',
  title: 'Phase diagram of 3 features in 2 dimensions: trained models, configuration',
  caption:
    'The cells of the previous figure classified into the four configurations from their averaged statistics: ' +
    'extra feature ignored when ‖W_extra‖ < 0.5; in a pair when its superposition score is at least 0.5; ' +
    'otherwise a normal feature dropped when the weaker normal feature has norm < 0.5, and the normal pair ' +
    'antipodal when it has not. Colours as in the theoretical map, whose boundaries are drawn over it.',
  build: buildPhaseN3m2Classes,
});

export function buildPhaseN3m2Classes(analysis: ExperimentAnalysis): VegaLiteSpec {
  const cells = cellsOrThrow(analysis, 'phase-n3m2-classes');
  const { rDomain, sDomain, rect } = gridGeometry(cells);
  const rows: DataRow[] = cells.map((c) => ({
    kind: 'cell',
    ...rect(c),
    extraNorm: round6(c.extraNorm),
    extraSuperposition: round6(c.extraSuperposition),
    weakerNormalNorm: round6(c.weakerNormalNorm),
    phase: n3m2Legend(c.phase),
    theory: n3m2Legend(c.theory),
  }));
  rows.push(...n3m2BoundaryRows(rDomain, sDomain));
  return nominalMapSpec(`phase-n3m2-classes for experiment ${analysis.experiment}`, rows, rDomain, sDomain, n3m2Colour('configuration'));
}
