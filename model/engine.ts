// Which training engine runs, next to which TensorFlow.js backend. On the native backends
// (tfjs-node-gpu, tfjs-node) TensorFlow runs the batched matmuls of model/train.ts. On the CPU
// backends of Node (wasm, cpu) the fused engine of model/fused/ runs each model's whole training step
// inside one WebAssembly SIMD kernel instead: 3–13× the tfjs-wasm throughput and 2–6× PyTorch's on one
// thread (reports/bench, `npm run bench`). Both compute the same function on the same data stream
// and agree to float32 rounding (test/model/fused.test.ts); the engine is part of every cache key.
// Loading this module is cheap: it imports neither tfjs nor the kernel.

import type { EngineId, EngineRequest } from '../core/choices.ts';
import type { BackendId, ModelTrainingGroup, ModelTrainingResult, TrainingGroup, TrainingProgress, TrainingResult } from '../core/types.ts';

export interface EngineChoice {
  id: EngineId;
  /** one line a user can read: why this engine runs */
  reason: string;
}

export function chooseEngine(request: EngineRequest, backend: BackendId): EngineChoice {
  if (request === 'tfjs') return { id: 'tfjs', reason: `TensorFlow.js ops on the ${backend} backend (engine: tfjs requested)` };
  if (request === 'fused') return { id: 'fused', reason: 'fused WebAssembly SIMD kernel (engine: fused requested)' };
  return backend === 'node' || backend === 'node-gpu'
    ? { id: 'tfjs', reason: `TensorFlow.js ops on the native ${backend} backend` }
    : { id: 'fused', reason: `fused WebAssembly SIMD kernel, which outruns TensorFlow.js's ${backend} backend on these shapes` };
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
