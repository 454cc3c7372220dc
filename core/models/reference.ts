// Element-wise float64 helpers shared by the model definitions of core/models/: looking a parameter up by
// name (with its size checked), the two matrix-vector products every model is built of, and the
// elementary functions and derivatives. Each model's own math (which products, which nonlinearities,
// which chain rule) stays in its own file; this file only spares them the index arithmetic.
//
// Layout (core/models/types.ts): a weight matrix W is [F, H] row-major, W_fk = W[f·H + k].

import type { ModelShape, Parameters } from './types.ts';

/** Parameter `name` of a definition's float64 reference, checked to hold `length` numbers. */
export function param(params: Parameters, name: string, length: number, kind: string): ArrayLike<number> {
  const values = params[name];
  if (values === undefined) throw new Error(`${kind}: parameter ${name} is missing`);
  if (values.length !== length) throw new RangeError(`${kind}: parameter ${name} has ${values.length} numbers, expected ${length}`);
  return values;
}

/** Parameter `name` of a definition's graph (any tensor type). */
export function graphParam<T>(params: Readonly<Record<string, T>>, name: string, kind: string): T {
  const value = params[name];
  if (value === undefined) throw new Error(`${kind}: parameter ${name} is missing`);
  return value;
}

/** Checks that one example's vector (x, or the importance) has F numbers. */
export function checkFeatures(v: ArrayLike<number>, what: string, shape: ModelShape, kind: string): void {
  if (v.length !== shape.features) throw new RangeError(`${kind}: ${what} has ${v.length} numbers, expected F = ${shape.features}`);
}

/**
 * The input an example's encoder reads: x itself, or x + δ for an example under adversarial attack
 * (ModelOptions.perturbation). δ is a constant of the example: no gradient flows into it, and the target
 * stays computed from the clean x.
 */
export function encoderInput(
  x: ArrayLike<number>,
  perturbation: ArrayLike<number> | undefined,
  shape: ModelShape,
  kind: string,
): ArrayLike<number> {
  if (perturbation === undefined) return x;
  checkFeatures(perturbation, 'perturbation', shape, kind);
  return Float64Array.from(x, (v, f) => v + (perturbation[f] as number));
}

/** The row vector v [F] times W [F, H]: out_k = Σ_f v_f W_fk, [H] (an encoder x·W). */
export function timesW(v: ArrayLike<number>, W: ArrayLike<number>, shape: ModelShape): Float64Array {
  const { features: F, hidden: H } = shape;
  const out = new Float64Array(H);
  for (let k = 0; k < H; k++) {
    let s = 0;
    for (let f = 0; f < F; f++) s += (v[f] as number) * (W[f * H + k] as number);
    out[k] = s;
  }
  return out;
}

/**
 * The row vector u [H] times Wᵀ [H, F], plus an optional start c [F]: out_f = c_f + Σ_k u_k W_fk, [F]
 * (a decoder h·Wᵀ + b). Its backward pass, a gradient g [F] carried back to [H] (Σ_f g_f W_fk), is timesW.
 */
export function timesWt(u: ArrayLike<number>, W: ArrayLike<number>, shape: ModelShape, c?: ArrayLike<number>): Float64Array {
  const { features: F, hidden: H } = shape;
  const out = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    let s = c === undefined ? 0 : (c[f] as number);
    for (let k = 0; k < H; k++) s += (u[k] as number) * (W[f * H + k] as number);
    out[f] = s;
  }
  return out;
}

/** ReLU of every element. */
export function relu(v: ArrayLike<number>): Float64Array {
  // a plain loop: Float64Array.from with a mapping function was most of the evaluation's time
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const a = v[i] as number;
    out[i] = a > 0 ? a : 0;
  }
  return out;
}

/** dReLU/da: 1 where a > 0, 0 elsewhere (the derivative taken at the kink a = 0 is 0). */
export function reluSlope(a: number): number {
  return a > 0 ? 1 : 0;
}

/** d|a|/da: sign(a), 0 at a = 0 (the subgradient taken at the kink). */
export function absSlope(a: number): number {
  return a > 0 ? 1 : a < 0 ? -1 : 0;
}

/** Σ_k |h_k| */
export function l1Norm(h: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < h.length; k++) s += Math.abs(h[k] as number);
  return s;
}

/**
 * The output layer's part of the loss, Σ_f I_f (t_f − y_f)², and ∂L/∂pre_f = −2 I_f (t_f − y_f)·act'(pre_f)
 * (act' = 1 for a linear output, ReLU' for a rectified one), which is also ∂L/∂b_f since b_f enters pre_f
 * with coefficient 1.
 */
export function outputBackward(
  target: ArrayLike<number>,
  y: ArrayLike<number>,
  pre: ArrayLike<number>,
  importance: ArrayLike<number>,
  output: 'linear' | 'relu',
): { loss: number; dPre: Float64Array } {
  let loss = 0;
  const dPre = new Float64Array(y.length);
  for (let f = 0; f < y.length; f++) {
    const err = (target[f] as number) - (y[f] as number);
    loss += (importance[f] as number) * err * err;
    dPre[f] = -2 * (importance[f] as number) * err * (output === 'relu' ? reluSlope(pre[f] as number) : 1);
  }
  return { loss, dPre };
}

/**
 * ∂L/∂a_k at the hidden pre-activation a: back through the decoder, Σ_f ∂L/∂pre_f Wdec_fk, plus the
 * penalty's λ sign(h_k), times act'(a_k) (1 for a linear hidden layer, where h = a; ReLU' for a rectified one).
 */
export function hiddenBackward(
  dPre: ArrayLike<number>,
  Wdec: ArrayLike<number>,
  h: ArrayLike<number>,
  a: ArrayLike<number>,
  l1: number,
  shape: ModelShape,
  hidden: 'linear' | 'relu',
): Float64Array {
  const da = timesW(dPre, Wdec, shape);
  for (let k = 0; k < shape.hidden; k++) {
    da[k] = ((da[k] as number) + l1 * absSlope(h[k] as number)) * (hidden === 'relu' ? reluSlope(a[k] as number) : 1);
  }
  return da;
}

/** out_fk += u_f v_k for W-shaped out [F, H]: a weight's gradient term from the vectors on either side of it. */
export function addOuter(out: Float64Array, u: ArrayLike<number>, v: ArrayLike<number>, shape: ModelShape): Float64Array {
  for (let f = 0; f < shape.features; f++) {
    for (let k = 0; k < shape.hidden; k++)
      out[f * shape.hidden + k] = (out[f * shape.hidden + k] as number) + (u[f] as number) * (v[k] as number);
  }
  return out;
}
