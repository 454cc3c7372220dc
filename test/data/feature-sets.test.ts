import { describe, expect, it } from 'vitest';
import { chosenMember, checkFeatureSets, featureSetTable, keptFeatures } from '../../data/feature-sets.ts';
import { createStreams } from '../../data/prng.ts';
import { fillBatch } from '../../data/synthetic.ts';
import type { FeatureSet, MaskMode } from '../../core/types.ts';

/** |observed − expected| within 5 binomial standard deviations of a rate from n trials */
function expectRate(count: number, n: number, p: number, what: string): void {
  const tol = 5 * Math.sqrt((p * (1 - p)) / n) + 1e-9;
  expect(Math.abs(count / n - p), `${what}: ${count}/${n} vs ${p}`).toBeLessThanOrEqual(tol);
}

describe('featureSetTable', () => {
  it('routes independent features to themselves and set members to their first (and second) member', () => {
    const t = featureSetTable(
      [
        { kind: 'anticorrelated', features: [4, 1, 2] },
        { kind: 'correlated', features: [5, 3] },
      ],
      7,
    );
    // [source, choice, size, position] per feature, written out by hand
    expect(Array.from(t)).toEqual([0, -1, 1, 0, 1, 2, 3, 0, 1, 2, 3, 1, 3, -1, 2, 0, 1, 2, 3, 2, 3, -1, 2, 1, 6, -1, 1, 0]);
  });

  it('picks member ⌊u·size⌋ of a 24-bit uniform u', () => {
    expect(chosenMember(0, 3)).toBe(0);
    expect(chosenMember(5592405, 3)).toBe(0); // u·3 = 0.99999982…
    expect(chosenMember(5592406, 3)).toBe(1); // u·3 = 1.0000000…
    expect(chosenMember(16777215, 3)).toBe(2);
    expect(chosenMember(8388608, 2)).toBe(1); // u = 1/2
  });

  it('decides kept features from the words: a set follows its first member, one anticorrelated member survives', () => {
    const thresholds = new Int32Array([8388608, 8388608, 8388608, 8388608]); // p = 1/2
    const table = featureSetTable([{ kind: 'anticorrelated', features: [1, 3] }], 4);
    const kept = new Int32Array(4);
    const w = (u: number): number => (u << 8) | 0x7f; // the low byte is never read
    // feature 0 kept (u < 2^23); set kept by feature 1's word; feature 3's word u = 3/4 picks member 1 = feature 3
    expect(kept.subarray(0, keptFeatures(new Int32Array([w(1), w(100), w(9e6), w(12582912)]), thresholds, table, 4, kept))).toEqual(
      new Int32Array([0, 3]),
    );
    // the set's first word says drop: neither member, whatever the choice word
    expect(kept.subarray(0, keptFeatures(new Int32Array([w(9e6), w(8388608), w(1), w(0)]), thresholds, table, 4, kept))).toEqual(
      new Int32Array([2]),
    );
  });

  it('rejects bad sets with a message naming the set and the rule', () => {
    const bad: Array<[FeatureSet[], RegExp]> = [
      [[{ kind: 'correlated', features: [0] }], /feature set 0 needs at least 2 features/],
      [[{ kind: 'correlated', features: [0, 5] }], /feature set 0 names feature 5, outside 0 … 4/],
      [[{ kind: 'correlated', features: [0, 1.5] }], /names feature 1.5/],
      [
        [
          { kind: 'correlated', features: [0, 1] },
          { kind: 'correlated', features: [2, 1] },
        ],
        /feature 1 is in feature sets 0 and 1/,
      ],
      [[{ kind: 'correlated', features: [0, 0] }], /feature 0 is in feature sets 0 and 0/],
      [[{ kind: 'grouped' as FeatureSet['kind'], features: [0, 1] }], /kind 'grouped' \(allowed: correlated, anticorrelated\)/],
    ];
    for (const [sets, message] of bad) expect(() => checkFeatureSets(sets, 5, 'test')).toThrow(message);
  });
});

describe('fillBatch with feature sets: the statistics of §1.5', () => {
  const F = 7;
  const sets: FeatureSet[] = [
    { kind: 'correlated', features: [0, 1] },
    { kind: 'anticorrelated', features: [2, 3] },
    { kind: 'anticorrelated', features: [4, 5, 6] },
  ];
  for (const mask of ['per_element', 'per_batch'] as const satisfies readonly MaskMode[]) {
    it(`correlated pairs co-occur, anticorrelated members exclude each other, the choice is uniform (${mask})`, () => {
      const p = 0.3;
      // per_batch shares one mask per step: many small steps give independent masks
      const B = mask === 'per_element' ? 40_000 : 4;
      const steps = mask === 'per_element' ? 1 : 10_000;
      const n = B * steps;
      const streams = createStreams([77]);
      const density = new Float32Array(F).fill(p);
      const out = new Float32Array(B * F);
      const active = new Array<number>(F).fill(0);
      let both01 = 0;
      let both23 = 0;
      let any23 = 0;
      let any456 = 0;
      let twoOf456 = 0;
      let sum = 0;
      let outOfRange = 0;
      let split01 = 0;
      for (let s = 0; s < steps; s++) {
        fillBatch(out, streams, density, B, F, mask, sets);
        for (let e = 0; e < B; e++) {
          const x = out.subarray(e * F, (e + 1) * F);
          const on = Array.from(x, (v) => v !== 0);
          on.forEach((a, f) => (active[f] = (active[f] as number) + (a ? 1 : 0)));
          for (const v of x) {
            if (!(v >= 0 && v < 1)) outOfRange++;
            sum += v;
          }
          if (on[0] && on[1]) both01++;
          // a correlated pair is kept or dropped together (a value of exactly 0 has probability 2^-24)
          if (on[0] !== on[1]) split01++;
          if (on[2] && on[3]) both23++;
          if (on[2] || on[3]) any23++;
          const k = Number(on[4]) + Number(on[5]) + Number(on[6]);
          if (k > 0) any456++;
          if (k > 1) twoOf456++;
        }
      }
      expect(outOfRange).toBe(0);
      expect(split01).toBe(0);
      expectRate(both01, n, p, 'P(both of the correlated pair)');
      expect(both23).toBe(0);
      expect(twoOf456).toBe(0);
      expectRate(any23, n, p, 'P(any of the anticorrelated pair)');
      expectRate(any456, n, p, 'P(any of the anticorrelated triple)');
      // per-feature density: p for a correlated member, p/size for an anticorrelated one
      for (const f of [0, 1]) expectRate(active[f] as number, n, p, `density of feature ${f}`);
      for (const f of [2, 3]) expectRate(active[f] as number, n, p / 2, `density of feature ${f}`);
      for (const f of [4, 5, 6]) expectRate(active[f] as number, n, p / 3, `density of feature ${f}`);
      // member choice uniform given the set is active: each member 1/size of the set's activations
      for (const f of [4, 5, 6]) expectRate(active[f] as number, any456, 1 / 3, `share of feature ${f} in its set`);
      // values: mean 1/2 over the non-zero entries (s.d. of U[0,1) is √(1/12))
      const nonZero = active.reduce((a, c) => a + c, 0);
      expect(Math.abs(sum / nonZero - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / nonZero));
    });
  }

  it('leaves the stream of a group without sets unchanged and makes the same number of draws with sets', () => {
    const density = new Float32Array(F).fill(0.4);
    const B = 50;
    const plain = createStreams([5]);
    const withSets = createStreams([5]);
    const a = new Float32Array(B * F);
    const b = new Float32Array(B * F);
    fillBatch(a, plain, density, B, F, 'per_element');
    const reference = new Float32Array(B * F);
    fillBatch(reference, createStreams([5]), density, B, F, 'per_element', []);
    expect(Array.from(reference)).toEqual(Array.from(a));
    // a feature outside every set keeps its independent mask word: with sets only on 0 … 3, features
    // 4 … 6 are non-zero exactly when they are without sets in the first example (same mask draws)
    fillBatch(b, withSets, density, B, F, 'per_element', [
      { kind: 'correlated', features: [0, 1] },
      { kind: 'anticorrelated', features: [2, 3] },
    ]);
    for (const f of [4, 5, 6]) expect(b[f] !== 0).toBe(a[f] !== 0);
  });
});
