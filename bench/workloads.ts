// The benchmark's workloads: shapes A–D of shared/guide/performance.md (the paper's first model,
// relu-output), each with three input densities, and the shapes of the later experiments' models, P
// (relu-hidden, the privileged basis) and V (untied-abs, computation of |x|), at their experiments' densities.
//
// Every workload is the official notebook's recipe: each weight [I,F,H] xavier-normal (the notebook's 3-D
// fan rule, std = sqrt(2 / (H·(F + I))), as experiments/params.ts initialSpread draws every weight of a
// model), zero bias, importance decay^f, per-element mask (x_f kept with probability p, value U[0,1), or
// U[−1,1) for signed inputs), loss = mean over batch and features per instance, summed over instances,
// AdamW (lr 1e-3, β 0.9/0.999, ε 1e-8, weight decay 0.01), batch 1024. The references
// (bench/torch_reference.py, bench/jax_reference.py) train the same model with the same recipe.
//
// Densities: 'sched' is a per-instance schedule: on A–D the notebook's 20^(−linspace(0,1,I)) (1 → 0.05), on
// P and V the densities of the experiment the shape comes from (one instance per density). 0.01 and 0.001
// are constant over instances and features (the sparse regime where superposition happens, and where an
// engine that skips zeros gains most); P and V run 'sched' only unless a pair names another density.
//
// Flops: 10·B·F·H·I per step, performance.md's convention (five batched matmuls of 2·B·F·H flops each:
// h = x·W, pre = h·Wᵀ, dH = dPre·W, and the two terms of dW, or of dW1 and dW2 when untied). It counts
// dense work, so an engine that skips zero inputs reports "effective" GFLOP/s, which can exceed what it
// really computes.

import { createPrng, deriveSeed } from '../data/prng.ts';
import reluOutput from '../core/models/relu-output.ts';
import reluHidden from '../core/models/relu-hidden.ts';
import untiedAbs from '../core/models/untied-abs.ts';
import type { ModelDefinition } from '../core/models/types.ts';
import type { ModelTrainingGroup, TrainingGroup } from '../core/types.ts';

export type ShapeId = 'A' | 'B' | 'C' | 'D' | 'P' | 'V';
export const SHAPE_IDS: readonly ShapeId[] = ['A', 'B', 'C', 'D', 'P', 'V'];

/** The models of core/models/ that the benchmark trains (the file stems, as params.yaml names them). */
export type BenchModel = 'relu-output' | 'relu-hidden' | 'untied-abs';
export const MODEL_DEFINITIONS: Record<BenchModel, ModelDefinition> = {
  'relu-output': reluOutput,
  'relu-hidden': reluHidden,
  'untied-abs': untiedAbs,
};

/** 'sched' = the shape's per-instance schedule (see the module comment); a number = that density everywhere. */
export type Density = 'sched' | number;
export const DENSITIES: readonly Density[] = ['sched', 0.01, 0.001];

export interface Shape {
  id: ShapeId;
  /** the model it trains: relu-output (the paper's first model) through model/train.ts's trainers, the others through their definitions */
  model: BenchModel;
  features: number; // F (n)
  hidden: number; // H (m)
  instances: number; // I
  batch: number; // B
  /** feature f's importance is importanceDecay^f */
  importanceDecay: number;
  /** per-instance densities of 'sched' (length I); absent: the notebook's 20^(−linspace(0,1,I)) */
  schedule?: readonly number[];
  /** the densities a run without a density pair gives this shape */
  densities: readonly Density[];
  /** why the shape matters (performance.md, issue 10) */
  note: string;
}

/** params.yaml experiments.privileged-basis: 10 features in 5 ReLU neurons, one instance per density. */
const PRIVILEGED_DENSITIES = [0.75, 0.5, 0.35, 0.2, 0.15, 0.12, 0.1, 0.08, 0.06, 0.04, 0.02, 0.01] as const;
/** params.yaml experiments.abs-sweep: |x| of 100 features with 40 neurons, one instance per density. */
const ABS_DENSITIES = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001] as const;

const TIED = { model: 'relu-output', batch: 1024, importanceDecay: 0.9, densities: DENSITIES } as const;

export const SHAPES: readonly Shape[] = [
  { id: 'A', ...TIED, features: 5, hidden: 2, instances: 10, note: 'intro figure; per-op overhead dominates' },
  { id: 'B', ...TIED, features: 20, hidden: 5, instances: 7, note: 'demonstrating superposition' },
  { id: 'C', ...TIED, features: 100, hidden: 20, instances: 20, note: "notebook's sparsity sweep" },
  { id: 'D', ...TIED, features: 400, hidden: 30, instances: 10, note: "the paper's geometry experiments" },
  {
    id: 'P',
    model: 'relu-hidden',
    features: 10,
    hidden: 5,
    instances: PRIVILEGED_DENSITIES.length,
    batch: 1024,
    importanceDecay: 0.75,
    schedule: PRIVILEGED_DENSITIES,
    densities: ['sched'],
    note: 'superposition in a privileged basis (the restarts are the largest training item)',
  },
  {
    id: 'V',
    model: 'untied-abs',
    features: 100,
    hidden: 40,
    instances: ABS_DENSITIES.length,
    batch: 1024,
    importanceDecay: 0.8,
    schedule: ABS_DENSITIES,
    densities: ['sched'],
    note: 'computation in superposition: |x| with untied weights, signed inputs',
  },
];

/**
 * How long each shape is measured: after `warmupSteps` untimed steps, timed runs of `steps` steps each,
 * at least `iterations` of them and more until MIN_TIMED_SECONDS have passed (so a fast engine is timed
 * over many runs, a slow one over exactly `iterations`). Every engine and PyTorch run the same plans.
 */
export interface StepPlan {
  steps: number;
  iterations: number;
  warmupSteps: number;
  /** timed runs continue until at least this long has been measured (MIN_TIMED_SECONDS; 0 with --smoke) */
  minSeconds: number;
}

/** Timed runs continue until at least this long has been measured (see StepPlan). */
export const MIN_TIMED_SECONDS = 1;

/**
 * Default plans. Measured here (2-core EPYC, Nov 2026) the whole default run takes ~2–3 minutes without
 * the fused engine; the slowest cells are tfjs-cpu on B (~15 ms/step) and tfjs-wasm on D (~70 ms/step).
 * performance.md's older tfjs numbers were up to 10× slower: even then the run stays near 10 minutes.
 */
export const STEP_PLANS: Record<ShapeId, Omit<StepPlan, 'minSeconds'>> = {
  A: { steps: 200, iterations: 8, warmupSteps: 50 },
  B: { steps: 100, iterations: 8, warmupSteps: 20 },
  C: { steps: 30, iterations: 5, warmupSteps: 5 },
  D: { steps: 15, iterations: 5, warmupSteps: 3 },
  P: { steps: 200, iterations: 8, warmupSteps: 50 },
  V: { steps: 30, iterations: 5, warmupSteps: 5 },
};

/** `--quick`: A, B and the new models' shapes, at most QUICK_ITERATIONS timed runs each (about a minute or two). */
export const QUICK_SHAPES: readonly ShapeId[] = ['A', 'B', 'P', 'V'];
export const QUICK_ITERATIONS = 5;

/**
 * `--smoke`: every code path once, numbers meaningless: one workload per model (A, P and V at 'sched'),
 * SMOKE_PLAN's few steps, one timed run each, no minimum time.
 */
export const SMOKE_SHAPES: readonly ShapeId[] = ['A', 'P', 'V'];
export const SMOKE_PLAN: StepPlan = { steps: 3, iterations: 1, warmupSteps: 1, minSeconds: 0 };

export interface Workload {
  /** e.g. 'A/sched', 'C/0.01' */
  id: string;
  shape: Shape;
  density: Density;
  plan: StepPlan;
}

export const BENCH_SEED = 20221014;

export function densityLabel(density: Density): string {
  return density === 'sched' ? 'sched' : String(density);
}

export function workloadId(shape: ShapeId, density: Density): string {
  return `${shape}/${densityLabel(density)}`;
}

/** Flops of one training step by performance.md's convention: 10·B·n·m·I. */
export function flopsPerStep(shape: Pick<Shape, 'features' | 'hidden' | 'instances' | 'batch'>): number {
  return 10 * shape.batch * shape.features * shape.hidden * shape.instances;
}

export const FLOPS_CONVENTION =
  'GFLOP/s = steps/s · 10·B·n·m·I / 1e9 (performance.md: five batched matmuls of 2·B·n·m flops per instance; ' +
  'dense work, so engines that skip zeros report effective rates)';

/** Per-instance density of the notebook schedule: 20^(−i/(I−1)), i = 0 … I−1 (1 → 0.05). */
export function scheduleDensities(instances: number): number[] {
  return Array.from({ length: instances }, (_, i) => 20 ** -(instances > 1 ? i / (instances - 1) : 0));
}

/** Each instance's density (length I): the shape's schedule for 'sched', else the constant. */
export function instanceDensities(shape: Pick<Shape, 'instances' | 'schedule'>, density: Density): number[] {
  if (density !== 'sched') return new Array<number>(shape.instances).fill(density);
  return shape.schedule !== undefined ? [...shape.schedule] : scheduleDensities(shape.instances);
}

/** The [I, F] density array of a workload (float32, as the engines receive it). */
export function densityArray(shape: Shape, density: Density): Float32Array {
  const { instances: I, features: F } = shape;
  const out = new Float32Array(I * F);
  const perInstance = instanceDensities(shape, density);
  for (let i = 0; i < I; i++) out.fill(perInstance[i] as number, i * F, (i + 1) * F);
  return out;
}

export interface WorkloadOptions {
  /** shapes to keep (default: all; `quick` implies QUICK_SHAPES, `smoke` SMOKE_SHAPES) */
  shapes?: readonly ShapeId[];
  /** densities to keep of each shape's own (default: the shape's); with `exact`, these densities on every shape */
  densities?: readonly Density[];
  /** take `densities` as they are, not as a filter of each shape's own (a shape/density pair) */
  exact?: boolean;
  /** --quick: QUICK_SHAPES, QUICK_ITERATIONS timed iterations */
  quick?: boolean;
  /** --smoke: SMOKE_SHAPES at 'sched', SMOKE_PLAN */
  smoke?: boolean;
  /** multiply every plan's steps (longer, steadier runs); default 1 */
  scale?: number;
}

export function isShapeId(value: string): value is ShapeId {
  return (SHAPE_IDS as readonly string[]).includes(value);
}

export function shapeOf(id: ShapeId): Shape {
  return SHAPES.find((s) => s.id === id) as Shape;
}

/** Parses `--workloads A,B` (shape letters, case-insensitive) or `A/0.01,C/sched` (shape/density pairs). */
export function parseWorkloadFilter(text: string): { shapes: ShapeId[]; pairs: string[] } {
  const shapes: ShapeId[] = [];
  const pairs: string[] = [];
  for (const raw of text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)) {
    const [letter, dens] = raw.split('/');
    const id = (letter ?? '').toUpperCase();
    if (!isShapeId(id))
      throw new Error(`--workloads: unknown workload '${raw}' (allowed: ${SHAPE_IDS.join(', ')}, or e.g. C/0.01, D/sched)`);
    if (dens === undefined) {
      if (!shapes.includes(id)) shapes.push(id);
    } else {
      const density = parseDensity(dens);
      pairs.push(workloadId(id, density));
    }
  }
  return { shapes, pairs };
}

export function parseDensity(text: string): Density {
  if (text === 'sched') return 'sched';
  const p = Number(text);
  if (!(p > 0 && p <= 1)) throw new Error(`density '${text}' is neither 'sched' nor a number in (0, 1]`);
  return p;
}

/** The workloads of one run, in SHAPES order, each shape's densities in DENSITIES order. */
export function makeWorkloads(options: WorkloadOptions = {}): Workload[] {
  const scale = options.scale ?? 1;
  if (!(scale > 0)) throw new Error(`scale must be positive, got ${scale}`);
  const smoke = options.smoke === true;
  const shapes = options.shapes ?? (smoke ? SMOKE_SHAPES : options.quick === true ? QUICK_SHAPES : SHAPE_IDS);
  const out: Workload[] = [];
  for (const shape of SHAPES) {
    if (!shapes.includes(shape.id)) continue;
    const base = STEP_PLANS[shape.id];
    const plan: StepPlan = smoke
      ? { ...SMOKE_PLAN, steps: Math.max(1, Math.round(SMOKE_PLAN.steps * scale)) }
      : {
          steps: Math.max(1, Math.round(base.steps * scale)),
          iterations: options.quick === true ? Math.min(base.iterations, QUICK_ITERATIONS) : base.iterations,
          warmupSteps: base.warmupSteps,
          minSeconds: MIN_TIMED_SECONDS,
        };
    const own = smoke ? (['sched'] as const) : shape.densities;
    const densities =
      options.densities === undefined
        ? own
        : options.exact === true
          ? options.densities
          : own.filter((d) => options.densities?.includes(d));
    for (const density of densities) out.push({ id: workloadId(shape.id, density), shape, density, plan });
  }
  return out;
}

/** Whether a workload trains the paper's first model, which the engines take as a TrainingGroup (makeGroup). */
export function isTiedWorkload(w: Workload): boolean {
  return w.shape.model === 'relu-output';
}

/** xavier-normal with the notebook's 3-D fan rule over [I, F, H]: std = sqrt(2 / (H·(F + I))). */
function initialWeight(shape: Shape, name: string): Float32Array {
  const { features: F, hidden: H, instances: I } = shape;
  const W = new Float32Array(I * F * H);
  // the encoder keeps the stream it always had ('init', shape), so A–D's weights do not change
  const labels = name === 'W' || name === 'W1' ? [shape.id] : [shape.id, name];
  createPrng(deriveSeed(BENCH_SEED, 'bench', 'init', ...labels)).fillNormal(W, 0, Math.sqrt(2 / (H * (F + I))));
  return W;
}

/** What every trainer takes besides the model's parameters: sizes, importance, densities, seeds, recipe. */
function groupSettings(w: Workload, steps: number): Omit<TrainingGroup, 'activation' | 'W0' | 'b0'> {
  const { features: F, instances: I, batch } = w.shape;
  return {
    features: F,
    hidden: w.shape.hidden,
    instances: I,
    importance: new Float32Array(F).map((_, f) => w.shape.importanceDecay ** f),
    density: densityArray(w.shape, w.density),
    dataSeeds: new Uint32Array(I).map((_, i) => deriveSeed(BENCH_SEED, 'bench', 'data', w.id, i)),
    optimizer: { kind: 'adamw', lr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 },
    steps,
    batch,
    mask: 'per_element',
    loss: 'mean',
    // record rarely: the loss read-back is a sync point, and the reference records nothing
    logEvery: Math.max(steps, 1),
  };
}

/**
 * The TrainingGroup of a relu-output workload (A–D) for `steps` steps. Deterministic: the same workload
 * always gets the same initial weights and data seeds (so every engine trains the same models on the same data).
 */
export function makeGroup(w: Workload, steps: number = w.plan.steps): TrainingGroup {
  if (!isTiedWorkload(w)) throw new Error(`bench: workload ${w.id} trains ${w.shape.model}: use makeModelGroup`);
  const { features: F, instances: I } = w.shape;
  return { ...groupSettings(w, steps), activation: 'relu', W0: initialWeight(w.shape, 'W'), b0: new Float32Array(I * F) };
}

/**
 * The ModelTrainingGroup of any workload (what model/engine.ts trainModelWithEngine takes, as stages/train.ts
 * hands it over): every parameter of the shape's model definition, weights xavier-normal, biases zero.
 */
export function makeModelGroup(w: Workload, steps: number = w.plan.steps): ModelTrainingGroup {
  const model = MODEL_DEFINITIONS[w.shape.model];
  const shape = { features: w.shape.features, hidden: w.shape.hidden };
  const params0 = Object.fromEntries(
    model.parameters.map((p) => {
      const size = w.shape.instances * p.shape(shape).reduce((a, b) => a * b, 1);
      return [p.name, p.role === 'weight' ? initialWeight(w.shape, p.name) : new Float32Array(size)];
    }),
  );
  return { ...groupSettings(w, steps), model, options: { l1: 0 }, params0 };
}

/** One job of the reference scripts (`--jobs`; bench/torch_reference.py, bench/jax_reference.py): the same model, shape, densities and step plan. */
export interface ReferenceJob {
  workload: string;
  /** the core/models/ kind the script trains: its forward pass, inputs and target */
  model: BenchModel;
  n: number;
  m: number;
  instances: number;
  batch: number;
  /** the label ('sched' or the constant) */
  density: 'sched' | number;
  /** each instance's density (length `instances`) */
  instance_densities: number[];
  /** feature f's importance is importance_decay^f */
  importance_decay: number;
  steps: number;
  iterations: number;
  warmup_steps: number;
  min_seconds: number;
}

export function referenceJob(w: Workload): ReferenceJob {
  return {
    workload: w.id,
    model: w.shape.model,
    n: w.shape.features,
    m: w.shape.hidden,
    instances: w.shape.instances,
    batch: w.shape.batch,
    density: w.density,
    instance_densities: instanceDensities(w.shape, w.density),
    importance_decay: w.shape.importanceDecay,
    steps: w.plan.steps,
    iterations: w.plan.iterations,
    warmup_steps: w.plan.warmupSteps,
    min_seconds: w.plan.minSeconds,
  };
}
