// The paper's absolute-value model (section "Computation in Superposition"): signed inputs, x_f ∈ [−1, 1)
// when active, and the model is asked to output |x_f|, a function the hidden ReLU neurons have to compute
// (|x| = ReLU(x) + ReLU(−x)), not just to store and read back. Encoder and decoder are untied: W1 writes
// into the neurons, W2 reads out of them, both stored [F, H] as every weight of core/models/ (row f is
// feature f's direction).
//
//   a_k   = Σ_f x_f W1_fk                     a = x·W1          [H]  (the hidden pre-activation)
//   h_k   = ReLU(a_k)                                           [H]
//   pre_f = b_f + Σ_k h_k W2_fk               pre = h·W2ᵀ + b   [F]
//   y_f   = ReLU(pre_f)                                         [F]
//   L     = Σ_f I_f (|x_f| − y_f)² + λ Σ_k |h_k|                the target is |x|, not x
//
// Backward (the chain rule, read bottom up; ReLU'(a) = 1 for a > 0, else 0, so 0 at a kink):
//   ∂L/∂pre_f = −2 I_f (|x_f| − y_f) · ReLU'(pre_f)
//   ∂L/∂b_f   = ∂L/∂pre_f
//   ∂L/∂W2_fk = ∂L/∂pre_f h_k                                  W2 is used once, in the decoder
//   ∂L/∂h_k   = Σ_f ∂L/∂pre_f W2_fk + λ sign(h_k)              h_k ≥ 0, and sign(0) = 0
//   ∂L/∂a_k   = ∂L/∂h_k · ReLU'(a_k)
//   ∂L/∂W1_fk = x_f ∂L/∂a_k                                    W1 is used once, in the encoder (x_f keeps its sign)
// With W1 = W2 = W this is the privileged-basis model's chain rule (relu-hidden.ts) on the target |x|: its
// tied gradient ∂L/∂W is exactly ∂L/∂W1 + ∂L/∂W2 here.

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

const KIND = 'untied-abs';

/** The forward pass of one example, with the intermediate values the backward pass needs. */
function run(params: Parameters, x: ArrayLike<number>, shape: ModelShape) {
  checkFeatures(x, 'x', shape, KIND);
  const W1 = param(params, 'W1', shape.features * shape.hidden, KIND);
  const W2 = param(params, 'W2', shape.features * shape.hidden, KIND);
  const b = param(params, 'b', shape.features, KIND);
  const a = timesW(x, W1, shape); // a = x·W1
  const h = relu(a);
  const pre = timesWt(h, W2, shape, b); // pre = h·W2ᵀ + b
  const y = relu(pre);
  return { W2, a, h, pre, y };
}

export default defineModel({
  kind: KIND,
  formula: 'h = ReLU(x·W1), y = ReLU(h·W2ᵀ + b) ≈ |x|',
  parameters: [
    { name: 'W1', shape: ({ features, hidden }) => [features, hidden], role: 'weight' },
    { name: 'W2', shape: ({ features, hidden }) => [features, hidden], role: 'weight' },
    { name: 'b', shape: ({ features }) => [features], role: 'bias' },
  ],
  inputs: 'signed',
  target: 'abs-input',
  hiddenActivation: 'relu',
  layers: { encoder: 'W1', decoder: 'W2', bias: 'b', output: 'relu' },

  graph(ops, params, x) {
    const W1 = graphParam(params, 'W1', KIND);
    const W2 = graphParam(params, 'W2', KIND);
    const b = graphParam(params, 'b', KIND);
    const hidden = ops.relu(ops.matMul(x, W1));
    const output = ops.relu(ops.add(ops.matMul(hidden, W2, true), b));
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
    const { W2, a, h, pre, y } = run(params, input, shape);
    // the target is |x|: ∂L/∂pre_f (= ∂L/∂b_f), then ∂L/∂a_k back through W2, the penalty and the hidden ReLU
    const { loss, dPre } = outputBackward(Float64Array.from(x, Math.abs), y, pre, importance, 'relu');
    const da = hiddenBackward(dPre, W2, h, a, l1, shape, 'relu');
    // untied: each matrix gets one term, W2 the decoder's ∂L/∂pre_f h_k, W1 the encoder's x_f ∂L/∂a_k
    const size = shape.features * shape.hidden;
    const dW1 = addOuter(new Float64Array(size), input, da, shape);
    const dW2 = addOuter(new Float64Array(size), dPre, h, shape);
    return { loss: loss + l1 * l1Norm(h), gradients: { W1: dW1, W2: dW2, b: dPre } };
  },
});
