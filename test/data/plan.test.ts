// The plan's hand-off to the trainers (data/plan.ts): a planned group's training settings reach both kinds
// of trainer input unchanged, each model's parameters come from its own planned values, and the
// per-instance tables are laid out [I, F] in instance order.
import { describe, expect, it } from 'vitest';
import { trainingSettingsOf } from '../../core/types.ts';
import { modelTrainingGroupOf, trainingGroupOf, type TrainingPlan } from '../../data/plan.ts';
import { buildPlan } from '../../experiments/plan.ts';
import type { ExperimentParams, RecipeParams } from '../../experiments/params.ts';
import { MODEL_CATALOG } from '../core/models/family.ts';

const recipe: RecipeParams = {
  optimizer: 'adam',
  lr: 0.02,
  weight_decay: 0,
  steps: 1000,
  batch: 16,
  init: 'randn',
  bias_init: 'randn',
  mask: 'per_batch',
  loss: 'sum',
};

function plan(run: Record<string, unknown>): TrainingPlan {
  const experiment: ExperimentParams = {
    features: 3,
    hidden: 2,
    importance_decay: 0.5,
    eval_samples: 4,
    runs: [{ recipe: 'r', densities: [1, 0.25], restarts: 1, extra_relative_density: [0.5, 0.25], ...run }],
  };
  return buildPlan('x', experiment, { recipes: { r: recipe } }, 3, MODEL_CATALOG);
}

describe('the plan as the trainers take it', () => {
  it("hands a group's training settings, drawn up once from its recipe, to both kinds of trainer input unchanged", () => {
    const p = plan({ activation: 'relu' });
    const g = p.groups[0]!;
    // Adam without weight decay, the loss recorded every 1000 / 200 = 5 steps
    expect(trainingSettingsOf(g)).toEqual({
      optimizer: { kind: 'adam', lr: 0.02, weightDecay: 0, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 },
      steps: 1000,
      batch: 16,
      mask: 'per_batch',
      loss: 'sum',
      logEvery: 5,
    });
    const model = MODEL_CATALOG.get('relu-output')!;
    expect(trainingSettingsOf(trainingGroupOf(p, g, model))).toEqual(trainingSettingsOf(g));
    expect(trainingSettingsOf(modelTrainingGroupOf(p, g, model))).toEqual(trainingSettingsOf(g));
  });

  it("gives each trainer the model's planned parameters and the instances' densities [I, F] in order", () => {
    const p = plan({ model: 'untied-abs', l1: 0.25 });
    const g = p.groups[0]!;
    const group = modelTrainingGroupOf(p, g, MODEL_CATALOG.get('untied-abs')!);
    expect(group.options).toEqual({ l1: 0.25 });
    for (const name of ['W1', 'W2', 'b']) expect(Array.from(group.params0[name]!)).toEqual(g.params0[name]);
    // densities 1 and 0.25, each × ρ ∈ {0.5, 0.25} on the last feature
    expect(Array.from(group.density)).toEqual([1, 1, 0.5, 1, 1, 0.25, 0.25, 0.25, 0.125, 0.25, 0.25, 0.0625]);
    expect(() => modelTrainingGroupOf(p, g, MODEL_CATALOG.get('relu-hidden')!)).toThrow('plan: run 0 trains untied-abs, not relu-hidden');
    // the tied trainers take the encoder and bias as W0 and b0
    const tied = plan({ activation: 'linear' });
    const t = trainingGroupOf(tied, tied.groups[0]!, MODEL_CATALOG.get('linear-output')!);
    expect(t.activation).toBe('linear');
    expect(Array.from(t.W0)).toEqual(tied.groups[0]!.params0['W']);
    expect(Array.from(t.b0)).toEqual(tied.groups[0]!.params0['b']);
  });
});
