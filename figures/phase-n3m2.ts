// What the phase diagrams for n = 3, m = 2 (guide §1.3; figures/kinds/phase-n3m2-theory.ts,
// phase-n3m2-empirical.ts and phase-n3m2-classes.ts) share, over log r (importance of the extra, third
// feature) × log s (density 1 − S): the four configurations' colours and legend labels, the theoretical
// boundaries, and the trained cells.

import type { ExperimentAnalysis } from '../analysis/types.ts';
import { N3M2_LABELS, N3M2_ORTHOGONAL_TO, N3M2_PHASES, QUADRUPLE_POINT, type N3m2Phase } from '../analysis/phase-n3m2.ts';
import { R_RANGE, S_RANGE, nominalColour } from './phase.ts';
import { round6, type DataRow } from './types.ts';

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

/** The nominal colour scale of the four configurations, as the theory map draws them. */
export function n3m2Colour(title: string) {
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

/** The trained cells of an n = 3, m = 2 grid; `figure` names the figure in the error when there are none. */
export function cellsOrThrow(analysis: ExperimentAnalysis, figure: string) {
  const cells = analysis.derived?.n3m2Cells ?? [];
  if (cells.length === 0) throw new Error(`figure ${figure}: experiment '${analysis.experiment}' has no model with its own importance`);
  return cells;
}
