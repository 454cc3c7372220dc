import { describe, expect, it } from 'vitest';
import { expectedLoss } from '../../analysis/expected-loss.ts';
import { evalLoss } from '../../analysis/metrics.ts';
import { lossAntipodal, lossIgnoreExtra } from '../../analysis/phase.ts';
import { createPrng } from '../../data/prng.ts';
import { sampleEvalSet } from '../../data/synthetic.ts';

describe('expectedLoss', () => {
  it('matches the closed form of an unlearned feature: p·E[(x − b)²] + (1 − p)·b²', () => {
    // p(1/3 − b + b²) + (1 − p)b² for b ≥ 0, with p = 0.3 and b = 0.1
    const p = 0.3;
    const b = 0.1;
    expect(expectedLoss([[0]], [b], [p], [1], 'relu')).toBeCloseTo(p * (1 / 3 - b + b * b) + (1 - p) * b * b, 6);
  });

  it('matches the phase-change closed forms for n = 2, m = 1 (mean over the two features)', () => {
    const s = 0.3;
    const r = 2;
    // antipodal pair W = [1, −1], b = 0: (1 + r)s²/6 per sample
    expect(expectedLoss([[1], [-1]], [0, 0], [s, s], [1, r], 'relu')).toBeCloseTo(lossAntipodal(r, s) / 2, 5);
    // extra feature ignored, W = [1, 0], its bias at the mean s/2: r(s/3 − s²/4); the midpoint grid of 64²
    // points on the two-active pattern errs by 1/(12·64²) ≈ 2·10⁻⁵ relative there
    expect(Math.abs(expectedLoss([[1], [0]], [0, s / 2], [s, s], [1, r], 'relu') / (lossIgnoreExtra(r, s) / 2) - 1)).toBeLessThan(1e-4);
  });

  it('agrees with a large held-out sample for a 5 → 2 model with unequal densities', () => {
    const W = [[1.1, 0.1], [0.3, 1.0], [-0.9, 0.5], [-0.6, -0.8], [0.5, -0.9]];
    const b = [-0.1, -0.05, -0.2, 0.02, -0.08];
    const p = [0.05, 0.3, 0.05, 0.2, 0.01];
    const I = [1, 0.9, 0.8, 0.7, 1];
    const x = sampleEvalSet([createPrng(7)], Float32Array.from(p), 400_000, 5);
    const sampled = evalLoss(W, b, x, I, 'relu');
    const exact = expectedLoss(W, b, p, I, 'relu');
    // 400k samples give a relative standard error of about 0.3 % for this loss
    expect(Math.abs(sampled / exact - 1)).toBeLessThan(0.01);
  });

  it('names the sizes it needs', () => {
    expect(() => expectedLoss([[1], [0]], [0], [0.5, 0.5], [1, 1], 'relu')).toThrow(/b, density and importance need 2 entries/);
  });
});
