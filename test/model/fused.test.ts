import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createStreams } from '../../data/prng.ts';
import { fillBatch } from '../../data/synthetic.ts';
import { chooseBackend, initBackend } from '../../model/backend.ts';
import { trainGroup } from '../../model/train.ts';
import type {
  Activation,
  LossReduction,
  MaskMode,
  OptimizerConfig,
  OptimizerKind,
  TrainingGroup,
  TrainingResult,
} from '../../core/types.ts';
import { closeFusedWorkers, fusedLossAndGradients, fusedSampleData, trainGroupFused, type FusedPath } from '../../model/fused/engine.ts';
import { bytes, expectClose, expectSameAsAlone, randn } from './assertions.ts';
import { referenceLossAndGradients, referenceTraining } from './reference.ts';

const ADAMW: OptimizerConfig = { kind: 'adamw', lr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 };

afterAll(async () => {
  await closeFusedWorkers();
});

function makeGroup(overrides: Partial<TrainingGroup> & { features: number; hidden: number; instances: number }): TrainingGroup {
  const { features: F, hidden: H, instances: I } = overrides;
  return {
    activation: 'relu',
    importance: new Float32Array(F).map((_, f) => 0.9 ** f),
    density: new Float32Array(I * F).map((_, k) => [0.9, 0.4, 0.1, 0.03][Math.floor(k / F) % 4] as number),
    W0: randn(I * F * H, Math.sqrt(2 / (H * (F + I))), 1234),
    b0: randn(I * F, 0.1, 99),
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

function expectIdentical(a: TrainingResult, b: TrainingResult, what: string): void {
  expect(bytes(a.W), `${what}: W`).toEqual(bytes(b.W));
  expect(bytes(a.b), `${what}: b`).toEqual(bytes(b.b));
  expect(a.lossSteps, `${what}: lossSteps`).toEqual(b.lossSteps);
  expect(bytes(a.lossCurve), `${what}: lossCurve`).toEqual(bytes(b.lossCurve));
}

describe('fused kernel data stream', () => {
  for (const mask of ['per_element', 'per_batch'] as const) {
    it(`is data/synthetic.ts's fillBatch, bit for bit (${mask}; F = 1, 5, 8, 13; densities 0 … 1)`, () => {
      for (const F of [1, 5, 8, 13]) {
        const I = 3;
        const steps = 3;
        const density = new Float32Array(I * F).map((_, k) => [0, 1, 0.3, 0.05, 0.7, 0.001][k % 6] as number);
        const g = makeGroup({ features: F, hidden: 3, instances: I, batch: 17, density, mask });
        const got = fusedSampleData(g, steps);
        const streams = createStreams(g.dataSeeds);
        const x = new Float32Array(I * g.batch * F);
        const n = g.batch * F;
        for (let s = 0; s < steps; s++) {
          fillBatch(x, streams, density, g.batch, F, mask);
          for (let i = 0; i < I; i++) {
            expect(bytes(got.subarray((i * steps + s) * n, (i * steps + s + 1) * n)), `F ${F} step ${s} instance ${i}`).toEqual(
              bytes(x.subarray(i * n, (i + 1) * n)),
            );
          }
        }
      }
    });
  }
});

describe('fused loss and gradients vs the float64 reference (first batch, tolerance 1e-5 relative)', () => {
  const cases: [Activation, LossReduction, MaskMode][] = [
    ['relu', 'mean', 'per_element'],
    ['relu', 'sum', 'per_batch'],
    ['linear', 'mean', 'per_batch'],
    ['linear', 'sum', 'per_element'],
  ];
  // M = 1 and 33 exercise the padding of the hidden axis and a second block of 8 hidden vectors
  const shapes: [number, number][] = [
    [5, 2],
    [3, 1],
    [13, 7],
    [37, 11],
    [9, 33],
  ];
  for (const [activation, loss, mask] of cases) {
    it(`${activation}, ${loss}, ${mask}: every path`, () => {
      for (const [F, H] of shapes) {
        const I = 4;
        const g = makeGroup({
          features: F,
          hidden: H,
          instances: I,
          activation,
          loss,
          mask,
          batch: 23,
          W0: randn(I * F * H, 0.6, F),
          b0: randn(I * F, 0.2, H),
        });
        const x = new Float32Array(I * g.batch * F);
        fillBatch(x, createStreams(g.dataSeeds), g.density, g.batch, F, mask);
        const want = referenceLossAndGradients(g, g.W0, g.b0, x);
        const paths: FusedPath[] = H <= 8 ? ['dense', 'sparse', 'small'] : ['dense', 'sparse'];
        const results = paths.map((path) => fusedLossAndGradients(g, { path }));
        for (const [k, got] of results.entries()) {
          const what = `${F}→${H} ${paths[k]}`;
          expectClose(got.loss, want.loss, 1e-5, 1e-6, `${what} loss`);
          expectClose(got.dW, want.dW, 1e-5, 1e-6, `${what} dW`);
          expectClose(got.db, want.db, 1e-5, 1e-6, `${what} db`);
          // the sparse paths leave out exact zeros only
          expect(bytes(got.dW), `${what} dW = dense`).toEqual(bytes((results[0] as typeof got).dW));
          expect(bytes(got.db), `${what} db = dense`).toEqual(bytes((results[0] as typeof got).db));
          expect(bytes(got.loss), `${what} loss = dense`).toEqual(bytes((results[0] as typeof got).loss));
        }
        if (activation === 'relu') {
          // relu must have cut something, or the test would not exercise the mask
          const lin = referenceLossAndGradients({ ...g, activation: 'linear' }, g.W0, g.b0, x);
          expect(Array.from(lin.db)).not.toEqual(Array.from(want.db));
        }
      }
    });
  }
});

describe('fused training vs the float64 reference trainer (30 steps, tolerance 1e-5)', () => {
  const cases: [OptimizerKind, number, Activation, LossReduction, MaskMode, number, number][] = [
    ['adamw', 0.01, 'relu', 'mean', 'per_element', 6, 3],
    ['adamw', 0, 'linear', 'sum', 'per_batch', 20, 5],
    ['adam', 0, 'relu', 'sum', 'per_batch', 5, 2],
    ['adam', 0.05, 'linear', 'mean', 'per_element', 24, 10],
    ['sgd', 0, 'relu', 'mean', 'per_element', 20, 5],
    ['sgd', 0.05, 'relu', 'sum', 'per_batch', 16, 9],
    ['rmsprop', 0, 'relu', 'sum', 'per_batch', 4, 2],
    ['rmsprop', 0.05, 'linear', 'mean', 'per_element', 30, 12],
  ];
  for (const [kind, weightDecay, activation, loss, mask, F, H] of cases) {
    it(`${kind} (weight decay ${weightDecay}), ${activation}, ${loss}, ${mask}, ${F}→${H}`, async () => {
      const I = 3;
      const lr = kind === 'sgd' && loss === 'mean' ? 0.5 : kind === 'sgd' ? 1e-3 : 1e-2;
      const g = makeGroup({
        features: F,
        hidden: H,
        instances: I,
        activation,
        loss,
        mask,
        steps: 30,
        batch: 16,
        logEvery: 10,
        optimizer: { ...ADAMW, kind, lr, weightDecay },
        W0: randn(I * F * H, 0.4, 7),
        b0: randn(I * F, 0.3, 8),
      });
      const result = await trainGroupFused(g, { threads: 1 });
      const want = referenceTraining(g);
      expect(result.lossSteps).toEqual([0, 10, 20, 29]);
      expectClose(result.lossCurve, want.losses, 1e-5, 1e-6, 'loss curve');
      expectClose(result.W, want.W, 1e-5, 1e-5, 'W');
      expectClose(result.b, want.b, 1e-5, 1e-5, 'b');
      expect(Array.from(result.W)).not.toEqual(Array.from(g.W0));
    });
  }
});

describe('fused training agrees with the tfjs trainer (cpu backend)', () => {
  it('after 100 steps of the notebook recipe and of the seed recipe (tolerance 1e-4 relative)', async () => {
    await initBackend(chooseBackend('cpu'));
    expect(tf.getBackend()).toBe('cpu');
    const notebook = makeGroup({ features: 12, hidden: 4, instances: 4, steps: 100, batch: 64, logEvery: 25 });
    const seed = makeGroup({
      features: 20,
      hidden: 5,
      instances: 3,
      steps: 100,
      batch: 32,
      logEvery: 25,
      mask: 'per_batch',
      loss: 'sum',
      W0: randn(3 * 20 * 5, 1, 5),
      b0: randn(3 * 20, 1, 6),
      optimizer: { ...ADAMW, kind: 'adam', lr: 1e-3, weightDecay: 0 },
    });
    for (const g of [notebook, seed]) {
      const want = await trainGroup(g);
      const got = await trainGroupFused(g, { threads: 1 });
      expect(got.lossSteps).toEqual(want.lossSteps);
      expectClose(got.lossCurve, want.lossCurve, 1e-4, 1e-6, 'loss curve');
      expectClose(got.W, want.W, 1e-4, 1e-5, 'W');
      expectClose(got.b, want.b, 1e-4, 1e-5, 'b');
    }
  });
});

describe('fused training is deterministic', () => {
  const g = makeGroup({ features: 24, hidden: 6, instances: 5, steps: 40, batch: 48, logEvery: 7 });
  const wide = makeGroup({
    features: 40,
    hidden: 11,
    instances: 5,
    steps: 30,
    batch: 40,
    logEvery: 7,
    density: new Float32Array(200).map((_, k) => [0.5, 0.05, 0.01, 0.005, 0.002][Math.floor(k / 40)] as number),
  });

  it('same group twice, and with 1, 2 or 3 threads and any chunk size: identical bytes', async () => {
    for (const group of [g, wide]) {
      const base = await trainGroupFused(group, { threads: 1 });
      expectIdentical(await trainGroupFused(group, { threads: 1 }), base, 'run twice');
      expectIdentical(await trainGroupFused(group, { threads: 1, chunkSteps: 3 }), base, 'chunks of 3');
      expectIdentical(await trainGroupFused(group, { threads: 2 }), base, '2 threads');
      expectIdentical(await trainGroupFused(group, { threads: 3, chunkSteps: 4 }), base, '3 threads');
    }
  });

  it('dense, sparse and small paths give identical bytes (relu and linear, both masks, low densities)', async () => {
    for (const activation of ['relu', 'linear'] as const) {
      for (const mask of ['per_element', 'per_batch'] as const) {
        const small = { ...g, activation, mask };
        const base = await trainGroupFused(small, { threads: 1, path: 'dense' });
        expectIdentical(await trainGroupFused(small, { threads: 1, path: 'sparse' }), base, `${activation} ${mask} sparse`);
        expectIdentical(await trainGroupFused(small, { threads: 1, path: 'small' }), base, `${activation} ${mask} small`);
        const big = { ...wide, activation, mask };
        expectIdentical(
          await trainGroupFused(big, { threads: 1, path: 'sparse' }),
          await trainGroupFused(big, { threads: 1, path: 'dense' }),
          `${activation} ${mask} wide sparse`,
        );
      }
    }
  });

  it('an instance trains the same alone as beside others', async () => {
    const { features: F, hidden: H, instances: I } = g;
    const together = await trainGroupFused(g, { threads: 1 });
    const i = 3;
    const alone = await trainGroupFused(
      {
        ...g,
        instances: 1,
        density: g.density.slice(i * F, (i + 1) * F),
        W0: g.W0.slice(i * F * H, (i + 1) * F * H),
        b0: g.b0.slice(i * F, (i + 1) * F),
        dataSeeds: g.dataSeeds.slice(i, i + 1),
      },
      { threads: 1 },
    );
    expectSameAsAlone(alone, together, i, { I, F, H });
  });
});

describe('fused training with a per-instance importance [I·F]', () => {
  const I = 4;
  const F = 13;
  const H = 5;
  // instance i weights feature 0 by r_i, like a row of a phase diagram
  const perInstance = new Float32Array(I * F).map((_, k) =>
    k % F === 0 ? ([0.1, 0.5, 2, 10][Math.floor(k / F)] as number) : 0.85 ** (k % F),
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

  it('loss and gradients match the float64 reference on every path', () => {
    const g = makeGroup({
      features: F,
      hidden: H,
      instances: I,
      importance: perInstance,
      batch: 23,
      W0: randn(I * F * H, 0.6, 3),
      b0: randn(I * F, 0.2, 4),
    });
    const x = new Float32Array(I * g.batch * F);
    fillBatch(x, createStreams(g.dataSeeds), g.density, g.batch, F, g.mask);
    const want = referenceLossAndGradients(g, g.W0, g.b0, x);
    for (const path of ['dense', 'sparse', 'small'] as const) {
      const got = fusedLossAndGradients(g, { path });
      expectClose(got.loss, want.loss, 1e-5, 1e-6, `${path} loss`);
      expectClose(got.dW, want.dW, 1e-5, 1e-6, `${path} dW`);
      expectClose(got.db, want.db, 1e-5, 1e-6, `${path} db`);
    }
    const shared = referenceLossAndGradients({ ...g, importance: perInstance.slice(0, F) }, g.W0, g.b0, x);
    expect(Array.from(shared.db)).not.toEqual(Array.from(want.db));
  });

  it('training follows the float64 reference trainer (30 steps)', async () => {
    const g = makeGroup({
      features: F,
      hidden: H,
      instances: I,
      importance: perInstance,
      steps: 30,
      batch: 16,
      logEvery: 10,
      optimizer: { ...ADAMW, lr: 1e-2 },
      W0: randn(I * F * H, 0.4, 7),
    });
    const result = await trainGroupFused(g, { threads: 1 });
    const want = referenceTraining(g);
    expectClose(result.lossCurve, want.losses, 1e-5, 1e-6, 'loss curve');
    expectClose(result.W, want.W, 1e-5, 1e-5, 'W');
    expectClose(result.b, want.b, 1e-5, 1e-5, 'b');
  });

  it('each instance trains exactly as alone with its own [F] importance (every path, 1 and 3 threads)', async () => {
    const g = makeGroup({ features: F, hidden: H, instances: I, importance: perInstance, steps: 30, batch: 24, logEvery: 7 });
    const ones = await Promise.all(Array.from({ length: I }, (_, i) => trainGroupFused(alone(g, i), { threads: 1 })));
    for (const [path, threads, chunkSteps] of [
      ['auto', 1, undefined],
      ['dense', 1, 4],
      ['sparse', 3, 5],
      ['small', 3, undefined],
    ] as const) {
      const together = await trainGroupFused(g, { threads, path, chunkSteps });
      for (let i = 0; i < I; i++) {
        const one = ones[i] as TrainingResult;
        const what = `${path}, ${threads} threads, instance ${i}`;
        expect(bytes(one.W), `${what}: W`).toEqual(bytes(together.W.slice(i * F * H, (i + 1) * F * H)));
        expect(bytes(one.b), `${what}: b`).toEqual(bytes(together.b.slice(i * F, (i + 1) * F)));
        expect(bytes(one.lossCurve), `${what}: loss`).toEqual(bytes(together.lossCurve.filter((_, k) => k % I === i)));
      }
    }
  });

  it('a shared [F] importance equals the same vector repeated I times', async () => {
    const g = makeGroup({ features: F, hidden: H, instances: I, steps: 20, batch: 24, logEvery: 7 });
    const repeated = new Float32Array(I * F);
    for (let i = 0; i < I; i++) repeated.set(g.importance, i * F);
    for (const threads of [1, 2])
      expectIdentical(
        await trainGroupFused({ ...g, importance: repeated }, { threads }),
        await trainGroupFused(g, { threads }),
        `${threads} threads`,
      );
    const a = fusedLossAndGradients(g);
    const b = fusedLossAndGradients({ ...g, importance: repeated });
    expect(bytes(b.loss)).toEqual(bytes(a.loss));
    expect(bytes(b.dW)).toEqual(bytes(a.dW));
    expect(bytes(b.db)).toEqual(bytes(a.db));
  });

  it('rejects an importance of neither F nor I·F values', async () => {
    const g = makeGroup({ features: F, hidden: H, instances: I });
    await expect(trainGroupFused({ ...g, importance: new Float32Array(F - 1) })).rejects.toThrow(
      /importance has 12 values, expected F = 13 .* or I·F = 52/,
    );
    expect(() => fusedLossAndGradients({ ...g, importance: new Float32Array(2 * F) })).toThrow(/importance has 26 values/);
  });
});

describe('fused training: contract', () => {
  it('records the loss every logEvery steps and at the last one, and reports progress in step order', async () => {
    for (const threads of [1, 2]) {
      const progress: { step: number; steps: number; loss: number }[] = [];
      const g = makeGroup({ features: 3, hidden: 2, instances: 2, steps: 23, logEvery: 10 });
      const r = await trainGroupFused(g, { threads, chunkSteps: 4, onProgress: (p) => progress.push(p) });
      expect(r.lossSteps).toEqual([0, 10, 20, 22]);
      expect(progress.map((p) => p.step)).toEqual([0, 10, 20, 22]);
      expect(progress.every((p) => p.steps === 23)).toBe(true);
      progress.forEach((p, row) =>
        expect(p.loss).toBeCloseTo(((r.lossCurve[2 * row] as number) + (r.lossCurve[2 * row + 1] as number)) / 2, 6),
      );
      expect(r.lossCurve).toHaveLength(4 * 2);
      expect(r.W).toHaveLength(2 * 3 * 2);
      expect(r.b).toHaveLength(2 * 3);
    }
  });

  it('lowers the loss of the 5→2 model (notebook recipe, 300 steps) like the tfjs trainer', async () => {
    const g = makeGroup({
      features: 5,
      hidden: 2,
      instances: 2,
      steps: 300,
      batch: 256,
      logEvery: 50,
      density: new Float32Array(10).fill(1),
      b0: new Float32Array(10),
    });
    const r = await trainGroupFused(g);
    for (let i = 0; i < 2; i++) {
      const first = r.lossCurve[i] as number;
      const last = r.lossCurve[(r.lossSteps.length - 1) * 2 + i] as number;
      expect(last).toBeLessThan(0.6 * first);
    }
  });

  it('rejects bad groups and options, and stops when onProgress throws (in this thread and in workers)', async () => {
    const g = makeGroup({ features: 4, hidden: 2, instances: 2, steps: 12 });
    await expect(trainGroupFused({ ...g, W0: new Float32Array(3) })).rejects.toThrow(/W0/);
    await expect(trainGroupFused({ ...g, density: new Float32Array(8).fill(1.5) })).rejects.toThrow(/probability/);
    await expect(trainGroupFused({ ...g, mask: 'per_row' as MaskMode })).rejects.toThrow(/per_element, per_batch/);
    await expect(trainGroupFused({ ...g, optimizer: { ...ADAMW, kind: 'lion' as OptimizerKind } })).rejects.toThrow(/optimizer/);
    await expect(trainGroupFused(g, { threads: 0 })).rejects.toThrow(/threads/);
    await expect(trainGroupFused({ ...g, hidden: 9, W0: new Float32Array(72) }, { path: 'small' })).rejects.toThrow(/small/);
    for (const threads of [1, 2]) {
      await expect(
        trainGroupFused(g, {
          threads,
          chunkSteps: 2,
          onProgress: (p) => {
            if (p.step >= 5) throw new Error('stop');
          },
        }),
      ).rejects.toThrow('stop');
    }
    // and the pool still works afterwards
    expectIdentical(await trainGroupFused(g, { threads: 2 }), await trainGroupFused(g, { threads: 1 }), 'after a failure');
  });
});

describe('the tiny kernel (up to 8 features in up to 4 hidden units, per-element masks)', () => {
  // It keeps every value in registers and builds x by swizzles instead of index lists; the dense path,
  // which computes every term and is checked against the float64 reference above, is its oracle.
  it("trains to the dense path's bytes for every size it covers, relu and linear, with and without feature sets", async () => {
    for (let F = 1; F <= 8; F++) {
      for (let H = 1; H <= 4; H++) {
        for (const activation of ['relu', 'linear'] as const) {
          const sets: TrainingGroup['featureSets'] =
            F >= 6
              ? [
                  { kind: 'anticorrelated', features: [F - 1, 1, 3] },
                  { kind: 'correlated', features: [0, 4] },
                ]
              : F >= 2
                ? [{ kind: 'anticorrelated', features: [0, F - 1] }]
                : [];
          for (const featureSets of [[], sets]) {
            if (F === 1 && featureSets !== sets) continue;
            const I = 2;
            const g = makeGroup({
              features: F,
              hidden: H,
              instances: I,
              activation,
              featureSets,
              // dense, sparse and nearly empty samples, so both value draws and the all-zero branch run
              density: new Float32Array(I * F).map((_, k) => [1, 0.6, 0.2, 0.05][(k + F) % 4] as number),
              steps: 6,
              batch: 48,
              logEvery: 2,
              optimizer: { ...ADAMW, lr: 1e-2 },
              W0: randn(I * F * H, 0.5, 10 * F + H),
              b0: randn(I * F, 0.2, F + 100 * H),
            });
            const what = `${F} → ${H} ${activation}${featureSets.length > 0 ? ' with sets' : ''}`;
            expectIdentical(
              await trainGroupFused(g, { threads: 1, path: 'small' }),
              await trainGroupFused(g, { threads: 1, path: 'dense' }),
              what,
            );
          }
        }
      }
    }
  });
});

describe('fused training with correlated and anticorrelated feature sets', () => {
  // sets of size 2, 3 and 10 (the experiments use pairs, triples and tens), beside independent features
  const setsFor = (F: number): TrainingGroup['featureSets'] =>
    F === 6
      ? [
          { kind: 'correlated', features: [0, 1] },
          { kind: 'anticorrelated', features: [3, 2, 5] },
        ]
      : [
          { kind: 'correlated', features: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
          { kind: 'anticorrelated', features: [10, 12] },
          { kind: 'correlated', features: [13, 11, 19] },
        ];

  for (const mask of ['per_element', 'per_batch'] as const) {
    it(`draws data/synthetic.ts's stream with the same sets, bit for bit (${mask}; F = 6, 20)`, () => {
      for (const F of [6, 20]) {
        const I = 3;
        const steps = 3;
        const density = new Float32Array(I * F).map((_, k) => [1, 0.3, 0.05, 0.7, 0.001][k % 5] as number);
        const g = makeGroup({ features: F, hidden: 3, instances: I, batch: 33, density, mask, featureSets: setsFor(F) });
        const got = fusedSampleData(g, steps);
        const streams = createStreams(g.dataSeeds);
        const x = new Float32Array(I * g.batch * F);
        const n = g.batch * F;
        let nonZero = 0;
        for (let s = 0; s < steps; s++) {
          fillBatch(x, streams, density, g.batch, F, mask, g.featureSets);
          for (let i = 0; i < I; i++) {
            const want = x.subarray(i * n, (i + 1) * n);
            for (const v of want) if (v !== 0) nonZero++;
            expect(bytes(got.subarray((i * steps + s) * n, (i * steps + s + 1) * n)), `F ${F} step ${s} instance ${i}`).toEqual(
              bytes(want),
            );
          }
        }
        expect(nonZero).toBeGreaterThan(0);
      }
    });
  }

  it('dense, sparse and small paths give identical bytes, and training follows the float64 reference', async () => {
    for (const mask of ['per_element', 'per_batch'] as const) {
      const g = makeGroup({
        features: 6,
        hidden: 2,
        instances: 3,
        mask,
        steps: 30,
        batch: 16,
        logEvery: 10,
        featureSets: setsFor(6),
        optimizer: { ...ADAMW, lr: 1e-2 },
        W0: randn(36, 0.4, 7),
        b0: randn(18, 0.3, 8),
      });
      const base = await trainGroupFused(g, { threads: 1, path: 'dense' });
      expectIdentical(await trainGroupFused(g, { threads: 1, path: 'sparse' }), base, `${mask} sparse`);
      expectIdentical(await trainGroupFused(g, { threads: 1, path: 'small' }), base, `${mask} small`);
      expectIdentical(await trainGroupFused(g, { threads: 2 }), base, `${mask} two threads`);
      const want = referenceTraining(g);
      expectClose(base.lossCurve, want.losses, 1e-5, 1e-6, 'loss curve');
      expectClose(base.W, want.W, 1e-5, 1e-5, 'W');
      // the sets change the data: the same group without them trains to other weights
      const plain = await trainGroupFused({ ...g, featureSets: [] }, { threads: 1 });
      expect(bytes(plain.W)).not.toEqual(bytes(base.W));
    }
  });

  it('rejects overlapping, out-of-range and one-member sets', async () => {
    const g = makeGroup({ features: 4, hidden: 2, instances: 1 });
    await expect(
      trainGroupFused({
        ...g,
        featureSets: [
          { kind: 'correlated', features: [0, 1] },
          { kind: 'anticorrelated', features: [1, 2] },
        ],
      }),
    ).rejects.toThrow(/feature 1 is in feature sets 0 and 1/);
    await expect(trainGroupFused({ ...g, featureSets: [{ kind: 'correlated', features: [0, 4] }] })).rejects.toThrow(/outside 0 … 3/);
    await expect(trainGroupFused({ ...g, featureSets: [{ kind: 'correlated', features: [2] }] })).rejects.toThrow(/at least 2 features/);
  });
});
