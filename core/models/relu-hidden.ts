// The paper's privileged-basis model (section "Superposition in a Privileged Basis"): the ReLU-output model
// with a ReLU on the hidden layer too, so the H hidden dimensions become neurons, a basis that the
// nonlinearity singles out, and one can ask which features each neuron stores. Weights stay tied.
//
//   a_k   = Σ_f x_f W_fk                      a = x·W           [H]  (the hidden pre-activation)
//   h_k   = ReLU(a_k)                                           [H]
//   pre_f = b_f + Σ_k h_k W_fk                pre = h·Wᵀ + b    [F]
//   y_f   = ReLU(pre_f)                                         [F]
//   L     = Σ_f I_f (x_f − y_f)² + λ Σ_k |h_k|
//
// Backward (the chain rule, read bottom up; ReLU'(a) = 1 for a > 0, else 0, so 0 at a kink):
//   ∂L/∂pre_f = −2 I_f (x_f − y_f) · ReLU'(pre_f)
//   ∂L/∂b_f   = ∂L/∂pre_f
//   ∂L/∂h_k   = Σ_f ∂L/∂pre_f W_fk + λ sign(h_k)               h_k ≥ 0, and sign(0) = 0
//   ∂L/∂a_k   = ∂L/∂h_k · ReLU'(a_k)                           a neuron that is off passes no gradient back
//   ∂L/∂W_fk  = ∂L/∂pre_f h_k  +  x_f ∂L/∂a_k                  tied W is used twice, so its gradient has two terms:
//               (decoder: pre_f ∋ h_k W_fk)  (encoder: a_k ∋ x_f W_fk)

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

const KIND = 'relu-hidden';

/** The forward pass of one example, with the intermediate values the backward pass needs. */
function run(params: Parameters, x: ArrayLike<number>, shape: ModelShape) {
  checkFeatures(x, 'x', shape, KIND);
  const W = param(params, 'W', shape.features * shape.hidden, KIND);
  const b = param(params, 'b', shape.features, KIND);
  const a = timesW(x, W, shape); // a = x·W
  const h = relu(a);
  const pre = timesWt(h, W, shape, b); // pre = h·Wᵀ + b
  const y = relu(pre);
  return { W, a, h, pre, y };
}

export default defineModel({
  kind: KIND,
  formula: 'h = ReLU(x·W), y = ReLU(h·Wᵀ + b)',
  parameters: [
    { name: 'W', shape: ({ features, hidden }) => [features, hidden], role: 'weight' },
    { name: 'b', shape: ({ features }) => [features], role: 'bias' },
  ],
  inputs: 'nonnegative',
  target: 'input',
  hiddenActivation: 'relu',
  layers: { encoder: 'W', decoder: 'W', bias: 'b', output: 'relu' },

  graph(ops, params, x) {
    const W = graphParam(params, 'W', KIND);
    const b = graphParam(params, 'b', KIND);
    const hidden = ops.relu(ops.matMul(x, W));
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
    const { W, a, h, pre, y } = run(params, input, shape);
    // ∂L/∂pre_f (= ∂L/∂b_f), then ∂L/∂a_k back through the decoder and the penalty
    const { loss, dPre } = outputBackward(x, y, pre, importance, 'relu');
    const da = hiddenBackward(dPre, W, h, a, l1, shape, 'relu');
    // tied W: the decoder term ∂L/∂pre_f h_k plus the encoder term x_f ∂L/∂a_k
    const dW = addOuter(addOuter(new Float64Array(shape.features * shape.hidden), dPre, h, shape), input, da, shape);
    return { loss: loss + l1 * l1Norm(h), gradients: { W: dW, b: dPre } };
  },
});
