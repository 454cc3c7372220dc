// Float64 plain-JS references for the training engine's tests: the toy model's loss and gradients written
// the slow, obvious way, and torch.optim's update rules. Not a test file itself (no .test.ts suffix).

import { createStreams } from '../../data/prng.ts';
import { signInputs } from '../../data/signed.ts';
import { fillBatch } from '../../data/synthetic.ts';
import type { GraphTrainingGroup } from '../../model/graph-train.ts';
import type { Activation, LossReduction, OptimizerConfig, TrainingGroup } from '../../core/types.ts';

export interface RefSpec {
  features: number; // F
  hidden: number; // H
  instances: number; // I
  activation: Activation;
  importance: ArrayLike<number>; // [F] (shared) or [I·F] (per instance, row-major)
  loss: LossReduction;
}

/** Loss and gradients per instance, in float64, from the model's definition (chain rule by hand, element by element). */
export function referenceLossAndGradients(
  spec: RefSpec,
  W: ArrayLike<number>, // [I,F,H]
  b: ArrayLike<number>, // [I,F]
  x: ArrayLike<number>, // [I,B,F]
): { loss: Float64Array; dW: Float64Array; db: Float64Array } {
  const { features: F, hidden: H, instances: I } = spec;
  const B = x.length / (I * F);
  const scale = spec.loss === 'mean' ? 1 / (B * F) : 1;
  const loss = new Float64Array(I);
  const dW = new Float64Array(I * F * H);
  const db = new Float64Array(I * F);
  const w = (i: number, f: number, h: number): number => W[(i * F + f) * H + h] as number;
  for (let i = 0; i < I; i++) {
    for (let e = 0; e < B; e++) {
      const xe = (f: number): number => x[(i * B + e) * F + f] as number;
      const h = new Float64Array(H);
      for (let k = 0; k < H; k++) for (let f = 0; f < F; f++) h[k] = (h[k] as number) + xe(f) * w(i, f, k);
      const dH = new Float64Array(H);
      for (let f = 0; f < F; f++) {
        let pre = b[i * F + f] as number;
        for (let k = 0; k < H; k++) pre += (h[k] as number) * w(i, f, k);
        const active = spec.activation === 'linear' || pre > 0;
        const out = spec.activation === 'relu' ? Math.max(0, pre) : pre;
        const imp = spec.importance[(spec.importance.length === F ? 0 : i * F) + f] as number;
        const diff = xe(f) - out;
        loss[i] = (loss[i] as number) + scale * imp * diff * diff;
        const dPre = active ? -2 * scale * imp * diff : 0;
        db[i * F + f] = (db[i * F + f] as number) + dPre;
        for (let k = 0; k < H; k++) {
          // decoder use of W[i,f,k]: pre_f += h_k W_fk
          dW[(i * F + f) * H + k] = (dW[(i * F + f) * H + k] as number) + dPre * (h[k] as number);
          dH[k] = (dH[k] as number) + dPre * w(i, f, k);
        }
      }
      // encoder use of W[i,f,k]: h_k += x_f W_fk
      for (let f = 0; f < F; f++) {
        for (let k = 0; k < H; k++) dW[(i * F + f) * H + k] = (dW[(i * F + f) * H + k] as number) + xe(f) * (dH[k] as number);
      }
    }
  }
  return { loss, dW, db };
}

/** torch.optim (single-tensor code path) applied to a flat parameter list, float64, in place; one call per step. */
export class ReferenceOptimizer {
  private t = 0;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  constructor(
    private readonly config: OptimizerConfig,
    size: number,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  step(p: Float64Array, grad: ArrayLike<number>): void {
    const c = this.config;
    this.t += 1;
    const t = this.t;
    for (let k = 0; k < p.length; k++) {
      let g = grad[k] as number;
      let param = p[k] as number;
      switch (c.kind) {
        case 'sgd': {
          // torch.optim.SGD, momentum 0
          if (c.weightDecay !== 0) g += c.weightDecay * param;
          param -= c.lr * g;
          break;
        }
        case 'rmsprop': {
          // torch.optim.RMSprop, momentum 0, centered False
          if (c.weightDecay !== 0) g += c.weightDecay * param;
          const v = c.alpha * (this.v[k] as number) + (1 - c.alpha) * g * g;
          this.v[k] = v;
          param -= (c.lr * g) / (Math.sqrt(v) + c.eps);
          break;
        }
        case 'adam':
        case 'adamw': {
          if (c.kind === 'adamw')
            param *= 1 - c.lr * c.weightDecay; // torch.optim.AdamW: decoupled decay
          else if (c.weightDecay !== 0) g += c.weightDecay * param; // torch.optim.Adam: L2 term
          const m = c.beta1 * (this.m[k] as number) + (1 - c.beta1) * g;
          const v = c.beta2 * (this.v[k] as number) + (1 - c.beta2) * g * g;
          this.m[k] = m;
          this.v[k] = v;
          const bc1 = 1 - c.beta1 ** t;
          const bc2 = 1 - c.beta2 ** t;
          const denom = Math.sqrt(v) / Math.sqrt(bc2) + c.eps;
          param -= (c.lr / bc1) * (m / denom);
          break;
        }
      }
      p[k] = param;
    }
  }
}

/** The float64 reference trainer on fillBatch's data: W, b and the recorded losses. */
export function referenceTraining(g: TrainingGroup): { W: Float64Array; b: Float64Array; losses: number[] } {
  const { instances: I, features: F } = g;
  const streams = createStreams(g.dataSeeds);
  const x = new Float32Array(I * g.batch * F);
  const W = Float64Array.from(g.W0);
  const b = Float64Array.from(g.b0);
  const optW = new ReferenceOptimizer(g.optimizer, W.length);
  const optB = new ReferenceOptimizer(g.optimizer, b.length);
  const losses: number[] = [];
  for (let s = 0; s < g.steps; s++) {
    fillBatch(x, streams, g.density, g.batch, F, g.mask, g.featureSets);
    const r = referenceLossAndGradients(g, W, b, x);
    if (s % g.logEvery === 0 || s === g.steps - 1) losses.push(...r.loss);
    optW.step(W, r.dW);
    optB.step(b, r.db);
  }
  return { W, b, losses };
}

/**
 * The float64 reference trainer of any model of core/models/, from its hand-written gradients, on the
 * stream the graph trainer draws (signed where the model takes signed inputs): parameters by name and
 * the recorded per-instance losses.
 */
export function referenceModelTraining(g: GraphTrainingGroup): { params: Record<string, Float64Array>; losses: number[] } {
  const { instances: I, features: F, hidden: H, batch: B } = g;
  const shape = { features: F, hidden: H };
  const streams = createStreams(g.dataSeeds);
  const x = new Float32Array(I * B * F);
  const params: Record<string, Float64Array> = {};
  const optimizers: Record<string, ReferenceOptimizer> = {};
  for (const p of g.model.parameters) {
    params[p.name] = Float64Array.from(g.params0[p.name]!);
    optimizers[p.name] = new ReferenceOptimizer(g.optimizer, params[p.name]!.length);
  }
  const sizeOf = (name: string): number => params[name]!.length / I;
  const scale = g.loss === 'mean' ? 1 / (B * F) : 1;
  const losses: number[] = [];
  for (let s = 0; s < g.steps; s++) {
    fillBatch(x, streams, g.density, B, F, g.mask, g.featureSets);
    if (g.model.inputs === 'signed') signInputs(x);
    const grads: Record<string, Float64Array> = Object.fromEntries(
      Object.keys(params).map((n) => [n, new Float64Array(params[n]!.length)]),
    );
    const loss = new Float64Array(I);
    for (let i = 0; i < I; i++) {
      const own = Object.fromEntries(Object.keys(params).map((n) => [n, params[n]!.subarray(i * sizeOf(n), (i + 1) * sizeOf(n))]));
      const importance = g.importance.length === F ? g.importance : g.importance.subarray(i * F, (i + 1) * F);
      for (let e = 0; e < B; e++) {
        const r = g.model.lossAndGradients(own, x.subarray((i * B + e) * F, (i * B + e + 1) * F), shape, importance, g.options);
        loss[i] = (loss[i] as number) + scale * r.loss;
        for (const [n, d] of Object.entries(r.gradients)) {
          const target = grads[n]!;
          for (let k = 0; k < d.length; k++) target[i * d.length + k] = (target[i * d.length + k] as number) + scale * (d[k] as number);
        }
      }
    }
    if (s % g.logEvery === 0 || s === g.steps - 1) losses.push(...loss);
    for (const n of Object.keys(params)) optimizers[n]!.step(params[n]!, grads[n]!);
  }
  return { params, losses };
}
