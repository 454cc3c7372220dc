// The n = 3, m = 2 phase change (guide §1.3): two ReLU hidden dimensions for three features, the first
// two of importance 1 and an "extra" third one of importance r, all of density s = 1 − S. Pure functions:
//   - the closed-form expected losses of the four configurations of the paper's diagram, each named by
//     the direction W is orthogonal to (the direction the model gives up), and the theoretical winner;
//   - a classifier of a trained 3 → 2 model (or of a grid cell's averages) into those four classes;
//   - the grid of cells by the paper's protocol (analysis/phase.ts: ten models, the highest-loss one
//     discarded, the rest averaged).
//
// Every closed form is the n = 2, m = 1 one applied per dimension: a dimension held by one feature costs
// nothing, a feature left out costs I·(s/3 − s²/4) (its bias sits at its mean s/2: E[x²] = s/3 minus
// (s/2)²), and an antipodal pair of importances I, J costs (I + J)·s²/6 (it errs only when both are
// active, probability s², with E[min(x, y)²] = 1/6).

import { cosine, lossForRanking } from './metrics.ts';
import type { ModelAnalysis } from './types.ts';
import { PHASE_THRESHOLDS, bisectDensity, extraNorm, extraSuperposition, gridGroups, meanOf, sortCells, type GridModel } from './phase.ts';

export const N3M2_PHASES = ['extra-ignored', 'normal-dropped', 'normal-pair', 'extra-pair'] as const;
/**
 * extra-ignored  W ⊥ [0,0,1]: the two normal features have a dimension each, the extra one is left out;
 * normal-dropped W ⊥ [1,0,0]: the extra feature and one normal feature have a dimension each, the other normal one is left out;
 * normal-pair    W ⊥ [1,1,0]: the two normal features share a dimension as an antipodal pair, the extra one has the other;
 * extra-pair     W ⊥ [0,1,1]: the extra feature shares a dimension antipodally with one normal feature, the other has its own.
 */
export type N3m2Phase = (typeof N3M2_PHASES)[number];

/** Human-readable names, for sentences and legends. */
export const N3M2_LABELS: Record<N3m2Phase, string> = {
  'extra-ignored': 'extra ignored',
  'normal-dropped': 'a normal feature dropped',
  'normal-pair': 'normal pair antipodal',
  'extra-pair': 'extra in an antipodal pair',
};

/** The direction each configuration's W is orthogonal to, as the paper labels its regions. */
export const N3M2_ORTHOGONAL_TO: Record<N3m2Phase, string> = {
  'extra-ignored': 'W⊥[0,0,1]',
  'normal-dropped': 'W⊥[1,0,0]',
  'normal-pair': 'W⊥[1,1,0]',
  'extra-pair': 'W⊥[0,1,1]',
};

/** The closed-form expected loss of each configuration at (r, s). */
export function n3m2Losses(r: number, s: number): Record<N3m2Phase, number> {
  const leftOut = s / 3 - (s * s) / 4;
  return {
    'extra-ignored': r * leftOut,
    'normal-dropped': leftOut,
    'normal-pair': (2 * s * s) / 6,
    'extra-pair': ((1 + r) * s * s) / 6,
  };
}

/** The theoretical configuration at (r, s): the lowest closed-form loss (ties → the first of N3M2_PHASES). */
export function theoreticalN3m2Phase(r: number, s: number): N3m2Phase {
  const losses = n3m2Losses(r, s);
  let best: N3m2Phase = N3M2_PHASES[0];
  for (const p of N3M2_PHASES) if (losses[p] < losses[best]) best = p;
  return best;
}

/**
 * The map as the guide's claims table states it (§3, from Wattenberg's dim = 3 notebook), written
 * independently of the losses so that the claim can compare the two: for r < 1 the extra feature is
 * left out when s > 4r/(2 + 5r) and shares an antipodal pair otherwise; for r > 1 a normal feature is
 * dropped when s > 4/7 and the normal pair goes antipodal otherwise.
 */
export function statedN3m2Phase(r: number, s: number): N3m2Phase {
  if (r < 1) return s > (4 * r) / (2 + 5 * r) ? 'extra-ignored' : 'extra-pair';
  return s > 4 / 7 ? 'normal-dropped' : 'normal-pair';
}

/** The point (r, s) = (1, 4/7) where all four closed-form losses are equal (16/147). */
export const QUADRUPLE_POINT = { r: 1, s: 4 / 7 } as const;

/** The fields of a trained 3 → 2 model the classifier reads. */
export interface N3m2Stats {
  /** ‖W_extra‖ */
  extraNorm: number;
  /** Σ_{j≠extra}(Ŵ_extra·W_j)² */
  extraSuperposition: number;
  /** min(‖W_0‖, ‖W_1‖): the norm of the weaker of the two normal features */
  weakerNormalNorm: number;
}

/** The classifier's statistics of one model (features 0 and 1 are the normal ones, the last is the extra). */
export function n3m2Stats(m: Pick<ModelAnalysis, 'norms' | 'superposition'>): N3m2Stats {
  return {
    extraNorm: extraNorm(m),
    extraSuperposition: extraSuperposition(m),
    weakerNormalNorm: Math.min(m.norms[0] as number, m.norms[1] as number),
  };
}

/**
 * The configuration of a trained 3 → 2 model, or of a cell's averaged statistics. The rule and its
 * thresholds were fixed before any 3 → 2 model was trained, and are n = 2's (PHASE_THRESHOLDS: the
 * guide's 0.5 "represented" norm, and a superposition score halfway between a dedicated direction, 0,
 * and a unit antipodal pair, 1):
 *   1. ‖W_extra‖ < 0.5                          → extra ignored        (W⊥[0,0,1])
 *   2. else extra superposition score ≥ 0.5     → extra in a pair      (W⊥[0,1,1])
 *   3. else min(‖W_0‖, ‖W_1‖) < 0.5             → a normal dropped     (W⊥[1,0,0])
 *   4. else                                      → normal pair antipodal (W⊥[1,1,0])
 * Step 4 needs no test of its own: in two dimensions, an extra feature with a direction to itself leaves
 * one direction for the two normal features, so if both are represented they share it. The two normal
 * features are interchangeable (equal importance), so the rule looks only at the weaker one, and a
 * cell's average of it does not depend on which of them each seed happened to drop.
 */
export function classifyN3m2(stats: N3m2Stats): N3m2Phase {
  if (!(stats.extraNorm >= PHASE_THRESHOLDS.representedNorm)) return 'extra-ignored';
  if (stats.extraSuperposition >= PHASE_THRESHOLDS.superposition) return 'extra-pair';
  if (!(stats.weakerNormalNorm >= PHASE_THRESHOLDS.representedNorm)) return 'normal-dropped';
  return 'normal-pair';
}

/** One (r, s) cell of the empirical 3 → 2 grid. */
export interface N3m2Cell extends N3m2Stats {
  r: number;
  density: number;
  /** models trained in the cell */
  models: number;
  /** models averaged (the highest-loss one discarded) */
  kept: number;
  /** the extra feature's averaged norm and superposition, under the names the n = 2 cells use (for the colour map) */
  norm: number;
  superposition: number;
  phase: N3m2Phase;
  theory: N3m2Phase;
}

/**
 * The paper's protocol on a 3 → 2 grid: group by (r, density), discard each cell's highest-loss model,
 * average the classifier's statistics over the rest and classify the averages. Sorted by density
 * (descending), then r (ascending).
 */
export function n3m2Cells(models: ReadonlyArray<GridModel>): N3m2Cell[] {
  const cells = gridGroups(models).map((g): N3m2Cell => {
    const stats = g.kept.map(n3m2Stats);
    const avg: N3m2Stats = {
      extraNorm: meanOf(stats, (x) => x.extraNorm),
      extraSuperposition: meanOf(stats, (x) => x.extraSuperposition),
      weakerNormalNorm: meanOf(stats, (x) => x.weakerNormalNorm),
    };
    return {
      r: g.r,
      density: g.density,
      models: g.members.length,
      kept: g.kept.length,
      ...avg,
      norm: avg.extraNorm,
      superposition: avg.extraSuperposition,
      phase: classifyN3m2(avg),
      theory: theoreticalN3m2Phase(g.r, g.density),
    };
  });
  return sortCells(cells);
}

/**
 * The lowest-loss reading of a 3 → 2 grid: in each (r, density) cell, the one model with the lowest loss
 * (lossForRanking: the exact expected loss where the analysis computed it) classified on its own. The
 * theory names the configuration of lowest loss, so this asks whether training found it in some restart,
 * where the paper's average over the kept models also counts the local minima the other restarts ended in.
 */
export function n3m2LowestLossCells(models: ReadonlyArray<GridModel>): N3m2Cell[] {
  const cells = gridGroups(models).map((g): N3m2Cell => {
    let best = g.members[0]!;
    for (const m of g.members) if (lossForRanking(m) < lossForRanking(best)) best = m;
    const stats = n3m2Stats(best);
    return {
      r: g.r,
      density: g.density,
      models: g.members.length,
      kept: 1,
      ...stats,
      norm: stats.extraNorm,
      superposition: stats.extraSuperposition,
      phase: classifyN3m2(stats),
      theory: theoreticalN3m2Phase(g.r, g.density),
    };
  });
  return sortCells(cells);
}

/** How many cells fall in each configuration. */
export function n3m2Counts(phases: readonly N3m2Phase[]): Record<N3m2Phase, number> {
  const out: Record<N3m2Phase, number> = { 'extra-ignored': 0, 'normal-dropped': 0, 'normal-pair': 0, 'extra-pair': 0 };
  for (const p of phases) out[p] += 1;
  return out;
}

/**
 * The density below which the theoretical winner at importance r is one of the "pair" configurations
 * (extra-pair or normal-pair), by bisection on theoreticalN3m2Phase alone, in (lo, hi].
 */
export function n3m2PairBoundary(r: number, lo = 1e-6, hi = 1, iterations = 80): number {
  return bisectDensity(
    (s) => {
      const p = theoreticalN3m2Phase(r, s);
      return p === 'extra-pair' || p === 'normal-pair';
    },
    lo,
    hi,
    iterations,
  );
}

/** Model-by-model reading of a grid, to explain a cell's average: see n3m2ModelConfusion. */
export interface N3m2ModelConfusion {
  /** [theory][class]: kept models of the cells the theory assigns to `theory`, by their own class */
  counts: Record<N3m2Phase, Record<N3m2Phase, number>>;
  /** kept models classified 'normal-pair' whose two normal features point the same way (cos > 0): not an antipodal pair */
  sameSignNormalPairs: number;
  /** kept models classified 'normal-pair' */
  normalPairs: number;
}

/**
 * Each kept model (the paper's protocol: each cell's highest-loss model discarded) classified on its
 * own by classifyN3m2, tallied against the theory of its cell. Cell averages blend configurations;
 * this shows which ones were blended. Also counts the "normal pair" models whose normal features share
 * a direction with the same sign — both represented, but superposed without the antipodal cancellation.
 */
export function n3m2ModelConfusion(models: ReadonlyArray<GridModel & Pick<ModelAnalysis, 'W'>>): N3m2ModelConfusion {
  const row = (): Record<N3m2Phase, number> => ({ 'extra-ignored': 0, 'normal-dropped': 0, 'normal-pair': 0, 'extra-pair': 0 });
  const counts: Record<N3m2Phase, Record<N3m2Phase, number>> = {
    'extra-ignored': row(),
    'normal-dropped': row(),
    'normal-pair': row(),
    'extra-pair': row(),
  };
  let sameSignNormalPairs = 0;
  let normalPairs = 0;
  for (const g of gridGroups(models)) {
    const theory = theoreticalN3m2Phase(g.r, g.density);
    for (const m of g.kept) {
      const own = classifyN3m2(n3m2Stats(m));
      counts[theory][own] += 1;
      if (own === 'normal-pair') {
        normalPairs += 1;
        if (cosine(m.W, 0, 1) > 0) sameSignNormalPairs += 1;
      }
    }
  }
  return { counts, sameSignNormalPairs, normalPairs };
}
