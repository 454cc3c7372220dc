import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../stages/generate.ts';
import type { ExperimentParams, RecipeParams } from '../../experiments/params.ts';

const seedRecipe: RecipeParams = {
  optimizer: 'adam', lr: 0.01, weight_decay: 0, steps: 10, batch: 8, init: 'randn', bias_init: 'randn', mask: 'per_batch', loss: 'sum',
};

function experiment(overrides: Partial<RecipeParams>): ExperimentParams {
  return {
    features: 2,
    hidden: 1,
    importance_decay: 1,
    eval_samples: 4,
    runs: [{ recipe: 'seed', activation: 'relu', densities: [1, 0.1], extra_importance: [0.5, 2], seeds: 2, ...overrides }],
  };
}

describe('buildPlan initial weights', () => {
  it('scales the randn W and b by init_scale and bias_scale, from the same draws', () => {
    const plain = buildPlan('x', experiment({}), { recipes: { seed: seedRecipe } }, 7).groups[0]!;
    const scaled = buildPlan('x', experiment({ init_scale: 1.5, bias_scale: 0.5 }), { recipes: { seed: seedRecipe } }, 7).groups[0]!;
    // 2 densities × 2 importances × 2 seeds × F·H = 2
    expect(scaled.W0).toHaveLength(16);
    // the same normal draws, rounded to float32 once after scaling
    scaled.W0.forEach((w, k) => expect(w / (plain.W0[k] as number)).toBeCloseTo(1.5, 6));
    scaled.b0.forEach((b, k) => expect(b / (plain.b0[k] as number)).toBeCloseTo(0.5, 6));
  });

  it('draws exactly the same weights with a scale of 1 as without one', () => {
    const plain = buildPlan('x', experiment({}), { recipes: { seed: seedRecipe } }, 7);
    const one = buildPlan('x', experiment({ init_scale: 1, bias_scale: 1 }), { recipes: { seed: seedRecipe } }, 7);
    expect(one.groups[0]!.W0).toEqual(plain.groups[0]!.W0);
    expect(one.groups[0]!.b0).toEqual(plain.groups[0]!.b0);
  });
});
