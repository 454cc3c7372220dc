// The average input norm (data/input-norm.ts) against values known in closed form.

import { describe, expect, it } from 'vitest';
import { AVERAGE_NORM_SAMPLES, averageInputNorm } from '../../data/input-norm.ts';

describe('averageInputNorm', () => {
  it('one feature at density p: E|x| = p/2 (within four standard errors)', () => {
    for (const p of [1, 0.4, 0.05]) {
      const se = Math.sqrt(p / 3 - (p * p) / 4) / Math.sqrt(AVERAGE_NORM_SAMPLES);
      expect(Math.abs(averageInputNorm([p]) - p / 2), `p = ${p}`).toBeLessThan(4 * se);
    }
  });

  it('two dense features: E√(u² + v²) over the unit square = (√2 + ln(1 + √2))/3', () => {
    const exact = (Math.SQRT2 + Math.log(1 + Math.SQRT2)) / 3;
    // the norm's standard deviation on the unit square is below 0.3
    expect(Math.abs(averageInputNorm([1, 1]) - exact)).toBeLessThan((4 * 0.3) / Math.sqrt(AVERAGE_NORM_SAMPLES));
  });

  it('is a deterministic function of the density', () => {
    expect(averageInputNorm([0.1, 0.1, 0.1])).toBe(averageInputNorm(Float32Array.from([0.1, 0.1, 0.1])));
    expect(() => averageInputNorm([])).toThrow('averageInputNorm: the density has no features');
  });
});
