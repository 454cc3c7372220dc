// The paper's linear baseline (section "Demonstrating Superposition"): the ReLU-output model without the
// output ReLU. A linear model can only learn the best rank-H approximation of its inputs (the H most
// important features, orthogonal), so it is the reference the ReLU model's superposition is measured against.
//
//   h_k = Σ_f x_f W_fk                        h = x·W           [H]
//   y_f = b_f + Σ_k h_k W_fk                  y = h·Wᵀ + b      [F]
//   L   = Σ_f I_f (x_f − y_f)² + λ Σ_k |h_k|
//
// Backward (the chain rule, read bottom up):
//   ∂L/∂y_f  = −2 I_f (x_f − y_f)                              no output nonlinearity: the slope is 1
//   ∂L/∂b_f  = ∂L/∂y_f                                         b_f enters y_f with coefficient 1
//   ∂L/∂h_k  = Σ_f ∂L/∂y_f W_fk + λ sign(h_k)                  h_k feeds every y_f, and the penalty (sign(0) = 0)
//   ∂L/∂W_fk = ∂L/∂y_f h_k  +  x_f ∂L/∂h_k                     tied W is used twice, so its gradient has two terms:
//              (decoder: y_f ∋ h_k W_fk)  (encoder: h_k ∋ x_f W_fk)

import {
  addOuter,
  checkFeatures,
  encoderInput,
  graphParam,
  hiddenBackward,
  l1Norm,
  outputBackward,
  param,
  timesW,
  timesWt,
} from './reference.ts';
import { defineModel, type ModelShape, type Parameters } from './types.ts';

const KIND = 'linear-output';

/** The forward pass of one example, with the intermediate values the backward pass needs. */
function run(params: Parameters, x: ArrayLike<number>, shape: ModelShape) {
  checkFeatures(x, 'x', shape, KIND);
  const W = param(params, 'W', shape.features * shape.hidden, KIND);
  const b = param(params, 'b', shape.features, KIND);
  const h = timesW(x, W, shape); // h = x·W
  const y = timesWt(h, W, shape, b); // y = h·Wᵀ + b
  return { W, h, y };
}

export default defineModel({
  kind: KIND,
  formula: 'h = x·W, y = h·Wᵀ + b',
  parameters: [
    { name: 'W', shape: ({ features, hidden }) => [features, hidden], role: 'weight' },
    { name: 'b', shape: ({ features }) => [features], role: 'bias' },
  ],
  inputs: 'nonnegative',
  target: 'input',
  hiddenActivation: 'linear',
  layers: { encoder: 'W', decoder: 'W', bias: 'b', output: 'linear' },

  graph(ops, params, x) {
    const W = graphParam(params, 'W', KIND);
    const b = graphParam(params, 'b', KIND);
    const hidden = ops.matMul(x, W);
    const output = ops.add(ops.matMul(hidden, W, true), b);
    return { hidden, output };
  },

  forward(params, x, shape) {
    const { h, y } = run(params, x, shape);
    return { hidden: h, output: y };
  },

  lossAndGradients(params, x, shape, importance, { l1, perturbation }) {
    checkFeatures(importance, 'importance', shape, KIND);
    checkFeatures(x, 'x', shape, KIND);
    // the encoder reads the attacked input where there is an attack; the target stays the clean one
    const input = encoderInput(x, perturbation, shape, KIND);
    const { W, h, y } = run(params, input, shape);
    // ∂L/∂pre_f (= ∂L/∂b_f), then ∂L/∂h_k back through the decoder and the penalty
    const { loss, dPre } = outputBackward(x, y, y, importance, 'linear'); // no output nonlinearity: pre = y;
    const da = hiddenBackward(dPre, W, h, h, l1, shape, 'linear');
    // tied W: the decoder term ∂L/∂pre_f h_k plus the encoder term x_f ∂L/∂h_k
    const dW = addOuter(addOuter(new Float64Array(shape.features * shape.hidden), dPre, h, shape), input, da, shape);
    return { loss: loss + l1 * l1Norm(h), gradients: { W: dW, b: dPre } };
  },
});
