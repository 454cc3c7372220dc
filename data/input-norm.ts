// The average input norm E‖x‖₂ at a density, the yardstick the paper sizes its attacks by ("a fraction of
// the average input norm"). It has no closed form (the norm of a sparse vector of uniform values), so it is
// the mean over a large fixed sample: AVERAGE_NORM_SAMPLES inputs drawn like the held-out sets from one
// stream whose seed is a fixed label, the same random numbers for every density and experiment, so the
// value is a deterministic function of the density (its sampling error is about 0.3 % of the norm at
// 1−S = 0.05 and less at higher densities).

import type { FeatureSet } from '../core/types.ts';
import { createPrng, deriveSeed } from './prng.ts';
import { sampleEvalSet } from './synthetic.ts';

/** Inputs the mean is taken over. */
export const AVERAGE_NORM_SAMPLES = 16_384;

const SEED = deriveSeed(0, 'average-input-norm');

/** E‖x‖₂ for inputs with the given density per feature [F] (and the experiment's feature sets). */
export function averageInputNorm(density: ArrayLike<number>, featureSets: readonly FeatureSet[] = []): number {
  const F = density.length;
  if (F === 0) throw new RangeError('averageInputNorm: the density has no features');
  const x = sampleEvalSet([createPrng(SEED)], Float32Array.from(density), AVERAGE_NORM_SAMPLES, F, featureSets);
  let total = 0;
  for (let n = 0; n < AVERAGE_NORM_SAMPLES; n++) {
    let s = 0;
    for (let f = n * F; f < (n + 1) * F; f++) s += (x[f] as number) * (x[f] as number);
    total += Math.sqrt(s);
  }
  return total / AVERAGE_NORM_SAMPLES;
}
