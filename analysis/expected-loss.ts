// The expected loss of a small toy model over its input distribution, computed by conditioning on which
// features are active rather than by sampling inputs. A held-out sample of N inputs sees a pattern of
// probability q about q·N times, so it can miss entirely the rare co-activations (two sparse features at
// once, an anticorrelated partner, a collapsed pair firing together) that decide between two geometries
// of nearly equal loss; this computation weights every pattern by its exact probability.
//
// Patterns: every independent feature is on with its density p_f; a correlated set is on (all members at
// once) with its first member's density; an anticorrelated set is on with its first member's density and
// then has exactly one member on, chosen uniformly (data/feature-sets.ts). Given a pattern, the active
// values are independent and uniform on [0, 1), and the loss of output f is
//     I_f · (x_f − act(b_f + Σ_j (W_f·W_j) x_j))²,
// piecewise quadratic in the values. One active value is integrated exactly (the ReLU splits [0, 1] at
// most once, and each piece is a quadratic); the others with composite two-point Gauss–Legendre
// quadrature, which is exact wherever the integrand is a cubic polynomial (so exact for a linear model)
// and converges as the square of the panel width across a ReLU kink. Meant for small F: it enumerates
// every pattern.

import { gram, type Rows } from './metrics.ts';
import type { Activation, FeatureSet } from '../core/types.ts';

/** Beyond this many features the patterns are too many: the analysis ranks by a held-out sample instead. */
export const EXPECTED_LOSS_MAX_FEATURES = 8;

/**
 * How finely the conditional integrals are taken: each pattern gets quadrature nodes in proportion to its
 * probability (`total` over all patterns), at least `perPattern`, and at most `maxPanels` Gauss panels
 * (two nodes each) per integrated value.
 */
export const EXPECTED_LOSS_BUDGET = { total: 2 ** 18, perPattern: 2 ** 10, maxPanels: 64 } as const;
export type ExpectedLossBudget = { total: number; perPattern: number; maxPanels: number };

/** One set of active features and its exact probability. */
export interface ActivityPattern {
  /** active features, ascending */
  active: number[];
  probability: number;
}

/** Whether the expected loss of a model with `features` features is computed (else a held-out sample ranks it). */
export function expectedLossComputable(features: number): boolean {
  return features >= 1 && features <= EXPECTED_LOSS_MAX_FEATURES;
}

/** Every activity pattern with a non-zero probability; the probabilities sum to 1. */
export function activityPatterns(density: ArrayLike<number>, featureSets: readonly FeatureSet[] = []): ActivityPattern[] {
  // the independent units: a free feature, or a whole set, each with its own outcomes
  const units: Array<Array<{ active: number[]; p: number }>> = [];
  const inSet = new Set<number>();
  for (const set of featureSets) {
    const members = [...set.features].sort((a, c) => a - c);
    for (const f of members) inSet.add(f);
    const p = density[members[0] as number] as number;
    const on = set.kind === 'correlated' ? [{ active: members, p }] : members.map((f) => ({ active: [f], p: p / members.length }));
    units.push([{ active: [], p: 1 - p }, ...on]);
  }
  for (let f = 0; f < density.length; f++) {
    const p = density[f] as number;
    if (!inSet.has(f))
      units.push([
        { active: [], p: 1 - p },
        { active: [f], p },
      ]);
  }
  let patterns: ActivityPattern[] = [{ active: [], probability: 1 }];
  for (const unit of units) {
    const next: ActivityPattern[] = [];
    for (const pattern of patterns) {
      for (const outcome of unit) {
        if (outcome.p > 0) next.push({ active: [...pattern.active, ...outcome.active], probability: pattern.probability * outcome.p });
      }
    }
    patterns = next;
  }
  for (const pattern of patterns) pattern.active.sort((a, c) => a - c);
  return patterns;
}

/** ∫_{t0}^{t1} (A + B·t)² dt. */
function squareIntegral(A: number, B: number, t0: number, t1: number): number {
  if (t1 <= t0) return 0;
  return A * A * (t1 - t0) + A * B * (t1 * t1 - t0 * t0) + (B * B * (t1 * t1 * t1 - t0 * t0 * t0)) / 3;
}

/**
 * ∫_0^1 (α + β·t − act(c + g·t))² dt: the error of one output along the exactly integrated value t, with
 * the target α + β·t (β = 1 for the output of t's own feature) and the pre-activation c + g·t.
 */
export function lineIntegral(alpha: number, beta: number, c: number, g: number, activation: Activation): number {
  if (activation === 'linear') return squareIntegral(alpha - c, beta - g, 0, 1);
  if (g === 0) return c > 0 ? squareIntegral(alpha - c, beta, 0, 1) : squareIntegral(alpha, beta, 0, 1);
  const kink = Math.min(1, Math.max(0, -c / g));
  // the ReLU passes c + g·t on the side where it is positive and outputs 0 on the other
  return g > 0
    ? squareIntegral(alpha, beta, 0, kink) + squareIntegral(alpha - c, beta - g, kink, 1)
    : squareIntegral(alpha - c, beta - g, 0, kink) + squareIntegral(alpha, beta, kink, 1);
}

/** Two Gauss–Legendre nodes in each of `panels` equal panels of [0, 1], with their common weight. */
function gaussNodes(panels: number): { nodes: Float64Array; weight: number } {
  const nodes = new Float64Array(2 * panels);
  const offset = 0.5 / Math.sqrt(3);
  for (let j = 0; j < panels; j++) {
    nodes[2 * j] = (j + 0.5 - offset) / panels;
    nodes[2 * j + 1] = (j + 0.5 + offset) / panels;
  }
  return { nodes, weight: 1 / (2 * panels) };
}

/** The expected loss summed over outputs (not yet averaged over features), given one activity pattern. */
function patternLoss(
  G: number[][],
  b: ArrayLike<number>,
  importance: ArrayLike<number>,
  activation: Activation,
  active: readonly number[],
  nodeBudget: number,
  maxPanels: number,
): number {
  const F = G.length;
  const act = activation === 'relu' ? (v: number) => (v > 0 ? v : 0) : (v: number) => v;
  if (active.length === 0) {
    let loss = 0;
    for (let f = 0; f < F; f++) loss += (importance[f] as number) * act(b[f] as number) ** 2;
    return loss;
  }
  // the last active value is integrated exactly, the others by quadrature
  const q = active[active.length - 1] as number;
  const outer = active.slice(0, -1);
  const d = outer.length;
  const panels = d === 0 ? 1 : Math.min(maxPanels, Math.max(1, Math.floor(nodeBudget ** (1 / d) / 2)));
  const { nodes, weight } = gaussNodes(panels);
  const n = d === 0 ? 1 : nodes.length;
  const combos = n ** d;
  const x = new Float64Array(F); // the outer values of this node (0 for inactive features and for q)
  let total = 0;
  for (let c = 0; c < combos; c++) {
    // the c-th node: digit a of c in base n picks the node of the a-th outer value
    let rest = c;
    for (let a = 0; a < d; a++) {
      x[outer[a] as number] = nodes[rest % n] as number;
      rest = Math.floor(rest / n);
    }
    let loss = 0;
    for (let f = 0; f < F; f++) {
      const Gf = G[f] as number[];
      let pre = b[f] as number;
      for (let a = 0; a < d; a++) pre += (Gf[outer[a] as number] as number) * (x[outer[a] as number] as number);
      loss += (importance[f] as number) * lineIntegral(x[f] as number, f === q ? 1 : 0, pre, Gf[q] as number, activation);
    }
    total += loss;
  }
  return d === 0 ? total : total * weight ** d;
}

/**
 * E[ mean_f I_f (x_f − act(Σ_j x_j W_f·W_j + b_f))² ] over the input distribution: every feature active
 * with its density (per `featureSets` for correlated and anticorrelated sets), active values uniform on
 * [0, 1). The same quantity evalLoss estimates from samples (mean over features).
 *
 * @param W F rows of H numbers
 * @param b [F]
 * @param density [F] the probability p_f that feature f is active (for a set, its first member's counts)
 * @param importance [F]
 */
export function expectedLoss(
  W: Rows,
  b: ArrayLike<number>,
  density: ArrayLike<number>,
  importance: ArrayLike<number>,
  activation: Activation,
  featureSets: readonly FeatureSet[] = [],
  budget: ExpectedLossBudget = EXPECTED_LOSS_BUDGET,
): number {
  const F = W.length;
  if (!expectedLossComputable(F)) throw new RangeError(`expectedLoss: needs 1 to ${EXPECTED_LOSS_MAX_FEATURES} features, got ${F}`);
  if (b.length !== F || density.length !== F || importance.length !== F) {
    throw new RangeError(
      `expectedLoss: b, density and importance need ${F} entries each, got ${b.length}, ${density.length}, ${importance.length}`,
    );
  }
  const G = gram(W);
  let total = 0;
  for (const { active, probability } of activityPatterns(density, featureSets)) {
    const nodeBudget = Math.max(budget.perPattern, probability * budget.total);
    total += probability * patternLoss(G, b, importance, activation, active, nodeBudget, budget.maxPanels);
  }
  return total / F;
}
