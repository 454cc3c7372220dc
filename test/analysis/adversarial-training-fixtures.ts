// Hand-built adversarial-training sweeps for the tests of analysis/adversarial-training.ts, its claim, its
// figure and its report slots: 4 features in 2 dimensions, every importance 1, one model per (density,
// attack size) as params.yaml trains them (each attack size its own run).

import type { ExperimentAnalysis, ModelAnalysis } from '../../analysis/types.ts';
import { experiment, model } from './fixtures.ts';

/** Every importance 1, as the experiment trains them. */
export const UNIFORM_4 = [1, 1, 1, 1];

/**
 * A model of the sweep at this density trained under attack `attack` (undefined: the model trained without
 * attack, which the plan stores without an attack value), sized by the average input norm or, with
 * `perExample`, by each example's own norm. Each (attack, norm) is its own run, as params.yaml trains them,
 * so that each is its own (run, density) cell.
 */
export function attacked(
  density: number,
  attack: number | undefined,
  W: number[][],
  evalLoss: number,
  opts: { b?: number[]; perExample?: boolean } = {},
): ModelAnalysis {
  const run = attack === undefined ? 0 : Math.round(attack * 1000) + (opts.perExample ? 1 : 0);
  const m = model({ W, density, evalLoss, run, ...(opts.b ? { b: opts.b } : {}) });
  if (attack === undefined) return m;
  return opts.perExample ? { ...m, attack, attackNorm: 'example' } : { ...m, attack };
}

/**
 * A 4 → 2 weight matrix storing φ = ‖W‖²_F/m features per dimension, for φ in [1, 2]: two unit features on
 * the axes and the other two antipodal to them with the lengths that make up the rest (φ = 2: a square).
 */
export function withFeaturesPerDimension(phi: number): number[][] {
  if (phi < 1 || phi > 2) throw new RangeError(`withFeaturesPerDimension: φ = ${phi} is outside [1, 2]`);
  // ‖W‖²_F = 2φ = 2 + r₁² + r₂², filling r₁ first
  const rest = 2 * phi - 2;
  const r1 = Math.sqrt(Math.min(1, rest));
  const r2 = Math.sqrt(Math.max(0, rest - 1));
  return [
    [1, 0],
    [0, 1],
    [-r1, 0],
    [0, -r2],
  ];
}

/**
 * A sweep at one or more densities: `phis[d]` lists φ per attack size of `attacks` (the first undefined: no
 * attack), sized by the average input norm; `perExample[d]`, when given, φ per size of `exampleAttacks`, sized
 * by each example's norm.
 */
export function sweep(
  densities: Record<number, number[]>,
  attacks: ReadonlyArray<number | undefined> = [undefined, 0.1, 0.2, 0.4, 0.6, 0.8],
  perExample: Record<number, number[]> = {},
  exampleAttacks: readonly number[] = [0.2, 0.4, 0.8],
): ExperimentAnalysis {
  const models: ModelAnalysis[] = [];
  for (const [density, phis] of Object.entries(densities)) {
    phis.forEach((phi, k) => models.push(attacked(Number(density), attacks[k], withFeaturesPerDimension(phi), 0.1 + k / 100)));
  }
  for (const [density, phis] of Object.entries(perExample)) {
    phis.forEach((phi, k) =>
      models.push(attacked(Number(density), exampleAttacks[k], withFeaturesPerDimension(phi), 0.2 + k / 100, { perExample: true })),
    );
  }
  return experiment(models, { experiment: 'adversarial-training', importance: UNIFORM_4 });
}
