import { describe, expect, it } from 'vitest';
import { activityPatterns, expectedLoss, lineIntegral } from '../../analysis/expected-loss.ts';
import { evalLoss, gram } from '../../analysis/metrics.ts';
import { lossAntipodal, lossIgnoreExtra, lossIgnoreFirst } from '../../analysis/phase.ts';
import { n3m2Losses } from '../../analysis/phase-n3m2.ts';
import { createPrng } from '../../data/prng.ts';
import { sampleEvalSet } from '../../data/synthetic.ts';
import type { FeatureSet } from '../../core/types.ts';

/**
 * The linear model's expected loss from the input moments alone: with x' = Gx + b,
 * E[(x_f − x'_f)²] = E[x_f²] − 2 Σ_j G_fj E[x_f x_j] − 2 b_f E[x_f] + Σ_jk G_fj G_fk E[x_j x_k] + 2 b_f Σ_j G_fj E[x_j] + b_f²,
 * where E[x_j] = p_j/2, E[x_j²] = p_j/3 and E[x_j x_k] (j ≠ k) = p_j p_k/4 for independent features,
 * p/4 inside a correlated set (both on together) and 0 inside an anticorrelated one (never on together).
 */
function linearByMoments(W: number[][], b: number[], p: number[], I: number[], sets: FeatureSet[] = []): number {
  const F = W.length;
  const G = gram(W);
  const setOf = (f: number) => sets.find((s) => s.features.includes(f));
  const setDensity = (s: FeatureSet) => p[Math.min(...s.features)]!;
  const pOf = (f: number) => {
    const s = setOf(f);
    if (s === undefined) return p[f]!;
    return s.kind === 'correlated' ? setDensity(s) : setDensity(s) / s.features.length;
  };
  const m1 = (j: number) => pOf(j) / 2;
  const m2 = (j: number, k: number): number => {
    if (j === k) return pOf(j) / 3;
    const s = setOf(j);
    if (s !== undefined && s === setOf(k)) return s.kind === 'correlated' ? setDensity(s) / 4 : 0;
    return (pOf(j) * pOf(k)) / 4;
  };
  let total = 0;
  for (let f = 0; f < F; f++) {
    const g = G[f]!;
    let e = m2(f, f) - 2 * b[f]! * m1(f) + b[f]! ** 2;
    for (let j = 0; j < F; j++) e += -2 * g[j]! * m2(f, j) + 2 * b[f]! * g[j]! * m1(j);
    for (let j = 0; j < F; j++) for (let k = 0; k < F; k++) e += g[j]! * g[k]! * m2(j, k);
    total += I[f]! * e;
  }
  return total / F;
}

const W5 = [
  [1.1, 0.1],
  [0.3, 1.0],
  [-0.9, 0.5],
  [-0.6, -0.8],
  [0.5, -0.9],
];
const B5 = [-0.1, -0.05, -0.2, 0.02, -0.08];
const I5 = [1, 0.9, 0.8, 0.7, 1];

describe('activityPatterns', () => {
  it('enumerates independent features, correlated and anticorrelated sets with their exact probabilities', () => {
    const sets: FeatureSet[] = [
      { kind: 'correlated', features: [2, 0] },
      { kind: 'anticorrelated', features: [1, 3, 4] },
    ];
    const patterns = activityPatterns([0.2, 0.9, 0.9, 0.3, 0.3], sets);
    const byKey = new Map(patterns.map((p) => [p.active.join(','), p.probability]));
    // the correlated set follows its first member (0, density 0.2); the anticorrelated one its first (1, density 0.9)
    expect(byKey.get('')).toBeCloseTo(0.8 * 0.1, 15);
    expect(byKey.get('0,2')).toBeCloseTo(0.2 * 0.1, 15);
    expect(byKey.get('3')).toBeCloseTo(0.8 * 0.3, 15);
    expect(byKey.get('0,2,4')).toBeCloseTo(0.2 * 0.3, 15);
    expect(byKey.has('0')).toBe(false);
    expect(byKey.has('1,3')).toBe(false);
    expect(patterns).toHaveLength(2 * 4);
    expect(patterns.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 14);
  });
});

describe('lineIntegral', () => {
  it('integrates a ReLU output exactly on both sides of its kink', () => {
    // ∫_0^1 (t − ReLU(2t − 1))² dt = ∫_0^½ t² + ∫_½^1 (1 − t)² = 1/24 + 1/24
    expect(lineIntegral(0, 1, -1, 2, 'relu')).toBeCloseTo(1 / 12, 15);
    // ∫_0^1 (0.3 − ReLU(0.5 − t))² dt = ∫_0^½ (t − 0.2)² + ∫_½^1 0.09 = (0.3³ + 0.2³)/3 + 0.045
    expect(lineIntegral(0.3, 0, 0.5, -1, 'relu')).toBeCloseTo((0.027 + 0.008) / 3 + 0.045, 15);
    // never active, and always active (linear)
    expect(lineIntegral(0, 1, -2, 1, 'relu')).toBeCloseTo(1 / 3, 15);
    expect(lineIntegral(0, 1, 0.5, 0, 'linear')).toBeCloseTo(1 / 3 - 0.5 + 0.25, 15);
  });
});

describe('expectedLoss', () => {
  it('equals the moment formula for linear models exactly, with and without feature sets', () => {
    const p = [0.05, 0.3, 0.05, 0.2, 0.01];
    expect(expectedLoss(W5, B5, p, I5, 'linear')).toBeCloseTo(linearByMoments(W5, B5, p, I5), 14);
    const sets: FeatureSet[] = [
      { kind: 'correlated', features: [0, 1] },
      { kind: 'anticorrelated', features: [2, 3, 4] },
    ];
    expect(expectedLoss(W5, B5, p, I5, 'linear', sets)).toBeCloseTo(linearByMoments(W5, B5, p, I5, sets), 14);
    const dense = [1, 1, 1, 1, 1];
    expect(expectedLoss(W5, B5, dense, I5, 'linear')).toBeCloseTo(linearByMoments(W5, B5, dense, I5), 13);
  });

  it('reproduces the closed forms of the phase-change configurations (n = 2, m = 1 and n = 3, m = 2)', () => {
    const s = 0.3;
    const r = 2;
    // losses per sample; expectedLoss averages over the features
    expect(expectedLoss([[1], [-1]], [0, 0], [s, s], [1, r], 'relu') * 2).toBeCloseTo(lossAntipodal(r, s), 14);
    expect(expectedLoss([[1], [0]], [0, s / 2], [s, s], [1, r], 'relu') * 2).toBeCloseTo(lossIgnoreExtra(r, s), 14);
    expect(expectedLoss([[0], [1]], [s / 2, 0], [s, s], [1, r], 'relu') * 2).toBeCloseTo(lossIgnoreFirst(s), 14);
    // 3 → 2: the normal pair antipodal on one axis, the extra feature on the other (W ⊥ [1, 1, 0]): s²/3. With
    // all three active, the pair's ReLU kink x₀ = x₁ runs diagonally across the quadrature square, so the
    // Gauss panels are exact only off the diagonal: agreement to a few parts in 10⁵
    const n3 = n3m2Losses(r, s);
    expect(
      Math.abs(
        (expectedLoss(
          [
            [1, 0],
            [-1, 0],
            [0, 1],
          ],
          [0, 0, 0],
          [s, s, s],
          [1, 1, r],
          'relu',
        ) *
          3) /
          n3['normal-pair'] -
          1,
      ),
    ).toBeLessThan(5e-5);
  });

  it('agrees with a large held-out sample for a 5 → 2 ReLU model with unequal densities, and with feature sets', () => {
    const p = [0.05, 0.3, 0.05, 0.2, 0.01];
    const x = sampleEvalSet([createPrng(7)], Float32Array.from(p), 400_000, 5);
    // 400k samples give a relative standard error of about 0.3 % for this loss
    expect(Math.abs(evalLoss(W5, B5, x, I5, 'relu') / expectedLoss(W5, B5, p, I5, 'relu') - 1)).toBeLessThan(0.01);
    const sets: FeatureSet[] = [
      { kind: 'correlated', features: [0, 1] },
      { kind: 'anticorrelated', features: [2, 3] },
    ];
    const q = [0.4, 0.4, 0.3, 0.3, 0.2];
    const xs = sampleEvalSet([createPrng(8)], Float32Array.from(q), 400_000, 5, sets);
    expect(Math.abs(evalLoss(W5, B5, xs, I5, 'relu') / expectedLoss(W5, B5, q, I5, 'relu', sets) - 1)).toBeLessThan(0.01);
  });

  it('has converged: sixteen times the quadrature nodes move a dense 6-feature ReLU loss by under 10⁻⁴ of itself', () => {
    const W = [
      [1, 0.2],
      [0.5, 0.9],
      [-0.8, 0.6],
      [-0.7, -0.7],
      [0.4, -1],
      [0.9, -0.3],
    ];
    const b = [-0.2, -0.1, -0.3, 0, -0.15, -0.05];
    const p = [1, 1, 0.6, 0.6, 0.6, 0.6];
    const I = [1, 1, 1, 1, 1, 1];
    const base = expectedLoss(W, b, p, I, 'relu');
    const fine = expectedLoss(W, b, p, I, 'relu', [], { total: 2 ** 22, perPattern: 2 ** 14, maxPanels: 64 });
    expect(Math.abs(base / fine - 1)).toBeLessThan(1e-4);
  });

  it('names the sizes it needs', () => {
    expect(() => expectedLoss([[1], [0]], [0], [0.5, 0.5], [1, 1], 'relu')).toThrow(/b, density and importance need 2 entries/);
    expect(() =>
      expectedLoss(
        Array.from({ length: 9 }, () => [1]),
        [],
        [],
        [],
        'relu',
      ),
    ).toThrow(/needs 1 to 8 features, got 9/);
  });
});
