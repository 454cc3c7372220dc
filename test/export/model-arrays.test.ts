// The export's arrays from a hand-made plan: names, dtypes, shapes, the model axis in plan order, the
// per-group loss curves and snapshots, the held-out samples drawn lazily, and `meta` describing them all.

import { describe, expect, it } from 'vitest';
import type { PlannedGroup, TrainedWeights, TrainingPlan } from '../../data/plan.ts';
import { modelArrays, type ExportSource, type NamedArray } from '../../export/model-arrays.ts';
import type { NpyArray } from '../../export/npy.ts';

const F = 3;
const H = 2;
const OPTIMIZER = { kind: 'adamw', lr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 } as const;

function group(run: number, instances: PlannedGroup['instances'], extra: Partial<PlannedGroup> = {}): PlannedGroup {
  return {
    run,
    recipe: 'notebook',
    model: 'relu-output',
    activation: 'relu',
    optimizer: { ...OPTIMIZER },
    steps: 4,
    batch: 8,
    mask: 'per_element',
    loss: 'mean',
    logEvery: 2,
    init: 'xavier_normal',
    biasInit: 'zeros',
    instances,
    params0: { W: new Array<number>(instances.length * F * H).fill(0), b: new Array<number>(instances.length * F).fill(0) },
    ...extra,
  };
}

/** Two groups: two models (one with its own importance, one with its own feature densities), then one model with snapshots. */
function source(): ExportSource {
  const plan: TrainingPlan = {
    experiment: 'toy',
    features: F,
    hidden: H,
    importance: [1, 0.5, 0.25],
    evalSamples: 4,
    groups: [
      group(0, [
        { index: 0, density: 0.5, replica: 0, dataSeed: 1, evalSeed: 2, importance: [1, 0.5, 3] },
        { index: 1, density: 0.1, replica: 1, dataSeed: 3, evalSeed: 4, featureDensity: [0.1, 0.1, 0.3] },
      ]),
      group(1, [{ index: 2, density: 1, replica: 0, dataSeed: 5, evalSeed: 6 }], { activation: 'linear', snapshotEvery: 2 }),
    ],
  };
  // W value = 100·model + 10·feature + hidden, b = −(100·model + feature): every value says where it belongs
  const Wof = (n: number) => Array.from({ length: F * H }, (_, k) => 100 * n + 10 * Math.floor(k / H) + (k % H));
  const bof = (n: number) => Array.from({ length: F }, (_, f) => -(100 * n + f));
  const weights: TrainedWeights = {
    experiment: 'toy',
    backend: 'wasm',
    engine: 'fused',
    groups: [
      { run: 0, W: [...Wof(0), ...Wof(1)], b: [...bof(0), ...bof(1)], lossSteps: [0, 2, 4], lossCurve: [1, 2, 3, 4, 5, 6] },
      { run: 1, W: Wof(2), b: bof(2), lossSteps: [0, 4], lossCurve: [0.5, 0.25], snapshots: { steps: [0, 2, 4], offset: 0 } },
    ],
  };
  const snapshot = {
    steps: [0, 2, 4],
    W: Float32Array.from({ length: 3 * F * H }, (_, k) => k),
    b: Float32Array.from({ length: 3 * F }, (_, k) => -k),
  };
  return {
    node: 'train@toy/7',
    experiment: 'toy',
    baseSeed: 7,
    plan,
    weights,
    snapshots: [null, snapshot],
    provenance: { trainKey: 'k'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z', files: { 'plan.json': 'p', 'weights.json': 'w' } },
  };
}

/** The data of an array as numbers (float32 or int32, as its dtype says). */
function values(array: NpyArray): number[] {
  const bytes = Uint8Array.from([...array.chunks()].flatMap((c) => [...c]));
  const v = new DataView(bytes.buffer);
  const n = bytes.length / 4;
  return Array.from({ length: n }, (_, k) => (array.descr === '<f4' ? v.getFloat32(4 * k, true) : v.getInt32(4 * k, true)));
}

function byName(arrays: NamedArray[]): Record<string, NamedArray> {
  return Object.fromEntries(arrays.map((a) => [a.name, a]));
}

describe('modelArrays', () => {
  it('puts every model on one axis in plan order, with per-group loss curves and snapshots', () => {
    const arrays = modelArrays(source());
    expect(arrays.map((a) => `${a.name} ${a.array.descr.startsWith('<U') ? '<U' : a.array.descr} [${a.array.shape.join(', ')}]`)).toEqual([
      'meta <U []',
      'W <f4 [3, 3, 2]',
      'b <f4 [3, 3]',
      'importance <f4 [3, 3]',
      'density <f4 [3, 3]',
      'run <i4 [3]',
      'instance <i4 [3]',
      'replica <i4 [3]',
      'loss_steps/0 <i4 [3]',
      'loss/0 <f4 [3, 2]',
      'loss_steps/1 <i4 [2]',
      'loss/1 <f4 [2, 1]',
      'snapshots/1/steps <i4 [3]',
      'snapshots/1/W <f4 [3, 1, 3, 2]',
      'snapshots/1/b <f4 [3, 1, 3]',
    ]);
    const a = byName(arrays);
    // model 1, feature 2, hidden 1 is at ((1·3) + 2)·2 + 1 = 11 and holds 100 + 20 + 1
    expect(values(a['W']!.array)[11]).toBe(121);
    expect(values(a['W']!.array)[2 * F * H + 5]).toBe(221);
    expect(values(a['b']!.array)).toEqual([-0, -1, -2, -100, -101, -102, -200, -201, -202]);
    // each model's own importance where it has one, else the shared one; float32 as training used them
    expect(values(a['importance']!.array)).toEqual([1, 0.5, 3, 1, 0.5, 0.25, 1, 0.5, 0.25]);
    expect(values(a['density']!.array)).toEqual([0.5, 0.5, 0.5, 0.1, 0.1, 0.3, 1, 1, 1].map(Math.fround));
    expect(values(a['run']!.array)).toEqual([0, 0, 1]);
    expect(values(a['instance']!.array)).toEqual([0, 1, 0]);
    expect(values(a['replica']!.array)).toEqual([0, 1, 0]);
    expect(values(a['loss/0']!.array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(values(a['loss_steps/1']!.array)).toEqual([0, 4]);
    expect(values(a['snapshots/1/W']!.array)).toEqual(Array.from({ length: 18 }, (_, k) => k));
    expect(values(a['snapshots/1/b']!.array)).toEqual(Array.from({ length: 9 }, (_, k) => -k));
    expect(a['held_out/x']).toBeUndefined();
  });

  it('describes every array and every group in meta', () => {
    const [meta, ...rest] = modelArrays(source());
    const text = String.fromCodePoint(...values({ ...meta!.array, descr: '<i4' }));
    const parsed = JSON.parse(text) as {
      experiment: string;
      base_seed: number;
      models: number;
      held_out: boolean;
      groups: Array<{ run: number; activation: string; models: number[]; snapshots: number; optimizer: Record<string, unknown> }>;
      arrays: Record<string, { dtype: string; shape: number[]; axes: string[] }>;
    };
    expect(meta!.array.descr).toBe(`<U${[...text].length}`);
    expect([parsed.experiment, parsed.base_seed, parsed.models, parsed.held_out]).toEqual(['toy', 7, 3, false]);
    expect(parsed.groups.map((g) => [g.run, g.activation, g.models, g.snapshots])).toEqual([
      [0, 'relu', [0, 2], 0],
      [1, 'linear', [2, 3], 3],
    ]);
    expect(parsed.groups[0]!.optimizer['weight_decay']).toBe(0.01);
    expect(Object.keys(parsed.arrays)).toEqual(rest.map((a) => a.name));
    for (const a of rest) {
      expect(parsed.arrays[a.name]!.dtype).toBe(a.array.descr);
      expect(parsed.arrays[a.name]!.shape).toEqual(a.array.shape);
      expect(parsed.arrays[a.name]!.axes).toHaveLength(a.array.shape.length);
    }
  });

  it('draws the held-out samples model by model, only when the array is written', () => {
    const drawn: number[] = [];
    const arrays = modelArrays(source(), (inst) => {
      drawn.push(inst.index);
      return new Float32Array(4 * F).fill(inst.evalSeed);
    });
    const x = byName(arrays)['held_out/x']!;
    expect(x.array.shape).toEqual([3, 4, F]);
    expect(drawn).toEqual([]);
    expect(values(x.array)).toEqual([2, 4, 6].flatMap((seed) => new Array<number>(4 * F).fill(seed)));
    expect(drawn).toEqual([0, 1, 2]);
    const wrong = byName(modelArrays(source(), () => new Float32Array(5)))['held_out/x']!;
    expect(() => values(wrong.array)).toThrow(/held-out samples of model 0: 5 values, expected 12/);
  });

  it('refuses weights that do not belong to the plan', () => {
    const s = source();
    s.weights.groups[1]!.run = 5;
    expect(() => modelArrays(s)).toThrow(/group 1: weights.json has run 5, plan.json run 1/);
    const t = source();
    t.weights.groups[0]!.W.pop();
    expect(() => modelArrays(t)).toThrow(/group 0 W: 11 values, expected 12/);
  });
});
