// Weight snapshots during training (model/snapshots.ts), in both engines: which steps, what they hold,
// and that recording them changes nothing.

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, initBackend } from '../../model/backend.ts';
import { closeFusedWorkers, trainGroupFused } from '../../model/fused/engine.ts';
import { snapshotSteps } from '../../model/snapshots.ts';
import { trainGroup } from '../../model/train.ts';
import type { OptimizerConfig, TrainingGroup, TrainingResult, WeightSnapshots } from '../../core/types.ts';
import { bytes, expectClose, randn } from './assertions.ts';

const ADAMW: OptimizerConfig = { kind: 'adamw', lr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 };

/** 6 features in 3 dimensions (the shape of the paper's correlated learning-dynamics case), 3 instances */
function group(overrides: Partial<TrainingGroup> = {}): TrainingGroup {
  const I = 3;
  const F = 6;
  const H = 3;
  return {
    features: F,
    hidden: H,
    instances: I,
    activation: 'relu',
    importance: new Float32Array(F).fill(1),
    density: new Float32Array(I * F).map((_, k) => [0.9, 0.3, 0.05][Math.floor(k / F)] as number),
    W0: randn(I * F * H, Math.sqrt(2 / (H * (F + I))), 77),
    b0: randn(I * F, 0.1, 78),
    dataSeeds: new Uint32Array([11, 12, 13]),
    optimizer: ADAMW,
    steps: 23,
    batch: 16,
    mask: 'per_element',
    loss: 'mean',
    logEvery: 4,
    ...overrides,
  };
}

/** instance i's W [F·H] and b [F] at snapshot t */
function at(s: WeightSnapshots, g: TrainingGroup, t: number, i: number): { W: Float32Array; b: Float32Array } {
  const { instances: I, features: F, hidden: H } = g;
  const k = t * I + i;
  return { W: s.W.slice(k * F * H, (k + 1) * F * H), b: s.b.slice(k * F, (k + 1) * F) };
}

/** every instance at snapshot t, concatenated like TrainingResult's W and b */
function all(s: WeightSnapshots, g: TrainingGroup, t: number): { W: Float32Array; b: Float32Array } {
  const { instances: I, features: F, hidden: H } = g;
  return { W: s.W.slice(t * I * F * H, (t + 1) * I * F * H), b: s.b.slice(t * I * F, (t + 1) * I * F) };
}

function expectSameTraining(a: TrainingResult, b: TrainingResult, what: string): void {
  expect(bytes(a.W), `${what}: W`).toEqual(bytes(b.W));
  expect(bytes(a.b), `${what}: b`).toEqual(bytes(b.b));
  expect(a.lossSteps, `${what}: lossSteps`).toEqual(b.lossSteps);
  expect(bytes(a.lossCurve), `${what}: lossCurve`).toEqual(bytes(b.lossCurve));
}

beforeAll(async () => {
  await initBackend(chooseBackend('cpu'));
  expect(tf.getBackend()).toBe('cpu');
});

afterAll(async () => {
  await closeFusedWorkers();
});

describe('snapshotSteps', () => {
  it('is 0, k, 2k, … and the last step', () => {
    expect(snapshotSteps(10, 5)).toEqual([0, 5, 10]);
    expect(snapshotSteps(23, 5)).toEqual([0, 5, 10, 15, 20, 23]);
    expect(snapshotSteps(3, 7)).toEqual([0, 3]);
    expect(snapshotSteps(4, 1)).toEqual([0, 1, 2, 3, 4]);
    expect(() => snapshotSteps(10, 0)).toThrow(/positive integer/);
    expect(() => snapshotSteps(10, 2.5)).toThrow(/positive integer/);
  });
});

describe.each([
  ['fused', (g: TrainingGroup) => trainGroupFused(g, { threads: 1 })],
  ['tfjs', (g: TrainingGroup) => trainGroup(g)],
] as const)('snapshots in the %s engine', (_name, train) => {
  it('leave the training bit-identical, start at W0/b0 and end at the final weights bit for bit', async () => {
    const g = group();
    const plain = await train(g);
    expect(plain.snapshots).toBeUndefined();
    const withSnapshots = await train({ ...g, snapshotEvery: 5 });
    expectSameTraining(withSnapshots, plain, 'with vs without snapshots');
    const s = withSnapshots.snapshots as WeightSnapshots;
    expect(s.steps).toEqual([0, 5, 10, 15, 20, 23]);
    expect(s.W).toHaveLength(6 * 3 * 6 * 3);
    expect(s.b).toHaveLength(6 * 3 * 6);
    expect(bytes(all(s, g, 0).W)).toEqual(bytes(g.W0));
    expect(bytes(all(s, g, 0).b)).toEqual(bytes(g.b0));
    expect(bytes(all(s, g, 5).W)).toEqual(bytes(plain.W));
    expect(bytes(all(s, g, 5).b)).toEqual(bytes(plain.b));
  });

  it('at step s equal the final weights of the same training stopped after s steps', async () => {
    const g = group({ snapshotEvery: 5 });
    const s = (await train(g)).snapshots as WeightSnapshots;
    const ten = await train({ ...group(), steps: 10 });
    expect(bytes(all(s, g, 2).W)).toEqual(bytes(ten.W));
    expect(bytes(all(s, g, 2).b)).toEqual(bytes(ten.b));
  });

  it('are rejected with a bad interval', async () => {
    await expect(train(group({ snapshotEvery: 0 }))).rejects.toThrow(/snapshotEvery must be a positive integer/);
  });
});

describe('fused snapshots', () => {
  it('are bit-identical for any thread count and chunk size', async () => {
    const g = group({ snapshotEvery: 4, steps: 30 });
    const base = await trainGroupFused(g, { threads: 1 });
    for (const [threads, chunkSteps] of [
      [2, undefined],
      [3, 7],
      [1, 3],
    ] as const) {
      const other = await trainGroupFused(g, { threads, chunkSteps });
      expectSameTraining(other, base, `${threads} threads, chunks of ${chunkSteps ?? 'auto'}`);
      expect(other.snapshots?.steps).toEqual(base.snapshots?.steps);
      expect(bytes(other.snapshots?.W as Float32Array), `${threads} threads: snapshot W`).toEqual(bytes(base.snapshots?.W as Float32Array));
      expect(bytes(other.snapshots?.b as Float32Array), `${threads} threads: snapshot b`).toEqual(bytes(base.snapshots?.b as Float32Array));
    }
  });

  it('agree with the tfjs engine within the cross-engine tolerance (100 steps, 1e-4 relative)', async () => {
    const g = group({ snapshotEvery: 25, steps: 100, batch: 64 });
    const fused = (await trainGroupFused(g, { threads: 1 })).snapshots as WeightSnapshots;
    const tfjs = (await trainGroup(g)).snapshots as WeightSnapshots;
    expect(fused.steps).toEqual([0, 25, 50, 75, 100]);
    expect(tfjs.steps).toEqual(fused.steps);
    for (let t = 0; t < fused.steps.length; t++) {
      for (let i = 0; i < g.instances; i++) {
        expectClose(at(fused, g, t, i).W, at(tfjs, g, t, i).W, 1e-4, 1e-5, `W at step ${fused.steps[t]}, instance ${i}`);
        expectClose(at(fused, g, t, i).b, at(tfjs, g, t, i).b, 1e-4, 1e-5, `b at step ${fused.steps[t]}, instance ${i}`);
      }
    }
  });
});
