import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BACKEND_IDS } from '../../core/choices.ts';
import { availableBackends, BackendError, chooseBackend, initBackend, isBackendId } from '../../model/backend.ts';
import type { BackendId } from '../../core/types.ts';

const require = createRequire(import.meta.url);
function resolvable(pkg: string): boolean {
  try {
    require.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}
const nativeMissing = !resolvable('@tensorflow/tfjs-node') && !resolvable('@tensorflow/tfjs-node-gpu');

describe('backend ids', () => {
  it('lists the backends fastest first and guards them', () => {
    expect(BACKEND_IDS).toEqual(['node-gpu', 'node', 'wasm', 'cpu']);
    for (const id of BACKEND_IDS) expect(isBackendId(id)).toBe(true);
    for (const bad of ['auto', 'gpu', 'webgl', '', 1, null, undefined]) expect(isBackendId(bad)).toBe(false);
  });
});

describe('chooseBackend', () => {
  it('auto takes the first available of node-gpu, node, wasm, cpu, and says on one line why it skipped the others', () => {
    const choice = chooseBackend('auto');
    expect(choice.id).toBe(availableBackends()[0]);
    expect(choice.reason).not.toContain('\n');
    if (choice.id === 'wasm' && nativeMissing) {
      expect(choice.reason).toMatch(/^@tensorflow\/tfjs-node-gpu and @tensorflow\/tfjs-node are not installed/);
      expect(choice.reason).toContain('npm run setup:native');
    } else if (choice.id === 'node') {
      // tfjs-node-gpu is either absent, without its binding, or without a GPU here
      expect(choice.reason).toMatch(/tfjs-node-gpu.*(not installed|binding|no NVIDIA GPU)|node-gpu: /);
    }
  });

  it('auto returns an available backend with a one-line reason', () => {
    const choice = chooseBackend('auto');
    expect(isBackendId(choice.id)).toBe(true);
    expect(choice.reason.length).toBeGreaterThan(0);
    expect(choice.reason).not.toContain('\n');
  });

  it('is cheap: the module imports no tfjs statically, and a choice takes milliseconds', () => {
    const source = readFileSync(new URL('../../model/backend.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^import[^;]*from '@tensorflow/m);
    const t0 = performance.now();
    for (let k = 0; k < 20; k++) chooseBackend('auto');
    expect((performance.now() - t0) / 20).toBeLessThan(50);
  });

  it('honours explicit requests for available backends', () => {
    for (const id of ['wasm', 'cpu'] as const) expect(chooseBackend(id)).toEqual({ id, reason: 'requested explicitly' });
  });

  it('an explicit unavailable request throws, naming the backend, why, how to install it and the allowed values', () => {
    const available = availableBackends();
    for (const id of ['node-gpu', 'node'] as const) {
      if (available.includes(id)) {
        expect(chooseBackend(id)).toEqual({ id, reason: 'requested explicitly' });
        continue;
      }
      let error: unknown;
      try {
        chooseBackend(id);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BackendError);
      const err = error as BackendError;
      expect(err.code).toBe('E_BACKEND_UNAVAILABLE');
      expect(err.backend).toBe(id);
      expect(err.message).toContain(`'${id}'`);
      expect(err.message).toMatch(/not installed|binding .* is missing|no NVIDIA GPU/);
      if (!/no NVIDIA GPU/.test(err.message))
        expect(err.message).toContain(id === 'node' ? 'npm run setup:native' : 'npm run setup:native -- --gpu');
      expect(err.message).toContain('auto, node-gpu, node, wasm, cpu');
      expect(err.message).toContain(`available here: ${available.join(', ')}`);
    }
  });

  it('an unknown request throws with the allowed values', () => {
    expect(() => chooseBackend('webgl' as BackendId)).toThrow(/unknown backend 'webgl'.*auto, node-gpu, node, wasm, cpu/);
  });
});

describe('initBackend', () => {
  it('starts wasm and cpu, and switches between them', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    expect(await initBackend(chooseBackend('wasm'))).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(Array.from(tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()))).toEqual([3]);
    expect(await initBackend(chooseBackend('cpu'))).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await initBackend({ id: 'wasm', reason: 'again' })).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it.skipIf(!availableBackends().includes('node'))('starts the native node backend (libtensorflow) and runs an op on it', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    expect(await initBackend(chooseBackend('node'))).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    const product = tf.tidy(() =>
      tf
        .matMul(
          tf.tensor2d([
            [1, 2],
            [3, 4],
          ]),
          tf.tensor2d([[5], [6]]),
        )
        .dataSync(),
    );
    expect(Array.from(product)).toEqual([17, 39]);
    expect(await initBackend(chooseBackend('cpu'))).toBe('cpu');
  });
});
