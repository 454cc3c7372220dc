import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { declaredNames } from '../../stages/declarations.ts';
import {
  densityList,
  experimentModelKeys,
  initialSpread,
  optimizerConfig,
  parseParams,
  relativeDensityList,
  resolveRecipe,
} from '../../experiments/params.ts';
import { seedsOf } from '../../stages/items.ts';

/** the experiments that have a module (derived from the folder, as the pipeline does) */
const EXPERIMENT_IDS = declaredNames('experiment');

const committed = parse(readFileSync(new URL('../../params.yaml', import.meta.url), 'utf8')) as Record<string, any>;

function withChange(change: (p: Record<string, any>) => void): unknown {
  const copy = structuredClone(committed);
  change(copy);
  return copy;
}

const check = (raw: unknown) => () => parseParams(raw, 'params.yaml', EXPERIMENT_IDS);

describe('params.yaml validation', () => {
  it('accepts the committed file', () => {
    const params = parseParams(committed, 'params.yaml', EXPERIMENT_IDS);
    expect(Object.keys(params.experiments)).toEqual([
      'intro',
      'superposition',
      'superposition-80-20',
      'seed-intro',
      'seed-superposition',
      'uniform',
      'uniform-paper',
      'uniform-small',
      'adversarial-training',
      'phase-n2m1',
      'seed-phase-n2m1',
      'phase-n3m2',
      'nonuniform-pentagon',
      'nonuniform-crossing',
      'correlated-pairs',
      'anticorrelated-pairs',
      'correlated-collapse',
      'correlated-local',
      'dynamics',
      'dynamics-correlated',
      'privileged-basis',
      'abs-demo',
      'abs-sweep',
      'l1-penalty',
    ]);
    expect(params.experiments['anticorrelated-pairs']?.feature_sets).toEqual([
      { kind: 'anticorrelated', features: [0, 1] },
      { kind: 'anticorrelated', features: [2, 3] },
    ]);
    // experiments without sets carry no feature_sets key (their plans stay as they were)
    expect('feature_sets' in (params.experiments.intro ?? {})).toBe(false);
  });

  it('validates feature_sets: kind, size, range and disjointness, naming file, key and allowed values', () => {
    const at = (change: (sets: any[]) => void) => check(withChange((p) => change(p.experiments['correlated-pairs'].feature_sets)));
    expect(at((s) => (s[0].kind = 'paired'))).toThrow(
      "params.yaml: experiments.correlated-pairs.feature_sets[0].kind: must be one of correlated, anticorrelated; got 'paired'",
    );
    expect(at((s) => (s[1].features = [2]))).toThrow(
      'params.yaml: experiments.correlated-pairs.feature_sets[1].features: must list at least 2 feature indices, got [2]',
    );
    expect(at((s) => (s[1].features = [2, 4]))).toThrow(
      'params.yaml: experiments.correlated-pairs.feature_sets[1].features[1]: must be ≤ 3, got 4',
    );
    expect(at((s) => (s[1].features = [1, 3]))).toThrow(
      'params.yaml: experiments.correlated-pairs.feature_sets[1].features[0]: feature 1 is already in experiments.correlated-pairs.feature_sets[0]; sets must be disjoint',
    );
    expect(at((s) => (s[0].members = [0, 1]))).toThrow(
      'experiments.correlated-pairs.feature_sets[0].members: unknown key (allowed: kind, features)',
    );
    expect(check(withChange((p) => (p.experiments['correlated-pairs'].feature_sets = [])))).toThrow(
      /experiments\.correlated-pairs\.feature_sets: must be a non-empty list of \{ kind: correlated \| anticorrelated/,
    );
    expect(check(withChange((p) => (p.experiments.intro.feature_set = [])))).toThrow(
      'params.yaml: experiments.intro.feature_set: unknown key (allowed: features, hidden, importance_decay, eval_samples, feature_sets, max_base_seeds, runs)',
    );
    expect(check(withChange((p) => delete p.experiments.intro.hidden))).toThrow('params.yaml: experiments.intro.hidden: is required');
  });

  it('names the file, key and allowed values for an unknown key', () => {
    expect(check(withChange((p) => (p.recipes.notebook.momentum = 0.9)))).toThrow(
      /^params\.yaml: recipes\.notebook\.momentum: unknown key \(allowed: optimizer, lr, weight_decay, steps, batch, init, bias_init, mask, loss, init_scale, bias_scale\)$/,
    );
    expect(check(withChange((p) => (p.experiments.intro.runs[0].stepz = 5)))).toThrow(
      /experiments\.intro\.runs\[0\]\.stepz: unknown key \(allowed: recipe, model, activation, l1, attack, /,
    );
  });

  it('takes a model or its activation shorthand, exactly one, and an optional l1 ≥ 0', () => {
    const run = (change: (r: Record<string, unknown>) => void) => withChange((p) => change(p.experiments.intro.runs[0]));
    expect(check(run((r) => (r.model = 'relu-output')))).toThrow(
      'params.yaml: experiments.intro.runs[0].activation: give model or activation, not both (activation: relu for model: relu-output, activation: linear for model: linear-output)',
    );
    expect(check(run((r) => delete r.activation))).toThrow(
      'params.yaml: experiments.intro.runs[0].model: is required (a model of core/models/, or its shorthand activation: relu for model: relu-output, activation: linear for model: linear-output)',
    );
    expect(check(run((r) => Object.assign(r, { activation: undefined, model: 'Relu Hidden' })))).toThrow(
      /^params\.yaml: experiments\.intro\.runs\[0\]\.activation: give model or activation/,
    );
    expect(
      check(
        run((r) => {
          delete r.activation;
          r.model = 'Relu Hidden';
        }),
      ),
    ).toThrow(
      "params.yaml: experiments.intro.runs[0].model: must name a model of core/models/ (e.g. relu-output, relu-hidden), got 'Relu Hidden'",
    );
    expect(check(run((r) => (r.l1 = -0.1)))).toThrow('params.yaml: experiments.intro.runs[0].l1: must be ≥ 0, got -0.1');
    const ok = parseParams(
      run((r) => {
        delete r.activation;
        Object.assign(r, { model: 'relu-hidden', l1: 0.01 });
      }),
      'params.yaml',
      EXPERIMENT_IDS,
    );
    expect(ok.experiments['intro']!.runs[0]).toMatchObject({ model: 'relu-hidden', l1: 0.01 });
    expect(ok.experiments['intro']!.runs[0]!.activation).toBeUndefined();
  });

  it('takes an optional attack size in (0, 1] on the tied output models only', () => {
    const run = (change: (r: Record<string, unknown>) => void) => withChange((p) => change(p.experiments.intro.runs[0]));
    const at = 'params.yaml: experiments.intro.runs[0].attack';
    expect(check(run((r) => (r.attack = 0)))).toThrow(`${at}: must be > 0, got 0`);
    expect(check(run((r) => (r.attack = 1.5)))).toThrow(`${at}: must be ≤ 1, got 1.5`);
    expect(
      check(
        run((r) => {
          delete r.activation;
          Object.assign(r, { model: 'relu-hidden', attack: 0.5 });
        }),
      ),
    ).toThrow(`${at}: needs a relu-output or linear-output model (the attack moves the input along a row of WᵀW), got model relu-hidden`);
    expect(check(run((r) => Object.assign(r, { attack: 0.5, extra_importance: [1, 2] })))).toThrow(
      `${at}: cannot be combined with extra_importance or extra_relative_density in one run (allowed: attack with plain densities)`,
    );
    expect(check(run((r) => Object.assign(r, { attack: 0.5, snapshot_every: 10 })))).toThrow(/got model relu-output, attack 0\.5$/);
    const ok = parseParams(
      run((r) => (r.attack = 0.8)),
      'params.yaml',
      EXPERIMENT_IDS,
    );
    expect(ok.experiments['intro']!.runs[0]!.attack).toBe(0.8);
    expect(check(run((r) => (r.attack_norm = 'example')))).toThrow(`${at}_norm: needs attack (the size it measures)`);
    expect(check(run((r) => Object.assign(r, { attack: 0.5, attack_norm: 'batch' })))).toThrow(
      `${at}_norm: must be one of average, example; got 'batch'`,
    );
  });

  it('records weight snapshots only for the hand-trained models', () => {
    const run = (change: (r: Record<string, unknown>) => void) => withChange((p) => change(p.experiments.intro.runs[0]));
    expect(
      check(
        run((r) => {
          delete r.activation;
          Object.assign(r, { model: 'relu-hidden', snapshot_every: 10 });
        }),
      ),
    ).toThrow(
      'params.yaml: experiments.intro.runs[0].snapshot_every: needs a relu-output or linear-output model without l1 or attack (weight snapshots of the other models are not recorded yet), got model relu-hidden',
    );
    expect(check(run((r) => Object.assign(r, { l1: 0.5, snapshot_every: 10 })))).toThrow(/got model relu-output, l1 0\.5$/);
  });

  it('names the allowed values of an enumeration', () => {
    expect(check(withChange((p) => (p.recipes.seed.optimizer = 'adagrad')))).toThrow(
      "params.yaml: recipes.seed.optimizer: must be one of adamw, adam, sgd, rmsprop; got 'adagrad'",
    );
    expect(check(withChange((p) => (p.backend = 'gpu')))).toThrow(
      "params.yaml: backend: must be one of auto, node-gpu, node, wasm, cpu; got 'gpu'",
    );
    expect(() => parseParams(committed, 'params.yaml', EXPERIMENT_IDS, { backend: 'tpu' })).toThrow(
      "params.yaml: --backend: must be one of auto, node-gpu, node, wasm, cpu; got 'tpu'",
    );
  });

  it('rejects wrong types and ranges', () => {
    expect(check(withChange((p) => (p.recipes.notebook.steps = '10k')))).toThrow("recipes.notebook.steps: must be a number, got '10k'");
    expect(check(withChange((p) => (p.recipes.notebook.steps = 2.5)))).toThrow('recipes.notebook.steps: must be a whole number, got 2.5');
    expect(check(withChange((p) => (p.experiments.superposition.runs[0].densities = [1, 1.5])))).toThrow(
      'experiments.superposition.runs[0].densities[1]: must be ≤ 1, got 1.5',
    );
    expect(check(withChange((p) => (p.recipes.notebook.lr = 0)))).toThrow('recipes.notebook.lr: must be > 0, got 0');
  });

  it('rejects an unknown experiment or recipe, naming the known ones', () => {
    expect(check(withChange((p) => (p.experiments.phase = p.experiments.intro)))).toThrow(
      /experiments\.phase: unknown experiment \(known: abs-demo, .*\banticorrelated-pairs\b.*\bintro\b.*; each needs a module experiments\/<id>\.ts\)/,
    );
    expect(check(withChange((p) => (p.experiments.intro.runs[0].recipe = 'paper')))).toThrow(
      "experiments.intro.runs[0].recipe: must be one of notebook, seed; got 'paper'",
    );
  });

  it('resolves a run’s recipe with its overrides', () => {
    const params = parseParams(committed, 'params.yaml', EXPERIMENT_IDS);
    const run = params.experiments['seed-superposition']!.runs[2]!;
    expect(resolveRecipe(params, run)).toMatchObject({
      optimizer: 'rmsprop',
      lr: 0.01,
      steps: 50000,
      batch: 256,
      mask: 'per_batch',
      loss: 'sum',
      init: 'randn',
    });
  });
});

describe('base_seeds and verdict_threshold', () => {
  const ALLOWED = 'a non-empty list of distinct whole numbers from 0 to 4294967295';

  it('refuses an empty, duplicated, fractional or negative seed list with one line naming the key and what is allowed', () => {
    expect(check(withChange((p) => (p.base_seeds = [])))).toThrow(`params.yaml: base_seeds: must be ${ALLOWED}, got []`);
    expect(check(withChange((p) => delete p.base_seeds))).toThrow('params.yaml: base_seeds: is required');
    expect(check(withChange((p) => (p.base_seeds = 7)))).toThrow(`params.yaml: base_seeds: must be ${ALLOWED}, got 7`);
    expect(check(withChange((p) => (p.base_seeds = [3, 5, 3])))).toThrow(
      `params.yaml: base_seeds[2]: seed 3 is already base_seeds[0] (allowed: ${ALLOWED})`,
    );
    expect(check(withChange((p) => (p.base_seeds = [1, 2.5])))).toThrow('params.yaml: base_seeds[1]: must be a whole number, got 2.5');
    expect(check(withChange((p) => (p.base_seeds = [-1])))).toThrow('params.yaml: base_seeds[0]: must be ≥ 0, got -1');
    expect(check(withChange((p) => (p.base_seeds = ['one'])))).toThrow("params.yaml: base_seeds[0]: must be a number, got 'one'");
  });

  it('checks the --base-seeds flag the same way, and lets it replace the file’s list', () => {
    const flag = (text: string) => () => parseParams(committed, 'params.yaml', EXPERIMENT_IDS, { baseSeeds: text });
    expect(flag('7, 8,9')().base_seeds).toEqual([7, 8, 9]);
    expect(flag('')).toThrow(`params.yaml: --base-seeds: must be ${ALLOWED}, got []`);
    expect(flag('1,1')).toThrow(`params.yaml: --base-seeds[1]: seed 1 is already --base-seeds[0] (allowed: ${ALLOWED})`);
    expect(flag('1,-2')).toThrow('params.yaml: --base-seeds[1]: must be ≥ 0, got -2');
    expect(flag('1,x')).toThrow("params.yaml: --base-seeds[1]: must be a number, got 'x'");
    expect(flag('0.5')).toThrow('params.yaml: --base-seeds[0]: must be a whole number, got 0.5');
  });

  it('refuses a verdict threshold outside (0, 1]', () => {
    expect(check(withChange((p) => (p.verdict_threshold = 0)))).toThrow('params.yaml: verdict_threshold: must be > 0, got 0');
    expect(check(withChange((p) => (p.verdict_threshold = 1.2)))).toThrow('params.yaml: verdict_threshold: must be ≤ 1, got 1.2');
    expect(check(withChange((p) => (p.verdict_threshold = '80%')))).toThrow("params.yaml: verdict_threshold: must be a number, got '80%'");
    expect(
      parseParams(
        withChange((p) => (p.verdict_threshold = 1)),
        'params.yaml',
        EXPERIMENT_IDS,
      ).verdict_threshold,
    ).toBe(1);
  });

  it('gives an experiment the first max_base_seeds seeds, and keeps that count out of the keys its models depend on', () => {
    const params = parseParams(
      withChange((p) => (p.base_seeds = [11, 12, 13]) && (p.experiments.intro.max_base_seeds = 2)),
      'params.yaml',
      EXPERIMENT_IDS,
    );
    expect(seedsOf(params, 'intro')).toEqual([11, 12]);
    expect(seedsOf(params, 'superposition')).toEqual([11, 12, 13]);
    // more seeds than the list has: all of them
    expect(
      seedsOf({ ...params, experiments: { ...params.experiments, intro: { ...params.experiments.intro!, max_base_seeds: 9 } } }, 'intro'),
    ).toEqual([11, 12, 13]);
    expect(experimentModelKeys('intro', params.experiments.intro!)).toEqual([
      'experiments.intro.features',
      'experiments.intro.hidden',
      'experiments.intro.importance_decay',
      'experiments.intro.eval_samples',
      'experiments.intro.runs',
    ]);
    expect(check(withChange((p) => (p.experiments.intro.max_base_seeds = 0)))).toThrow(
      'params.yaml: experiments.intro.max_base_seeds: must be ≥ 1, got 0',
    );
  });
});

describe('initialSpread and optimizerConfig', () => {
  const params = parseParams(committed, 'params.yaml', EXPERIMENT_IDS);
  it("gives torch's xavier_normal_ spread over the notebook's instance axis, and the seed recipe's randn scales", () => {
    const intro = params.experiments.intro!;
    // 5 → 2 with 10 densities: √(2 / (2·(5 + 10))) = 0.258 (the guide's number for the notebook's intro)
    expect(initialSpread(resolveRecipe(params, intro.runs[0]!), intro, intro.runs[0]!)).toEqual({ W: Math.sqrt(1 / 15), b: 0 });
    // 2 → 1 on a 12 × 12 grid: 144 models on the axis
    const phase = params.experiments['phase-n2m1']!;
    expect(initialSpread(resolveRecipe(params, phase.runs[0]!), phase, phase.runs[0]!).W).toBeCloseTo(Math.sqrt(2 / (1 * (2 + 144))), 15);
    const draft = params.experiments['seed-phase-n2m1']!;
    expect(initialSpread(resolveRecipe(params, draft.runs[0]!), draft, draft.runs[0]!)).toEqual({ W: 1.5, b: 0.5 });
  });
  it("has torch's defaults, weight decay for AdamW only", () => {
    const notebook = optimizerConfig(params.recipes.notebook!);
    expect(notebook).toEqual({ kind: 'adamw', lr: 0.001, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 });
    expect(optimizerConfig({ ...params.recipes.notebook!, optimizer: 'adam' }).weightDecay).toBe(0);
  });
});

describe('densityList', () => {
  it('reproduces the notebook sweep 20^(−linspace(0, 1, 10))', () => {
    const got = densityList({ geometric: { from: 1, to: 0.05, count: 10 } });
    const expected = Array.from({ length: 10 }, (_, k) => 20 ** -(k / 9));
    got.forEach((d, k) => expect(d).toBeCloseTo(expected[k]!, 12));
    expect(got.map((d) => d.toFixed(3))).toEqual([
      '1.000',
      '0.717',
      '0.514',
      '0.368',
      '0.264',
      '0.189',
      '0.136',
      '0.097',
      '0.070',
      '0.050',
    ]);
  });
});

describe('extra_importance', () => {
  it('names the key and the range of a bad extra importance', () => {
    expect(
      check(withChange((p) => (p.experiments['phase-n2m1'].runs[0].extra_importance = { geometric: { from: 0, to: 10, count: 12 } }))),
    ).toThrow('params.yaml: experiments.phase-n2m1.runs[0].extra_importance.geometric.from: must be > 0, got 0');
    expect(check(withChange((p) => (p.experiments['phase-n2m1'].runs[0].extra_importance = [])))).toThrow(
      'experiments.phase-n2m1.runs[0].extra_importance: needs at least one importance',
    );
    expect(check(withChange((p) => (p.experiments.intro.features = 1) && (p.experiments.intro.runs[0].extra_importance = [2])))).toThrow(
      'experiments.intro.runs[0].extra_importance: needs at least 2 features (the extra one is the last), got features: 1',
    );
  });
});

describe('init_scale and bias_scale', () => {
  it('are optional and resolve from the run over the recipe', () => {
    const params = parseParams(committed, 'params.yaml', EXPERIMENT_IDS);
    const seedRun = params.experiments['seed-phase-n2m1']!.runs[0]!;
    expect(resolveRecipe(params, seedRun)).toMatchObject({ init: 'randn', init_scale: 1.5, bias_init: 'randn', bias_scale: 0.5 });
    const notebook = resolveRecipe(params, params.experiments.intro!.runs[0]!);
    expect(notebook.init_scale).toBeUndefined();
    expect(notebook.bias_scale).toBeUndefined();
  });

  it('name the key and the range of a bad value', () => {
    expect(check(withChange((p) => (p.experiments['seed-phase-n2m1'].runs[0].init_scale = 0)))).toThrow(
      'params.yaml: experiments.seed-phase-n2m1.runs[0].init_scale: must be > 0, got 0',
    );
    expect(check(withChange((p) => (p.recipes.seed.bias_scale = 'half')))).toThrow(
      "params.yaml: recipes.seed.bias_scale: must be a number, got 'half'",
    );
  });

  it('refuse a bias scale without a random bias', () => {
    expect(check(withChange((p) => (p.experiments['phase-n2m1'].runs[0].bias_scale = 0.5)))).toThrow(
      'params.yaml: experiments.phase-n2m1.runs[0].bias_scale: needs bias_init: randn (the bias it scales), got bias_init: zero',
    );
  });
});

describe('snapshot_every', () => {
  it('is read as a whole number of steps, present only where a run sets it', () => {
    const params = parseParams(committed, 'params.yaml', EXPERIMENT_IDS);
    expect(params.experiments['dynamics']!.runs[0]!.snapshot_every).toBe(50);
    expect('snapshot_every' in params.experiments['uniform']!.runs[0]!).toBe(false);
  });

  it("names the key and the allowed range: 1 to the run's own steps", () => {
    expect(check(withChange((p) => (p.experiments.dynamics.runs[0].snapshot_every = 0)))).toThrow(
      'params.yaml: experiments.dynamics.runs[0].snapshot_every: must be ≥ 1, got 0',
    );
    expect(check(withChange((p) => (p.experiments.dynamics.runs[0].snapshot_every = 2.5)))).toThrow(
      'params.yaml: experiments.dynamics.runs[0].snapshot_every: must be a whole number, got 2.5',
    );
    // the notebook recipe trains 10,000 steps …
    expect(check(withChange((p) => (p.experiments.dynamics.runs[0].snapshot_every = 10001)))).toThrow(
      'params.yaml: experiments.dynamics.runs[0].snapshot_every: must be ≤ 10000, got 10001',
    );
    // … and a run's own steps override it
    expect(
      check(withChange((p) => (p.experiments.dynamics.runs[0].steps = 100) && (p.experiments.dynamics.runs[0].snapshot_every = 101))),
    ).toThrow('experiments.dynamics.runs[0].snapshot_every: must be ≤ 100, got 101');
    expect(check(withChange((p) => (p.experiments.dynamics.runs[0].snapshot_every = 'often')))).toThrow(
      "experiments.dynamics.runs[0].snapshot_every: must be a number, got 'often'",
    );
  });
});

describe('extra_relative_density', () => {
  const at = (p: Record<string, any>) => p.experiments['nonuniform-pentagon'].runs[0];

  it('names the key and the allowed values when the varied feature’s density would exceed 1', () => {
    expect(check(withChange((p) => (at(p).extra_relative_density = [0.5, 30])))).toThrow(
      'params.yaml: experiments.nonuniform-pentagon.runs[0].extra_relative_density: density × relative density must be ≤ 1, got 0.05 × 30 = 1.5 (allowed: relative densities ≤ 1/0.05)',
    );
    expect(check(withChange((p) => (at(p).extra_relative_density = { geometric: { from: -1, to: 5, count: 3 } })))).toThrow(
      'experiments.nonuniform-pentagon.runs[0].extra_relative_density.geometric.from: must be > 0, got -1',
    );
  });

  it('refuses to vary importance and density of the last feature in one run', () => {
    expect(check(withChange((p) => (at(p).extra_importance = [2])))).toThrow(
      'experiments.nonuniform-pentagon.runs[0].extra_relative_density: cannot be combined with extra_importance in one run (allowed: one of extra_importance, extra_relative_density)',
    );
  });

  it('reads the committed grid: ρ from 0.2 to 5 with ρ = 1 in the middle', () => {
    const run = parseParams(committed, 'params.yaml', EXPERIMENT_IDS).experiments['nonuniform-pentagon']!.runs[0]!;
    const rhos = relativeDensityList(run.extra_relative_density)!;
    expect(rhos).toHaveLength(17);
    expect(rhos[0]).toBeCloseTo(0.2, 12);
    expect(rhos[8]).toBeCloseTo(1, 12);
    expect(rhos[16]).toBeCloseTo(5, 12);
  });
});
