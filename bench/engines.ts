// The training engines under test. Each trains the paper's first model (relu-output, shapes A–D) as
// `train(group: TrainingGroup)` and the other models of core/models/ (shapes P and V) as
// `trainModel(group: ModelTrainingGroup)`, the way stages/train.ts calls them:
//   - tfjs on each available backend: model/train.ts trainGroup with the backend's own formulation, and
//     model/engine.ts trainModelWithEngine('tfjs', …) (the model's graph, automatic differentiation);
//     tfjs-cpu only on the small shapes A, B and P (it needs hours for C and D);
//   - the fused WebAssembly engine with one and with two threads: model/fused/engine.ts
//     `trainGroupFused(group, { threads })`, and model/engine.ts trainModelWithEngine('fused', …, { threads })
//     (model/fused/family.ts trainGraphGroupFused) for the other models, when the module exists and
//     starts: it is imported dynamically, so the bench runs (and typechecks) before it is written, and says
//     why it was skipped. Another build (--fused PATH) trains the other models with the family.ts beside it.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { availableBackends, chooseBackend, initBackend, libtensorflowVersion } from '../model/backend.ts';
import { trainModelWithEngine } from '../model/engine.ts';
import { formulationFor, trainGroup } from '../model/train.ts';
import type { BackendId, ModelTrainingGroup, ModelTrainingResult, TrainingGroup, TrainingResult } from '../core/types.ts';
import { isTiedWorkload, SHAPE_IDS, type ShapeId, type Workload } from './workloads.ts';

export type TrainFn = (group: TrainingGroup) => Promise<TrainingResult>;
export type TrainModelFn = (group: ModelTrainingGroup) => Promise<ModelTrainingResult>;

export interface Engine {
  /** stable id used in tables, JSON and the figure: 'tfjs-wasm', 'tfjs-cpu', 'fused-1t', 'fused-2t' */
  id: string;
  /** one line for people, e.g. 'tfjs wasm (per-instance formulation), 1 thread' */
  label: string;
  family: 'tfjs' | 'fused';
  /** threads it computes on (the sgemm peak it is compared with is measured on as many) */
  threads: number;
  /** shapes it is run on */
  shapes: readonly ShapeId[];
  /** make this engine's backend active (tfjs keeps one global backend); idempotent */
  prepare(): Promise<void>;
  /** the paper's first model (relu-output workloads) */
  train: TrainFn;
  /** any model of core/models/ (the other workloads); absent: the engine runs relu-output workloads only */
  trainModel?: TrainModelFn;
  /** release workers or other resources, if any */
  dispose?(): Promise<void>;
}

/** Why an engine that could be expected here is not run. */
export interface SkippedEngine {
  id: string;
  reason: string;
}

export const ALL_SHAPES: readonly ShapeId[] = SHAPE_IDS;
/** tfjs-cpu takes ~2.5 h (C) and ~5.7 h (D) per 10k steps (performance.md): only the small shapes. */
export const CPU_SHAPES: readonly ShapeId[] = ['A', 'B', 'P'];

export function appliesTo(engine: Pick<Engine, 'shapes' | 'trainModel'>, w: Workload): boolean {
  return engine.shapes.includes(w.shape.id) && (isTiedWorkload(w) || engine.trainModel !== undefined);
}

const TFJS_NAMES: Record<BackendId, string> = { 'node-gpu': 'tensorflow', node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

/** The tfjs engine on one backend (the backend must be available: see `availableBackends`). */
export function tfjsEngine(backend: BackendId): Engine {
  const formulation = formulationFor(TFJS_NAMES[backend]);
  const choice = chooseBackend(backend);
  const prepare = async (): Promise<void> => {
    if (tf.getBackend() !== TFJS_NAMES[backend]) await initBackend(choice);
  };
  return {
    id: `tfjs-${backend}`,
    label: `tfjs ${backend} (model/train.ts, ${formulation} formulation), 1 thread`,
    family: 'tfjs',
    threads: 1,
    shapes: backend === 'cpu' ? CPU_SHAPES : ALL_SHAPES,
    prepare,
    train: async (group) => {
      await prepare();
      return trainGroup(group, { formulation });
    },
    trainModel: async (group) => {
      await prepare();
      return trainModelWithEngine('tfjs', group);
    },
  };
}

/** Why a backend is not available here, as chooseBackend says it. */
function chooseBackendError(backend: BackendId): string {
  try {
    chooseBackend(backend);
    return `backend ${backend} is available`;
  } catch (error) {
    return message(error);
  }
}

/** Path of the fused engine's module (it may not exist yet). */
export const FUSED_MODULE = fileURLToPath(new URL('../model/fused/engine.ts', import.meta.url));

/** The subset of model/fused/engine.ts that the bench uses; checked at run time. */
interface FusedModule {
  trainGroupFused(group: TrainingGroup, options: { threads: number }): Promise<TrainingResult>;
  [name: string]: unknown;
}

/** The subset of model/fused/family.ts (beside another build's engine module) that the bench uses. */
interface FamilyModule {
  trainGraphGroupFused(group: ModelTrainingGroup, options: { threads: number }): Promise<ModelTrainingResult>;
}

/**
 * How the fused engine trains the other models: the default build as stages/train.ts does, through
 * model/engine.ts trainModelWithEngine('fused', …); another build with the family.ts beside its engine
 * module. Null, with the reason, when that module is missing or lacks trainGraphGroupFused.
 */
async function fusedModelTrainer(modulePath: string): Promise<{ train: ((threads: number) => TrainModelFn) | null; reason: string }> {
  if (modulePath === FUSED_MODULE) {
    return { train: (threads) => (group) => trainModelWithEngine('fused', group, { threads }), reason: '' };
  }
  const family = join(dirname(modulePath), 'family.ts');
  if (!existsSync(family)) return { train: null, reason: `${family} does not exist` };
  try {
    const mod = (await import(pathToFileURL(family).href)) as Partial<FamilyModule>;
    const trainGraph = mod.trainGraphGroupFused;
    if (typeof trainGraph !== 'function') return { train: null, reason: `${family} does not export trainGraphGroupFused` };
    return { train: (threads) => (group) => trainGraph(group, { threads }), reason: '' };
  } catch (error) {
    return { train: null, reason: `${family} failed to import: ${message(error)}` };
  }
}

/**
 * The fused engine with 1 and 2 threads, or why not: the module is missing, fails to import, lacks
 * `trainGroupFused`, or fails a 2-step smoke run on `smoke` (a small group).
 */
export async function fusedEngines(
  smoke: TrainingGroup,
  threadCounts: readonly number[] = [1, 2],
  modulePath: string = FUSED_MODULE,
): Promise<{ engines: Engine[]; skipped: SkippedEngine[] }> {
  const ids = threadCounts.map((t) => `fused-${t}t`);
  const skipAll = (reason: string) => ({ engines: [], skipped: ids.map((id) => ({ id, reason })) });
  const name = modulePath === FUSED_MODULE ? 'model/fused/engine.ts' : modulePath;
  if (!existsSync(modulePath)) return skipAll(`${name} does not exist (yet)`);
  let mod: FusedModule;
  try {
    // a computed specifier: the module is optional, and TypeScript must not require it to exist
    const specifier: string = pathToFileURL(modulePath).href;
    mod = (await import(specifier)) as FusedModule;
  } catch (error) {
    return skipAll(`${name} failed to import: ${message(error)}`);
  }
  if (typeof mod.trainGroupFused !== 'function') return skipAll(`${name} does not export trainGroupFused(group, { threads })`);
  const engines: Engine[] = [];
  const skipped: SkippedEngine[] = [];
  const models = await fusedModelTrainer(modulePath);
  for (const threads of threadCounts) {
    const id = `fused-${threads}t`;
    const train: TrainFn = (group) => mod.trainGroupFused(group, { threads });
    try {
      const r = await train({ ...smoke, steps: 2, logEvery: 1 });
      if (!(r.W instanceof Float32Array) || r.W.length !== smoke.W0.length || !r.W.every(Number.isFinite)) {
        throw new Error('smoke run returned no finite W of the right length');
      }
    } catch (error) {
      skipped.push({ id, reason: `trainGroupFused(…, { threads: ${threads} }) failed a 2-step smoke run: ${message(error)}` });
      continue;
    }
    const engine: Engine = {
      id,
      label: `fused wasm engine (${name}), ${threads} thread${threads === 1 ? '' : 's'}`,
      family: 'fused',
      threads,
      shapes: ALL_SHAPES,
      prepare: async () => {},
      train,
    };
    if (models.train !== null) engine.trainModel = models.train(threads);
    else skipped.push({ id: `${id} (other models)`, reason: models.reason });
    engines.push(engine);
  }
  const dispose = ['closeFusedWorkers', 'dispose', 'shutdown', 'close', 'terminate']
    .map((name) => mod[name])
    .find((f) => typeof f === 'function');
  if (dispose !== undefined && engines.length > 0) {
    const last = engines[engines.length - 1] as Engine;
    last.dispose = async () => {
      await (dispose as () => unknown)();
    };
  }
  return { engines, skipped };
}

/**
 * tfjs on a native backend, measured in a child process of its own: TensorFlow reads its thread counts
 * (TF_NUM_INTRAOP_THREADS) once, when libtensorflow starts, so each thread count needs a fresh process.
 */
export interface NativeEngine {
  /** 'tfjs-node-1t', 'tfjs-node-2t', 'tfjs-node-gpu' */
  id: string;
  backend: 'node' | 'node-gpu';
  /** TensorFlow's intra-op threads on the CPU */
  threads: number;
  label: string;
}

/** The native engines to measure: tfjs-node on 1 and 2 threads, tfjs-node-gpu, where they are available. */
export function nativeEngines(available: readonly BackendId[], wanted: (id: string) => boolean): NativeEngine[] {
  const found: NativeEngine[] = [];
  if (available.includes('node')) {
    for (const threads of [1, 2]) {
      const id = `tfjs-node-${threads}t`;
      const label = `tfjs node (libtensorflow ${libtensorflowVersion('node')}, model/train.ts, batched formulation), ${threads} TensorFlow thread${threads === 1 ? '' : 's'}`;
      if (wanted(id)) found.push({ id, backend: 'node', threads, label });
    }
  }
  if (available.includes('node-gpu') && wanted('tfjs-node-gpu')) {
    found.push({
      id: 'tfjs-node-gpu',
      backend: 'node-gpu',
      threads: 1,
      label: `tfjs node-gpu (libtensorflow ${libtensorflowVersion('node-gpu')}, batched formulation), GPU`,
    });
  }
  return found;
}

export interface EngineSelection {
  engines: Engine[];
  /** run in child processes (training.bench.ts --native-child) */
  native: NativeEngine[];
  skipped: SkippedEngine[];
}

/**
 * Every engine that can run here: tfjs on each available backend (wasm, cpu, and tfjs-node where its
 * native binding is installed), then the fused engine with 1 and 2 threads. `only` keeps engines whose id
 * starts with one of its entries (e.g. ['tfjs-wasm', 'fused']).
 */
export async function discoverEngines(
  smoke: TrainingGroup,
  only?: readonly string[],
  fusedModule: string = FUSED_MODULE,
): Promise<EngineSelection> {
  const wanted = (id: string): boolean => only === undefined || only.some((prefix) => id.startsWith(prefix));
  const engines: Engine[] = [];
  const skipped: SkippedEngine[] = [];
  const available = availableBackends();
  for (const backend of ['wasm', 'cpu'] as const) {
    const id = `tfjs-${backend}`;
    if (!wanted(id)) continue;
    if (!available.includes(backend)) {
      skipped.push({ id, reason: `backend ${backend} is not available here` });
      continue;
    }
    engines.push(tfjsEngine(backend));
  }
  const native = nativeEngines(available, wanted);
  if (!available.includes('node') && wanted('tfjs-node-1t')) {
    skipped.push({ id: 'tfjs-node', reason: `${chooseBackendError('node')} (npm run setup:native installs it)` });
  }
  if (wanted('fused-1t') || wanted('fused-2t')) {
    const threads = [1, 2].filter((t) => wanted(`fused-${t}t`));
    const fused = await fusedEngines(smoke, threads, fusedModule);
    engines.push(...fused.engines);
    skipped.push(...fused.skipped);
  }
  return { engines, native, skipped };
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
