import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createStreams } from '../../data/prng.ts';
import { fillBatch } from '../../data/synthetic.ts';
import { FORMULATIONS, formulationFor, lossAndGradients, optimizerSteps, packParams, trainGroup, unpackParams } from '../../model/train.ts';
import type { Activation, LossReduction, OptimizerConfig, OptimizerKind, TrainingGroup } from '../../core/types.ts';
import { bytes, expectClose, expectSameAsAlone, randn } from './assertions.ts';
import { ENGINE_TEST_BACKENDS, NATIVE_READY, onBackend } from './backend-scope.ts';
import { ReferenceOptimizer, referenceLossAndGradients, referenceTraining } from './reference.ts';

const ADAMW: OptimizerConfig = { kind: 'adamw', lr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 };

function makeGroup(overrides: Partial<TrainingGroup> & { features: number; hidden: number; instances: number }): TrainingGroup {
  const { features: F, hidden: H, instances: I } = overrides;
  return {
    activation: 'relu',
    importance: new Float32Array(F).map((_, f) => 0.9 ** f),
    density: new Float32Array(I * F).fill(1),
    W0: randn(I * F * H, Math.sqrt(2 / (H * (F + I))), 1234),
    b0: new Float32Array(I * F),
    dataSeeds: new Uint32Array(I).map((_, i) => 1000 + i),
    optimizer: ADAMW,
    steps: 10,
    batch: 32,
    mask: 'per_element',
    loss: 'mean',
    logEvery: 5,
    ...overrides,
  };
}

for (const backend of ENGINE_TEST_BACKENDS) {
  describe.skipIf(backend === 'node' && !NATIVE_READY)(`training engine on ${backend}`, () => {
    onBackend(backend);

    describe('lossAndGradients vs a float64 reference', () => {
      const cases: [Activation, LossReduction][] = [
        ['relu', 'mean'],
        ['relu', 'sum'],
        ['linear', 'mean'],
        ['linear', 'sum'],
      ];
      for (const formulation of FORMULATIONS)
        for (const [activation, loss] of cases) {
          it(`${activation}, ${loss}, ${formulation}`, () => {
            const I = 2;
            const F = 4;
            const H = 3;
            const B = 7;
            const spec = {
              features: F,
              hidden: H,
              instances: I,
              activation,
              loss,
              importance: new Float32Array([1, 0.7, 0.49, 0.343]),
              W: randn(I * F * H, 0.6, 1),
              b: randn(I * F, 0.2, 2),
            };
            const x = new Float32Array(I * B * F);
            fillBatch(x, createStreams([5, 6]), new Float32Array(I * F).fill(0.7), B, F, 'per_element');
            const before = tf.memory().numTensors;
            const got = lossAndGradients(spec, x, { formulation });
            expect(tf.memory().numTensors).toBe(before);
            const want = referenceLossAndGradients(spec, spec.W, spec.b, x);
            expectClose(got.loss, want.loss, 1e-5, 1e-6, 'loss');
            expectClose(got.dW, want.dW, 1e-5, 1e-6, 'dW');
            expectClose(got.db, want.db, 1e-5, 1e-6, 'db');
            // relu must have cut something, or the test would not exercise the mask
            if (activation === 'relu') {
              const lin = referenceLossAndGradients({ ...spec, activation: 'linear' }, spec.W, spec.b, x);
              expect(Array.from(lin.db)).not.toEqual(Array.from(want.db));
            }
          });
        }
    });

    describe('optimizer updates vs torch rules in float64', () => {
      const kinds: OptimizerKind[] = ['adamw', 'adam', 'sgd', 'rmsprop'];
      for (const kind of kinds) {
        for (const weightDecay of [0, 0.05]) {
          it(`${kind}, weight decay ${weightDecay}`, () => {
            const shape = { instances: 2, features: 3, hidden: 2 };
            const nW = 12;
            const nb = 6;
            const config: OptimizerConfig = { kind, lr: 0.01, weightDecay, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 };
            const W = randn(nW, 1, 10);
            const b = randn(nb, 1, 11);
            const grads = [0, 1, 2].map((k) => ({ dW: randn(nW, 0.3, 20 + k), db: randn(nb, 0.3, 30 + k) }));
            const before = tf.memory().numTensors;
            const got = optimizerSteps(config, W, b, grads, shape);
            expect(tf.memory().numTensors).toBe(before);
            const pW = Float64Array.from(W);
            const pb = Float64Array.from(b);
            const optW = new ReferenceOptimizer(config, nW);
            const optB = new ReferenceOptimizer(config, nb);
            for (const g of grads) {
              optW.step(pW, g.dW);
              optB.step(pb, g.db);
            }
            // float32 parameters: a few ulps of |p| plus a small fraction of the step size
            expectClose(got.W, pW, 3e-7, 1e-5 * config.lr, 'W');
            expectClose(got.b, pb, 3e-7, 1e-5 * config.lr, 'b');
            // and the update really moved the parameters
            expect(Array.from(got.W)).not.toEqual(Array.from(W));
          });
        }
      }
    });

    it(`uses the ${formulationFor(backend)} formulation by default`, () => {
      expect(formulationFor(tf.getBackend())).toBe(backend === 'wasm' ? 'per-instance' : 'batched');
    });

    it('the formulations agree to float32 rounding after 50 training steps', async () => {
      const g = makeGroup({
        features: 6,
        hidden: 3,
        instances: 3,
        steps: 50,
        density: new Float32Array(18).fill(0.4),
        b0: randn(18, 0.1, 4),
      });
      const a = await trainGroup(g, { formulation: 'batched' });
      const b = await trainGroup(g, { formulation: 'per-instance' });
      expectClose(b.W, a.W, 1e-4, 1e-5, 'W');
      expectClose(b.b, a.b, 1e-4, 1e-5, 'b');
      expectClose(b.lossCurve, a.lossCurve, 1e-4, 1e-6, 'loss');
    });

    it('one training step equals lossAndGradients + optimizerSteps on the same data (bit for bit)', async () => {
      const g = makeGroup({
        features: 5,
        hidden: 2,
        instances: 3,
        steps: 1,
        density: new Float32Array(15).fill(0.6),
        b0: randn(15, 0.1, 3),
      });
      const result = await trainGroup(g);
      const x = new Float32Array(3 * g.batch * 5);
      fillBatch(x, createStreams(g.dataSeeds), g.density, g.batch, 5, g.mask);
      const grads = lossAndGradients({ ...g, W: g.W0, b: g.b0 }, x);
      const replay = optimizerSteps(g.optimizer, g.W0, g.b0, [{ dW: grads.dW, db: grads.db }], g);
      expect(bytes(result.W)).toEqual(bytes(replay.W));
      expect(bytes(result.b)).toEqual(bytes(replay.b));
      expect(result.lossSteps).toEqual([0]);
      expect(bytes(result.lossCurve)).toEqual(bytes(grads.loss));
    });

    it.each(FORMULATIONS)(
      'training follows a float64 reference trainer on the same data (30 steps, relu, per_batch, sum, rmsprop, %s)',
      async (formulation) => {
        const I = 2;
        const F = 4;
        const H = 2;
        const g = makeGroup({
          features: F,
          hidden: H,
          instances: I,
          steps: 30,
          batch: 16,
          logEvery: 10,
          density: new Float32Array([0.9, 0.5, 0.5, 0.3, 0.8, 0.8, 0.6, 0.4]),
          mask: 'per_batch',
          loss: 'sum',
          optimizer: { ...ADAMW, kind: 'rmsprop', lr: 1e-3, weightDecay: 0 },
          b0: randn(I * F, 0.3, 8),
        });
        const result = await trainGroup(g, { formulation });
        const { W, b, losses } = referenceTraining(g);
        expect(result.lossSteps).toEqual([0, 10, 20, 29]);
        expectClose(result.lossCurve, losses, 1e-5, 1e-6, 'loss curve');
        expectClose(result.W, W, 1e-5, 1e-5, 'W');
        expectClose(result.b, b, 1e-5, 1e-5, 'b');
      },
    );

    it('trains on correlated and anticorrelated feature sets like the float64 reference on the same data (30 steps)', async () => {
      const I = 2;
      const F = 5;
      const g = makeGroup({
        features: F,
        hidden: 2,
        instances: I,
        steps: 30,
        batch: 16,
        logEvery: 10,
        density: new Float32Array(I * F).fill(0.4),
        featureSets: [
          { kind: 'correlated', features: [0, 1] },
          { kind: 'anticorrelated', features: [2, 3, 4] },
        ],
        optimizer: { ...ADAMW, lr: 1e-2 },
        b0: randn(I * F, 0.3, 8),
      });
      const result = await trainGroup(g);
      const { W, b, losses } = referenceTraining(g);
      expectClose(result.lossCurve, losses, 1e-5, 1e-6, 'loss curve');
      expectClose(result.W, W, 1e-5, 1e-5, 'W');
      expectClose(result.b, b, 1e-5, 1e-5, 'b');
      // the sets reach the data: without them the same group trains to other weights
      const plain = await trainGroup({ ...g, featureSets: [] });
      expect(bytes(plain.W)).not.toEqual(bytes(result.W));
    });

    it.each(FORMULATIONS)('is deterministic: same group twice gives identical bytes (%s)', async (formulation) => {
      const g = makeGroup({ features: 5, hidden: 2, instances: 4, steps: 40, density: new Float32Array(20).fill(0.3) });
      const a = await trainGroup(g, { formulation });
      const b = await trainGroup(g, { formulation });
      expect(bytes(a.W)).toEqual(bytes(b.W));
      expect(bytes(a.b)).toEqual(bytes(b.b));
      expect(bytes(a.lossCurve)).toEqual(bytes(b.lossCurve));
    });

    it.each(FORMULATIONS)('an instance trains the same alone as beside others (%s)', async (formulation) => {
      const I = 3;
      const F = 5;
      const H = 2;
      const g = makeGroup({
        features: F,
        hidden: H,
        instances: I,
        steps: 25,
        density: new Float32Array(I * F).map((_, k) => 0.2 + 0.05 * k),
      });
      const together = await trainGroup(g, { formulation });
      const i = 1;
      const alone = await trainGroup(
        {
          ...g,
          instances: 1,
          density: g.density.slice(i * F, (i + 1) * F),
          W0: g.W0.slice(i * F * H, (i + 1) * F * H),
          b0: g.b0.slice(i * F, (i + 1) * F),
          dataSeeds: g.dataSeeds.slice(i, i + 1),
        },
        { formulation },
      );
      // bit for bit: every op treats instances independently (this is what lets groups be split freely)
      expectSameAsAlone(alone, together, i, { I, F, H });
    });

    describe('per-instance importance [I·F]', () => {
      const I = 3;
      const F = 5;
      const H = 2;
      // instance i weights feature 0 by r_i, like a row of a phase diagram
      const perInstance = new Float32Array(I * F).map((_, k) =>
        k % F === 0 ? ([0.3, 1, 4][Math.floor(k / F)] as number) : 0.8 ** (k % F),
      );
      const alone = (g: TrainingGroup, i: number): TrainingGroup => ({
        ...g,
        instances: 1,
        importance: g.importance.slice(i * F, (i + 1) * F),
        density: g.density.slice(i * F, (i + 1) * F),
        W0: g.W0.slice(i * F * H, (i + 1) * F * H),
        b0: g.b0.slice(i * F, (i + 1) * F),
        dataSeeds: g.dataSeeds.slice(i, i + 1),
      });

      it.each(FORMULATIONS)('lossAndGradients matches the float64 reference (%s)', (formulation) => {
        const spec = {
          features: F,
          hidden: H,
          instances: I,
          activation: 'relu' as const,
          loss: 'mean' as const,
          importance: perInstance,
          W: randn(I * F * H, 0.6, 1),
          b: randn(I * F, 0.2, 2),
        };
        const x = new Float32Array(I * 9 * F);
        fillBatch(x, createStreams([5, 6, 7]), new Float32Array(I * F).fill(0.7), 9, F, 'per_element');
        const got = lossAndGradients(spec, x, { formulation });
        const want = referenceLossAndGradients(spec, spec.W, spec.b, x);
        expectClose(got.loss, want.loss, 1e-5, 1e-6, 'loss');
        expectClose(got.dW, want.dW, 1e-5, 1e-6, 'dW');
        expectClose(got.db, want.db, 1e-5, 1e-6, 'db');
        // the rows really differ: the shared first row would give other gradients
        const shared = referenceLossAndGradients({ ...spec, importance: perInstance.slice(0, F) }, spec.W, spec.b, x);
        expect(Array.from(shared.db)).not.toEqual(Array.from(want.db));
      });

      it.each(FORMULATIONS)('each instance trains exactly as alone with its own [F] importance (%s)', async (formulation) => {
        const g = makeGroup({
          features: F,
          hidden: H,
          instances: I,
          steps: 25,
          importance: perInstance,
          density: new Float32Array(I * F).map((_, k) => 0.2 + 0.05 * k),
          b0: randn(I * F, 0.1, 3),
        });
        const together = await trainGroup(g, { formulation });
        for (let i = 0; i < I; i++) {
          const one = await trainGroup(alone(g, i), { formulation });
          expect(bytes(one.W), `instance ${i} W`).toEqual(bytes(together.W.slice(i * F * H, (i + 1) * F * H)));
          expect(bytes(one.b), `instance ${i} b`).toEqual(bytes(together.b.slice(i * F, (i + 1) * F)));
          expect(bytes(one.lossCurve), `instance ${i} loss`).toEqual(bytes(together.lossCurve.filter((_, k) => k % I === i)));
        }
      });

      it.each(FORMULATIONS)('a shared [F] importance equals the same vector repeated I times (%s)', async (formulation) => {
        const g = makeGroup({ features: F, hidden: H, instances: I, steps: 20, density: new Float32Array(I * F).fill(0.5) });
        const repeated = new Float32Array(I * F);
        for (let i = 0; i < I; i++) repeated.set(g.importance, i * F);
        const a = await trainGroup(g, { formulation });
        const b = await trainGroup({ ...g, importance: repeated }, { formulation });
        expect(bytes(b.W)).toEqual(bytes(a.W));
        expect(bytes(b.b)).toEqual(bytes(a.b));
        expect(bytes(b.lossCurve)).toEqual(bytes(a.lossCurve));
      });

      it('rejects an importance of neither F nor I·F values', async () => {
        const before = tf.memory().numTensors;
        const g = makeGroup({ features: F, hidden: H, instances: I });
        await expect(trainGroup({ ...g, importance: new Float32Array(F + 1) })).rejects.toThrow(
          /importance has 6 values, expected F = 5 .* or I·F = 15/,
        );
        expect(() =>
          lossAndGradients({ ...g, importance: new Float32Array(2 * F), W: g.W0, b: g.b0 }, new Float32Array(I * 4 * F)),
        ).toThrow(/importance has 10 values/);
        expect(tf.memory().numTensors).toBe(before);
      });
    });

    it('records the loss every logEvery steps and at the last one, and reports progress', async () => {
      const progress: number[] = [];
      const g = makeGroup({ features: 3, hidden: 2, instances: 2, steps: 23, logEvery: 10 });
      const r = await trainGroup(g, { onProgress: (p) => progress.push(p.step) });
      expect(r.lossSteps).toEqual([0, 10, 20, 22]);
      expect(progress).toEqual([0, 10, 20, 22]);
      expect(r.lossCurve).toHaveLength(4 * 2);
      expect(r.W).toHaveLength(2 * 3 * 2);
      expect(r.b).toHaveLength(2 * 3);
    });

    it('leaks no tensors, also when training stops with an error', async () => {
      const before = tf.memory().numTensors;
      await trainGroup(makeGroup({ features: 4, hidden: 2, instances: 2, steps: 12 }));
      expect(tf.memory().numTensors).toBe(before);
      await expect(
        trainGroup(makeGroup({ features: 4, hidden: 2, instances: 2, steps: 12 }), {
          onProgress: (p) => {
            if (p.step >= 5) throw new Error('stop');
          },
        }),
      ).rejects.toThrow('stop');
      expect(tf.memory().numTensors).toBe(before);
      await expect(trainGroup(makeGroup({ features: 4, hidden: 2, instances: 2, W0: new Float32Array(3) }))).rejects.toThrow(/W0/);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('lowers the loss of the 5→2 model with density 1 (notebook recipe, 300 steps)', async () => {
      const g = makeGroup({ features: 5, hidden: 2, instances: 2, steps: 300, batch: 256, logEvery: 50 });
      const r = await trainGroup(g);
      for (let i = 0; i < 2; i++) {
        const first = r.lossCurve[i] as number;
        const last = r.lossCurve[(r.lossSteps.length - 1) * 2 + i] as number;
        expect(last).toBeLessThan(0.6 * first);
      }
    });

    it('lowers the loss with the seed recipe too (randn init, per_batch mask, summed loss, adam)', async () => {
      const g = makeGroup({
        features: 5,
        hidden: 2,
        instances: 2,
        steps: 300,
        batch: 64,
        logEvery: 299,
        mask: 'per_batch',
        loss: 'sum',
        W0: randn(20, 1, 77),
        b0: randn(10, 1, 78),
        optimizer: { ...ADAMW, kind: 'adam', lr: 1e-2, weightDecay: 0 },
      });
      const r = await trainGroup(g);
      const [f0, f1] = [r.lossCurve[0] as number, r.lossCurve[1] as number];
      const [l0, l1] = [r.lossCurve[2] as number, r.lossCurve[3] as number];
      expect(l0 + l1).toBeLessThan(0.5 * (f0 + f1));
    });
  });
}

describe('parameter packing', () => {
  it('round-trips W and b through [W | b]', () => {
    const W = randn(2 * 3 * 4, 1, 1);
    const b = randn(2 * 3, 1, 2);
    const P = packParams(W, b, 2, 3, 4);
    expect(P).toHaveLength(2 * 3 * 5);
    expect(P[4]).toBe(b[0]);
    const back = unpackParams(P, 2, 3, 4);
    expect(bytes(back.W)).toEqual(bytes(W));
    expect(bytes(back.b)).toEqual(bytes(b));
  });
});
