import { describe, expect, it } from 'vitest';
import { RAISED_EVAL_SAMPLES } from '../../analysis/claims.ts';
import type { PlannedGroup, TrainedWeights, TrainingPlan } from '../../data/plan.ts';
import { analyzeExperiment } from '../../stages/analyze.ts';

/** One 1 → 1 ReLU model, W = 2, b = 0, in an experiment of the given id with `samples` held-out samples. */
function single(experiment: string, samples: number): { plan: TrainingPlan; weights: TrainedWeights } {
  const group: PlannedGroup = {
    run: 0,
    recipe: 'notebook',
    activation: 'relu',
    optimizer: { kind: 'adamw', lr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 },
    steps: 1,
    batch: 1,
    mask: 'per_element',
    loss: 'mean',
    logEvery: 1,
    init: 'xavier_normal',
    biasInit: 'zeros',
    instances: [{ index: 0, density: 0.5, replica: 0, dataSeed: 1, evalSeed: 2 }],
    W0: [0],
    b0: [0],
  };
  return {
    plan: { experiment, features: 1, hidden: 1, importance: [1], evalSamples: samples, groups: [group] },
    weights: { experiment, backend: 'cpu', engine: 'fused', groups: [{ run: 0, W: [2], b: [0], lossSteps: [1], lossCurve: [0] }] },
  };
}

describe('analyzeExperiment', () => {
  it('keeps the loss on the old, first samples where the held-out sample was enlarged', () => {
    const prior = RAISED_EVAL_SAMPLES['superposition']!;
    // the old samples are all zero (output ReLU(0) = 0, no loss); the two added ones are 1 (output 2·2 = 4, error 3² = 9)
    const x = new Float32Array(prior + 2);
    x[prior] = 1;
    x[prior + 1] = 1;
    const { plan, weights } = single('superposition', prior + 2);
    const [m] = analyzeExperiment(plan, weights, () => x).models;
    expect(m?.evalLoss).toBeCloseTo(18 / (prior + 2), 12);
    expect(m?.priorEvalLoss).toBe(0);
  });

  it('keeps no second loss for an experiment whose sample was never enlarged', () => {
    const { plan, weights } = single('intro', 4);
    const [m] = analyzeExperiment(plan, weights, () => new Float32Array([0, 1, 0, 1])).models;
    expect(m?.evalLoss).toBeCloseTo(18 / 4, 12);
    expect(m && 'priorEvalLoss' in m).toBe(false);
  });
});
