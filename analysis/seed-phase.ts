// The seed write-up's reading of its n = 2, m = 1 phase-change draft (guide §4.4), as pure functions.
// Each trained one-neuron model is "first only" when |w1| > 0.8 and |w2| < 0.2, "second only" when
// |w1| < 0.2 and |w2| > 0.8, and neither otherwise; a grid point is coloured with a class when more than
// half of its runs (the draft: "> 5 of 10") fall in it, and left white otherwise. Superposition has no
// class of its own, so an antipodal solution leaves its point white. Every model counts: the draft
// discards none.

import type { ModelAnalysis } from './types.ts';
import { gridGroups, sortCells, theoreticalPhase, type Phase } from './phase.ts';

export const SEED_CLASSES = ['first-only', 'second-only', 'white'] as const;
/** first-only: the extra (second) feature is left out; second-only: the first is; white: no majority of either */
export type SeedClass = (typeof SEED_CLASSES)[number];

export const SEED_CLASS_LABELS: Record<SeedClass, string> = {
  'first-only': 'first only',
  'second-only': 'second only',
  white: 'unclassified (white)',
};

/** The draft's thresholds on |w|, and its majority (more than this share of the runs). */
export const SEED_RULE = {
  /** |w| above this = the feature has the neuron */
  strong: 0.8,
  /** |w| below this = the feature is left out */
  weak: 0.2,
  /** a class colours a point when more than this share of its runs fall in it ("> 5 of 10") */
  majority: 0.5,
} as const;

/**
 * The size of the draft's own experiment (guide §4.4), for the report: a linear grid of 1,000 densities
 * (s = i/1000) by 100 importances (r = j/10), ten repeats of 100,000 one-neuron models. We train its
 * recipe on phase-n2m1's 12 × 12 log grid instead, so that the maps compare cell by cell.
 */
export const SEED_DRAFT = { densities: 1000, importances: 100, repeats: 10, modelsPerRepeat: 100_000 } as const;

/** The draft's class of one model from |w1| and |w2| (for m = 1, |w_i| = ‖W_i‖). */
export function seedModelClass(w1: number, w2: number): SeedClass {
  const a = Math.abs(w1);
  const b = Math.abs(w2);
  if (a > SEED_RULE.strong && b < SEED_RULE.weak) return 'first-only';
  if (a < SEED_RULE.weak && b > SEED_RULE.strong) return 'second-only';
  return 'white';
}

/**
 * What the draft's rule would show if a trained map equalled the theory: the extra feature left out →
 * first only; the extra feature on the neuron → second only; an antipodal pair matches neither → white.
 */
export const SEED_CLASS_OF_PHASE: Record<Phase, SeedClass> = {
  'not-represented': 'first-only',
  dedicated: 'second-only',
  superposition: 'white',
};

/** One grid point read the draft's way. */
export interface SeedCell {
  r: number;
  density: number;
  /** runs at the point */
  models: number;
  /** runs in each class */
  firstOnly: number;
  secondOnly: number;
  neither: number;
  /** the point's colour by the majority rule */
  phase: SeedClass;
  /** the theory's phase at the point, translated to the draft's classes */
  theory: SeedClass;
}

/** The draft's map: every model of each (r, density) point classified, the majority class kept. */
export function seedCells(
  models: ReadonlyArray<Pick<ModelAnalysis, 'importance' | 'density' | 'evalLoss' | 'expectedLoss' | 'norms'>>,
): SeedCell[] {
  const cells = gridGroups(models).map((g): SeedCell => {
    const classes = g.members.map((m) => seedModelClass(m.norms[0] as number, m.norms[m.norms.length - 1] as number));
    const firstOnly = classes.filter((c) => c === 'first-only').length;
    const secondOnly = classes.filter((c) => c === 'second-only').length;
    const n = classes.length;
    const phase: SeedClass =
      firstOnly > SEED_RULE.majority * n ? 'first-only' : secondOnly > SEED_RULE.majority * n ? 'second-only' : 'white';
    return {
      r: g.r,
      density: g.density,
      models: n,
      firstOnly,
      secondOnly,
      neither: n - firstOnly - secondOnly,
      phase,
      theory: SEED_CLASS_OF_PHASE[theoreticalPhase(g.r, g.density)],
    };
  });
  return sortCells(cells);
}

/** How many points fall in each of the draft's classes. */
export function seedCounts(classes: readonly SeedClass[]): Record<SeedClass, number> {
  const out: Record<SeedClass, number> = { 'first-only': 0, 'second-only': 0, white: 0 };
  for (const c of classes) out[c] += 1;
  return out;
}
