// The benchmark's workloads: shapes A–D of shared/guide/performance.md, each with three input densities.
//
// Every workload is the official notebook's recipe: W [I,F,H] xavier-normal (the notebook's 3-D fan rule,
// std = sqrt(2 / (H·(F + I)))), zero bias, importance 0.9^f, per-element mask (x_f kept with probability
// p, value U[0,1)), loss = mean over batch and features per instance, summed over instances, AdamW
// (lr 1e-3, β 0.9/0.999, ε 1e-8, weight decay 0.01), batch 1024. bench/torch_reference.py trains the same.
//
// Densities: 'sched' is the notebook's per-instance schedule 20^(−linspace(0,1,I)) (1 → 0.05); 0.01 and
// 0.001 are constant over instances and features (the sparse regime where superposition happens, and where
// an engine that skips zeros gains most).
//
// Flops: 10·B·F·H·I per step, performance.md's convention (five batched matmuls of 2·B·F·H flops each:
// h = xW, pre = hWᵀ, dH = dPre·W, and the two terms of dW). It counts dense work, so an engine that skips
// zero inputs reports "effective" GFLOP/s, which can exceed what it really computes.

import { createPrng, deriveSeed } from '../data/prng.ts';
import type { TrainingGroup } from '../core/types.ts';

export type ShapeId = 'A' | 'B' | 'C' | 'D';

export interface Shape {
  id: ShapeId;
  features: number; // F (n)
  hidden: number; // H (m)
  instances: number; // I
  batch: number; // B
  /** why the shape matters (performance.md) */
  note: string;
}

export const SHAPES: readonly Shape[] = [
  { id: 'A', features: 5, hidden: 2, instances: 10, batch: 1024, note: 'intro figure; per-op overhead dominates' },
  { id: 'B', features: 20, hidden: 5, instances: 7, batch: 1024, note: 'demonstrating superposition' },
  { id: 'C', features: 100, hidden: 20, instances: 20, batch: 1024, note: "notebook's sparsity sweep" },
  { id: 'D', features: 400, hidden: 30, instances: 10, batch: 1024, note: "the paper's geometry experiments" },
];

/** 'sched' = 20^(−linspace(0,1,I)) per instance; a number = that density everywhere. */
export type Density = 'sched' | number;
export const DENSITIES: readonly Density[] = ['sched', 0.01, 0.001];

/**
 * How long each shape is measured: after `warmupSteps` untimed steps, timed runs of `steps` steps each,
 * at least `iterations` of them and more until MIN_TIMED_SECONDS have passed (so a fast engine is timed
 * over many runs, a slow one over exactly `iterations`). Every engine and PyTorch run the same plans.
 */
export interface StepPlan {
  steps: number;
  iterations: number;
  warmupSteps: number;
}

/** Timed runs continue until at least this long has been measured (see StepPlan). */
export const MIN_TIMED_SECONDS = 1;

/**
 * Default plans. Measured here (2-core EPYC, Nov 2026) the whole default run takes ~2–3 minutes without
 * the fused engine; the slowest cells are tfjs-cpu on B (~15 ms/step) and tfjs-wasm on D (~70 ms/step).
 * performance.md's older tfjs numbers were up to 10× slower: even then the run stays near 10 minutes.
 */
export const STEP_PLANS: Record<ShapeId, StepPlan> = {
  A: { steps: 200, iterations: 8, warmupSteps: 50 },
  B: { steps: 100, iterations: 8, warmupSteps: 20 },
  C: { steps: 30, iterations: 5, warmupSteps: 5 },
  D: { steps: 15, iterations: 5, warmupSteps: 3 },
};

/** `--quick`: A and B only, at most QUICK_ITERATIONS timed runs each (well under a minute in all). */
export const QUICK_SHAPES: readonly ShapeId[] = ['A', 'B'];
export const QUICK_ITERATIONS = 5;

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

/** The [I, F] density array of a workload (float32, as the engines receive it). */
export function densityArray(shape: Shape, density: Density): Float32Array {
  const { instances: I, features: F } = shape;
  const out = new Float32Array(I * F);
  const perInstance = density === 'sched' ? scheduleDensities(I) : new Array<number>(I).fill(density);
  for (let i = 0; i < I; i++) out.fill(perInstance[i] as number, i * F, (i + 1) * F);
  return out;
}

export interface WorkloadOptions {
  /** shapes to keep (default: all four; `quick` implies A and B) */
  shapes?: readonly ShapeId[];
  /** densities to keep (default: all three) */
  densities?: readonly Density[];
  /** --quick: A and B, QUICK_ITERATIONS timed iterations */
  quick?: boolean;
  /** multiply every plan's steps (longer, steadier runs); default 1 */
  scale?: number;
}

export function isShapeId(value: string): value is ShapeId {
  return value === 'A' || value === 'B' || value === 'C' || value === 'D';
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
    if (!isShapeId(id)) throw new Error(`--workloads: unknown workload '${raw}' (allowed: A, B, C, D, or e.g. C/0.01, D/sched)`);
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

/** The workloads of one run, in order A…D, each shape's densities in DENSITIES order. */
export function makeWorkloads(options: WorkloadOptions = {}): Workload[] {
  const scale = options.scale ?? 1;
  if (!(scale > 0)) throw new Error(`scale must be positive, got ${scale}`);
  const shapes = options.shapes ?? (options.quick === true ? QUICK_SHAPES : SHAPES.map((s) => s.id));
  const densities = options.densities ?? DENSITIES;
  const out: Workload[] = [];
  for (const shape of SHAPES) {
    if (!shapes.includes(shape.id)) continue;
    const base = STEP_PLANS[shape.id];
    const plan: StepPlan = {
      steps: Math.max(1, Math.round(base.steps * scale)),
      iterations: options.quick === true ? Math.min(base.iterations, QUICK_ITERATIONS) : base.iterations,
      warmupSteps: base.warmupSteps,
    };
    for (const density of densities) out.push({ id: workloadId(shape.id, density), shape, density, plan });
  }
  return out;
}

/**
 * The TrainingGroup of a workload for `steps` steps. Deterministic: the same workload always gets the same
 * initial weights and data seeds (so every engine trains the same models on the same data).
 */
export function makeGroup(w: Workload, steps: number = w.plan.steps): TrainingGroup {
  const { features: F, hidden: H, instances: I, batch } = w.shape;
  const W0 = new Float32Array(I * F * H);
  createPrng(deriveSeed(BENCH_SEED, 'bench', 'init', w.shape.id)).fillNormal(W0, 0, Math.sqrt(2 / (H * (F + I))));
  return {
    features: F,
    hidden: H,
    instances: I,
    activation: 'relu',
    importance: new Float32Array(F).map((_, f) => 0.9 ** f),
    density: densityArray(w.shape, w.density),
    W0,
    b0: new Float32Array(I * F),
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

/** One job of bench/torch_reference.py (`--jobs`): the same shape, density and step plan. */
export interface TorchJob {
  workload: string;
  n: number;
  m: number;
  instances: number;
  batch: number;
  density: 'sched' | number;
  steps: number;
  iterations: number;
  warmup_steps: number;
  min_seconds: number;
}

export function torchJob(w: Workload): TorchJob {
  return {
    workload: w.id,
    n: w.shape.features,
    m: w.shape.hidden,
    instances: w.shape.instances,
    batch: w.shape.batch,
    density: w.density,
    steps: w.plan.steps,
    iterations: w.plan.iterations,
    warmup_steps: w.plan.warmupSteps,
    min_seconds: MIN_TIMED_SECONDS,
  };
}
