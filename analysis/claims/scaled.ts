// "Demonstrating superposition" at another size. The paper shows the 20 → 5 sweep (importance 0.7^i) and
// then a larger model, 80 → 20 with importance 0.9^i at the same densities, as essentially a rescaled
// version of it, without a number of its own. So the expectations here are the 20 → 5 regimes with
// every count taken relative to m, the number of hidden dimensions:
//   - the linear model keeps exactly the m most important features, each orthogonal, D* ≈ 1 (PCA);
//   - the densest ReLU model does the same;
//   - as the density falls, the represented count never falls and the orthogonal count never rises
//     (to within the resolution below);
//   - at every density the orthogonal features are the most important ones, and some density shows the
//     mixed regime (some represented features orthogonal, others in superposition) where that is visible;
//   - at high sparsity (1−S ≤ 0.01) more than m features are represented and none is orthogonal
//     (to within the resolution below).
//
// Resolution: one feature of the 20 → 5 model stands for m/5 features of the larger one (the counts
// scale by m/5, and 0.9^(m/5 − 1) ≈ 0.73 at m = 20: features that close in importance are as alike as
// one 20 → 5 feature is to itself). Counts and importance ranks may therefore be off by
// r = round(m/5) − 1 features (3 at m = 20, 0 at m ≤ 7, where every rule reads exactly as the 20 → 5
// checks do). Equal steps are always allowed: the paper's own 20 → 5 figure holds the orthogonal count
// at 0 over four densities. At the sparse end (a step to 1−S ≤ 0.01) a count may even move against the
// trend by the 20 → 5 counts check's ±2 features, scaled (2·m/5): the paper's figure dips there itself
// (about 13 bars at 1−S = 0.003, 12 full ones at 0.001), and so do our own 20 → 5 models on some seeds.
//
// Every function here is pure and reads only the counts; the check (checks/scaled_80_20_similar.ts)
// assembles them.

import type { ModelAnalysis } from '../types.ts';
import { orthogonalFeatures, representedFeatures } from '../metrics.ts';
import { DENSITY_EPS, TOLERANCES } from './common.ts';
import { DEMO } from './superposition.ts';

/** What the scaled rules read of one selected model. */
export interface ScaledPoint {
  density: number;
  /** features with ‖W_i‖ above the represented threshold, ascending */
  represented: number[];
  /** represented features with superposition score below the orthogonal threshold, ascending */
  orthogonal: number[];
  dStar: number;
}

export function scaledPoint(m: ModelAnalysis): ScaledPoint {
  return {
    density: m.density,
    represented: representedFeatures(m.norms),
    orthogonal: orthogonalFeatures(m.norms, m.superposition),
    dStar: m.dStar,
  };
}

/**
 * Whether a shape is the 20 → 5 one scaled: the same ratio of features to hidden dimensions at another
 * size (the 20 → 5 size itself is judged by its own claims).
 */
export function isScaledDemoShape(features: number, hidden: number): boolean {
  return hidden !== DEMO.hidden && features * DEMO.hidden === hidden * DEMO.features;
}

/**
 * How many features (in count or in importance rank) the larger model may be off by: one 20 → 5 feature
 * stands for hidden / 5 of them, so r = round(hidden / 5) − 1, never below 0.
 */
export function featureResolution(hidden: number): number {
  return Math.max(0, Math.round(hidden / DEMO.hidden) - 1);
}

/**
 * Each feature's position in the importance order (0 = most important): sorted by importance,
 * descending, ties kept in index order.
 */
export function importanceRanks(importance: readonly number[]): number[] {
  const order = importance.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v || a.i - b.i);
  const ranks = new Array<number>(importance.length).fill(0);
  order.forEach(({ i }, k) => (ranks[i] = k));
  return ranks;
}

/**
 * The no-superposition solution: exactly the m most important features represented, every one of them
 * orthogonal, and D* within TOLERANCES.unit of 1. Exact, without the rank slack: it is the optimum of the
 * linear model (PCA), not a reading of a figure.
 */
export function isTopMOrthogonal(p: ScaledPoint, hidden: number, ranks: readonly number[]): boolean {
  const topM = p.represented.length === hidden && p.represented.every((i) => (ranks[i] ?? Number.POSITIVE_INFINITY) < hidden);
  return topM && p.orthogonal.length === p.represented.length && Math.abs(p.dStar - 1) < TOLERANCES.unit;
}

/**
 * How far a count may move against its trend between densities `from` and `to` (to < from): the
 * resolution r, or the 20 → 5 counts check's sparse slack (TOLERANCES.countSlackSparse features) scaled
 * by m/5 when `to` is at or below TOLERANCES.sparseDensity.
 */
export function stepSlack(to: number, hidden: number): number {
  const sparse = Math.round((TOLERANCES.countSlackSparse * hidden) / DEMO.hidden);
  return to <= TOLERANCES.sparseDensity + DENSITY_EPS ? Math.max(sparse, featureResolution(hidden)) : featureResolution(hidden);
}

/**
 * The steps k → k+1 of a count listed densest first (`densities` descending, one per count) where it
 * moves the wrong way by more than stepSlack allows: a 'rising' count may not drop by more, a 'falling'
 * one may not rise by more. Returns the index k of each such step.
 */
export function wrongWaySteps(
  counts: readonly number[],
  densities: readonly number[],
  direction: 'rising' | 'falling',
  hidden: number,
): number[] {
  const out: number[] = [];
  for (let k = 0; k + 1 < counts.length; k++) {
    const step = (counts[k + 1] as number) - (counts[k] as number);
    const slack = stepSlack(densities[k + 1] as number, hidden);
    if (direction === 'rising' ? step < -slack : step > slack) out.push(k);
  }
  return out;
}

/**
 * Whether the orthogonal features are the most important ones, to within `slack` ranks: with k of them,
 * every one ranks below k + slack and every feature ranking below k − slack is among them. With
 * slack 0 they are exactly the k most important features (important_features_last's rule).
 */
export function orthogonalLeadImportance(orthogonal: readonly number[], ranks: readonly number[], slack: number): boolean {
  const k = orthogonal.length;
  const inSet = new Set(orthogonal);
  if (orthogonal.some((i) => (ranks[i] ?? Number.POSITIVE_INFINITY) >= k + slack)) return false;
  return ranks.every((r, i) => r >= k - slack || inSet.has(i));
}

/** The mixed regime the ordering is seen in: some represented features orthogonal, some in superposition. */
export function isMixed(p: ScaledPoint): boolean {
  return p.orthogonal.length > 0 && p.orthogonal.length < p.represented.length;
}

/** The high-sparsity regime: more features represented than dimensions, at most `slack` of them orthogonal. */
export function isAllSuperposed(p: ScaledPoint, hidden: number, slack: number): boolean {
  return p.represented.length > hidden && p.orthogonal.length <= slack;
}
