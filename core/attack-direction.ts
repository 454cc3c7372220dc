// The paper's analytic attack on a tied model (section "Superposition and adversarial examples"): the input
// direction that raises output i fastest is row i of WᵀW (with our [F, H] storage, row i of W·Wᵀ), scaled to
// unit length. Adversarial training moves an example by ε along the direction of a random feature, with the
// directions computed from the weights of the current step and held fixed in the gradient. This is the
// float64 definition the engines are tested against (the fused kernel's attackSetup, the graph trainer).

import type { ModelShape } from './models/types.ts';

/**
 * The attack directions D [F, F] of W [F, H] (row-major): D_i = (W Wᵀ)_i / ‖(W Wᵀ)_i‖₂, a zero row where
 * the norm is 0 (a feature with no weight has no direction to attack along).
 */
export function attackDirections(W: ArrayLike<number>, shape: ModelShape): Float64Array {
  const { features: F, hidden: H } = shape;
  if (W.length !== F * H) throw new RangeError(`attackDirections: W has ${W.length} numbers, expected F·H = ${F * H}`);
  const D = new Float64Array(F * F);
  for (let i = 0; i < F; i++) {
    let norm2 = 0;
    for (let j = 0; j < F; j++) {
      let g = 0;
      for (let k = 0; k < H; k++) g += (W[i * H + k] as number) * (W[j * H + k] as number);
      D[i * F + j] = g;
      norm2 += g * g;
    }
    const norm = Math.sqrt(norm2);
    for (let j = 0; j < F; j++) D[i * F + j] = norm > 0 ? (D[i * F + j] as number) / norm : 0;
  }
  return D;
}

/** The perturbation ε·D_i of an example attacked on feature i, [F]. */
export function attackPerturbation(D: Float64Array, feature: number, epsilon: number, features: number): Float64Array {
  if (!Number.isInteger(feature) || feature < 0 || feature >= features) {
    throw new RangeError(`attackPerturbation: feature ${feature} is outside 0..${features - 1}`);
  }
  return D.slice(feature * features, (feature + 1) * features).map((d) => epsilon * d);
}
