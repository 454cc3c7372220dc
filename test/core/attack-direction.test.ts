// The attack directions of core/attack-direction.ts against a matrix worked by hand.

import { describe, expect, it } from 'vitest';
import { attackDirections, attackPerturbation } from '../../core/attack-direction.ts';

describe('attackDirections', () => {
  it('gives the rows of W·Wᵀ scaled to unit length (W worked by hand, F = 3, H = 2)', () => {
    // W rows (1, 0), (0, 2), (1, 1): W·Wᵀ = [[1, 0, 1], [0, 4, 2], [1, 2, 2]], row norms √2, √20, 3
    const D = attackDirections([1, 0, 0, 2, 1, 1], { features: 3, hidden: 2 });
    const want = [1 / Math.SQRT2, 0, 1 / Math.SQRT2, 0, 4 / Math.sqrt(20), 2 / Math.sqrt(20), 1 / 3, 2 / 3, 2 / 3];
    want.forEach((v, k) => expect(D[k]).toBeCloseTo(v, 14));
  });

  it('gives a zero row to a feature with no weight, and the perturbation is ε times the row', () => {
    const D = attackDirections([0, 0, 3, 4], { features: 2, hidden: 2 });
    expect(Array.from(D)).toEqual([0, 0, 0, 1]);
    expect(Array.from(attackPerturbation(D, 1, 0.5, 2))).toEqual([0, 0.5]);
    expect(Array.from(attackPerturbation(D, 0, 0.5, 2))).toEqual([0, 0]);
    expect(() => attackPerturbation(D, 2, 0.5, 2)).toThrow('attackPerturbation: feature 2 is outside 0..1');
  });
});
