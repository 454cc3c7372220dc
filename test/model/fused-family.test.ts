// The fused engine on every model of core/models/ (model/fused/family.ts): the family path's loss and
// gradients against each definition's float64 reference on the batch the kernel draws, training against
// the TensorFlow.js graph trainer (automatic differentiation), determinism over threads and chunks, the
// dispatch of today's model to the tied paths, and the refusal of a structure the kernel does not implement.

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackDirections, attackPerturbation } from '../../core/attack-direction.ts';
import type { ModelDefinition } from '../../core/models/types.ts';
import type { LossReduction, MaskMode, OptimizerConfig } from '../../core/types.ts';
import { importanceOffset, trainingSettingsOf } from '../../core/types.ts';
import { attackedFeature, attackSeedHash } from '../../data/attack-stream.ts';
import { createStreams } from '../../data/prng.ts';
import { signInputs } from '../../data/signed.ts';
import { fillBatch } from '../../data/synthetic.ts';
import { chooseBackend, initBackend } from '../../model/backend.ts';
import { closeFusedWorkers, trainGroupFused } from '../../model/fused/engine.ts';
import { fusedGraphLossAndGradients, fusedUnsupported, trainGraphGroupFused } from '../../model/fused/family.ts';
import { graphLossAndGradients, trainGraphGroup, type GraphTrainingGroup, type GraphTrainingResult } from '../../model/graph-train.ts';
import { MODELS as FAMILY } from '../core/models/family.ts';
import { bytes, expectClose, randn } from './assertions.ts';

const MODELS: ModelDefinition[] = FAMILY.map(({ model }) => model);
const byKind = (kind: string): ModelDefinition => {
  const m = MODELS.find((d) => d.kind === kind);
  if (m === undefined) throw new Error(`no model ${kind}`);
  return m;
};

const ADAMW: OptimizerConfig = { kind: 'adamw', lr: 1e-2, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 };

afterAll(async () => {
  await closeFusedWorkers();
});

function makeGroup(
  model: ModelDefinition,
  l1: number,
  o: { F: number; H: number; I: number; loss?: LossReduction; mask?: MaskMode; perInstanceImportance?: boolean; seed?: number } & Partial<
    Pick<GraphTrainingGroup, 'steps' | 'batch' | 'logEvery' | 'optimizer'>
  >,
): GraphTrainingGroup {
  const { F, H, I } = o;
  const seed = o.seed ?? 1;
  const params0: Record<string, Float32Array> = {};
  model.parameters.forEach((p, k) => {
    const size = I * p.shape({ features: F, hidden: H }).reduce((a, b) => a * b, 1);
    params0[p.name] = randn(size, p.role === 'weight' ? 0.5 : 0.1, 100 * seed + k);
  });
  const importance = o.perInstanceImportance
    ? new Float32Array(I * F).map((_, k) => 0.5 + (0.5 * ((k * 7) % 5)) / 4)
    : new Float32Array(F).map((_, f) => 0.9 ** f);
  return {
    model,
    options: { l1 },
    features: F,
    hidden: H,
    instances: I,
    importance,
    density: new Float32Array(I * F).map((_, k) => [0.7, 0.3, 0.15][Math.floor(k / F) % 3] as number),
    params0,
    dataSeeds: new Uint32Array(I).map((_, i) => 40 + 13 * i + seed),
    optimizer: o.optimizer ?? ADAMW,
    steps: o.steps ?? 10,
    batch: o.batch ?? 23,
    mask: o.mask ?? 'per_element',
    loss: o.loss ?? 'mean',
    logEvery: o.logEvery ?? 5,
  };
}

const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((s, a) => s + a * a, 0));

/**
 * The float64 reference of each instance's first batch: the batch drawn from the shared stream (signed as
 * data/signed.ts maps it for a signed model), the definition's per-example loss and gradients summed over
 * it and scaled as the recipe says.
 */
function referenceFirstBatch(g: GraphTrainingGroup): { loss: number[]; gradients: Record<string, Float64Array>[] } {
  const { instances: I, features: F, hidden: H, batch: B } = g;
  const x = new Float32Array(I * B * F);
  fillBatch(x, createStreams(g.dataSeeds), g.density, B, F, g.mask);
  if (g.model.inputs === 'signed') signInputs(x);
  const scale = g.loss === 'mean' ? 1 / (B * F) : 1;
  const shape = { features: F, hidden: H };
  const loss: number[] = [];
  const gradients: Record<string, Float64Array>[] = [];
  for (let i = 0; i < I; i++) {
    const own = Object.fromEntries(
      Object.entries(g.params0).map(([n, v]) => [n, v.subarray((i * v.length) / I, ((i + 1) * v.length) / I)]),
    );
    const o = importanceOffset(g.importance, F, i);
    const importance = g.importance.subarray(o, o + F);
    // under adversarial training: step 0's directions from the initial weights, the attacked feature of each example
    const D = g.attack !== undefined ? attackDirections(own[g.model.layers.encoder]!, shape) : null;
    let l = 0;
    const grads: Record<string, Float64Array> = {};
    for (let e = 0; e < B; e++) {
      const options =
        g.attack !== undefined && D !== null
          ? {
              ...g.options,
              perturbation: attackPerturbation(
                D,
                attackedFeature(attackSeedHash(g.attack.seeds[i]!), 0, B, e, F),
                g.attack.epsilon[i]! * (g.attack.perExample ? norm(x.subarray((i * B + e) * F, (i * B + e + 1) * F)) : 1),
                F,
              ),
            }
          : g.options;
      const r = g.model.lossAndGradients(own, x.subarray((i * B + e) * F, (i * B + e + 1) * F), shape, importance, options);
      l += scale * r.loss;
      for (const [n, d] of Object.entries(r.gradients)) {
        const acc = (grads[n] ??= new Float64Array(d.length));
        d.forEach((v, k) => (acc[k] = (acc[k] as number) + scale * v));
      }
    }
    loss.push(l);
    gradients.push(grads);
  }
  return { loss, gradients };
}

function expectIdentical(a: GraphTrainingResult, b: GraphTrainingResult, what: string): void {
  expect(Object.keys(a.params).sort(), `${what}: parameter names`).toEqual(Object.keys(b.params).sort());
  for (const [n, v] of Object.entries(a.params)) expect(bytes(v), `${what}: ${n}`).toEqual(bytes(b.params[n]!));
  expect(a.lossSteps, `${what}: lossSteps`).toEqual(b.lossSteps);
  expect(bytes(a.lossCurve), `${what}: lossCurve`).toEqual(bytes(b.lossCurve));
}

describe('fused family path: loss and gradients of the first batch vs the float64 reference (1e-5 relative)', () => {
  it('finds the model family', () => {
    expect(MODELS.map((m) => m.kind)).toEqual(expect.arrayContaining(['relu-output', 'linear-output', 'relu-hidden', 'untied-abs']));
  });

  // F = 7, H = 5: neither a multiple of 4 (padding lanes on both axes); 13 → 11: three hidden vectors
  // (M > 8) and a per-instance importance; 6 → 33: a second block of 8 hidden vectors, per_batch mask
  const shapes = [
    { F: 7, H: 5, I: 3, mask: 'per_element' as const, perInstanceImportance: false },
    { F: 13, H: 11, I: 3, mask: 'per_element' as const, perInstanceImportance: true },
    { F: 6, H: 33, I: 2, mask: 'per_batch' as const, perInstanceImportance: false },
  ];
  for (const model of MODELS)
    for (const l1 of [0, 0.05])
      for (const loss of ['mean', 'sum'] as const)
        it(`${model.kind}, λ = ${l1}, ${loss}`, () => {
          for (const shape of shapes) {
            const g = makeGroup(model, l1, { ...shape, loss, seed: shape.F });
            const got = fusedGraphLossAndGradients(g);
            const want = referenceFirstBatch(g);
            const what = `${shape.F}→${shape.H}`;
            expectClose(got.loss, want.loss, 1e-5, 1e-7, `${what} loss`);
            for (const p of model.parameters) {
              const mine = got.gradients[p.name]!;
              const n = mine.length / g.instances;
              for (let i = 0; i < g.instances; i++) {
                const ref = want.gradients[i]![p.name]!;
                expectClose(mine.subarray(i * n, (i + 1) * n), ref, 1e-5, 1e-6, `${what} d${p.name} of instance ${i}`);
              }
            }
          }
        });

  it('the penalty and the hidden ReLU change the reference (so the comparisons above can fail)', () => {
    const hidden = byKind('relu-hidden');
    const g = makeGroup(hidden, 0.05, { F: 7, H: 5, I: 3 });
    const withL1 = referenceFirstBatch(g);
    const without = referenceFirstBatch({ ...g, options: { l1: 0 } });
    expect(Array.from(withL1.gradients[0]!['W']!)).not.toEqual(Array.from(without.gradients[0]!['W']!));
    // the hidden ReLU cuts something: the linear-hidden reference (relu-output) differs on the same weights
    const tied = referenceFirstBatch({ ...g, model: byKind('relu-output') });
    expect(Array.from(tied.gradients[0]!['W']!)).not.toEqual(Array.from(withL1.gradients[0]!['W']!));
  });
});

describe('fused family training vs the tfjs graph trainer (cpu backend, 300 steps)', () => {
  beforeAll(async () => {
    await initBackend(chooseBackend('cpu'));
    expect(tf.getBackend()).toBe('cpu');
  });

  for (const model of MODELS)
    for (const l1 of [0, 0.02])
      it(`${model.kind}, λ = ${l1}: same losses and parameters to float32 drift, and the loss decreases`, async () => {
        const g = makeGroup(model, l1, { F: 7, H: 5, I: 2, steps: 300, batch: 32, logEvery: 50, optimizer: { ...ADAMW, lr: 3e-3 } });
        const got = await trainGraphGroupFused(g, { threads: 1 });
        const want = await trainGraphGroup(g);
        expect(got.lossSteps).toEqual(want.lossSteps);
        expectClose(got.lossCurve, want.lossCurve, 1e-4, 1e-6, 'loss curve');
        for (const p of model.parameters) expectClose(got.params[p.name]!, want.params[p.name]!, 1e-4, 1e-5, p.name);
        const I = g.instances;
        const rows = got.lossSteps.length;
        for (let i = 0; i < I; i++) {
          const first = got.lossCurve[i] as number;
          const last = got.lossCurve[(rows - 1) * I + i] as number;
          expect(last, `instance ${i}: last loss ${last} < first ${first}`).toBeLessThan(0.8 * first);
        }
      });
});

describe('adversarial training: loss and gradients under attack vs the float64 reference (1e-5 relative)', () => {
  /** The group trained under attack: ε per instance (one of them 0, which must equal the clean batch), its own stream seeds. */
  const attacked = (g: GraphTrainingGroup, epsilon: number[], perExample = false): GraphTrainingGroup => ({
    ...g,
    attack: { epsilon: Float32Array.from(epsilon), seeds: Uint32Array.from(epsilon, (_, i) => 900 + 17 * i), perExample },
  });
  const shapes = [
    { F: 7, H: 5, I: 3, epsilon: [0.4, 0, 1.3] },
    { F: 13, H: 11, I: 2, epsilon: [0.9, 2.5] },
  ];

  for (const kind of ['relu-output', 'linear-output'])
    for (const l1 of [0, 0.05])
      it(`${kind}, λ = ${l1}: the fused family path and the tfjs graph trainer, ε fixed or per example`, async () => {
        await initBackend(chooseBackend('cpu'));
        for (const shape of shapes)
          for (const perExample of [false, true]) {
            const g = attacked(makeGroup(byKind(kind), l1, { ...shape, batch: 29, seed: shape.F }), shape.epsilon, perExample);
            const want = referenceFirstBatch(g);
            const x = new Float32Array(g.instances * g.batch * g.features);
            fillBatch(x, createStreams(g.dataSeeds), g.density, g.batch, g.features, g.mask);
            const engines = { fused: fusedGraphLossAndGradients(g), tfjs: graphLossAndGradients(g, g.params0, x) };
            for (const [engine, got] of Object.entries(engines)) {
              const what = `${engine} ${shape.F}→${shape.H}${perExample ? ' per example' : ''}`;
              expectClose(got.loss, want.loss, 1e-5, 1e-7, `${what} loss`);
              for (const p of g.model.parameters) {
                const mine = got.gradients[p.name]!;
                const n = mine.length / g.instances;
                for (let i = 0; i < g.instances; i++)
                  expectClose(
                    mine.subarray(i * n, (i + 1) * n),
                    want.gradients[i]![p.name]!,
                    1e-5,
                    1e-6,
                    `${what} d${p.name} of instance ${i}`,
                  );
              }
            }
          }
      });

  it('the attack changes the reference, ε = 0 is the clean batch, and sizing per example differs (so the comparisons above can fail)', () => {
    const g = makeGroup(byKind('relu-output'), 0, { F: 7, H: 5, I: 3, batch: 29 });
    const clean = referenceFirstBatch(g);
    const hit = referenceFirstBatch(attacked(g, [0.4, 0, 1.3]));
    expect(hit.loss[0]).not.toBeCloseTo(clean.loss[0]!, 6);
    expect(hit.loss[1]).toBe(clean.loss[1]);
    expect(Array.from(hit.gradients[2]!['W']!)).not.toEqual(Array.from(clean.gradients[2]!['W']!));
    const relative = referenceFirstBatch(attacked(g, [0.4, 0, 1.3], true));
    expect(relative.loss[0]).not.toBeCloseTo(hit.loss[0]!, 6);
  });

  it('trains the same on both engines (300 steps, float32 drift) and lowers the attacked loss', async () => {
    await initBackend(chooseBackend('cpu'));
    const g = attacked(
      makeGroup(byKind('relu-output'), 0, { F: 7, H: 5, I: 2, steps: 300, batch: 32, logEvery: 50, optimizer: { ...ADAMW, lr: 3e-3 } }),
      [0.3, 0.8],
    );
    const got = await trainGraphGroupFused(g, { threads: 1 });
    const want = await trainGraphGroup(g);
    expectClose(got.lossCurve, want.lossCurve, 1e-4, 1e-6, 'loss curve');
    for (const p of g.model.parameters) expectClose(got.params[p.name]!, want.params[p.name]!, 1e-4, 1e-5, p.name);
    const rows = got.lossSteps.length;
    for (let i = 0; i < g.instances; i++) expect(got.lossCurve[(rows - 1) * g.instances + i]!).toBeLessThan(0.8 * got.lossCurve[i]!);
    // 1 or 2 threads, any chunk size: identical bytes
    expectIdentical(await trainGraphGroupFused(g, { threads: 2, chunkSteps: 7 }), got, '2 threads, chunks of 7');
  });

  it('refuses an attack on a model that is not a tied output model, with one line, on both engines', async () => {
    const g = attacked(makeGroup(byKind('relu-hidden'), 0, { F: 5, H: 3, I: 1 }), [0.5]);
    const line = "adversarial training needs a tied output model (h = x·W, y = act(h·Wᵀ + b), e.g. relu-output), got model 'relu-hidden'";
    await expect(trainGraphGroupFused(g)).rejects.toThrow(`trainGraphGroupFused: ${line}`);
    await expect(trainGraphGroup(g)).rejects.toThrow(`graph trainer: ${line}`);
  });
});

describe('fused family small-model kernel (hidden ≤ 8): bit-identical to the per-sample path', () => {
  for (const model of MODELS)
    it(`${model.kind}: λ = 0 and 0.03, per_element and per_batch, H = 3 and 6 (one and two hidden vectors)`, async () => {
      for (const [l1, mask, H] of [
        [0, 'per_element', 3],
        [0.03, 'per_element', 6],
        [0.03, 'per_batch', 3],
      ] as const) {
        if (l1 === 0 && model.kind !== 'relu-hidden' && model.kind !== 'untied-abs') continue; // today's model takes the tied paths
        const g = makeGroup(model, l1, { F: 11, H, I: 3, steps: 40, batch: 19, logEvery: 6, mask });
        const small = await trainGraphGroupFused(g, { threads: 1, path: 'small' });
        expect(Array.from(small.params[model.layers.encoder]!)).not.toEqual(Array.from(g.params0[model.layers.encoder]!));
        expectIdentical(await trainGraphGroupFused(g, { threads: 1, path: 'dense' }), small, `${model.kind} λ = ${l1} ${mask} H = ${H}`);
        const grads = [fusedGraphLossAndGradients(g, 'small'), fusedGraphLossAndGradients(g, 'dense')];
        for (const p of model.parameters) expect(bytes(grads[0]!.gradients[p.name]!)).toEqual(bytes(grads[1]!.gradients[p.name]!));
      }
    });

  it('with feature sets (the scalar mask routing): bit-identical', async () => {
    const g = {
      ...makeGroup(byKind('relu-hidden'), 0, { F: 6, H: 4, I: 2, steps: 30, batch: 16, logEvery: 5 }),
      featureSets: [
        { kind: 'correlated' as const, features: [0, 1] },
        { kind: 'anticorrelated' as const, features: [2, 3, 4] },
      ],
    };
    expectIdentical(
      await trainGraphGroupFused(g, { threads: 1, path: 'dense' }),
      await trainGraphGroupFused(g, { threads: 1, path: 'small' }),
      'sets',
    );
  });

  it('refuses path small where it does not apply, with one line', async () => {
    const wide = makeGroup(byKind('relu-hidden'), 0, { F: 5, H: 9, I: 1 });
    await expect(trainGraphGroupFused(wide, { path: 'small' })).rejects.toThrow(
      "trainGraphGroupFused: path 'small' needs hidden ≤ 8 and no attack, got hidden 9",
    );
  });
});

describe('fused family training is deterministic', () => {
  it('untied signed model (untied-abs, λ > 0): 1 or 2 threads and any chunk size give identical bytes', async () => {
    const g = makeGroup(byKind('untied-abs'), 0.03, { F: 9, H: 6, I: 3, steps: 40, batch: 17, logEvery: 7 });
    const base = await trainGraphGroupFused(g, { threads: 1 });
    expect(Array.from(base.params['W2']!)).not.toEqual(Array.from(g.params0['W2']!));
    expectIdentical(await trainGraphGroupFused(g, { threads: 1, chunkSteps: 3 }), base, 'chunks of 3');
    expectIdentical(await trainGraphGroupFused(g, { threads: 2 }), base, '2 threads');
    expectIdentical(await trainGraphGroupFused(g, { threads: 2, chunkSteps: 11 }), base, '2 threads, chunks of 11');
  });

  it('tied relu-hidden, per_batch: 1 or 2 threads and any chunk size give identical bytes', async () => {
    const g = makeGroup(byKind('relu-hidden'), 0.01, { F: 12, H: 9, I: 3, steps: 30, batch: 16, logEvery: 4, mask: 'per_batch' });
    const base = await trainGraphGroupFused(g, { threads: 1, chunkSteps: 30 });
    expectIdentical(await trainGraphGroupFused(g, { threads: 2, chunkSteps: 4 }), base, '2 threads, chunks of 4');
  });
});

describe("fused family dispatch: today's model keeps the tied paths", () => {
  for (const kind of ['relu-output', 'linear-output'])
    it(`${kind}, λ = 0: bit-identical to trainGroupFused on the same TrainingGroup`, async () => {
      const model = byKind(kind);
      const g = makeGroup(model, 0, { F: 20, H: 5, I: 3, steps: 25, batch: 32, logEvery: 5 });
      const { encoder, bias, output } = model.layers;
      const tied = await trainGroupFused(
        {
          features: g.features,
          hidden: g.hidden,
          instances: g.instances,
          activation: output,
          importance: g.importance,
          density: g.density,
          W0: g.params0[encoder]!,
          b0: g.params0[bias]!,
          dataSeeds: g.dataSeeds,
          ...trainingSettingsOf(g),
        },
        { threads: 1 },
      );
      const got = await trainGraphGroupFused(g, { threads: 1 });
      expectIdentical(got, { params: { [encoder]: tied.W, [bias]: tied.b }, lossSteps: tied.lossSteps, lossCurve: tied.lossCurve }, kind);
      // with a penalty the same model runs the family path, which does not share the tied paths' order
      const penalised = await trainGraphGroupFused({ ...g, options: { l1: 1e-3 } }, { threads: 1 });
      expect(bytes(penalised.params[encoder]!)).not.toEqual(bytes(tied.W));
    });
});

describe('fused family support', () => {
  it('supports every model of the family', () => {
    for (const model of MODELS) expect(fusedUnsupported(model), model.kind).toBeNull();
  });

  it('refuses a structure the kernel does not implement, with one line, from the structure and not the name', async () => {
    const base = byKind('relu-output');
    const g = makeGroup(base, 0, { F: 5, H: 3, I: 1 });
    const cases: Array<[ModelDefinition, string]> = [
      [{ ...base, layers: { ...base.layers, output: 'gelu' as 'relu' } }, "has output activation 'gelu'"],
      [{ ...base, hiddenActivation: 'tanh' as 'relu' }, "has hidden activation 'tanh'"],
      [{ ...base, target: 'square-input' as 'input' }, "has target 'square-input'"],
      [{ ...base, inputs: 'gaussian' as 'signed' }, "has inputs 'gaussian'"],
      [{ ...base, layers: { ...base.layers, decoder: 'V' } }, "layers name parameter 'V'"],
    ];
    for (const [model, fragment] of cases) {
      const why = fusedUnsupported(model);
      expect(why, fragment).toContain(fragment);
      expect(why).not.toContain('\n');
      await expect(trainGraphGroupFused({ ...g, model })).rejects.toThrow(`trainGraphGroupFused: ${why}`);
    }
    // a renamed copy of a supported structure is supported: the kind name plays no part
    expect(fusedUnsupported({ ...byKind('untied-abs'), kind: 'something-else' })).toBeNull();
  });
});
