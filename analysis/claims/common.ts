// What every claim check is built from: the shared thresholds of the intro and 20 → 5 checks (the
// density match of `nearestSelected` reads one of them), the check's type, the choice of the models a
// claim is about, and the way numbers are written into a claim's sentences and `numbers` record — so
// that every family writes a density, a set or a missing value the same way.

import type { Activation } from '../../core/types.ts';
import type { ClaimResult, ClaimStatus, ExperimentAnalysis, ModelAnalysis } from '../types.ts';
import { ORTHOGONAL_SUPERPOSITION, REPRESENTED_NORM } from '../metrics.ts';

/** Every threshold the intro (5 → 2) and 20 → 5 checks use, with the reason it has this value. */
export const TOLERANCES = {
  /** ‖W_i‖ above this = represented (guide, notes for checkers) */
  representedNorm: REPRESENTED_NORM,
  /** Σ_{j≠i}(Ŵ_i·W_j)² below this = orthogonal (guide: the paper's colour goes dark only near 0) */
  orthogonalSuperposition: ORTHOGONAL_SUPERPOSITION,
  /** "≈ 1" for order-one quantities (‖W_i‖, D*): the same 0.1 scale as the orthogonality threshold */
  unit: 0.1,
  /** angular tolerance for 90° / 72° / 180° configurations: the guide's ±10° of the pentagon check */
  angleDeg: 10,
  /** norms of a pentagon's vertices must exceed this (guide's operational pentagon check) */
  pentagonNorm: 0.9,
  /** cos ∠(W_i, W_j) at or below this = an antipodal pair in 20 → 5 (within ~26° of 180°) */
  antipodalCos: -0.9,
  /** |‖W_i‖² + b_i − 1| below this in a pentagon (brief, "say < 0.1") */
  normPlusBias: 0.1,
  /** linear bias ≈ target: |b − target| ≤ relative·s/2 + floor */
  biasRelative: 0.1,
  /** Adam at lr 1e-3 leaves each bias jittering by ~1e-3 around its optimum; allow twice that */
  biasFloor: 0.002,
  /** an off-diagonal WᵀW entry above this counts as positive interference (visible red in the figure) */
  positiveInterference: 0.1,
  /** feature counts: ± this many features at s ≤ sparseDensity (guide, notes for checkers) */
  countSlackSparse: 2,
  sparseDensity: 0.01,
  /** the model compared with a claim's density must be within this factor of it */
  densityFactor: 1.5,
} as const;

export type ClaimCheck = (analysis: ExperimentAnalysis) => ClaimResult | null;

/** A judged claim's status from its rule's outcome. */
export function passOrFail(ok: boolean): ClaimStatus {
  return ok ? 'pass' : 'fail';
}

/**
 * A claim the models of this seed cannot judge: the comparison its rule needs does not exist here (no
 * pentagon whose biases could be measured, no jump to compare the loss at). `reason` says why in one
 * sentence; it counts neither for nor against the claim.
 */
export function notJudged(id: string, expected: string, reason: string, numbers: Record<string, number> = {}): ClaimResult {
  return { id, expected, observed: reason, status: 'not-judged', reason, numbers };
}

/**
 * A check whose rule was changed, run the old way: 'not judged' counted as a failure, as every check did
 * before a claim could be left unjudged (for the report's table of changes to the checks).
 */
export function failWhenNotJudged(check: ClaimCheck): ClaimCheck {
  return (a) => {
    const r = check(a);
    if (r === null || r.status !== 'not-judged') return r;
    const { reason: _reason, ...rest } = r;
    return { ...rest, status: 'fail' };
  };
}

/** Slack for floating-point rounding when a density is compared with a threshold or a log-distance bound. */
export const DENSITY_EPS = 1e-9;

export function hasShape(a: ExperimentAnalysis, shape: { features: number; hidden: number }): boolean {
  return a.features === shape.features && a.hidden === shape.hidden;
}

/** The selected (lowest-loss) model of each cell. */
export function selectedModels(a: ExperimentAnalysis): ModelAnalysis[] {
  const out: ModelAnalysis[] = [];
  for (const k of a.selected) {
    const m = a.models[k];
    if (m !== undefined) out.push(m);
  }
  return out;
}

/**
 * The selected model of this activation whose density is nearest (in log scale) the target, or null
 * when none lies within a factor TOLERANCES.densityFactor of it. Ties → the first.
 */
export function nearestSelected(a: ExperimentAnalysis, activation: Activation, target: number): ModelAnalysis | null {
  let best: ModelAnalysis | null = null;
  let bestDist = Number.POSITIVE_INFINITY;
  for (const m of selectedModels(a)) {
    if (m.activation !== activation || !(m.density > 0)) continue;
    const d = Math.abs(Math.log(m.density / target));
    if (d < bestDist) {
      best = m;
      bestDist = d;
    }
  }
  return best !== null && bestDist <= Math.log(TOLERANCES.densityFactor) + DENSITY_EPS ? best : null;
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** 0.1234 → "0.123"; used for numbers in sentences. */
export function f(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/** A density written for keys and sentences: 0.18898… → "0.189". */
export function s(d: number): string {
  return String(Number(d.toPrecision(3)));
}

/** {0,1,2} written compactly. */
export function set(ix: readonly number[]): string {
  return `{${ix.join(',')}}`;
}

/** numbers[key] = v, left out when v is not finite (JSON has no NaN or Infinity). */
export function put(numbers: Record<string, number>, key: string, v: number): void {
  if (Number.isFinite(v)) numbers[key] = v;
}

/** `numbers` plus those entries of `maybe` that are finite. */
export function withFinite(numbers: Record<string, number>, maybe: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(maybe)) put(numbers, k, v);
  return numbers;
}
