// The training engine: many toy models trained side by side along the instance axis, on whatever tfjs
// backend is active (see model/backend.ts). The only module where tensors live; everything it exports
// takes and returns plain numbers and typed arrays.
//
// Model, per instance (axis vocabulary I instance, B batch, F feature, H hidden):
//   h = x·W                [B,F]·[F,H] → [B,H]
//   pre = h·Wᵀ + b         [B,H]·[H,F] → [B,F]
//   out = ReLU(pre)        (identity for activation 'linear')
//   loss = scale · Σ_b Σ_f I_f (x − out)²,  scale = 1/(B·F) for loss 'mean', 1 for 'sum'
// Instances are summed, so each instance's gradient is the one it would get trained alone.
//
// Formulation, chosen for speed (per-op overhead dominates these small shapes): W and b are packed into
// one parameter tensor P = [W | b] of shape [I,F,H+1], so the bias rides inside the decoder matmul and
// the optimizer updates a single tensor. With Wm = P ⊙ M (M zeroes the bias column) and E a constant
// [I,B,H+1] whose last column is 1:
//   hc   = x·Wm + E = [h | 1]                     [I,B,H+1]
//   pre  = hc·Pᵀ = h·Wᵀ + b                       [I,B,F]
//   dOut = −2·scale·I ⊙ (x − out)                 [I,B,F]
//   dPre = dOut ⊙ [pre > 0]                       (relu)
//   dHc  = dPre·Wm = [dH | 0]                     [I,B,H+1]
//   dP   = dPreᵀ·hc + xᵀ·dHc = [dPreᵀh + xᵀdH | Σ_b dPre] = [dW | db]
// Five matMuls, no broadcasting; the tied-weight gradient has its two terms. They run either as batched
// matMuls over all instances or, on tfjs-wasm, per instance (see `Formulation`). The instance axis never
// mixes: an instance's result is bit-identical whether it is trained alone or in a group.
//
// Every step runs inside one tf.tidy with no await in it; constants, parameters and optimizer moments are
// kept across steps and disposed in `finally`. Same seeds and backend → bit-identical results.

import * as tf from '@tensorflow/tfjs-core';
import { createStreams } from '../data/prng.ts';
import { checkFeatureSets } from '../data/feature-sets.ts';
import { fillBatch } from '../data/synthetic.ts';
import { checkOptimizer, disposeOptimizer, makeOptimizer, optimizerUpdate, type OptimizerState } from './optimizer.ts';
import { SnapshotRecorder, checkSnapshotEvery } from './snapshots.ts';
import { checkImportance, importanceOffset } from '../core/types.ts';
import type { Activation, LossReduction, OptimizerConfig, TrainingGroup, TrainingProgress, TrainingResult } from '../core/types.ts';

/** What the loss and its gradients depend on, besides the weights and the data. */
export interface ModelSpec {
  features: number; // F
  hidden: number; // H
  instances: number; // I
  activation: Activation;
  /** [F] (shared by all instances) or [I·F] (per instance, row-major) */
  importance: Float32Array;
  loss: LossReduction;
}

export interface TrainOptions {
  onProgress?: (p: TrainingProgress) => void;
  /** override the backend's formulation (tests, benchmarks); results differ only by float32 rounding */
  formulation?: Formulation;
}

export interface LossAndGradients {
  /** per-instance loss, reduced as configured, [I] */
  loss: Float32Array;
  /** dLoss/dW, [I, F, H] */
  dW: Float32Array;
  /** dLoss/db, [I, F] */
  db: Float32Array;
}

// ---------------------------------------------------------------------------------------------------
// Packing W [I,F,H] and b [I,F] into P [I,F,H+1] and back.

export function packParams(W: Float32Array, b: Float32Array, instances: number, features: number, hidden: number): Float32Array {
  const H1 = hidden + 1;
  const P = new Float32Array(instances * features * H1);
  for (let r = 0; r < instances * features; r++) {
    for (let h = 0; h < hidden; h++) P[r * H1 + h] = W[r * hidden + h] as number;
    P[r * H1 + hidden] = b[r] as number;
  }
  return P;
}

export function unpackParams(P: Float32Array, instances: number, features: number, hidden: number): { W: Float32Array; b: Float32Array } {
  const H1 = hidden + 1;
  const W = new Float32Array(instances * features * hidden);
  const b = new Float32Array(instances * features);
  for (let r = 0; r < instances * features; r++) {
    for (let h = 0; h < hidden; h++) W[r * hidden + h] = P[r * H1 + h] as number;
    b[r] = P[r * H1 + hidden] as number;
  }
  return { W, b };
}

// ---------------------------------------------------------------------------------------------------
// Constants of one model spec and batch size: created once, kept across steps, disposed by the caller.

/**
 * How the five products are laid out as tfjs ops; both compute the same function (to float32 rounding).
 * - `batched`: one batched matMul per product over all instances ([I,B,F]·[I,F,H+1] …). Few ops; best
 *   where batched matmul is a real kernel (cpu, tfjs-node).
 * - `per-instance`: per instance, 2-D matMuls without transposed operands. tfjs-wasm sends exactly
 *   those to XNNPACK, while a batched or transposed matMul falls back to a naive loop (~0.6 ns per
 *   multiply-add plus ~3 ns per output on these thin shapes); 2–3× faster per step on wasm for
 *   the paper's shapes despite ~15 ops per instance.
 */
export type Formulation = 'batched' | 'per-instance';
export const FORMULATIONS = ['batched', 'per-instance'] as const satisfies readonly Formulation[];

/** The formulation used on a tfjs backend (by its tfjs name, e.g. `tf.getBackend()`). */
export function formulationFor(tfjsBackend: string): Formulation {
  return tfjsBackend === 'wasm' ? 'per-instance' : 'batched';
}

interface Constants {
  formulation: Formulation;
  I: number;
  B: number;
  F: number;
  H: number;
  relu: boolean;
  /** [I,F,H+1]: 1 on the weight columns, 0 on the bias column */
  weightMask: tf.Tensor3D;
  /** batched: [I,B,H+1]; per-instance: [B,H+1]. 0 on the hidden columns, 1 on the last */
  biasColumn: tf.Tensor;
  /**
   * −2·scale·I_f. batched: one [I,B,F] tensor; per-instance: one [B,F] tensor shared by all instances
   * (shared importance) or one [B,F] tensor per instance (per-instance importance).
   */
  dOutScale: tf.Tensor[];
  /** −0.5: turns Σ dOutScale·diff² into the loss */
  minusHalf: tf.Scalar;
  all: tf.Tensor[];
}

function checkSpec(spec: ModelSpec, batch: number): void {
  const { features: F, hidden: H, instances: I } = spec;
  for (const [name, v] of [
    ['features', F],
    ['hidden', H],
    ['instances', I],
    ['batch', batch],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`train: ${name} must be a positive integer, got ${v}`);
  }
  checkImportance(spec.importance, I, F, 'train');
  if (spec.activation !== 'relu' && spec.activation !== 'linear') {
    throw new Error(`train: unknown activation '${String(spec.activation)}' (allowed: relu, linear)`);
  }
  if (spec.loss !== 'mean' && spec.loss !== 'sum') throw new Error(`train: unknown loss '${String(spec.loss)}' (allowed: mean, sum)`);
}

function activeBackend(): string {
  let name: string | null | undefined;
  let why = 'none registered';
  try {
    name = tf.getBackend();
  } catch (error) {
    why = error instanceof Error ? error.message : String(error);
  }
  if (typeof name !== 'string' || name === '') {
    throw new Error(`train: no tfjs backend is active (${why}); call initBackend(chooseBackend(...)) from model/backend.ts first`);
  }
  return name;
}

function resolveFormulation(requested: Formulation | undefined): Formulation {
  if (requested === undefined) return formulationFor(activeBackend());
  if (!(FORMULATIONS as readonly string[]).includes(requested)) {
    throw new Error(`train: unknown formulation '${String(requested)}' (allowed: ${FORMULATIONS.join(', ')})`);
  }
  return requested;
}

function makeConstants(spec: ModelSpec, batch: number, formulation: Formulation): Constants {
  checkSpec(spec, batch);
  const I = spec.instances;
  const B = batch;
  const F = spec.features;
  const H = spec.hidden;
  const H1 = H + 1;
  const copies = formulation === 'batched' ? I : 1; // rows of the [·,B,·] constants
  const shared = spec.importance.length === F;
  const mask = new Float32Array(I * F * H1);
  for (let r = 0; r < I * F; r++) for (let h = 0; h < H; h++) mask[r * H1 + h] = 1;
  const col = new Float32Array(copies * B * H1);
  for (let r = 0; r < copies * B; r++) col[r * H1 + H] = 1;
  const scale = spec.loss === 'mean' ? 1 / (B * F) : 1;
  // batched: [I,B,F]; per-instance: [B,F] once (shared importance) or per instance, stacked [I,B,F]
  const tables = formulation === 'batched' || !shared ? I : 1;
  const d = new Float32Array(tables * B * F);
  for (let i = 0; i < tables; i++) {
    const o = importanceOffset(spec.importance, F, i);
    for (let e = 0; e < B; e++) {
      const r = i * B + e;
      for (let f = 0; f < F; f++) d[r * F + f] = -2 * scale * (spec.importance[o + f] as number);
    }
  }
  const all: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    all.push(t);
    return t;
  };
  try {
    const weightMask = keep(tf.tensor3d(mask, [I, F, H1]));
    const batched = formulation === 'batched';
    const biasColumn = keep(batched ? tf.tensor3d(col, [I, B, H1]) : tf.tensor2d(col, [B, H1]));
    const dOutScale: tf.Tensor[] = [];
    if (batched) dOutScale.push(keep(tf.tensor3d(d, [I, B, F])));
    else for (let i = 0; i < tables; i++) dOutScale.push(keep(tf.tensor2d(d.slice(i * B * F, (i + 1) * B * F), [B, F])));
    const minusHalf = keep(tf.scalar(-0.5));
    return { formulation, I, B, F, H, relu: spec.activation === 'relu', weightMask, biasColumn, dOutScale, minusHalf, all };
  } catch (error) {
    for (const t of all) t.dispose();
    throw error;
  }
}

/**
 * Loss and gradient of one batch x ([I,B,F] row-major, uploaded here), the core shared by training and
 * `lossAndGradients`. Call inside tf.tidy. `loss` is computed only when asked.
 */
function forwardBackward(
  c: Constants,
  P: tf.Tensor3D, // [I,F,H+1]
  x: Float32Array, // [I,B,F]
  wantLoss: boolean,
): { dP: tf.Tensor3D; loss: tf.Tensor1D | null } {
  return c.formulation === 'batched' ? forwardBackwardBatched(c, P, x, wantLoss) : forwardBackwardPerInstance(c, P, x, wantLoss);
}

function forwardBackwardBatched(
  c: Constants,
  P: tf.Tensor3D, // [I,F,H+1]
  xData: Float32Array, // [I,B,F]
  wantLoss: boolean,
): { dP: tf.Tensor3D; loss: tf.Tensor1D | null } {
  const x = tf.tensor3d(xData, [c.I, c.B, c.F]); // one upload per step
  const Wm = tf.mul(P, c.weightMask); // [I,F,H+1], bias column zeroed
  const hc = tf.add(tf.matMul(x, Wm), c.biasColumn); // [I,B,H+1] = [h | 1]
  const pre = tf.matMul(hc, P, false, true); // [I,B,F] = h·Wᵀ + b
  const out = c.relu ? tf.relu(pre) : pre;
  const diff = tf.sub(x, out); // [I,B,F]
  const dOut = tf.mul(diff, c.dOutScale[0] as tf.Tensor); // −2·scale·I·(x − out)
  const dPre = c.relu ? tf.mul(dOut, tf.step(pre)) : dOut; // [I,B,F]
  const dHc = tf.matMul(dPre, Wm); // [I,B,H+1] = [dH | 0]
  const dP: tf.Tensor3D = tf.add(tf.matMul(dPre, hc, true, false), tf.matMul(x, dHc, true, false)); // [I,F,H+1]
  const loss = wantLoss ? tf.mul(tf.sum(tf.mul(dOut, diff), [1, 2]), c.minusHalf) : null; // [I]
  return { dP, loss: loss as tf.Tensor1D | null };
}

/**
 * Same function, per instance with 2-D, non-transposed matMuls only (so tfjs-wasm runs them in XNNPACK).
 * Transposes are applied to the thin [B,H+1] tensors and the tiny parameters, never to [B,F].
 */
function forwardBackwardPerInstance(
  c: Constants,
  P: tf.Tensor3D, // [I,F,H+1]
  xData: Float32Array, // [I,B,F]
  wantLoss: boolean,
): { dP: tf.Tensor3D; loss: tf.Tensor1D | null } {
  const { I, B, F } = c;
  const Wms = tf.unstack(tf.mul(P, c.weightMask)) as tf.Tensor2D[]; // I × [F,H+1], bias column zeroed
  const PTs = tf.unstack(tf.transpose(P, [0, 2, 1])) as tf.Tensor2D[]; // I × [H+1,F]
  const dPTs: tf.Tensor2D[] = [];
  const losses: tf.Scalar[] = [];
  for (let i = 0; i < I; i++) {
    const Wm = Wms[i] as tf.Tensor2D;
    const x = tf.tensor2d(xData.subarray(i * B * F, (i + 1) * B * F), [B, F]); // [B,F]
    const hc: tf.Tensor2D = tf.add(tf.matMul(x, Wm), c.biasColumn); // [B,H+1] = [h | 1]
    const pre = tf.matMul(hc, PTs[i] as tf.Tensor2D); // [B,F] = h·Wᵀ + b
    const out = c.relu ? tf.relu(pre) : pre;
    const diff: tf.Tensor2D = tf.sub(x, out);
    const dOut: tf.Tensor2D = tf.mul(diff, c.dOutScale[c.dOutScale.length === 1 ? 0 : i] as tf.Tensor); // −2·scale·I·(x − out)
    const dPre: tf.Tensor2D = c.relu ? tf.mul(dOut, tf.step(pre)) : dOut; // [B,F]
    const dHc = tf.matMul(dPre, Wm); // [B,H+1] = [dH | 0]
    // dPᵀ = hcᵀ·dPre + dHcᵀ·x = [dW | db]ᵀ   [H+1,F]
    dPTs.push(tf.add(tf.matMul(tf.transpose(hc), dPre), tf.matMul(tf.transpose(dHc), x)));
    if (wantLoss) losses.push(tf.sum(tf.mul(dOut, diff)));
  }
  const dP = tf.transpose(tf.stack(dPTs), [0, 2, 1]) as tf.Tensor3D; // [I,F,H+1]
  const loss = wantLoss ? (tf.mul(tf.stack(losses), c.minusHalf) as tf.Tensor1D) : null; // [I]
  return { dP, loss };
}

// ---------------------------------------------------------------------------------------------------

function checkGroup(group: TrainingGroup): void {
  const { features: F, hidden: H, instances: I } = group;
  checkSpec(group, group.batch);
  if (group.W0.length !== I * F * H) throw new Error(`trainGroup: W0 has ${group.W0.length} values, expected I·F·H = ${I * F * H}`);
  if (group.b0.length !== I * F) throw new Error(`trainGroup: b0 has ${group.b0.length} values, expected I·F = ${I * F}`);
  if (group.density.length !== I * F) throw new Error(`trainGroup: density has ${group.density.length} values, expected I·F = ${I * F}`);
  if (group.dataSeeds.length !== I) throw new Error(`trainGroup: dataSeeds has ${group.dataSeeds.length} values, expected I = ${I}`);
  if (!Number.isInteger(group.steps) || group.steps < 1)
    throw new Error(`trainGroup: steps must be a positive integer, got ${group.steps}`);
  if (!Number.isInteger(group.logEvery) || group.logEvery < 1) {
    throw new Error(`trainGroup: logEvery must be a positive integer, got ${group.logEvery}`);
  }
  if (group.mask !== 'per_element' && group.mask !== 'per_batch') {
    throw new Error(`trainGroup: unknown mask '${String(group.mask)}' (allowed: per_element, per_batch)`);
  }
  checkFeatureSets(group.featureSets ?? [], F, 'trainGroup');
  checkSnapshotEvery(group.snapshotEvery, 'trainGroup');
  checkOptimizer(group.optimizer);
}

/** Store every instance's W and b from the packed parameters P [I,F,H+1] as the snapshot at `step`. */
function snapshotPacked(rec: SnapshotRecorder, step: number, P: Float32Array, I: number, F: number, H: number): void {
  const H1 = H + 1;
  for (let i = 0; i < I; i++) {
    const base = i * F * H1;
    rec.put(
      step,
      i,
      (f, h) => P[base + f * H1 + h] as number,
      (f) => P[base + f * H1 + H] as number,
    );
  }
}

/**
 * Train one group of instances for `group.steps` steps on the active tfjs backend. Step s (0-based) draws a
 * fresh batch from each instance's stream (seeded by dataSeeds[i]), computes loss and gradients and
 * applies the optimizer. The per-instance loss is recorded (before the update, like the notebook) at
 * steps s with s % logEvery === 0 and at the last step, and `onProgress` is called then. With
 * snapshotEvery, W and b are read (not changed) before the update of each snapshot step and at the end.
 */
export async function trainGroup(group: TrainingGroup, options: TrainOptions = {}): Promise<TrainingResult> {
  checkGroup(group);
  activeBackend();
  const { instances: I, features: F, hidden: H, batch: B, steps } = group;
  const H1 = H + 1;
  const streams = createStreams(group.dataSeeds);
  const xBuf = new Float32Array(I * B * F);
  const lossSteps: number[] = [];
  const lossRows: Float32Array[] = [];
  const snapshots = group.snapshotEvery === undefined ? null : new SnapshotRecorder(steps, group.snapshotEvery, group);

  let c: Constants | null = null;
  let opt: OptimizerState | null = null;
  try {
    c = makeConstants(group, B, resolveFormulation(options.formulation));
    opt = makeOptimizer(group.optimizer, packParams(group.W0, group.b0, I, F, H), [I, F, H1]);
    const cc: Constants = c;
    const o: OptimizerState = opt;
    let lastYield = performance.now();
    for (let step = 0; step < steps; step++) {
      const record = step % group.logEvery === 0 || step === steps - 1;
      if (snapshots?.has(step)) snapshotPacked(snapshots, step, o.P.dataSync() as Float32Array, I, F, H);
      fillBatch(xBuf, streams, group.density, B, F, group.mask, group.featureSets);
      const kept: { loss: tf.Tensor1D | null } = { loss: null };
      tf.tidy(() => {
        const fb = forwardBackward(cc, o.P, xBuf, record);
        optimizerUpdate(o, fb.dP);
        if (fb.loss !== null) kept.loss = tf.keep(fb.loss);
      });
      if (kept.loss !== null) {
        const values = Float32Array.from(kept.loss.dataSync() as Float32Array);
        kept.loss.dispose();
        lossSteps.push(step);
        lossRows.push(values);
        if (options.onProgress !== undefined) {
          let sum = 0;
          for (let i = 0; i < I; i++) sum += values[i] as number;
          options.onProgress({ step, steps, loss: sum / I });
        }
        // let timers (progress bars, signals) run between steps, at most every ~200 ms
        const now = performance.now();
        if (now - lastYield > 200) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
    }
    const P = o.P.dataSync() as Float32Array;
    const { W, b } = unpackParams(P, I, F, H);
    const lossCurve = new Float32Array(lossRows.length * I);
    lossRows.forEach((row, r) => lossCurve.set(row, r * I));
    if (snapshots === null) return { W, b, lossSteps, lossCurve };
    snapshotPacked(snapshots, steps, P, I, F, H);
    return { W, b, lossSteps, lossCurve, snapshots: snapshots.result() };
  } finally {
    if (opt !== null) disposeOptimizer(opt);
    if (c !== null) for (const tensor of c.all) tensor.dispose();
  }
}

/**
 * Loss and gradients of one batch `x` ([I, B, F], B = x.length / (I·F)) at weights W [I,F,H] and b [I,F],
 * computed on the active backend by exactly the code that training runs. For tests and checks.
 */
export function lossAndGradients(
  spec: ModelSpec & { W: Float32Array; b: Float32Array },
  x: Float32Array,
  options: { formulation?: Formulation } = {},
): LossAndGradients {
  const { instances: I, features: F, hidden: H } = spec;
  const B = x.length / (I * F);
  if (!Number.isInteger(B) || B < 1) throw new Error(`lossAndGradients: x has ${x.length} values, not a multiple of I·F = ${I * F}`);
  if (spec.W.length !== I * F * H || spec.b.length !== I * F) throw new Error('lossAndGradients: W or b has the wrong length');
  const c = makeConstants(spec, B, resolveFormulation(options.formulation));
  try {
    let dPData = new Float32Array(0);
    let lossData = new Float32Array(0);
    tf.tidy(() => {
      const P = tf.tensor3d(packParams(spec.W, spec.b, I, F, H), [I, F, H + 1]);
      const { dP, loss } = forwardBackward(c, P, Float32Array.from(x), true);
      dPData = Float32Array.from(dP.dataSync() as Float32Array);
      lossData = Float32Array.from((loss as tf.Tensor1D).dataSync() as Float32Array);
    });
    const { W: dW, b: db } = unpackParams(dPData, I, F, H);
    return { loss: lossData, dW, db };
  } finally {
    for (const tensor of c.all) tensor.dispose();
  }
}

/**
 * Apply `steps` optimizer updates with the given fixed gradients (one per update, [I,F,H] and [I,F]) to W
 * and b, by exactly the code that training runs. For tests of the update rules.
 */
export function optimizerSteps(
  config: OptimizerConfig,
  W: Float32Array,
  b: Float32Array,
  gradients: { dW: Float32Array; db: Float32Array }[],
  shape: { instances: number; features: number; hidden: number },
): { W: Float32Array; b: Float32Array } {
  const { instances: I, features: F, hidden: H } = shape;
  const opt = makeOptimizer(config, packParams(W, b, I, F, H), [I, F, H + 1]);
  try {
    for (const grad of gradients) {
      tf.tidy(() => {
        const g = tf.tensor3d(packParams(grad.dW, grad.db, I, F, H), [I, F, H + 1]);
        optimizerUpdate(opt, g);
      });
    }
    return unpackParams(opt.P.dataSync() as Float32Array, I, F, H);
  } finally {
    disposeOptimizer(opt);
  }
}
