// Signed inputs, for models that compute a function of x ~ U[−1, 1) (the paper's |x| in superposition).
// They come from the same stream as the non-negative ones, with no draws of their own: an active feature's
// value u ∈ (0, 1) becomes 2u − 1 (exact in float32), an inactive one stays 0. So the sparsity pattern is
// the one every other model of the same seed sees, and both engines can produce it from the shared stream.

/** Maps a batch of non-negative sparse inputs to signed ones, in place. */
export function signInputs(x: Float32Array): void {
  for (let k = 0; k < x.length; k++) {
    const u = x[k] as number;
    if (u > 0) x[k] = 2 * u - 1;
  }
}
