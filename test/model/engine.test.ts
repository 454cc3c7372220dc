import { describe, expect, it } from 'vitest';
import { availableBackends, BackendError, chooseBackend } from '../../model/backend.ts';
import { chooseTraining, describeTraining } from '../../model/engine.ts';

const gpuBackend = chooseBackend('auto').id === 'node-gpu';

describe('chooseTraining', () => {
  it('auto trains with TensorFlow.js on a GPU backend, on the fused kernel on CPUs, with a reason that does not depend on which CPU backends are installed', () => {
    if (gpuBackend) {
      expect(chooseTraining('auto', 'auto')).toMatchObject({ engine: 'tfjs', backend: { id: 'node-gpu' } });
      return;
    }
    const choices = (['auto', 'wasm', 'cpu'] as const).map((backend) => chooseTraining('auto', backend));
    for (const choice of choices) {
      expect(choice.engine).toBe('fused');
      expect(choice.backend).toBeNull();
      expect(choice.reason).toBe(choices[0]!.reason);
      expect(choice.reason).toMatch(/outruns TensorFlow\.js/);
    }
  });

  it('the fused engine uses no backend; the tfjs engine the one chosen for the request', () => {
    expect(chooseTraining('fused', 'cpu')).toMatchObject({ engine: 'fused', backend: null });
    const tfjs = chooseTraining('tfjs', 'cpu');
    expect(tfjs.engine).toBe('tfjs');
    expect(tfjs.backend).toEqual({ id: 'cpu', reason: 'requested explicitly' });
    expect(tfjs.reason).toContain('cpu backend');
    expect(chooseTraining('tfjs', 'auto').backend).toEqual(chooseBackend('auto'));
  });

  it('an explicit backend that is not available is an error whichever engine would train', () => {
    const unavailable = (['node-gpu', 'node'] as const).filter((id) => !availableBackends().includes(id));
    for (const id of unavailable) {
      for (const engine of ['auto', 'tfjs', 'fused'] as const) {
        expect(() => chooseTraining(engine, id)).toThrow(BackendError);
      }
    }
  });

  it('describes a choice on one line, naming the backend only where one trains', () => {
    expect(describeTraining(chooseTraining('fused', 'auto'))).toMatch(/^engine fused: fused WebAssembly SIMD kernel/);
    const tfjs = describeTraining(chooseTraining('tfjs', 'wasm'));
    expect(tfjs).toMatch(/^engine tfjs on backend wasm \(requested explicitly\): /);
    expect(tfjs).not.toContain('\n');
  });
});
