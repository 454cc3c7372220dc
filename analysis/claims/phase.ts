// Superposition as a phase change: n = 2, m = 1, the extra feature's importance r varies per instance

import type { ExperimentAnalysis } from '../types.ts';
import { f, hasShape, put } from './common.ts';
import { agreementFraction } from '../phase.ts';

/** Tolerances of the phase-change checks, fixed a priori (guide §1.3, §3); never tuned to the results. */
export const PHASE_TOLERANCES = {
  /** the theory checks compare our boundaries with the guide's closed forms to this absolute precision */
  theory: 1e-6,
  /**
   * phase_n2m1_empirical passes when at least this share of grid cells has the theoretical phase;
   * phase_n3m2_empirical (our own check, not the paper's) uses the same a-priori bar
   */
  agreement: 0.75,
} as const;

const PHASE_SHAPE = { features: 2, hidden: 1 } as const;

export function isPhaseGrid(a: ExperimentAnalysis): boolean {
  return hasShape(a, PHASE_SHAPE) && a.models.some((m) => m.importance !== undefined);
}

/**
 * How a trained phase grid compares with its theory, shared by the n = 2 and n = 3 checks: the agreement
 * fraction, the counts per phase on both sides, and the disagreements by (theory → trained), as claim
 * numbers and as the "observed" sentence (`noun`: what a cell's class is called, e.g. "phase").
 */
export function gridComparison<P extends string>(
  cells: ReadonlyArray<{ phase: P; theory: P; models: number }>,
  phases: readonly P[],
  labels: Record<P, string>,
  noun: string,
): { agreement: number; numbers: Record<string, number>; observed: string } {
  const agreement = agreementFraction(cells);
  const tally = (of: (c: { phase: P; theory: P }) => P): Record<P, number> => {
    const out = Object.fromEntries(phases.map((p) => [p, 0])) as Record<P, number>;
    for (const c of cells) out[of(c)] += 1;
    return out;
  };
  const empirical = tally((c) => c.phase);
  const theory = tally((c) => c.theory);
  const disagree = cells.filter((c) => c.phase !== c.theory);
  const numbers: Record<string, number> = {
    cells: cells.length,
    agreeing: cells.length - disagree.length,
    disagreeing: disagree.length,
    modelsPerCell: Math.max(...cells.map((c) => c.models)),
  };
  put(numbers, 'agreement', agreement);
  for (const p of phases) {
    numbers[`empirical:${p}`] = empirical[p];
    numbers[`theory:${p}`] = theory[p];
  }
  // where they disagree, by (theory → empirical)
  const pairs = new Map<string, number>();
  for (const c of disagree) pairs.set(`${c.theory}→${c.phase}`, (pairs.get(`${c.theory}→${c.phase}`) ?? 0) + 1);
  for (const [k, v] of pairs) numbers[`disagree:${k}`] = v;
  const counts = (c: Record<P, number>): string => phases.map((p) => `${c[p]} ${labels[p]}`).join(', ');
  const where = [...pairs]
    .map(
      ([k, v]) =>
        `${v} × ${k
          .split('→')
          .map((p) => labels[p as P])
          .join(' → ')}`,
    )
    .join('; ');
  const observed = `${cells.length - disagree.length} of ${cells.length} cells (${f(agreement * 100, 1)} %) have the theoretical ${noun}; empirical counts ${counts(empirical)} vs theoretical ${counts(theory)}${disagree.length > 0 ? `; disagreements (theory → trained): ${where}` : ''}.`;
  return { agreement, numbers, observed };
}
