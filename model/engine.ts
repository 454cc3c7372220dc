// Which training engine runs, and on which TensorFlow.js backend when it is TensorFlow.js. The fused engine
// of model/fused/ runs each model's whole training step inside one WebAssembly SIMD kernel and needs no
// TensorFlow.js backend at all; the tfjs engine runs the batched matmuls of model/train.ts (and the graph
// trainer's automatic differentiation) on the backend model/backend.ts picks. Both compute the same function
// on the same data stream and agree to float32 rounding (test/model/fused.test.ts).
//
// `engine: auto` takes the faster engine for the hardware. `npm run bench` measures both side by side: on
// CPUs the fused kernel outruns TensorFlow.js on every workload and every backend, the native one
// (tfjs-node on libtensorflow) included (README "Benchmarks"), so auto trains on the fused kernel unless a
// GPU backend (node-gpu) is there. No shape here favours TensorFlow.js, so the choice does not depend on the
// shape: one engine for the whole run.
// Only what decides the result goes into cache keys and the report: the engine, and the backend only for
// the tfjs engine, so installing an optional backend the run does not use changes nothing.
// Loading this module is cheap: it imports neither tfjs nor the kernel (model/backend.ts loads no tfjs).

import type { EngineId, EngineRequest } from '../core/choices.ts';
import type {
  BackendChoice,
  BackendId,
  ModelTrainingGroup,
  ModelTrainingResult,
  TrainingGroup,
  TrainingProgress,
  TrainingResult,
} from '../core/types.ts';
import { chooseBackend } from './backend.ts';

export interface TrainingChoice {
  engine: EngineId;
  /** the TensorFlow.js backend the tfjs engine runs on; null for the fused engine, which uses none */
  backend: BackendChoice | null;
  /** one line a user can read: why this engine (and backend) trains; it depends only on the choice itself */
  reason: string;
}

/**
 * The engine for `engine` and, for the tfjs engine, its backend for `backend`. An explicit request for a
 * backend that is not available throws model/backend.ts's BackendError, whichever engine ends up training.
 */
export function chooseTraining(engine: EngineRequest, backend: 'auto' | BackendId): TrainingChoice {
  const backendChoice = chooseBackend(backend);
  if (engine === 'fused') return { engine, backend: null, reason: 'fused WebAssembly SIMD kernel (engine: fused requested)' };
  if (engine === 'tfjs') {
    return { engine, backend: backendChoice, reason: `TensorFlow.js ops on the ${backendChoice.id} backend (engine: tfjs requested)` };
  }
  if (backendChoice.id === 'node-gpu') {
    return {
      engine: 'tfjs',
      backend: backendChoice,
      reason: 'TensorFlow.js ops on the GPU (engine auto: a node-gpu backend is available)',
    };
  }
  return {
    engine: 'fused',
    backend: null,
    reason:
      'fused WebAssembly SIMD kernel (engine auto: on CPUs it outruns TensorFlow.js on every backend, native included; npm run bench)',
  };
}

/** One log line for a choice: "engine fused: …" or "engine tfjs on backend node (why that backend): …". */
export function describeTraining(choice: TrainingChoice): string {
  const on = choice.backend === null ? '' : ` on backend ${choice.backend.id} (${choice.backend.reason})`;
  return `engine ${choice.engine}${on}: ${choice.reason}`;
}

export interface TrainOptions {
  onProgress?: (p: TrainingProgress) => void;
  /** worker threads for the fused engine; results do not depend on it */
  threads?: number;
}

/** Train one group with the chosen engine (the tfjs backend must be initialised for 'tfjs'). */
export async function trainWithEngine(engine: EngineId, group: TrainingGroup, options: TrainOptions = {}): Promise<TrainingResult> {
  if (engine === 'fused') {
    const { trainGroupFused } = await import('./fused/engine.ts');
    return trainGroupFused(group, options);
  }
  const { trainGroup } = await import('./train.ts');
  return trainGroup(group, options.onProgress ? { onProgress: options.onProgress } : {});
}

/**
 * Train one group of any model of core/models/ with the chosen engine: the fused kernel for the models whose
 * structure it implements (it refuses any other with one line), TensorFlow.js's automatic differentiation
 * of the model's graph otherwise (the tfjs backend must be initialised for 'tfjs').
 */
export async function trainModelWithEngine(
  engine: EngineId,
  group: ModelTrainingGroup,
  options: TrainOptions = {},
): Promise<ModelTrainingResult> {
  if (engine === 'fused') {
    const { trainGraphGroupFused } = await import('./fused/family.ts');
    return trainGraphGroupFused(group, options);
  }
  const { trainGraphGroup } = await import('./graph-train.ts');
  return trainGraphGroup(group, options.onProgress ? { onProgress: options.onProgress } : {});
}
