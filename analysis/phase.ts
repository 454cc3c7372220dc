// The n = 2, m = 1 phase change (guide §1.3): one ReLU neuron for two features, the first of importance
// 1 and an "extra" one of importance r, both of density s = 1 − S. Pure functions:
//   - the closed-form expected losses of the three configurations of the paper's "toy model of the toy
//     model" and the theoretical phase (the configuration of lowest loss) at (r, s);
//   - the empirical phase of a grid cell by the paper's protocol: ten models per cell, the highest-loss
//     one discarded, ‖W_extra‖ and the extra feature's superposition score averaged over the rest;
//   - the agreement between the empirical and the theoretical phase over a grid.

import { lossForRanking } from './metrics.ts';
import type { ModelAnalysis } from './types.ts';

export const PHASES = ['not-represented', 'dedicated', 'superposition'] as const;
/** not-represented: the extra feature is ignored; dedicated: it has the neuron to itself; superposition: antipodal pair */
export type Phase = (typeof PHASES)[number];

/** Human-readable phase names, for sentences and legends. */
export const PHASE_LABELS: Record<Phase, string> = {
  'not-represented': 'not represented',
  dedicated: 'dedicated',
  superposition: 'superposition',
};

/**
 * Thresholds of the empirical classification, fixed a priori (before any model of the grid was trained)
 * from the paper's colour map and the guide's notes for checkers; never tuned to the results.
 */
export const PHASE_THRESHOLDS = {
  /** ‖W_extra‖ below this = the extra feature is not represented (the guide's 0.5 "represented" norm) */
  representedNorm: 0.5,
  /**
   * Σ_{j≠extra}(Ŵ_extra·W_j)² at or above this = superposition: halfway between a dedicated neuron (0)
   * and a perfect antipodal pair of unit norms (1), where the paper's colour turns from blue to red
   */
  superposition: 0.5,
} as const;

/** W = [1, 0]: the extra feature is ignored (its bias sits at its mean s/2); expected loss r(s/3 − s²/4). */
export function lossIgnoreExtra(r: number, s: number): number {
  return r * (s / 3 - (s * s) / 4);
}

/** W = [0, 1]: the first feature is ignored and the extra one gets the neuron; expected loss s/3 − s²/4. */
export function lossIgnoreFirst(s: number): number {
  return s / 3 - (s * s) / 4;
}

/** W = [1, −1], b = 0: the antipodal pair errs only when both are active (prob. s², E[min(x,y)²] = 1/6): (1 + r)s²/6. */
export function lossAntipodal(r: number, s: number): number {
  return ((1 + r) * s * s) / 6;
}

/** The three closed-form losses at (r, s), keyed by the phase each configuration stands for. */
export function phaseLosses(r: number, s: number): Record<Phase, number> {
  return { 'not-represented': lossIgnoreExtra(r, s), dedicated: lossIgnoreFirst(s), superposition: lossAntipodal(r, s) };
}

/** The theoretical phase at (r, s): the configuration with the lowest closed-form loss (ties → the first of PHASES). */
export function theoreticalPhase(r: number, s: number): Phase {
  const losses = phaseLosses(r, s);
  let best: Phase = PHASES[0];
  for (const p of PHASES) if (losses[p] < losses[best]) best = p;
  return best;
}

/**
 * The superposition boundary as the guide writes it (§1.3, algebra from the closed forms): superposition
 * wins below s = 4r/(2 + 5r) for r < 1 and below s = 4/(5 + 2r) for r ≥ 1.
 */
export function superpositionBoundary(r: number): number {
  return r < 1 ? (4 * r) / (2 + 5 * r) : 4 / (5 + 2 * r);
}

/** The triple point (r, s) = (1, 4/7), where the three losses are equal. */
export const TRIPLE_POINT = { r: 1, s: 4 / 7 } as const;

/**
 * The density where `holds` switches from true (below) to false (above), by bisection in (lo, hi]:
 * hi when it holds everywhere, lo when nowhere. For a boundary of a theoretical phase map, found from
 * the map's winner function alone, so that it tests the implementation against a stated formula.
 */
export function bisectDensity(holds: (s: number) => boolean, lo = 1e-6, hi = 1, iterations = 80): number {
  if (holds(hi)) return hi;
  if (!holds(lo)) return lo;
  let a = lo;
  let b = hi;
  for (let k = 0; k < iterations; k++) {
    const m = (a + b) / 2;
    if (holds(m)) a = m;
    else b = m;
  }
  return (a + b) / 2;
}

/** The density at which the theoretical winner at importance r stops being superposition (bisectDensity). */
export function boundaryByBisection(r: number, lo = 1e-6, hi = 1, iterations = 80): number {
  return bisectDensity((s) => theoreticalPhase(r, s) === 'superposition', lo, hi, iterations);
}

/** The empirical phase of a cell from the averaged norm and superposition score of its extra feature. */
export function classifyPhase(norm: number, superpositionScore: number): Phase {
  if (!(norm >= PHASE_THRESHOLDS.representedNorm)) return 'not-represented';
  return superpositionScore >= PHASE_THRESHOLDS.superposition ? 'superposition' : 'dedicated';
}

/** One (r, s) cell of the empirical grid. */
export interface PhaseCell {
  /** importance of the extra feature */
  r: number;
  /** density s = 1 − S */
  density: number;
  /** models trained in the cell */
  models: number;
  /** models averaged (the highest-loss one discarded when there are two or more) */
  kept: number;
  /** mean ‖W_extra‖ over the kept models */
  norm: number;
  /** mean Σ_{j≠extra}(Ŵ_extra·W_j)² over the kept models */
  superposition: number;
  phase: Phase;
  theory: Phase;
}

/** The importance of the extra (last) feature of a model, or null when the model has no importance of its own. */
export function extraImportance(m: Pick<ModelAnalysis, 'importance'>): number | null {
  const imp = m.importance;
  return imp !== undefined && imp.length > 0 ? (imp[imp.length - 1] as number) : null;
}

/** The fields of a trained model that the grid protocols read. */
export type GridModel = Pick<ModelAnalysis, 'importance' | 'density' | 'evalLoss' | 'expectedLoss' | 'norms' | 'superposition'>;

/** The models of one (r, density) grid cell: all of them, and those the paper's protocol keeps. */
export interface GridGroup<M> {
  r: number;
  density: number;
  members: M[];
  /** members less the one with the highest loss (lossForRanking; a NaN loss counts as highest), when there are two or more */
  kept: M[];
}

/**
 * Group models by (r, density), in order of first appearance, and apply the paper's protocol to each
 * group: discard the model with the highest loss (the exact expected loss where the analysis computed it,
 * else the held-out loss). Models without their own importance are
 * skipped.
 */
export function gridGroups<M extends Pick<ModelAnalysis, 'importance' | 'density' | 'evalLoss' | 'expectedLoss'>>(
  models: readonly M[],
): GridGroup<M>[] {
  const groups = new Map<string, { r: number; density: number; members: M[] }>();
  for (const m of models) {
    const r = extraImportance(m);
    if (r === null) continue;
    const key = `${r}|${m.density}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { r, density: m.density, members: [] };
      groups.set(key, g);
    }
    g.members.push(m);
  }
  return [...groups.values()].map((g) => {
    let kept = g.members;
    if (kept.length >= 2) {
      let worst = 0;
      kept.forEach((m, k) => {
        if (lossForRanking(m) > lossForRanking(kept[worst] as M)) worst = k;
      });
      kept = kept.filter((_, k) => k !== worst);
    }
    return { ...g, kept };
  });
}

/** The mean of f over a non-empty list, summed in list order. */
export function meanOf<M>(list: readonly M[], f: (m: M) => number): number {
  return list.reduce((acc, m) => acc + f(m), 0) / list.length;
}

/** ‖W_extra‖ of a model (the extra feature is the last). */
export function extraNorm(m: Pick<ModelAnalysis, 'norms'>): number {
  return m.norms[m.norms.length - 1] as number;
}

/** Σ_{j≠extra}(Ŵ_extra·W_j)² of a model. */
export function extraSuperposition(m: Pick<ModelAnalysis, 'superposition'>): number {
  return m.superposition[m.superposition.length - 1] as number;
}

/** Grid cells sorted by density (descending), then r (ascending). */
export function sortCells<C extends { r: number; density: number }>(cells: C[]): C[] {
  return cells.sort((a, b) => b.density - a.density || a.r - b.r);
}

/**
 * Group models by (r, density) and reduce each group by the paper's protocol: discard the model with the
 * highest evaluation loss (a NaN loss counts as highest), average ‖W_extra‖ and the extra feature's
 * superposition score over the rest, classify. Models without their own importance are skipped. Cells
 * are sorted by density (descending), then r (ascending).
 */
export function phaseCells(models: ReadonlyArray<GridModel>): PhaseCell[] {
  const cells = gridGroups(models).map((g): PhaseCell => {
    const norm = meanOf(g.kept, extraNorm);
    const sup = meanOf(g.kept, extraSuperposition);
    return {
      r: g.r,
      density: g.density,
      models: g.members.length,
      kept: g.kept.length,
      norm,
      superposition: sup,
      phase: classifyPhase(norm, sup),
      theory: theoreticalPhase(g.r, g.density),
    };
  });
  return sortCells(cells);
}

/** Share of cells whose empirical phase equals the theoretical one (NaN for no cells). */
export function agreementFraction(cells: readonly { phase: string; theory: string }[]): number {
  if (cells.length === 0) return Number.NaN;
  return cells.filter((c) => c.phase === c.theory).length / cells.length;
}

/** How many cells fall in each phase. */
export function phaseCounts(phases: readonly Phase[]): Record<Phase, number> {
  const out: Record<Phase, number> = { 'not-represented': 0, dedicated: 0, superposition: 0 };
  for (const p of phases) out[p] += 1;
  return out;
}
