// The attack stream (data/attack-stream.ts): which feature each example's attack hits. It must be uniform
// over the features, a pure function of (seed, step, example) that ignores the data stream, and differ
// between instances; the fused kernel's copy is held to it by the adversarial gradient tests
// (test/model/fused-family.test.ts), which fail when the two disagree.

import { describe, expect, it } from 'vitest';
import { attackedFeature, attackSeedHash, lowbias32 } from '../../data/attack-stream.ts';

describe('lowbias32', () => {
  it('maps 0 to 0 and is a bijection on a sample (no two of 2^16 consecutive inputs collide)', () => {
    expect(lowbias32(0)).toBe(0);
    const seen = new Set<number>();
    for (let v = 1; v <= 65536; v++) seen.add(lowbias32(v));
    expect(seen.size).toBe(65536);
  });

  it('avalanches: flipping one input bit flips about half of the output bits', () => {
    let flipped = 0;
    let trials = 0;
    for (let v = 1; v < 2000; v += 7)
      for (let bit = 0; bit < 32; bit++) {
        let d = (lowbias32(v) ^ lowbias32((v ^ (1 << bit)) >>> 0)) >>> 0;
        while (d !== 0) {
          flipped += d & 1;
          d >>>= 1;
        }
        trials += 32;
      }
    expect(flipped / trials).toBeGreaterThan(0.48);
    expect(flipped / trials).toBeLessThan(0.52);
  });
});

describe('attackedFeature', () => {
  it('is uniform over the features (chi-square over 70,000 examples, F = 7)', () => {
    const F = 7;
    const counts = new Array<number>(F).fill(0);
    const seed = attackSeedHash(12345);
    for (let step = 0; step < 70; step++) for (let e = 0; e < 1000; e++) counts[attackedFeature(seed, step, 1000, e, F)]! += 1;
    const expected = 70_000 / F;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 6 degrees of freedom: P(χ² > 22.46) = 0.001
    expect(chi2).toBeLessThan(22.46);
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });

  it('depends only on the position step·B + e and the seed, and two seeds give different sequences', () => {
    const a = attackSeedHash(1);
    const b = attackSeedHash(2);
    expect(attackedFeature(a, 3, 10, 4, 100)).toBe(attackedFeature(a, 0, 1, 34, 100));
    const seqA = Array.from({ length: 50 }, (_, e) => attackedFeature(a, 0, 50, e, 100));
    const seqB = Array.from({ length: 50 }, (_, e) => attackedFeature(b, 0, 50, e, 100));
    expect(seqA).not.toEqual(seqB);
    for (const f of [...seqA, ...seqB]) expect(f >= 0 && f < 100 && Number.isInteger(f)).toBe(true);
  });
});
