// The graph trainer against the float64 references of core/models/: every model's loss and gradients on
// a batch (TensorFlow.js's automatic differentiation against the hand-written chain rule), a short
// training run step for step, and today's model against the tied trainer it is an alternative to.

import { describe, expect, it } from 'vitest';
import type { ModelDefinition } from '../../core/models/types.ts';
import { trainingSettingsOf, type OptimizerConfig } from '../../core/types.ts';
import { createStreams } from '../../data/prng.ts';
import { signInputs } from '../../data/signed.ts';
import { fillBatch } from '../../data/synthetic.ts';
import { graphLossAndGradients, trainGraphGroup, type GraphTrainingGroup } from '../../model/graph-train.ts';
import { ENGINE_TEST_BACKENDS, NATIVE_READY, onBackend } from './backend-scope.ts';
import { trainGroup } from '../../model/train.ts';
import { MODELS as FAMILY } from '../core/models/family.ts';
import { expectClose, randn } from './assertions.ts';
import { referenceModelTraining } from './reference.ts';

/** every model definition of core/models/ */
const MODELS: ModelDefinition[] = FAMILY.map(({ model }) => model);

const ADAMW: OptimizerConfig = { kind: 'adamw', lr: 1e-2, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 };

function group(model: ModelDefinition, l1: number, overrides: Partial<GraphTrainingGroup> = {}): GraphTrainingGroup {
  const I = 2;
  const F = 5;
  const H = 3;
  const params0: Record<string, Float32Array> = {};
  model.parameters.forEach((p, k) => {
    const size = I * p.shape({ features: F, hidden: H }).reduce((a, b) => a * b, 1);
    params0[p.name] = randn(size, p.role === 'weight' ? 0.5 : 0.1, 100 + k);
  });
  return {
    model,
    options: { l1 },
    features: F,
    hidden: H,
    instances: I,
    importance: new Float32Array(F).map((_, f) => 0.9 ** f),
    density: new Float32Array(I * F).fill(0.6),
    params0,
    dataSeeds: Uint32Array.from([11, 12]),
    optimizer: ADAMW,
    steps: 12,
    batch: 16,
    mask: 'per_element',
    loss: 'mean',
    logEvery: 4,
    ...overrides,
  };
}

for (const backend of ENGINE_TEST_BACKENDS)
  describe.skipIf(backend === 'node' && !NATIVE_READY)(`graph trainer on ${backend}`, () => {
    onBackend(backend);

    it('finds the model family', () => {
      expect(MODELS.map((m) => m.kind)).toContain('relu-output');
      expect(MODELS.length).toBeGreaterThanOrEqual(4);
    });

    for (const model of MODELS)
      for (const l1 of [0, 0.05])
        for (const loss of ['mean', 'sum'] as const) {
          it(`${model.kind}, λ = ${l1}, ${loss}: loss and gradients of a batch match the float64 reference`, () => {
            const g = group(model, l1, { loss });
            const { instances: I, features: F, batch: B } = g;
            const x = new Float32Array(I * B * F);
            fillBatch(x, createStreams([5, 6]), g.density, B, F, 'per_element');
            if (model.inputs === 'signed') signInputs(x);
            const got = graphLossAndGradients(g, g.params0, x);
            // the reference: Σ over the batch of the hand-written per-example loss and gradients, scaled as the recipe says
            const scale = loss === 'mean' ? 1 / (B * F) : 1;
            const shape = { features: F, hidden: g.hidden };
            for (let i = 0; i < I; i++) {
              let want = 0;
              const grads: Record<string, Float64Array> = {};
              const own = Object.fromEntries(
                Object.entries(g.params0).map(([n, v]) => [n, v.subarray((i * v.length) / I, ((i + 1) * v.length) / I)]),
              );
              for (let e = 0; e < B; e++) {
                const r = model.lossAndGradients(own, x.subarray((i * B + e) * F, (i * B + e + 1) * F), shape, g.importance, g.options);
                want += scale * r.loss;
                for (const [n, d] of Object.entries(r.gradients)) {
                  const acc = (grads[n] ??= new Float64Array(d.length));
                  d.forEach((v, k) => (acc[k] = (acc[k] as number) + scale * v));
                }
              }
              expectClose([got.loss[i] as number], [want], 1e-5, 1e-7, `loss of instance ${i}`);
              for (const [n, d] of Object.entries(grads)) {
                const mine = got.gradients[n]!;
                expectClose(mine.subarray((i * mine.length) / I, ((i + 1) * mine.length) / I), d, 1e-4, 1e-6, `d${n} of instance ${i}`);
              }
            }
          });

          it(`${model.kind}, λ = ${l1}, ${loss}: training follows the float64 reference trainer step for step`, async () => {
            const g = group(model, l1, { loss });
            const got = await trainGraphGroup(g);
            const want = referenceModelTraining(g);
            expect(got.lossSteps).toEqual([0, 4, 8, 11]);
            expectClose(got.lossCurve, want.losses, 1e-4, 1e-6, 'losses');
            for (const [n, v] of Object.entries(want.params)) expectClose(got.params[n]!, v, 1e-4, 1e-5, n);
          });
        }

    it("trains today's ReLU-output model as the tied trainer does", async () => {
      const model = MODELS.find((m) => m.kind === 'relu-output')!;
      const g = group(model, 0);
      const tied = await trainGroup({
        features: g.features,
        hidden: g.hidden,
        instances: g.instances,
        activation: 'relu',
        importance: g.importance,
        density: g.density,
        W0: g.params0['W']!,
        b0: g.params0['b']!,
        dataSeeds: g.dataSeeds,
        ...trainingSettingsOf(g),
      });
      const graph = await trainGraphGroup(g);
      expectClose(graph.params['W']!, tied.W, 1e-4, 1e-5, 'W');
      expectClose(graph.params['b']!, tied.b, 1e-4, 1e-5, 'b');
    });

    it('refuses a negative L1 penalty and parameters of the wrong size, with one line', async () => {
      const model = MODELS.find((m) => m.kind === 'relu-output')!;
      await expect(trainGraphGroup(group(model, -1))).rejects.toThrow('graph trainer: l1 must be a finite number ≥ 0, got -1');
      const g = group(model, 0);
      await expect(trainGraphGroup({ ...g, params0: { ...g.params0, W: new Float32Array(3) } })).rejects.toThrow(
        'graph trainer: parameter W needs I·5·3 = 30 values, got 3',
      );
    });
  });
