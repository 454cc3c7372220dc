// The held-out evaluation samples of one planned model. They are a deterministic function of the plan
// (the instance's eval seed, its densities and the experiment's feature sets), so they are drawn where
// they are used instead of being stored: a stored set grows with models × samples × features (gigabytes
// for the 20 → 5 restarts) and holds nothing the plan does not already determine.

import { instanceDensity, type PlannedInstance, type TrainingPlan } from './plan.ts';
import { createPrng } from './prng.ts';
import { sampleEvalSet } from './synthetic.ts';

/** `plan.evalSamples` samples, [samples, F], drawn from the instance's own held-out stream at its densities. */
export function drawHeldOut(plan: Pick<TrainingPlan, 'features' | 'evalSamples' | 'featureSets'>, instance: PlannedInstance): Float32Array {
  const F = plan.features;
  return sampleEvalSet(
    [createPrng(instance.evalSeed)],
    Float32Array.from(instanceDensity(plan, instance)),
    plan.evalSamples,
    F,
    plan.featureSets,
  );
}
