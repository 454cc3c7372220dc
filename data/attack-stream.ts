// Which feature adversarial training attacks in each example (the paper: "the analytic attack on a random
// feature"). A counter-based stream: a hash of the instance's attack seed and the example's position in the
// run (step·B + e), never a draw from the data stream, so the attack leaves the model's data stream (its
// own data seed's draws) exactly as it would be without it. Both engines compute it the same way (the
// fused kernel's attackedFeature in model/fused/assembly/index.ts mirrors this file).
//
//   attackedFeature(seedHash, counter, F) = ⌊(lowbias32(counter ⊕ seedHash) >>> 8)·F / 2^24⌋   (uniform over 0..F−1
//                                           up to 2^-24 relative; counters wrap modulo 2^32)
//   attackSeedHash(seed) = lowbias32(seed), computed once per instance

/** A 32-bit integer hash with full avalanche (C. Wellons' "lowbias32" constants). */
export function lowbias32(v: number): number {
  let x = v >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The per-instance value the stream is keyed by: the hash of the instance's attack seed. */
export function attackSeedHash(seed: number): number {
  return lowbias32(seed);
}

/** The feature attacked in example e of step `step` (B examples per step) of an instance with F features. */
export function attackedFeature(seedHash: number, step: number, batch: number, example: number, features: number): number {
  const counter = (step * batch + example) % 2 ** 32;
  return Math.floor(((lowbias32((counter ^ seedHash) >>> 0) >>> 8) * features) / 2 ** 24);
}
