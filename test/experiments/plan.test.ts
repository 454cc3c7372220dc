import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { declaredNames } from '../../stages/declarations.ts';
import { parseParams, type ExperimentParams, type RecipeParams } from '../../experiments/params.ts';
import { drawHeldOut } from '../../data/held-out.ts';
import { averageInputNorm } from '../../data/input-norm.ts';
import { modelTrainingGroupOf } from '../../data/plan.ts';
import { buildPlan } from '../../experiments/plan.ts';
import { MODEL_CATALOG } from '../core/models/family.ts';

/** the experiments that have a module (derived from the folder, as the pipeline does) */
const EXPERIMENT_IDS = declaredNames('experiment');

const seedRecipe: RecipeParams = {
  optimizer: 'adam',
  lr: 0.01,
  weight_decay: 0,
  steps: 10,
  batch: 8,
  init: 'randn',
  bias_init: 'randn',
  mask: 'per_batch',
  loss: 'sum',
};

function experiment(overrides: Partial<RecipeParams>): ExperimentParams {
  return {
    features: 2,
    hidden: 1,
    importance_decay: 1,
    eval_samples: 4,
    runs: [{ recipe: 'seed', activation: 'relu', densities: [1, 0.1], extra_importance: [0.5, 2], restarts: 2, ...overrides }],
  };
}

describe('buildPlan initial weights', () => {
  it('scales the randn W and b by init_scale and bias_scale, from the same draws', () => {
    const plain = buildPlan('x', experiment({}), { recipes: { seed: seedRecipe } }, 7, MODEL_CATALOG).groups[0]!;
    const scaled = buildPlan('x', experiment({ init_scale: 1.5, bias_scale: 0.5 }), { recipes: { seed: seedRecipe } }, 7, MODEL_CATALOG)
      .groups[0]!;
    // 2 densities × 2 importances × 2 restarts × F·H = 2
    expect(scaled.params0['W']!).toHaveLength(16);
    // the same normal draws, rounded to float32 once after scaling
    scaled.params0['W']!.forEach((w, k) => expect(w / (plain.params0['W']![k] as number)).toBeCloseTo(1.5, 6));
    scaled.params0['b']!.forEach((b, k) => expect(b / (plain.params0['b']![k] as number)).toBeCloseTo(0.5, 6));
  });

  it('draws exactly the same weights with a scale of 1 as without one', () => {
    const plain = buildPlan('x', experiment({}), { recipes: { seed: seedRecipe } }, 7, MODEL_CATALOG);
    const one = buildPlan('x', experiment({ init_scale: 1, bias_scale: 1 }), { recipes: { seed: seedRecipe } }, 7, MODEL_CATALOG);
    expect(one.groups[0]!.params0['W']!).toEqual(plain.groups[0]!.params0['W']!);
    expect(one.groups[0]!.params0['b']!).toEqual(plain.groups[0]!.params0['b']!);
  });
});

const recipe: RecipeParams = {
  optimizer: 'adamw',
  lr: 1e-3,
  weight_decay: 0.01,
  steps: 10,
  batch: 8,
  init: 'xavier_normal',
  bias_init: 'zero',
  mask: 'per_element',
  loss: 'mean',
};
const base: ExperimentParams = {
  features: 4,
  hidden: 2,
  importance_decay: 1,
  eval_samples: 4000,
  runs: [{ recipe: 'notebook', activation: 'relu', densities: [0.5], restarts: 1 }],
};

describe('generate with feature sets', () => {
  it('carries the sets into the plan only when the experiment declares some', () => {
    const plain = buildPlan('x', base, { recipes: { notebook: recipe } }, 1, MODEL_CATALOG);
    expect('featureSets' in plain).toBe(false);
    const sets = [
      { kind: 'anticorrelated' as const, features: [0, 1] },
      { kind: 'correlated' as const, features: [2, 3] },
    ];
    const withSets = buildPlan('x', { ...base, feature_sets: sets }, { recipes: { notebook: recipe } }, 1, MODEL_CATALOG);
    expect(withSets.featureSets).toEqual(sets);
    // the sets change the data, not the weights or seeds
    expect({ ...withSets, featureSets: undefined }).toEqual({ ...plain, featureSets: undefined });
  });

  it('draws the held-out set with the sets: anticorrelated partners never together, correlated ones always', () => {
    const plan = buildPlan(
      'x',
      {
        ...base,
        feature_sets: [
          { kind: 'anticorrelated', features: [0, 1] },
          { kind: 'correlated', features: [2, 3] },
        ],
      },
      { recipes: { notebook: recipe } },
      1,
      MODEL_CATALOG,
    );
    const x = drawHeldOut(plan, plan.groups[0]!.instances[0]!);
    let anyAnti = 0;
    for (let e = 0; e < plan.evalSamples; e++) {
      const r = x.subarray(e * 4, e * 4 + 4);
      expect(r[0] !== 0 && r[1] !== 0).toBe(false);
      expect(r[2] !== 0).toBe(r[3] !== 0);
      if (r[0] !== 0 || r[1] !== 0) anyAnti++;
    }
    // P(set active) = 1/2 over 4000 samples: within 5 binomial s.d.
    expect(Math.abs(anyAnti / plan.evalSamples - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / plan.evalSamples));
  });
});

const params = parseParams(parse(readFileSync(new URL('../../params.yaml', import.meta.url), 'utf8')), 'params.yaml', EXPERIMENT_IDS);

describe('buildPlan: models', () => {
  const withModel = (run: Record<string, unknown>): ExperimentParams => {
    const e = experiment({});
    const { activation: _, ...rest } = e.runs[0]!;
    return { ...e, runs: [{ ...rest, ...run }] };
  };
  const plan = (run: Record<string, unknown>) =>
    buildPlan('x', withModel(run), { recipes: { seed: seedRecipe } }, 7, MODEL_CATALOG).groups[0]!;

  it("names each group's model and its output activation; the activation shorthand is the paper's first two models", () => {
    expect(plan({ activation: 'relu' })).toMatchObject({ model: 'relu-output', activation: 'relu' });
    expect(plan({ activation: 'linear' })).toMatchObject({ model: 'linear-output', activation: 'linear' });
    expect(plan({ model: 'untied-abs' })).toMatchObject({ model: 'untied-abs', activation: 'relu' });
    expect(plan({ model: 'relu-hidden' }).l1).toBeUndefined();
    expect(plan({ model: 'relu-hidden', l1: 0.01 }).l1).toBe(0.01);
  });

  it("draws every parameter in its definition's order from the model's one init stream", () => {
    const tied = plan({ model: 'relu-output' }).params0;
    const untied = plan({ model: 'untied-abs' }).params0;
    expect(Object.keys(tied)).toEqual(['W', 'b']);
    expect(Object.keys(untied)).toEqual(['W1', 'W2', 'b']);
    // 8 models × F·H = 2: per model, W1 takes the draws the tied W takes, W2 the next F·H, b (randn) the next F
    expect(untied['W1']).toHaveLength(16);
    for (let m = 0; m < 8; m++) expect(untied['W1']!.slice(2 * m, 2 * m + 2)).toEqual(tied['W']!.slice(2 * m, 2 * m + 2));
    expect(untied['W2']).not.toEqual(untied['W1']);
    expect(untied['b']).toHaveLength(16);
  });
});

describe('buildPlan: adversarial training', () => {
  const attacked: ExperimentParams = {
    features: 6,
    hidden: 2,
    importance_decay: 1,
    eval_samples: 4,
    runs: [
      { recipe: 'seed', activation: 'relu', densities: [0.5, 0.1], restarts: 2 },
      { recipe: 'seed', activation: 'relu', attack: 0.25, densities: [0.5, 0.1], restarts: 2 },
    ],
  };
  const plan = buildPlan('x', attacked, { recipes: { seed: seedRecipe } }, 7, MODEL_CATALOG);

  it('sizes each instance’s attack as the fraction of the average input norm at its density, with its own stream seed', () => {
    const [clean, hit] = plan.groups;
    expect(clean!.attack).toBeUndefined();
    expect(clean!.instances.every((inst) => inst.attackEpsilon === undefined && inst.attackSeed === undefined)).toBe(true);
    expect(hit!.attack).toBe(0.25);
    for (const inst of hit!.instances) expect(inst.attackEpsilon).toBe(0.25 * averageInputNorm(new Array<number>(6).fill(inst.density)));
    // sparser inputs have a smaller norm, so a smaller attack
    expect(hit!.instances[0]!.attackEpsilon!).toBeGreaterThan(hit!.instances[2]!.attackEpsilon!);
    expect(new Set(hit!.instances.map((inst) => inst.attackSeed)).size).toBe(4);
  });

  it('keeps the fraction itself as ε when each example is attacked by a share of its own norm', () => {
    const perExample = { ...attacked, runs: [{ ...attacked.runs[1]!, attack_norm: 'example' as const }] };
    const group = buildPlan('x', perExample, { recipes: { seed: seedRecipe } }, 7, MODEL_CATALOG).groups[0]!;
    expect(group.attackNorm).toBe('example');
    expect(group.instances.map((inst) => inst.attackEpsilon)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(modelTrainingGroupOf(plan, group, MODEL_CATALOG.get('relu-output')!).attack!.perExample).toBe(true);
    expect(modelTrainingGroupOf(plan, plan.groups[1]!, MODEL_CATALOG.get('relu-output')!).attack!.perExample).toBe(false);
  });

  it('hands the trainers ε and the seeds per instance', () => {
    const group = plan.groups[1]!;
    const training = modelTrainingGroupOf(plan, group, MODEL_CATALOG.get('relu-output')!);
    expect(Array.from(training.attack!.epsilon)).toEqual(group.instances.map((inst) => Math.fround(inst.attackEpsilon!)));
    expect(Array.from(training.attack!.seeds)).toEqual(group.instances.map((inst) => inst.attackSeed));
    expect(modelTrainingGroupOf(plan, plan.groups[0]!, MODEL_CATALOG.get('relu-output')!).attack).toBeUndefined();
  });
});

describe('buildPlan: snapshots', () => {
  it('carries snapshot_every into the plan of the runs that set it, and nowhere else', () => {
    const dynamics = buildPlan('dynamics', params.experiments['dynamics']!, params, 1, MODEL_CATALOG);
    expect(dynamics.groups.map((g) => g.snapshotEvery)).toEqual([50]);
    const uniform = buildPlan('uniform', params.experiments['uniform']!, params, 1, MODEL_CATALOG);
    // absent, not undefined-valued: the plans of runs without snapshots keep their bytes
    expect(uniform.groups.every((g) => !('snapshotEvery' in g))).toBe(true);
    expect(JSON.stringify(uniform)).not.toContain('snapshotEvery');
  });
});

const pentagonRaw = {
  base_seeds: [7],
  verdict_threshold: 0.8,
  backend: 'auto',
  engine: 'auto',
  recipes: {
    notebook: { ...recipe },
  },
  experiments: {
    pentagon: {
      features: 5,
      hidden: 2,
      importance_decay: 1,
      eval_samples: 20000,
      runs: [{ recipe: 'notebook', activation: 'relu', densities: [0.1], extra_relative_density: [0.5, 2], restarts: 3 }],
    },
  },
};

describe('buildPlan with extra_relative_density', () => {
  const params = parseParams(pentagonRaw, 'params.yaml', ['pentagon']);
  const plan = buildPlan('pentagon', params.experiments['pentagon']!, params, 7, MODEL_CATALOG);
  const instances = plan.groups[0]!.instances;

  it('crosses densities × ρ × restarts, scaling only the last feature’s density', () => {
    expect(instances).toHaveLength(6);
    expect(instances.map((i) => i.featureDensity)).toEqual([
      ...Array(3).fill([0.1, 0.1, 0.1, 0.1, 0.05]),
      ...Array(3).fill([0.1, 0.1, 0.1, 0.1, 0.2]),
    ]);
    expect(instances.every((i) => i.density === 0.1)).toBe(true);
    // the notebook's init std over the (density, ρ) instance axis: √(2 / (H·(F + 2)))
    const W0 = plan.groups[0]!.params0['W']!;
    const std = Math.sqrt(W0.reduce((a, w) => a + w * w, 0) / W0.length);
    expect(std).toBeGreaterThan(0.5 * Math.sqrt(2 / (2 * 7)));
    expect(std).toBeLessThan(1.5 * Math.sqrt(2 / (2 * 7)));
  });

  it('scales a random initial bias by bias_scale in a run with relative densities too', () => {
    const withBias = (scale?: number) => {
      const raw = structuredClone(pentagonRaw) as typeof pentagonRaw;
      Object.assign(raw.experiments.pentagon.runs[0]!, { bias_init: 'randn', ...(scale !== undefined ? { bias_scale: scale } : {}) });
      const p = parseParams(raw, 'params.yaml', ['pentagon']);
      return buildPlan('pentagon', p.experiments['pentagon']!, p, 7, MODEL_CATALOG).groups[0]!.params0['b']!;
    };
    const plain = withBias();
    withBias(0.5).forEach((b, k) => expect(b / (plain[k] as number)).toBeCloseTo(0.5, 6));
  });

  it('gives every restart its own data stream but one held-out stream per (density, ρ) cell', () => {
    expect(new Set(instances.map((i) => i.dataSeed)).size).toBe(6);
    expect(new Set(instances.slice(0, 3).map((i) => i.evalSeed)).size).toBe(1);
    expect(instances[0]!.evalSeed).not.toBe(instances[3]!.evalSeed);
  });

  it('draws held-out samples at each feature’s own density, identical within a cell', () => {
    const F = 5;
    const N = plan.evalSamples;
    const x = plan.groups[0]!.instances.map((inst) => drawHeldOut(plan, inst));
    const rate = (inst: number, f: number): number => {
      let n = 0;
      for (let s = 0; s < N; s++) if (x[inst]![s * F + f] !== 0) n++;
      return n / N;
    };
    // 20,000 samples: standard error ≤ 0.003 for these rates
    expect(rate(0, 0)).toBeCloseTo(0.1, 1);
    expect(Math.abs(rate(0, 4) - 0.05)).toBeLessThan(0.01);
    expect(Math.abs(rate(3, 4) - 0.2)).toBeLessThan(0.015);
    expect(x[0]).toEqual(x[1]);
    expect(x[0]).not.toEqual(x[3]);
  });

  it('leaves a run without it as before: no per-feature densities or shared held-out streams', () => {
    const plain = structuredClone(pentagonRaw);
    delete (plain.experiments.pentagon.runs[0] as Record<string, unknown>)['extra_relative_density'];
    const p = parseParams(plain, 'params.yaml', ['pentagon']);
    const insts = buildPlan('pentagon', p.experiments['pentagon']!, p, 7, MODEL_CATALOG).groups[0]!.instances;
    expect(insts.map((i) => Object.keys(i).sort())).toEqual(Array(3).fill(['dataSeed', 'density', 'evalSeed', 'index', 'replica']));
    expect(new Set(insts.map((i) => i.evalSeed)).size).toBe(3);
  });
});
