// The shape of params.yaml and its validation. Every problem is reported as one ParamsError that
// names the file, the dotted key and the allowed values, before anything runs or is cached.

import { ParamsError } from '../pipeline/errors.ts';
import { BACKEND_REQUESTS, ENGINE_REQUESTS, FEATURE_SET_KINDS } from '../core/choices.ts';
import {
  OPTIMIZER_KINDS,
  type Activation,
  type FeatureSet,
  type LossReduction,
  type MaskMode,
  type OptimizerConfig,
  type OptimizerKind,
  type TrainingSettings,
} from '../core/types.ts';

export const INITS = ['xavier_normal', 'randn'] as const;
export const BIAS_INITS = ['zero', 'randn'] as const;
export const MASKS = ['per_element', 'per_batch'] as const satisfies readonly MaskMode[];
export const LOSSES = ['mean', 'sum'] as const satisfies readonly LossReduction[];
export const ACTIVATIONS = ['relu', 'linear'] as const satisfies readonly Activation[];

export interface RecipeParams {
  optimizer: OptimizerKind;
  lr: number;
  weight_decay: number;
  steps: number;
  batch: number;
  init: (typeof INITS)[number];
  bias_init: (typeof BIAS_INITS)[number];
  mask: MaskMode;
  loss: LossReduction;
  /**
   * Optional multiplier of the initial W's standard deviation (default 1): the seed's phase-change draft
   * drew W ~ N(0, 1)·1.5
   */
  init_scale?: number;
  /** Optional multiplier of a randn initial bias (default 1; needs bias_init: randn): the draft drew b ~ N(0, 1)·0.5 */
  bias_scale?: number;
}

/** A list of values, written out or as a geometric sweep from → to in `count` steps. */
export type ValueList = number[] | { geometric: { from: number; to: number; count: number } };
export type DensitySpec = ValueList;

/** One group of models trained together: a model, a recipe (with overrides) × densities × restarts. */
export interface RunParams extends Partial<RecipeParams> {
  recipe: string;
  /**
   * The model the run trains: the kind of a definition core/models/<kind>.ts (the paper's ReLU-output
   * model is relu-output). A run names either `model` or `activation`, the shorthand for the paper's
   * first two models: relu → relu-output, linear → linear-output (runModelKind).
   */
  model?: string;
  /** shorthand for model: relu-output (relu) or linear-output (linear) */
  activation?: Activation;
  /** Optional λ of an L1 penalty λ‖h‖₁ on the hidden activations, added to every example's loss (default 0: none) */
  l1?: number;
  /**
   * Optional adversarial training (relu-output and linear-output models): every example's input is moved by
   * the paper's analytic attack on a random feature, of L2 size `attack` × the average input norm at the
   * density, in (0, 1]; the target stays the clean input. Absent: clean inputs.
   */
  attack?: number;
  /**
   * Optional, with attack: which norm the attack size is a fraction of: `average`, the average input norm at
   * the density (the paper's attack budget; the default), or `example`, each example's own norm (so an
   * all-zero example is not attacked)
   */
  attack_norm?: (typeof ATTACK_NORMS)[number];
  densities: DensitySpec;
  /**
   * independent fits per density (restarts), each with its own initial weights and data stream; the
   * analysis keeps the lowest-loss one of each cell, as the paper does for its small models
   */
  restarts: number;
  /**
   * Optional per-instance importance of the last ("extra") feature: each value r is crossed with the
   * run's densities and restarts (instances = densities × r values × restarts); the other features keep
   * importance_decay^i. Absent: every instance shares importance_decay^i.
   */
  extra_importance?: ImportanceSpec;
  /**
   * Optional: record every instance's W and b every this many steps (and after the last step) into the
   * train stage's snapshots.f32 (data/snapshots.ts), for learning dynamics. A whole number from 1 to the
   * run's steps. Absent: no snapshots. Training results do not depend on it.
   */
  snapshot_every?: number;
  /**
   * Optional per-instance relative density ρ of the last ("varied") feature: its density is the run's
   * density × ρ, the other features keep the run's density (the paper's "perturbing one feature"). Each
   * ρ is crossed with the run's densities and restarts (instances = densities × ρ values × restarts).
   * Absent: every feature of an instance shares its density.
   */
  extra_relative_density?: RelativeDensitySpec;
}

export type ImportanceSpec = ValueList;
export type RelativeDensitySpec = ValueList;

export interface ExperimentParams {
  features: number;
  hidden: number;
  /** importance I_i = importance_decay^i */
  importance_decay: number;
  /** held-out samples per model for the evaluation loss */
  eval_samples: number;
  /**
   * Optional correlated / anticorrelated feature sets (data/feature-sets.ts), for every run and the
   * held-out set: disjoint, ≥ 2 members each, indices in [0, features). Absent: all features independent.
   */
  feature_sets?: FeatureSet[];
  /**
   * Optional: train and judge this experiment on only the first this-many base seeds (for experiments
   * whose cold training is expensive). Absent: every base seed.
   */
  max_base_seeds?: number;
  runs: RunParams[];
}

export interface Params {
  /**
   * The base seeds: every experiment is trained, analysed and judged once per base seed (up to its
   * max_base_seeds), each seed's nodes cached on their own. The first one is the seed whose models the
   * figures and the descriptive text show.
   */
  base_seeds: number[];
  /**
   * A claim holds when its check passes at no fewer than this share of the base seeds where it could
   * be judged; in (0, 1]
   */
  verdict_threshold: number;
  backend: (typeof BACKEND_REQUESTS)[number];
  engine: (typeof ENGINE_REQUESTS)[number];
  recipes: Record<string, RecipeParams>;
  experiments: Record<string, ExperimentParams>;
}

const RECIPE_KEYS = ['optimizer', 'lr', 'weight_decay', 'steps', 'batch', 'init', 'bias_init', 'mask', 'loss'] as const;
/** Recipe keys that may be left out (in a recipe and in a run's overrides); absent means 1. */
const OPTIONAL_RECIPE_KEYS = ['init_scale', 'bias_scale'] as const;
type RecipeKey = (typeof RECIPE_KEYS)[number] | (typeof OPTIONAL_RECIPE_KEYS)[number];
/** What a recipe may be called (the only name params.yaml makes up rather than picks from a list). */
const RECIPE_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** How a message names the file as a whole (a value that is not a mapping at all). */
const TOP_LEVEL = '(top level)';

class Checker {
  constructor(readonly file: string) {}

  fail(key: string, problem: string): never {
    throw new ParamsError(this.file, key, problem);
  }

  record(value: unknown, key: string, allowed: readonly string[] | undefined): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(key, `must be a mapping, got ${describe(value)}`);
    if (allowed) {
      // a key of the file's top level is named alone (verdict_threshold, not (top level).verdict_threshold)
      const at = (k: string): string => (key === TOP_LEVEL ? k : `${key}.${k}`);
      for (const k of Object.keys(value)) {
        if (!allowed.includes(k)) this.fail(at(k), `unknown key (allowed: ${allowed.join(', ')})`);
      }
      for (const k of allowed) if (!Object.hasOwn(value, k)) this.fail(at(k), 'is required');
    }
    return value as Record<string, unknown>;
  }

  number(value: unknown, key: string, range: { min?: number; max?: number; integer?: boolean; exclusiveMin?: number }): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(key, `must be a number, got ${describe(value)}`);
    const { min, max, integer, exclusiveMin } = range;
    if (integer && !Number.isInteger(value)) this.fail(key, `must be a whole number, got ${value}`);
    if (min !== undefined && value < min) this.fail(key, `must be ≥ ${min}, got ${value}`);
    if (exclusiveMin !== undefined && value <= exclusiveMin) this.fail(key, `must be > ${exclusiveMin}, got ${value}`);
    if (max !== undefined && value > max) this.fail(key, `must be ≤ ${max}, got ${value}`);
    return value;
  }

  oneOf<T extends string>(value: unknown, key: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(key, `must be one of ${allowed.join(', ')}; got ${describe(value)}`);
    }
    return value as T;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  return JSON.stringify(value) ?? String(value);
}

function recipeField(c: Checker, r: Record<string, unknown>, name: RecipeKey, key: string): unknown {
  const value = r[name];
  const at = `${key}.${name}`;
  switch (name) {
    case 'optimizer':
      return c.oneOf(value, at, OPTIMIZER_KINDS);
    case 'lr':
      return c.number(value, at, { exclusiveMin: 0, max: 10 });
    case 'weight_decay':
      return c.number(value, at, { min: 0, max: 1 });
    case 'steps':
      return c.number(value, at, { integer: true, min: 1, max: 10_000_000 });
    case 'batch':
      return c.number(value, at, { integer: true, min: 1, max: 1_000_000 });
    case 'init':
      return c.oneOf(value, at, INITS);
    case 'bias_init':
      return c.oneOf(value, at, BIAS_INITS);
    case 'mask':
      return c.oneOf(value, at, MASKS);
    case 'loss':
      return c.oneOf(value, at, LOSSES);
    case 'init_scale':
      return c.number(value, at, { exclusiveMin: 0, max: 100 });
    case 'bias_scale':
      return c.number(value, at, { min: 0, max: 100 });
  }
}

/** A recipe mapping: every required key, the optional ones where present, nothing else. */
function parseRecipe(c: Checker, value: unknown, key: string): RecipeParams {
  const allowed: readonly string[] = [...RECIPE_KEYS, ...OPTIONAL_RECIPE_KEYS];
  const r = c.record(value, key, undefined);
  for (const k of Object.keys(r)) if (!allowed.includes(k)) c.fail(`${key}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
  for (const k of RECIPE_KEYS) if (!(k in r)) c.fail(`${key}.${k}`, 'is required');
  const recipe = Object.fromEntries(RECIPE_KEYS.map((k) => [k, recipeField(c, r, k, key)])) as unknown as RecipeParams;
  for (const k of OPTIONAL_RECIPE_KEYS) if (k in r) recipe[k] = recipeField(c, r, k, key) as number;
  return recipe;
}

/** The model kind that `activation`, the shorthand of the paper's first two models, stands for. */
const ACTIVATION_MODELS: Record<Activation, string> = { relu: 'relu-output', linear: 'linear-output' };

/** The paper's first two models, which model/train.ts and the fused kernel's tied paths train by hand. */
const HAND_TRAINED_MODELS: readonly string[] = Object.values(ACTIVATION_MODELS);

/** What an attack's size is a fraction of (runs[].attack_norm): the average input norm at the density, or each example's own. */
export const ATTACK_NORMS = ['average', 'example'] as const;

/** The model a run trains: its `model`, or the kind its `activation` stands for. */
export function runModelKind(run: Pick<RunParams, 'model' | 'activation'>): string {
  if (run.model !== undefined) return run.model;
  if (run.activation !== undefined) return ACTIVATION_MODELS[run.activation];
  throw new Error('a run names neither a model nor an activation');
}

/**
 * The output activation of a run of one of the paper's first two models without an L1 penalty or an attack
 * (what the hand-written trainers and the PyTorch cross-check implement), or null for any other run.
 */
export function handTrainedActivation(run: Pick<RunParams, 'model' | 'activation' | 'l1' | 'attack'>): Activation | null {
  if ((run.l1 ?? 0) > 0 || run.attack !== undefined) return null;
  const kind = runModelKind(run);
  const found = Object.entries(ACTIVATION_MODELS).find(([, m]) => m === kind);
  return found === undefined ? null : (found[0] as Activation);
}

/**
 * A run's `model` or `activation`, exactly one of them. That the model's file exists is checked with the
 * other declarations, before anything runs (stages/declarations.ts).
 */
function parseModel(c: Checker, r: Record<string, unknown>, at: string): Pick<RunParams, 'model' | 'activation'> {
  const shorthand = Object.entries(ACTIVATION_MODELS)
    .map(([a, m]) => `activation: ${a} for model: ${m}`)
    .join(', ');
  if ('model' in r && 'activation' in r) c.fail(`${at}.activation`, `give model or activation, not both (${shorthand})`);
  if ('model' in r) {
    if (typeof r.model !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(r.model))
      c.fail(`${at}.model`, `must name a model of core/models/ (e.g. relu-output, relu-hidden), got ${describe(r.model)}`);
    return { model: r.model };
  }
  if (!('activation' in r)) c.fail(`${at}.model`, `is required (a model of core/models/, or its shorthand ${shorthand})`);
  return { activation: c.oneOf(r.activation, `${at}.activation`, ACTIVATIONS) };
}

/** A ValueList whose values lie in (0, max]. */
function parseValueList(c: Checker, value: unknown, key: string, what: string, max: number): ValueList {
  if (Array.isArray(value)) {
    if (value.length === 0) c.fail(key, `needs at least one ${what}`);
    return value.map((d, i) => c.number(d, `${key}[${i}]`, { exclusiveMin: 0, max }));
  }
  const spec = c.record(value, key, ['geometric']);
  const g = c.record(spec.geometric, `${key}.geometric`, ['from', 'to', 'count']);
  return {
    geometric: {
      from: c.number(g.from, `${key}.geometric.from`, { exclusiveMin: 0, max }),
      to: c.number(g.to, `${key}.geometric.to`, { exclusiveMin: 0, max }),
      count: c.number(g.count, `${key}.geometric.count`, { integer: true, min: 1, max: 1000 }),
    },
  };
}

/** An experiment's `feature_sets`: a list of { kind, features }, disjoint, ≥ 2 members, in [0, F). */
function parseFeatureSets(c: Checker, value: unknown, key: string, features: number): FeatureSet[] {
  if (!Array.isArray(value) || value.length === 0)
    c.fail(key, `must be a non-empty list of { kind: ${FEATURE_SET_KINDS.join(' | ')}, features: [indices] }, got ${describe(value)}`);
  const owner = new Map<number, number>();
  return value.map((entry: unknown, s: number): FeatureSet => {
    const at = `${key}[${s}]`;
    const r = c.record(entry, at, ['kind', 'features']);
    const kind = c.oneOf(r.kind, `${at}.kind`, FEATURE_SET_KINDS);
    const members = r.features;
    if (!Array.isArray(members) || members.length < 2)
      c.fail(`${at}.features`, `must list at least 2 feature indices, got ${describe(members)}`);
    const list = members.map((f: unknown, k: number) => {
      const index = c.number(f, `${at}.features[${k}]`, { integer: true, min: 0, max: features - 1 });
      const other = owner.get(index);
      if (other !== undefined) c.fail(`${at}.features[${k}]`, `feature ${index} is already in ${key}[${other}]; sets must be disjoint`);
      owner.set(index, s);
      return index;
    });
    return { kind, features: list };
  });
}

/** Command-line overrides of params.yaml for one run (the --backend, --engine and --base-seeds flags). */
export interface ParamsOverrides {
  backend?: string | undefined;
  engine?: string | undefined;
  /** comma-separated base seeds, e.g. "1,2,3" */
  baseSeeds?: string | undefined;
}

/** A base-seed list: non-empty, whole numbers in [0, 2³² − 1], no seed twice. */
function parseBaseSeeds(c: Checker, value: unknown, key: string): number[] {
  const allowed = 'a non-empty list of distinct whole numbers from 0 to 4294967295';
  if (!Array.isArray(value) || value.length === 0) c.fail(key, `must be ${allowed}, got ${describe(value)}`);
  const seeds = value.map((v: unknown, i: number) => c.number(v, `${key}[${i}]`, { integer: true, min: 0, max: 2 ** 32 - 1 }));
  seeds.forEach((v, i) => {
    const first = seeds.indexOf(v);
    if (first !== i) c.fail(`${key}[${i}]`, `seed ${v} is already ${key}[${first}] (allowed: ${allowed})`);
  });
  return seeds;
}

/** The --base-seeds flag: "1,2,3" → [1, 2, 3], validated like params.yaml's list. */
function parseBaseSeedsFlag(c: Checker, text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const values = parts.map((p) => (p !== '' && Number.isFinite(Number(p)) ? Number(p) : p));
  return parseBaseSeeds(c, text.trim() === '' ? [] : values, '--base-seeds');
}

/**
 * Validate parsed params.yaml. `experimentIds` are the experiments that have a definition module;
 * `overrides` (the --backend, --engine and --base-seeds flags) replace the file's values.
 */
export function parseParams(raw: unknown, file: string, experimentIds: readonly string[], overrides: ParamsOverrides = {}): Params {
  const c: Checker = new Checker(file);
  const top = c.record(raw, TOP_LEVEL, ['base_seeds', 'verdict_threshold', 'backend', 'engine', 'recipes', 'experiments']);
  const base_seeds =
    overrides.baseSeeds !== undefined ? parseBaseSeedsFlag(c, overrides.baseSeeds) : parseBaseSeeds(c, top.base_seeds, 'base_seeds');
  const verdict_threshold = c.number(top.verdict_threshold, 'verdict_threshold', { exclusiveMin: 0, max: 1 });
  const { backend: backendOverride, engine: engineOverride } = overrides;
  const backend =
    backendOverride !== undefined
      ? c.oneOf(backendOverride, '--backend', BACKEND_REQUESTS)
      : c.oneOf(top.backend, 'backend', BACKEND_REQUESTS);
  const engine =
    engineOverride !== undefined ? c.oneOf(engineOverride, '--engine', ENGINE_REQUESTS) : c.oneOf(top.engine, 'engine', ENGINE_REQUESTS);
  const recipes: Record<string, RecipeParams> = {};
  for (const [name, value] of Object.entries(c.record(top.recipes, 'recipes', undefined))) {
    // a recipe's name becomes an object key and a cache-key path: no '__proto__' and nothing odd
    if (!RECIPE_NAME.test(name))
      c.fail(
        `recipes.${name}`,
        `a recipe's name must be lower-case letters, digits, '-' or '_', starting with a letter or digit (e.g. notebook, my-recipe)`,
      );
    recipes[name] = parseRecipe(c, value, `recipes.${name}`);
  }
  const experiments: Record<string, ExperimentParams> = {};
  const experimentEntries = Object.entries(c.record(top.experiments, 'experiments', undefined));
  if (experimentEntries.length === 0) c.fail('experiments', `needs at least one experiment (known: ${experimentIds.join(', ')})`);
  for (const [id, value] of experimentEntries) {
    const key = `experiments.${id}`;
    if (!experimentIds.includes(id))
      c.fail(key, `unknown experiment (known: ${experimentIds.join(', ')}; each needs a module experiments/<id>.ts)`);
    const e = c.record(value, key, undefined);
    const experimentKeys = ['features', 'hidden', 'importance_decay', 'eval_samples', 'feature_sets', 'max_base_seeds', 'runs'];
    const optionalKeys = ['feature_sets', 'max_base_seeds'];
    for (const k of Object.keys(e))
      if (!experimentKeys.includes(k)) c.fail(`${key}.${k}`, `unknown key (allowed: ${experimentKeys.join(', ')})`);
    for (const k of experimentKeys) if (!optionalKeys.includes(k) && !(k in e)) c.fail(`${key}.${k}`, 'is required');
    const features = c.number(e.features, `${key}.features`, { integer: true, min: 1, max: 10_000 });
    const hidden = c.number(e.hidden, `${key}.hidden`, { integer: true, min: 1, max: 10_000 });
    const runList = e.runs;
    if (!Array.isArray(runList) || runList.length === 0)
      c.fail(`${key}.runs`, `must be a non-empty list of runs, got ${describe(runList)}`);
    const runs = runList.map((run: unknown, i: number): RunParams => {
      const at = `${key}.runs[${i}]`;
      const r = c.record(run, at, undefined);
      const allowed = [
        'recipe',
        'model',
        'activation',
        'l1',
        'attack',
        'attack_norm',
        'densities',
        'restarts',
        'extra_importance',
        'snapshot_every',
        'extra_relative_density',
        ...RECIPE_KEYS,
        ...OPTIONAL_RECIPE_KEYS,
      ];
      for (const k of Object.keys(r)) if (!allowed.includes(k)) c.fail(`${at}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
      const recipe = c.oneOf(r.recipe, `${at}.recipe`, Object.keys(recipes));
      const parsed: RunParams = {
        recipe,
        ...parseModel(c, r, at),
        densities: parseValueList(c, r.densities, `${at}.densities`, 'density', 1),
        restarts: c.number(r.restarts, `${at}.restarts`, { integer: true, min: 1, max: 10_000 }),
      };
      if ('l1' in r) parsed.l1 = c.number(r.l1, `${at}.l1`, { min: 0, max: 1000 });
      if ('attack' in r) {
        // the attack direction is a row of WᵀW: defined for the tied output models only
        if (!HAND_TRAINED_MODELS.includes(runModelKind(parsed)))
          c.fail(
            `${at}.attack`,
            `needs a ${HAND_TRAINED_MODELS.join(' or ')} model (the attack moves the input along a row of WᵀW), got model ${runModelKind(parsed)}`,
          );
        parsed.attack = c.number(r.attack, `${at}.attack`, { exclusiveMin: 0, max: 1 });
      }
      if ('attack_norm' in r) {
        if (!('attack' in r)) c.fail(`${at}.attack_norm`, 'needs attack (the size it measures)');
        parsed.attack_norm = c.oneOf(r.attack_norm, `${at}.attack_norm`, ATTACK_NORMS);
      }
      if ('extra_importance' in r) {
        if (features < 2)
          c.fail(`${at}.extra_importance`, `needs at least 2 features (the extra one is the last), got features: ${features}`);
        parsed.extra_importance = parseValueList(c, r.extra_importance, `${at}.extra_importance`, 'importance', 1_000_000);
      }
      if ('extra_relative_density' in r) {
        const key = `${at}.extra_relative_density`;
        if (features < 2) c.fail(key, `needs at least 2 features (the varied one is the last), got features: ${features}`);
        // one varied feature per run: crossing both axes would multiply the instances for no experiment we have
        if ('extra_importance' in r)
          c.fail(key, 'cannot be combined with extra_importance in one run (allowed: one of extra_importance, extra_relative_density)');
        const spec = parseValueList(c, r.extra_relative_density, key, 'relative density', 1_000_000);
        // the varied feature's density must stay a probability at every density of the run
        const densest = Math.max(...valueList(parsed.densities));
        const largest = Math.max(...valueList(spec));
        if (densest * largest > 1) {
          c.fail(
            key,
            `density × relative density must be ≤ 1, got ${densest} × ${largest} = ${densest * largest} (allowed: relative densities ≤ 1/${densest})`,
          );
        }
        parsed.extra_relative_density = spec;
      }
      // the attack is sized per density; the runs that vary one feature's importance or density do not attack
      if ('attack' in r && ('extra_importance' in r || 'extra_relative_density' in r))
        c.fail(
          `${at}.attack`,
          'cannot be combined with extra_importance or extra_relative_density in one run (allowed: attack with plain densities)',
        );
      for (const k of [...RECIPE_KEYS, ...OPTIONAL_RECIPE_KEYS])
        if (k in r) (parsed as unknown as Record<string, unknown>)[k] = recipeField(c, r, k, at);
      // a bias scale only means something for a random initial bias
      const resolved = resolveRecipe({ recipes }, parsed);
      if (resolved.bias_scale !== undefined && resolved.bias_init !== 'randn') {
        c.fail(`${at}.bias_scale`, `needs bias_init: randn (the bias it scales), got bias_init: ${resolved.bias_init}`);
      }
      if ('snapshot_every' in r) {
        // weight snapshots come from the hand-written trainers of the paper's first two models
        if (handTrainedActivation(parsed) === null) {
          c.fail(
            `${at}.snapshot_every`,
            `needs a ${HAND_TRAINED_MODELS.join(' or ')} model without l1 or attack (weight snapshots of the other models are not recorded yet), got model ${runModelKind(parsed)}${parsed.l1 ? `, l1 ${parsed.l1}` : ''}${parsed.attack !== undefined ? `, attack ${parsed.attack}` : ''}`,
          );
        }
        const steps = parsed.steps ?? (recipes[recipe] as RecipeParams).steps;
        parsed.snapshot_every = c.number(r.snapshot_every, `${at}.snapshot_every`, { integer: true, min: 1, max: steps });
      }
      return parsed;
    });
    experiments[id] = {
      features,
      hidden,
      importance_decay: c.number(e.importance_decay, `${key}.importance_decay`, { exclusiveMin: 0, max: 1 }),
      eval_samples: c.number(e.eval_samples, `${key}.eval_samples`, { integer: true, min: 1, max: 1_000_000 }),
      ...('feature_sets' in e ? { feature_sets: parseFeatureSets(c, e.feature_sets, `${key}.feature_sets`, features) } : {}),
      ...('max_base_seeds' in e
        ? { max_base_seeds: c.number(e.max_base_seeds, `${key}.max_base_seeds`, { integer: true, min: 1, max: 10_000 }) }
        : {}),
      runs,
    };
  }
  return { base_seeds, verdict_threshold, backend, engine, recipes, experiments };
}

/**
 * The parameter keys that decide an experiment's models: every key of its entry except max_base_seeds,
 * so that giving an experiment one more base seed reruns only the new seed's nodes.
 */
export function experimentModelKeys(id: string, experiment: ExperimentParams): string[] {
  return Object.keys(experiment)
    .filter((k) => k !== 'max_base_seeds')
    .map((k) => `experiments.${id}.${k}`);
}

/** The recipe a run trains with: its named recipe, with the run's own overrides applied. */
export function resolveRecipe(params: Pick<Params, 'recipes'>, run: RunParams): RecipeParams {
  const base = params.recipes[run.recipe];
  if (!base) throw new Error(`recipe '${run.recipe}' is not defined`);
  const resolved = { ...base };
  for (const k of [...RECIPE_KEYS, ...OPTIONAL_RECIPE_KEYS]) if (run[k] !== undefined) (resolved as Record<string, unknown>)[k] = run[k];
  return resolved;
}

/** The values of a ValueList, e.g. 20^(−linspace(0, 1, 10)) for { geometric: { from: 1, to: 0.05, count: 10 } }. */
export function valueList(spec: ValueList): number[] {
  if (Array.isArray(spec)) return [...spec];
  const { from, to, count } = spec.geometric;
  if (count === 1) return [from];
  // from · (to/from)^(k/(count−1))
  return Array.from({ length: count }, (_, k) => from * (to / from) ** (k / (count - 1)));
}

export const densityList = valueList;

/** The extra feature's importance values of a run, or null when the run has none (shared importance). */
export function extraImportanceList(spec: ImportanceSpec | undefined): number[] | null {
  return spec === undefined ? null : valueList(spec);
}

/** The varied feature's relative densities ρ of a run, or null when the run has none (shared density). */
export function relativeDensityList(spec: RelativeDensitySpec | undefined): number[] | null {
  return spec === undefined ? null : valueList(spec);
}

/** The recipes an experiment's runs use (the keys its generate node reads). */
export function recipesOf(experiment: ExperimentParams): string[] {
  return [...new Set(experiment.runs.map((r) => r.recipe))].sort();
}

/**
 * The standard deviations of a run's initial weights and biases. 'xavier_normal' reproduces torch's
 * xavier_normal_ on the notebook's [instances, F, H] parameter, where the instances are the run's models on
 * the notebook's axis (its densities, times its r or ρ values; restarts are separate runs of that axis):
 * fan_in = F·H, fan_out = instances·H, std = √(2 / (fan_in + fan_out)); 'randn' is N(0, 1). Each is
 * multiplied by the recipe's init_scale. A zero bias has spread 0, a randn one N(0, 1)·bias_scale.
 */
export function initialSpread(
  recipe: RecipeParams,
  experiment: Pick<ExperimentParams, 'features' | 'hidden'>,
  run: RunParams,
): { W: number; b: number } {
  const axis =
    densityList(run.densities).length *
    (extraImportanceList(run.extra_importance)?.length ?? relativeDensityList(run.extra_relative_density)?.length ?? 1);
  const base = recipe.init === 'randn' ? 1 : Math.sqrt(2 / (experiment.hidden * (experiment.features + axis)));
  // an absent scale is exactly 1, so recipes without one draw bit for bit the weights they always drew
  return { W: base * (recipe.init_scale ?? 1), b: recipe.bias_init === 'randn' ? (recipe.bias_scale ?? 1) : 0 };
}

/**
 * How a run trains (core/types.ts TrainingSettings), from its resolved recipe: the optimizer, the schedule,
 * and the loss recorded about 200 times over the run.
 */
export function trainingSettings(recipe: RecipeParams): TrainingSettings {
  return {
    optimizer: optimizerConfig(recipe),
    steps: recipe.steps,
    batch: recipe.batch,
    mask: recipe.mask,
    loss: recipe.loss,
    logEvery: Math.max(1, Math.round(recipe.steps / 200)),
  };
}

/**
 * A recipe's optimizer with torch's defaults for everything a recipe does not set: Adam and AdamW
 * β1 = 0.9, β2 = 0.999, ε = 1e-8; RMSprop α = 0.99, ε = 1e-8; no momentum; weight decay only for AdamW
 * (decoupled, on W and b alike, as the notebook's one AdamW over both).
 */
export function optimizerConfig(recipe: RecipeParams): OptimizerConfig {
  return {
    kind: recipe.optimizer,
    lr: recipe.lr,
    weightDecay: recipe.optimizer === 'adamw' ? recipe.weight_decay : 0,
    beta1: 0.9,
    beta2: 0.999,
    alpha: 0.99,
    eps: 1e-8,
  };
}
