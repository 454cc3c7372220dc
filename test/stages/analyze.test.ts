import { describe, expect, it } from 'vitest';
import { RAISED_EVAL_SAMPLES } from '../../analysis/claims.ts';
import type { PlannedGroup, TrainedWeights, TrainingPlan } from '../../data/plan.ts';
import { analyzeExperiment } from '../../stages/analyze.ts';
import { MODEL_CATALOG } from '../core/models/family.ts';

/** One 1 → 1 ReLU model, W = 2, b = 0, in an experiment of the given id with `samples` held-out samples. */
function single(experiment: string, samples: number): { plan: TrainingPlan; weights: TrainedWeights } {
  const group: PlannedGroup = {
    run: 0,
    recipe: 'notebook',
    model: 'relu-output',
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
    params0: { W: [0], b: [0] },
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
    const [m] = analyzeExperiment(plan, weights, MODEL_CATALOG, () => x).models;
    expect(m?.evalLoss).toBeCloseTo(18 / (prior + 2), 12);
    expect(m?.priorEvalLoss).toBe(0);
  });

  it('keeps no second loss for an experiment whose sample was never enlarged', () => {
    const { plan, weights } = single('intro', 4);
    const [m] = analyzeExperiment(plan, weights, MODEL_CATALOG, () => new Float32Array([0, 1, 0, 1])).models;
    expect(m?.evalLoss).toBeCloseTo(18 / 4, 12);
    expect(m && 'priorEvalLoss' in m).toBe(false);
  });

  it('evaluates a model other than the tied one through its definition: a hidden ReLU that cuts off a negative W', () => {
    // x = 1, W = −1, b = 2: the tied model outputs ReLU(1·(−1)·(−1) + 2) = 3 (error 4); with the hidden
    // ReLU, h = ReLU(−1) = 0 and the output is ReLU(2) = 2 (error 1)
    const { plan, weights } = single('intro', 1);
    weights.groups[0]!.W = [-1];
    weights.groups[0]!.b = [2];
    const tied = analyzeExperiment(plan, weights, MODEL_CATALOG, () => new Float32Array([1])).models[0]!;
    expect(tied.evalLoss).toBeCloseTo(4, 12);
    expect(tied.model).toBeUndefined();
    plan.groups[0]!.model = 'relu-hidden';
    const hidden = analyzeExperiment(plan, weights, MODEL_CATALOG, () => new Float32Array([1])).models[0]!;
    expect(hidden.evalLoss).toBeCloseTo(1, 12);
    expect(hidden.model).toBe('relu-hidden');
    // no exact expected loss for it: restarts are ranked on the held-out sample
    expect(analyzeExperiment(plan, weights, MODEL_CATALOG, () => new Float32Array([1])).ranking).toBe('held-out');
  });

  it('evaluates the untied |x| model on signed held-out inputs against |x|, with W its encoder W1', () => {
    // held-out u = 0.25 → x = 2·0.25 − 1 = −0.5; W1 = −1, W2 = 2, b = 0: h = ReLU(0.5) = 0.5, y = ReLU(1) = 1,
    // target |x| = 0.5, error 0.25; the zero sample stays 0 (error 0). Mean over 2 samples: 0.125
    const { plan, weights } = single('intro', 2);
    plan.groups[0]!.model = 'untied-abs';
    plan.groups[0]!.params0 = { W1: [0], W2: [0], b: [0] };
    weights.groups[0] = { run: 0, W: [-1], b: [0], params: { W1: [-1], W2: [2], b: [0] }, lossSteps: [1], lossCurve: [0] };
    const m = analyzeExperiment(plan, weights, MODEL_CATALOG, () => new Float32Array([0.25, 0])).models[0]!;
    expect(m.evalLoss).toBeCloseTo(0.125, 12);
    expect(m.W).toEqual([[-1]]);
    expect(m.model).toBe('untied-abs');
  });
});
