// The optimizers, as torch implements them, on one parameter tensor of any model: the tied trainer
// (model/train.ts) keeps W and b packed in one [I,F,H+1] tensor, the graph trainer (model/graph-train.ts)
// all of a model's parameters in one [I,1,P] tensor, and both update it here. The instance axis never
// mixes, so every model is updated as if it were trained alone.
//
// The update rules (single-tensor, non-foreach code paths of torch.optim):
//   adamw:   p ← p·(1 − lr·wd); m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
//            p ← p − (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + eps)
//   adam:    as adamw without the decoupled decay; wd ≠ 0 adds wd·p to g first (torch's L2 form)
//   sgd:     g ← g + wd·p (when wd ≠ 0); p ← p − lr·g   (no momentum, no dampening, no nesterov)
//   rmsprop: g ← g + wd·p (when wd ≠ 0); v ← α·v + (1−α)·g²; p ← p − lr·g / (√v + eps)  (no momentum, not centered)

import * as tf from '@tensorflow/tfjs-core';
import { OPTIMIZER_KINDS, type OptimizerConfig, type OptimizerKind } from '../core/types.ts';

export interface OptimizerState {
  kind: OptimizerKind;
  config: OptimizerConfig;
  /** the parameters, [I, ·, ·] (the instance axis first; the trainers pack theirs into one tensor) */
  P: tf.Tensor3D;
  /** first moment (adam, adamw) */
  m: tf.Tensor3D | null;
  /** second moment / square average (adam, adamw, rmsprop) */
  v: tf.Tensor3D | null;
  /** updates applied so far */
  t: number;
  /** kept scalar constants */
  k: Record<
    'decay' | 'l2' | 'beta1' | 'oneMinusBeta1' | 'beta2' | 'oneMinusBeta2' | 'alpha' | 'oneMinusAlpha' | 'eps' | 'minusLr',
    tf.Scalar
  >;
}

export function checkOptimizer(config: OptimizerConfig): void {
  if (!(OPTIMIZER_KINDS as readonly string[]).includes(config.kind)) {
    throw new Error(`train: unknown optimizer '${String(config.kind)}' (allowed: ${OPTIMIZER_KINDS.join(', ')})`);
  }
  for (const key of ['lr', 'weightDecay', 'beta1', 'beta2', 'alpha', 'eps'] as const) {
    const v = config[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`train: optimizer.${key} must be a finite number, got ${String(v)}`);
  }
}

/** Optimizer state owning P (a copy of `P0`); dispose with `disposeOptimizer`. */
export function makeOptimizer(config: OptimizerConfig, P0: Float32Array, shape: [number, number, number]): OptimizerState {
  checkOptimizer(config);
  const kind = config.kind;
  const needsM = kind === 'adam' || kind === 'adamw';
  const needsV = needsM || kind === 'rmsprop';
  const state: OptimizerState = {
    kind,
    config,
    P: tf.tensor3d(Float32Array.from(P0), shape),
    m: null,
    v: null,
    t: 0,
    k: {} as OptimizerState['k'],
  };
  try {
    state.m = needsM ? tf.zeros(shape) : null;
    state.v = needsV ? tf.zeros(shape) : null;
    state.k = {
      decay: tf.scalar(1 - config.lr * config.weightDecay),
      l2: tf.scalar(config.weightDecay),
      beta1: tf.scalar(config.beta1),
      oneMinusBeta1: tf.scalar(1 - config.beta1),
      beta2: tf.scalar(config.beta2),
      oneMinusBeta2: tf.scalar(1 - config.beta2),
      alpha: tf.scalar(config.alpha),
      oneMinusAlpha: tf.scalar(1 - config.alpha),
      eps: tf.scalar(config.eps),
      minusLr: tf.scalar(-config.lr),
    };
  } catch (error) {
    disposeOptimizer(state);
    throw error;
  }
  return state;
}

export function disposeOptimizer(state: OptimizerState): void {
  state.P.dispose();
  state.m?.dispose();
  state.v?.dispose();
  for (const s of Object.values(state.k)) s.dispose();
}

/** Replace a kept tensor by a new one (kept), disposing the old one. Inside tf.tidy. */
function swap<T extends tf.Tensor>(old: T | null, next: T): T {
  tf.keep(next);
  old?.dispose();
  return next;
}

/**
 * One update of s.P with gradient g (same shape). Call inside tf.tidy: the new P, m, v are kept and the
 * old ones disposed.
 */
export function optimizerUpdate(s: OptimizerState, g: tf.Tensor3D): void {
  const { k, config } = s;
  const P = s.P;
  const t = s.t + 1;
  const coupledDecay = s.kind !== 'adamw' && config.weightDecay !== 0;
  const grad: tf.Tensor3D = coupledDecay ? tf.add(g, tf.mul(P, k.l2)) : g;
  let next: tf.Tensor3D;
  switch (s.kind) {
    case 'sgd':
      next = tf.add(P, tf.mul(grad, k.minusLr));
      break;
    case 'rmsprop': {
      const v: tf.Tensor3D = tf.add(tf.mul(s.v as tf.Tensor3D, k.alpha), tf.mul(tf.square(grad), k.oneMinusAlpha));
      const avg = tf.add(tf.sqrt(v), k.eps);
      next = tf.add(P, tf.mul(tf.div(grad, avg), k.minusLr));
      s.v = swap(s.v, v);
      break;
    }
    case 'adam':
    case 'adamw': {
      const p0 = s.kind === 'adamw' && config.weightDecay !== 0 ? tf.mul(P, k.decay) : P;
      const m: tf.Tensor3D = tf.add(tf.mul(s.m as tf.Tensor3D, k.beta1), tf.mul(grad, k.oneMinusBeta1));
      const v: tf.Tensor3D = tf.add(tf.mul(s.v as tf.Tensor3D, k.beta2), tf.mul(tf.square(grad), k.oneMinusBeta2));
      const bc1 = 1 - Math.pow(config.beta1, t);
      const bc2 = 1 - Math.pow(config.beta2, t);
      const denom = tf.add(tf.mul(tf.sqrt(v), tf.scalar(1 / Math.sqrt(bc2))), k.eps);
      next = tf.sub(p0, tf.mul(tf.div(m, denom), tf.scalar(config.lr / bc1)));
      s.m = swap(s.m, m);
      s.v = swap(s.v, v);
      break;
    }
  }
  s.P = swap(P, next);
  s.t = t;
}
