// A describe block's TensorFlow.js backend: initialised before its tests (and checked to be the one asked
// for), and no tensor left behind by them when it ends; and the backends the engine tests run on.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { BackendId } from '../../core/types.ts';
import { availableBackends, chooseBackend, initBackend } from '../../model/backend.ts';

/** Call inside a describe: runs its tests on `backend` and fails it if they leak tensors. */
export function onBackend(backend: BackendId): void {
  let tensorsBefore = 0;
  beforeAll(async () => {
    const name = await initBackend(chooseBackend(backend));
    // the native backends register with tfjs-core as 'tensorflow', the others under their own id
    expect(name).toBe(backend === 'node' || backend === 'node-gpu' ? 'tensorflow' : backend);
    expect(tf.getBackend()).toBe(name);
    tensorsBefore = tf.memory().numTensors;
  });
  afterAll(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
}

/**
 * The backends the tfjs engine's tests run on: cpu and wasm always, and the native CPU backend (tfjs-node),
 * which `npm run setup:native` installs and .ci/run sets up. Without it, its tests are reported as skipped,
 * loudly, and a skipped test fails CI. (node-gpu needs a GPU: bench/gpu-check.sh runs it where there is one.)
 */
export const NATIVE_READY = availableBackends().includes('node');
export const ENGINE_TEST_BACKENDS: readonly BackendId[] = ['cpu', 'wasm', 'node'];
if (!NATIVE_READY) {
  console.warn(
    '\n*** SKIPPED: the tfjs engine tests on the native node backend need @tensorflow/tfjs-node: npm run setup:native installs it. ***\n',
  );
}
