// Learning dynamics (paper §"Learning dynamics", guide §1.6): how each feature's dimensionality D_i
// moves during training, read from weight snapshots. Pure functions on plain arrays:
//   - D_i(t) at every snapshot, with metrics.ts's `dimensionality` (the same code as the final models);
//   - jumps: a feature's D_i changing by at least JUMP.threshold within JUMP.windowFraction of the run;
//   - the held-out loss drop per snapshot interval inside jumps and elsewhere;
//   - which trained model to show, by a rule fixed before training (showcaseModel).
// Nothing here knows the experiment's size, so a 6 → 3 run goes through the same code.

import { nearestFraction } from './geometry.ts';
import { dimensionality, type Rows } from './metrics.ts';
import type { DimensionalityJump, LossDropComparison, ModelDynamics } from './types.ts';

/**
 * The jump definition, fixed before the experiment's models were trained (after one pilot run on other
 * seeds that showed D_i moving from its initial ~0.15 to 1/2 or 0 over a few hundred to a thousand steps).
 */
export const JUMP = {
  /**
   * a jump changes D_i by at least this: more than the 0.1 between 1/2 and 2/5, so that a feature
   * settling on a level does not count, and less than the 1/6 between 1/2 and 2/3, the smallest step
   * between two of the levels 1, 2/3, 1/2 and 0
   */
  threshold: 0.15,
  /** … within this fraction of the run's steps (500 of 10,000): a move, not a drift over the whole run */
  windowFraction: 0.05,
} as const;

/** The tolerance at which a final D_i counts as lying on a fraction (the uniform checks' ±0.03). */
export const FINAL_FRACTION_TOLERANCE = 0.03;

/** D_i of every feature at every snapshot: one row of F values per snapshot. */
export function dimensionalityOverTraining(snapshots: ReadonlyArray<Rows>): number[][] {
  return snapshots.map((W) => dimensionality(W));
}

/**
 * The jumps of every feature. Per feature, scanning forward from snapshot t: the first later snapshot u
 * within `windowSteps` steps of t with |D(u) − D(t)| ≥ threshold ends a jump from t to u, and the scan
 * goes on from u (one feature's jumps never overlap); with none, the scan moves to t + 1. Sorted by
 * end step, then feature.
 */
export function detectJumps(
  steps: readonly number[],
  dims: ReadonlyArray<readonly number[]>,
  loss: readonly number[],
  threshold: number,
  windowSteps: number,
): DimensionalityJump[] {
  const T = steps.length;
  if (dims.length !== T || loss.length !== T)
    throw new RangeError(`detectJumps: ${T} steps, ${dims.length} dimensionality rows, ${loss.length} losses`);
  const F = T > 0 ? (dims[0] as readonly number[]).length : 0;
  const D = (t: number, f: number): number => (dims[t] as readonly number[])[f] as number;
  const jumps: DimensionalityJump[] = [];
  for (let f = 0; f < F; f++) {
    let t = 0;
    while (t < T - 1) {
      let end = -1;
      for (let u = t + 1; u < T && (steps[u] as number) - (steps[t] as number) <= windowSteps; u++) {
        if (Math.abs(D(u, f) - D(t, f)) >= threshold) {
          end = u;
          break;
        }
      }
      if (end < 0) {
        t += 1;
        continue;
      }
      jumps.push({
        feature: f,
        from: t,
        to: end,
        fromStep: steps[t] as number,
        toStep: steps[end] as number,
        fromD: D(t, f),
        toD: D(end, f),
        lossFrom: loss[t] as number,
        lossTo: loss[end] as number,
      });
      t = end;
    }
  }
  return jumps.sort((a, b) => a.toStep - b.toStep || a.feature - b.feature);
}

/** For each of the T − 1 snapshot intervals [t, t+1]: whether some jump spans it. */
export function jumpIntervals(T: number, jumps: readonly DimensionalityJump[]): boolean[] {
  const inside = new Array<boolean>(Math.max(0, T - 1)).fill(false);
  for (const j of jumps) for (let t = j.from; t < j.to; t++) inside[t] = true;
  return inside;
}

function meanDrop(loss: readonly number[], intervals: readonly number[]): number {
  if (intervals.length === 0) return Number.NaN;
  let s = 0;
  for (const t of intervals) s += (loss[t] as number) - (loss[t + 1] as number);
  return s / intervals.length;
}

/**
 * Mean loss drop L(t) − L(t+1) per snapshot interval inside jumps, in all other intervals, and in the
 * other intervals between the first jump's start and the last jump's end (the same stage of training,
 * without the steep initial fall of the loss that comes before any feature moves).
 */
export function compareLossDrops(loss: readonly number[], jumps: readonly DimensionalityJump[]): LossDropComparison {
  const inside = jumpIntervals(loss.length, jumps);
  const inJump: number[] = [];
  const other: number[] = [];
  inside.forEach((j, t) => (j ? inJump : other).push(t));
  const first = jumps.length > 0 ? Math.min(...jumps.map((j) => j.from)) : 0;
  const last = jumps.length > 0 ? Math.max(...jumps.map((j) => j.to)) : 0;
  const period = other.filter((t) => t >= first && t < last);
  return {
    jumpIntervals: inJump.length,
    jumpMeanDrop: meanDrop(loss, inJump),
    otherIntervals: other.length,
    otherMeanDrop: meanDrop(loss, other),
    periodOtherIntervals: period.length,
    periodOtherMeanDrop: meanDrop(loss, period),
  };
}

/** The dynamics of one model from its snapshots' weights (rows per snapshot) and held-out losses. */
export function modelDynamics(
  model: number,
  steps: readonly number[],
  snapshots: ReadonlyArray<Rows>,
  loss: readonly number[],
): ModelDynamics {
  if (snapshots.length !== steps.length) throw new RangeError(`modelDynamics: ${steps.length} steps, ${snapshots.length} snapshots`);
  const dims = dimensionalityOverTraining(snapshots);
  const runSteps = steps.length > 0 ? (steps[steps.length - 1] as number) : 0;
  const jumps = detectJumps(steps, dims, loss, JUMP.threshold, JUMP.windowFraction * runSteps);
  return { model, steps: [...steps], dimensionality: dims, loss: [...loss], jumps, lossDrops: compareLossDrops(loss, jumps) };
}

/** How many of the final D_i lie within the tolerance of 1/2 (an antipodal pair, a digon). */
export function finalDigons(d: ModelDynamics, tolerance = FINAL_FRACTION_TOLERANCE): number {
  const last = d.dimensionality[d.dimensionality.length - 1] ?? [];
  return last.filter((v) => nearestFraction(v, tolerance, [{ value: 0.5 }]) === 0).length;
}

/**
 * The model to show, by a rule fixed before training: the one whose final features are most nearly all
 * digons (the most final D_i within ±0.03 of 1/2), ties to the lowest held-out loss, then the first.
 * Returns an index into `models`, −1 when there is none.
 */
export function showcaseModel(models: readonly ModelDynamics[], evalLoss: (model: number) => number): number {
  let best = -1;
  for (let k = 0; k < models.length; k++) {
    if (best < 0) {
      best = k;
      continue;
    }
    const a = models[k] as ModelDynamics;
    const b = models[best] as ModelDynamics;
    const da = finalDigons(a);
    const db = finalDigons(b);
    if (da > db || (da === db && evalLoss(a.model) < evalLoss(b.model))) best = k;
  }
  return best;
}
