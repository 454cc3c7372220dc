import { describe, expect, it } from 'vitest';
import { planeGeometry, summarizeModel } from '../../analysis/model-summary.ts';
import { polar, polygon } from './fixtures.ts';

describe('planeGeometry', () => {
  it('names the intro arrangements by the ±10° rules', () => {
    expect(planeGeometry([polar(0), polar(95), [0, 0], [0, 0], [0.1, 0]])).toBe('orthogonal pair');
    expect(planeGeometry([polar(0), polar(90), polar(180), polar(270), [0, 0]])).toBe('two digons');
    expect(planeGeometry(polygon(5, 1.05, 10))).toBe('pentagon');
    // a triangle, a skewed cross and a pentagon with one gap 13° off are something else
    expect(planeGeometry([polar(0), polar(120), polar(240), [0, 0], [0, 0]])).toBe('other');
    expect(planeGeometry([polar(0), polar(75), polar(180), polar(255), [0, 0]])).toBe('other');
    expect(planeGeometry([polar(0), polar(72), polar(144), polar(216), polar(275)])).toBe('other');
  });
});

describe('summarizeModel', () => {
  it('counts represented, orthogonal and dead features, D* and the Dᵢ on a fraction', () => {
    // two antipodal pairs at right angles in 2-D; feature 4 unlearned with a negative bias (dead), and
    // a fifth row of norm 0.3 with a positive bias (unrepresented, not dead)
    const W = [polar(0), polar(90), polar(180), polar(270), [0.3, 0], [0, 0]];
    const b = [0, 0, 0, 0, 0.05, -0.2];
    const s = summarizeModel(W, b, { run: 0, activation: 'relu', density: 0.2 });
    expect(s).toMatchObject({ represented: 4, orthogonal: 0, unrepresented: 2, dead: 1, geometry: 'two digons', onFractions: 4 });
    // ‖W‖²_F = 4 + 0.09: D* = 2 / 4.09
    expect(s.dStar).toBeCloseTo(2 / 4.09, 12);
    const ortho = summarizeModel(
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 0],
      ],
      [0, 0, -1],
      { run: 0, activation: 'linear', density: 1 },
    );
    expect(ortho).toMatchObject({ represented: 2, orthogonal: 2, dead: 1, onFractions: 2 });
    expect(ortho.geometry).toBeUndefined();
  });
});
