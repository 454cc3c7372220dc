// The held-out loss of any model of core/models/, through its definition's float64 forward pass: what the
// analysis measures for the models the paper's tied-model formulas (metrics.ts evalLoss, expected-loss.ts)
// do not describe. Same scale as evalLoss: the mean over samples and features of I_f (t_f − y_f)², the
// reconstruction part of the training loss (an L1 penalty is a training device, not part of the error).

import type { ModelDefinition, ModelShape, Parameters } from '../core/models/types.ts';
import { signInputs } from '../data/signed.ts';

/**
 * The samples a model sees, from the non-negative held-out samples every model of a seed shares: signed
 * (data/signed.ts) for a model on signed inputs, the samples themselves otherwise (a copy either way).
 */
export function modelInputs(model: Pick<ModelDefinition, 'inputs'>, x: Float32Array): Float32Array {
  const out = Float32Array.from(x);
  if (model.inputs === 'signed') signInputs(out);
  return out;
}

/**
 * Importance-weighted reconstruction loss of one model on samples x [N, F] (already in the model's input
 * range, see modelInputs): mean over the N samples and F features of I_f (t_f − y_f)², t = x or |x|.
 */
export function modelEvalLoss(
  model: ModelDefinition,
  params: Parameters,
  x: Float32Array,
  importance: ArrayLike<number>,
  shape: ModelShape,
): number {
  const F = shape.features;
  if (importance.length !== F) throw new RangeError(`modelEvalLoss: importance has ${importance.length} entries, expected F = ${F}`);
  if (x.length === 0 || x.length % F !== 0)
    throw new RangeError(`modelEvalLoss: x has ${x.length} numbers, not a positive multiple of F = ${F}`);
  const N = x.length / F;
  let total = 0;
  for (let n = 0; n < N; n++) {
    const sample = x.subarray(n * F, (n + 1) * F);
    const { output } = model.forward(params, sample, shape);
    for (let f = 0; f < F; f++) {
      const t = model.target === 'abs-input' ? Math.abs(sample[f] as number) : (sample[f] as number);
      const e = t - (output[f] as number);
      total += (importance[f] as number) * e * e;
    }
  }
  return total / (N * F);
}
