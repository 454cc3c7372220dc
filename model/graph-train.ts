// The graph trainer: any model of core/models/ trained on TensorFlow.js from its definition — its forward
// graph run on tensors batched over instances and examples, the loss of core/models/types.ts, and the
// gradients by TensorFlow.js's automatic differentiation (independent of the hand-written float64
// gradients the tests hold it to). The tied ReLU- and linear-output models keep their hand-tuned trainer
// (model/train.ts); this one exists so that a new architecture is one definition, not a new trainer.
//
// All of a model's parameters live in one tensor P [I, 1, Σ sizes] (each parameter a slice of it, in the
// definition's order), so the optimizer (model/optimizer.ts) updates one tensor as the tied trainer does,
// and the instance axis never mixes: the loss summed over instances gives each instance its own gradient.

import * as tf from '@tensorflow/tfjs-core';
import type { ModelTrainingGroup, ModelTrainingResult, TrainingProgress } from '../core/types.ts';
import { checkAttack, checkImportance } from '../core/types.ts';
import type { ModelDefinition, TensorOps } from '../core/models/types.ts';
import { checkFeatureSets } from '../data/feature-sets.ts';
import { attackedFeature, attackSeedHash } from '../data/attack-stream.ts';
import { createStreams } from '../data/prng.ts';
import { signInputs } from '../data/signed.ts';
import { fillBatch } from '../data/synthetic.ts';
import { registerGraphGradients } from './gradients.ts';
import { disposeOptimizer, makeOptimizer, optimizerUpdate, type OptimizerState } from './optimizer.ts';

// tfjs-core's Node build registers no gradients (the tied trainer needs none: its gradients are written out)
registerGraphGradients();

/** What the graph trainer takes and gives: any model's group (core/types.ts). */
export type GraphTrainingGroup = ModelTrainingGroup;
export type GraphTrainingResult = ModelTrainingResult;

/** Where each parameter sits in the packed [I, 1, P] tensor. */
interface Layout {
  slices: Array<{ name: string; shape: number[]; offset: number; size: number }>;
  total: number;
}

function layoutOf(model: ModelDefinition, F: number, H: number): Layout {
  let offset = 0;
  const slices = model.parameters.map((p) => {
    const shape = p.shape({ features: F, hidden: H });
    const size = shape.reduce((a, b) => a * b, 1);
    const slice = { name: p.name, shape, offset, size };
    offset += size;
    return slice;
  });
  return { slices, total: offset };
}

function pack(layout: Layout, params: Readonly<Record<string, Float32Array>>, I: number): Float32Array {
  const P = new Float32Array(I * layout.total);
  for (const s of layout.slices) {
    const values = params[s.name];
    if (values === undefined || values.length !== I * s.size) {
      throw new Error(
        `graph trainer: parameter ${s.name} needs I·${s.shape.join('·')} = ${I * s.size} values, got ${values?.length ?? 'none'}`,
      );
    }
    for (let i = 0; i < I; i++) P.set(values.subarray(i * s.size, (i + 1) * s.size), i * layout.total + s.offset);
  }
  return P;
}

function unpack(layout: Layout, P: Float32Array, I: number): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const s of layout.slices) {
    const values = new Float32Array(I * s.size);
    for (let i = 0; i < I; i++) values.set(P.subarray(i * layout.total + s.offset, i * layout.total + s.offset + s.size), i * s.size);
    out[s.name] = values;
  }
  return out;
}

/** The definition's tensor operations on TensorFlow.js, batched over [I, B, ·]. */
const TF_OPS: TensorOps<tf.Tensor> = {
  matMul: (a, b, transposeB = false) => tf.matMul(a, b, false, transposeB),
  add: (a, b) => tf.add(a, b),
  relu: (a) => tf.relu(a),
};

/**
 * Per-instance loss [I] of one batch x [I, B, F] at packed parameters P: scale · Σ_b (Σ_f I_f (t_f − y_f)²
 * + λ Σ_k |h_k|), scale = 1/(B·F) for loss 'mean' and 1 for 'sum'. The model reads `input` (x + δ under
 * adversarial training, else x); the target t is x or |x|.
 */
function instanceLoss(
  group: GraphTrainingGroup,
  layout: Layout,
  P: tf.Tensor,
  x: tf.Tensor3D,
  importance: tf.Tensor,
  input: tf.Tensor = x,
): tf.Tensor1D {
  const { instances: I, features: F, batch: B } = group;
  const params: Record<string, tf.Tensor> = {};
  for (const s of layout.slices) {
    const slice = tf.slice(P, [0, 0, s.offset], [I, 1, s.size]);
    // a vector parameter (a bias) becomes a [I, 1, n] row that broadcasts over the examples
    params[s.name] = s.shape.length === 1 ? slice : tf.reshape(slice, [I, ...s.shape]);
  }
  // the encoder reads the (possibly attacked) input; the target comes from the clean x
  const { hidden, output } = group.model.graph(TF_OPS, params, input);
  const target = group.model.target === 'abs-input' ? tf.abs(x) : x;
  const err = tf.mul(tf.square(tf.sub(target, output)), importance);
  let perInstance: tf.Tensor = tf.sum(err, [1, 2]);
  if (group.options.l1 !== 0) perInstance = tf.add(perInstance, tf.mul(tf.sum(tf.abs(hidden), [1, 2]), group.options.l1));
  const scale = group.loss === 'mean' ? 1 / (B * F) : 1;
  return tf.mul(perInstance, scale) as tf.Tensor1D;
}

function importanceTensor(group: Pick<GraphTrainingGroup, 'importance' | 'instances' | 'features'>): tf.Tensor {
  const { instances: I, features: F } = group;
  return group.importance.length === F ? tf.tensor3d(group.importance, [1, 1, F]) : tf.tensor3d(group.importance, [I, 1, F]);
}

function checkGroup(group: GraphTrainingGroup): void {
  const { features: F, hidden: H, instances: I } = group;
  for (const [name, v] of [
    ['features', F],
    ['hidden', H],
    ['instances', I],
    ['batch', group.batch],
    ['steps', group.steps],
    ['logEvery', group.logEvery],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`graph trainer: ${name} must be a positive integer, got ${v}`);
  }
  checkImportance(group.importance, I, F, 'graph trainer');
  if (group.density.length !== I * F) throw new Error(`graph trainer: density has ${group.density.length} values, expected I·F = ${I * F}`);
  if (group.dataSeeds.length !== I) throw new Error(`graph trainer: dataSeeds has ${group.dataSeeds.length} values, expected I = ${I}`);
  if (!Number.isFinite(group.options.l1) || group.options.l1 < 0) {
    throw new Error(`graph trainer: l1 must be a finite number ≥ 0, got ${group.options.l1}`);
  }
  checkFeatureSets(group.featureSets ?? [], F, 'graph trainer');
  checkAttack(group, 'graph trainer');
}

/**
 * The attack of one step under adversarial training, δ [I, B, F]: example e of instance i moves by
 * ε_i·D_f (ε_i·‖x_e‖₂·D_f when perExample) along the attack direction of the feature data/attack-stream.ts
 * picks, with D the rows of W·Wᵀ of the packed parameters P (the step's current weights) scaled to unit
 * length (core/attack-direction.ts). Computed outside the differentiated function, so it is a constant of
 * the step's gradient.
 */
function attackPerturbation(group: GraphTrainingGroup, layout: Layout, P: tf.Tensor, x: tf.Tensor3D, step: number): tf.Tensor3D {
  const attack = group.attack;
  if (attack === undefined) throw new Error('graph trainer: the group trains without attack');
  const { instances: I, features: F, hidden: H, batch: B } = group;
  const encoder = layout.slices.find((s) => s.name === group.model.layers.encoder);
  if (encoder === undefined) throw new Error(`graph trainer: model ${group.model.kind} has no encoder ${group.model.layers.encoder}`);
  return tf.tidy(() => {
    const W = tf.reshape(tf.slice(P, [0, 0, encoder.offset], [I, 1, encoder.size]), [I, F, H]);
    const gram = tf.matMul(W, W, false, true); // [I, F, F]
    const D = tf.divNoNan(gram, tf.sqrt(tf.sum(tf.square(gram), -1, true)));
    // row i·F + f of the flattened directions is instance i's direction for feature f
    const rows = new Int32Array(I * B);
    for (let i = 0; i < I; i++) {
      const seedHash = attackSeedHash(attack.seeds[i] as number);
      for (let e = 0; e < B; e++) rows[i * B + e] = i * F + attackedFeature(seedHash, step, B, e, F);
    }
    const directions = tf.reshape(tf.gather(tf.reshape(D, [I * F, F]), tf.tensor1d(rows, 'int32')), [I, B, F]);
    const epsilon = tf.tensor3d(attack.epsilon, [I, 1, 1]);
    // per example: ε_i times the example's own norm (0 for an all-zero example)
    const size = attack.perExample ? tf.mul(epsilon, tf.sqrt(tf.sum(tf.square(x), -1, true))) : epsilon;
    return tf.mul(directions, size) as tf.Tensor3D;
  });
}

/** Draws the next batch of every instance into x: the shared stream, signed where the model takes signed inputs. */
function nextBatch(group: GraphTrainingGroup, x: Float32Array, streams: ReturnType<typeof createStreams>): void {
  fillBatch(x, streams, group.density, group.batch, group.features, group.mask, group.featureSets);
  if (group.model.inputs === 'signed') signInputs(x);
}

/**
 * Trains one group for `group.steps` steps on the active backend: each step draws a batch from every
 * instance's stream, takes the loss and its gradient by automatic differentiation and applies the
 * optimizer. The per-instance loss is recorded before the update at steps s % logEvery = 0 and at the last.
 */
export async function trainGraphGroup(
  group: GraphTrainingGroup,
  options: { onProgress?: (p: TrainingProgress) => void } = {},
): Promise<GraphTrainingResult> {
  checkGroup(group);
  const { instances: I, features: F, hidden: H, batch: B, steps } = group;
  const layout = layoutOf(group.model, F, H);
  const streams = createStreams(group.dataSeeds);
  const xBuf = new Float32Array(I * B * F);
  const lossSteps: number[] = [];
  const lossRows: Float32Array[] = [];
  const importance = importanceTensor(group);
  let opt: OptimizerState | null = null;
  try {
    opt = makeOptimizer(group.optimizer, pack(layout, group.params0, I), [I, 1, layout.total]);
    const o: OptimizerState = opt;
    let lastYield = performance.now();
    for (let step = 0; step < steps; step++) {
      const record = step % group.logEvery === 0 || step === steps - 1;
      nextBatch(group, xBuf, streams);
      const kept: { loss: tf.Tensor | null } = { loss: null };
      tf.tidy(() => {
        const x = tf.tensor3d(xBuf, [I, B, F]);
        const input = group.attack !== undefined ? tf.add(x, attackPerturbation(group, layout, o.P, x, step)) : x;
        const { value, grad } = tf.valueAndGrad((P: tf.Tensor) => {
          const loss = instanceLoss(group, layout, P, x, importance, input);
          if (record) kept.loss = tf.keep(loss);
          return tf.sum(loss) as tf.Scalar;
        })(o.P);
        value.dispose();
        optimizerUpdate(o, grad as tf.Tensor3D);
      });
      if (kept.loss !== null) {
        const values = Float32Array.from(kept.loss.dataSync() as Float32Array);
        kept.loss.dispose();
        lossSteps.push(step);
        lossRows.push(values);
        options.onProgress?.({ step, steps, loss: values.reduce((a, b) => a + b, 0) / I });
        const now = performance.now();
        if (now - lastYield > 200) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
    }
    const lossCurve = new Float32Array(lossRows.length * I);
    lossRows.forEach((row, r) => lossCurve.set(row, r * I));
    return { params: unpack(layout, o.P.dataSync() as Float32Array, I), lossSteps, lossCurve };
  } finally {
    if (opt !== null) disposeOptimizer(opt);
    importance.dispose();
  }
}

/**
 * Loss [I] and gradients (by name, [I, ...shape]) of one batch x [I, B, F] at the given parameters, by the
 * code training runs (under adversarial training, the attack of step 0). For tests against the float64
 * reference.
 */
export function graphLossAndGradients(
  group: Omit<GraphTrainingGroup, 'params0' | 'density' | 'dataSeeds' | 'optimizer' | 'steps' | 'mask' | 'logEvery'>,
  params: Readonly<Record<string, Float32Array>>,
  x: Float32Array,
): { loss: Float32Array; gradients: Record<string, Float32Array> } {
  const { instances: I, features: F, hidden: H, batch: B } = group;
  if (x.length !== I * B * F) throw new Error(`graphLossAndGradients: x has ${x.length} values, expected I·B·F = ${I * B * F}`);
  const layout = layoutOf(group.model, F, H);
  const full = group as GraphTrainingGroup;
  return tf.tidy(() => {
    const importance = importanceTensor(group);
    const P = tf.tensor3d(pack(layout, params, I), [I, 1, layout.total]);
    const xt = tf.tensor3d(x, [I, B, F]);
    const input = full.attack !== undefined ? tf.add(xt, attackPerturbation(full, layout, P, xt, 0)) : xt;
    let loss = new Float32Array(0);
    const grad = tf.grad((p: tf.Tensor) => {
      const perInstance = instanceLoss(full, layout, p, xt, importance, input);
      loss = Float32Array.from(perInstance.dataSync() as Float32Array);
      return tf.sum(perInstance) as tf.Scalar;
    })(P);
    return { loss, gradients: unpack(layout, grad.dataSync() as Float32Array, I) };
  });
}
