// The paper's ReLU-output toy model (section "Demonstrating Superposition"), the model every experiment has
// trained so far (model/train.ts, model/fused/): a linear encoder into H dimensions and a ReLU decoder that
// uses the same weights (tied), so feature f is stored along W_f (row f of W) and read back along it.
//
//   h_k   = Σ_f x_f W_fk                      h = x·W           [H]
//   pre_f = b_f + Σ_k h_k W_fk                pre = h·Wᵀ + b    [F]
//   y_f   = ReLU(pre_f)                                         [F]
//   L     = Σ_f I_f (x_f − y_f)² + λ Σ_k |h_k|
//
// Backward (the chain rule, one step per line of the forward pass, read bottom up):
//   ∂L/∂pre_f = −2 I_f (x_f − y_f) · ReLU'(pre_f)             ReLU'(a) = 1 for a > 0, else 0 (0 at the kink)
//   ∂L/∂b_f   = ∂L/∂pre_f                                      b_f enters pre_f with coefficient 1
//   ∂L/∂h_k   = Σ_f ∂L/∂pre_f W_fk + λ sign(h_k)               h_k feeds every pre_f, and the penalty (sign(0) = 0)
//   ∂L/∂W_fk  = ∂L/∂pre_f h_k  +  x_f ∂L/∂h_k                 W_fk is used twice, so its gradient has two terms:
//               (decoder: pre_f ∋ h_k W_fk)  (encoder: h_k ∋ x_f W_fk)

import {
  addOuter,
  checkFeatures,
  encoderInput,
  graphParam,
  hiddenBackward,
  l1Norm,
  outputBackward,
  param,
  relu,
  timesW,
  timesWt,
} from './reference.ts';
import { defineModel, type ModelShape, type Parameters } from './types.ts';

const KIND = 'relu-output';

/** The forward pass of one example, with the intermediate values the backward pass needs. */
function run(params: Parameters, x: ArrayLike<number>, shape: ModelShape) {
  checkFeatures(x, 'x', shape, KIND);
  const W = param(params, 'W', shape.features * shape.hidden, KIND);
  const b = param(params, 'b', shape.features, KIND);
  const h = timesW(x, W, shape); // h = x·W
  const pre = timesWt(h, W, shape, b); // pre = h·Wᵀ + b
  const y = relu(pre);
  return { W, h, pre, y };
}

export default defineModel({
  kind: KIND,
  formula: 'h = x·W, y = ReLU(h·Wᵀ + b)',
  parameters: [
    { name: 'W', shape: ({ features, hidden }) => [features, hidden], role: 'weight' },
    { name: 'b', shape: ({ features }) => [features], role: 'bias' },
  ],
  inputs: 'nonnegative',
  target: 'input',
  hiddenActivation: 'linear',
  layers: { encoder: 'W', decoder: 'W', bias: 'b', output: 'relu' },

  graph(ops, params, x) {
    const W = graphParam(params, 'W', KIND);
    const b = graphParam(params, 'b', KIND);
    const hidden = ops.matMul(x, W);
    const output = ops.relu(ops.add(ops.matMul(hidden, W, true), b));
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
    const { W, h, pre, y } = run(params, input, shape);
    // ∂L/∂pre_f (= ∂L/∂b_f), then ∂L/∂h_k back through the decoder and the penalty
    const { loss, dPre } = outputBackward(x, y, pre, importance, 'relu');
    const da = hiddenBackward(dPre, W, h, h, l1, shape, 'linear');
    // tied W: the decoder term ∂L/∂pre_f h_k plus the encoder term x_f ∂L/∂h_k
    const dW = addOuter(addOuter(new Float64Array(shape.features * shape.hidden), dPre, h, shape), input, da, shape);
    return { loss: loss + l1 * l1Norm(h), gradients: { W: dW, b: dPre } };
  },
});
