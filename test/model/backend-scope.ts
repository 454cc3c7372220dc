// A describe block's TensorFlow.js backend: initialised before its tests (and checked to be the one asked
// for), and no tensor left behind by them when it ends.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { BackendId } from '../../core/types.ts';
import { chooseBackend, initBackend } from '../../model/backend.ts';

/** Call inside a describe: runs its tests on `backend` and fails it if they leak tensors. */
export function onBackend(backend: BackendId): void {
  let tensorsBefore = 0;
  beforeAll(async () => {
    await initBackend(chooseBackend(backend));
    expect(tf.getBackend()).toBe(backend);
    tensorsBefore = tf.memory().numTensors;
  });
  afterAll(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
}
