import { describe, expect, it } from 'vitest';
import {
  analyzeModel,
  angles,
  angularGaps,
  cosine,
  countOrthogonal,
  countRepresented,
  dimensionality,
  dStar,
  evalLoss,
  featureNorms,
  frobeniusSquared,
  gram,
  orthogonalFeatures,
  representedFeatures,
  representedGaps,
  selectLowestLoss,
  superposition,
  toRows,
} from '../../analysis/metrics.ts';
import { polygon } from './fixtures.ts';

const close = (actual: readonly number[], expected: readonly number[], digits = 9): void => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, digits));
};

// rows [1,0], [0,1], [−1,0]: feature 0 and 2 antipodal, feature 1 dedicated
const W3 = [
  [1, 0],
  [0, 1],
  [-1, 0],
];

describe('featureNorms / gram', () => {
  it('measures ‖W_i‖ and W_i·W_j by hand', () => {
    close(featureNorms(W3), [1, 1, 1]);
    close(
      featureNorms([
        [3, 4],
        [0, 0],
      ]),
      [5, 0],
    );
    expect(gram(W3)).toEqual([
      [1, 0, -1],
      [0, 1, 0],
      [-1, 0, 1],
    ]);
    expect(
      gram([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual([
      [5, 11],
      [11, 25],
    ]);
  });
  it('accepts Float32Array rows', () => {
    close(featureNorms([Float32Array.from([3, 4])]), [5]);
  });
});

describe('superposition', () => {
  it('is Σ_{j≠i}(Ŵ_i·W_j)² with the notebook ε = 1e-5 in the normalisation', () => {
    const sup = superposition(W3);
    // row 0: (Ŵ0·W1)² + (Ŵ0·W2)² = 0 + (−1/(1+1e-5))²
    expect(sup[0]).toBeCloseTo(1 / (1 + 1e-5) ** 2, 12);
    expect(sup[0]).not.toBe(1);
    expect(sup[1]).toBe(0);
    expect(sup[2]).toBeCloseTo(1, 4);
  });
  it('does not normalise W_j: a short partner interferes less', () => {
    // Ŵ0 = [1,0], W1 = [0.5, 0] → 0.25
    expect(
      superposition([
        [2, 0],
        [0.5, 0],
      ])[0],
    ).toBeCloseTo(0.25, 4);
  });
  it('gives 5/2 − 1 for each vertex of a unit pentagon', () => {
    close(superposition(polygon(5)), [1.5, 1.5, 1.5, 1.5, 1.5], 4);
  });
});

describe('dimensionality', () => {
  it('dedicated = 1, antipodal pair = 1/2', () => {
    close(dimensionality(W3), [0.5, 1, 0.5]);
    close(
      dimensionality([
        [0.6, 0.8],
        [-0.6, -0.8],
      ]),
      [0.5, 0.5],
    );
  });
  it('regular pentagon D_i = 2/5 at any radius', () => {
    close(dimensionality(polygon(5)), [0.4, 0.4, 0.4, 0.4, 0.4]);
    close(dimensionality(polygon(5, 1.3, 17)), [0.4, 0.4, 0.4, 0.4, 0.4]);
  });
  it('an unlearned feature gives 0 (zero row) or ≈ 0 (tiny row)', () => {
    close(
      dimensionality([
        [1, 0],
        [0, 0],
      ]),
      [1, 0],
    );
    const d = dimensionality([
      [1, 0],
      [1e-4, 0],
    ]);
    expect(d[1]).toBeGreaterThanOrEqual(0);
    expect(d[1]).toBeLessThan(1e-7);
    close(
      dimensionality([
        [0, 0],
        [0, 0],
      ]),
      [0, 0],
    );
  });
});

describe('dStar / frobenius', () => {
  it('is H / ‖W‖_F²', () => {
    expect(frobeniusSquared(W3)).toBe(3);
    expect(dStar(W3, 2)).toBeCloseTo(2 / 3, 12);
    expect(dStar(polygon(5), 2)).toBeCloseTo(2 / 5, 12);
    expect(dStar(polygon(5, 2), 2)).toBeCloseTo(2 / 20, 12);
    expect(dStar([[0, 0]], 2)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('angles / gaps', () => {
  it('gives degrees in [0, 360) for H = 2 and nothing otherwise', () => {
    close(angles(W3, 2), [0, 90, 180]);
    close(
      angles(
        [
          [0, -1],
          [-1, -1e-12],
        ],
        2,
      ),
      [270, 180],
      6,
    );
    expect(angles([[1, 0, 0]], 3)).toEqual([]);
    for (const a of angles(polygon(7, 1, 3), 2)) {
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThan(360);
    }
  });
  it('gaps: sorted consecutive differences plus the wrap-around', () => {
    close(angularGaps([350, 10, 100]), [90, 250, 20]);
    close(angularGaps([45]), [360]);
    expect(angularGaps([])).toEqual([]);
    close(angularGaps(angles(polygon(5, 1, 30), 2)), [72, 72, 72, 72, 72]);
  });
  it('representedGaps ignores features with ‖W_i‖ ≤ 0.5', () => {
    close(
      representedGaps(
        [
          [1, 0],
          [0, 0.4],
          [-1, 0],
          [0, -1],
        ],
        2,
      ),
      [180, 90, 90],
    ); // angles 0, 180, 270
    expect(representedGaps([[1, 0, 0]], 3)).toEqual([]);
  });
});

describe('cosine / counts', () => {
  it('cosine between two features, 0 for a zero row', () => {
    expect(cosine(W3, 0, 2)).toBeCloseTo(-1, 12);
    expect(cosine(W3, 0, 1)).toBe(0);
    expect(
      cosine(
        [
          [1, 1],
          [2, 0],
        ],
        0,
        1,
      ),
    ).toBeCloseTo(Math.SQRT1_2, 12);
    expect(
      cosine(
        [
          [1, 1],
          [0, 0],
        ],
        0,
        1,
      ),
    ).toBe(0);
  });
  it('represented = ‖W_i‖ > 0.5; orthogonal = represented and superposition < 0.1', () => {
    const W = [
      [1, 0, 0],
      [0, 1, 0],
      [0, -1, 0],
      [0, 0, 0.4],
      [0, 0, 0],
    ];
    const n = featureNorms(W);
    const s = superposition(W);
    expect(representedFeatures(n)).toEqual([0, 1, 2]);
    expect(countRepresented(n)).toBe(3);
    expect(orthogonalFeatures(n, s)).toEqual([0]);
    expect(countOrthogonal(n, s)).toBe(1);
    expect(countRepresented([0.5, 0.50001])).toBe(1);
  });
});

describe('evalLoss', () => {
  // F = 2, H = 1: W = [[1], [0.5]], b = [0, −1], I = [1, 0.5]
  // x1 = [1, 0]: h = 1, pre = [1, −0.5]; x2 = [0.5, 1]: h = 1, pre = [1, −0.5]
  const W = [[1], [0.5]];
  const b = [0, -1];
  const I = [1, 0.5];
  const x = Float32Array.from([1, 0, 0.5, 1]);
  it('relu: hand-computed on two samples', () => {
    // errors: x1 → [0, 0]; x2 → [−0.5, 1] → 1·0.25 + 0.5·1 = 0.75; mean over 4 = 0.1875
    expect(evalLoss(W, b, x, I, 'relu')).toBeCloseTo(0.1875, 12);
  });
  it('linear: hand-computed on two samples', () => {
    // x1 → [0, 0.5] → 0.5·0.25 = 0.125; x2 → [−0.5, 1.5] → 0.25 + 0.5·2.25 = 1.375; (0.125+1.375)/4
    expect(evalLoss(W, b, x, I, 'linear')).toBeCloseTo(0.375, 12);
  });
  it('agrees with the slow formula act(WᵀW x + b) through the Gram matrix', () => {
    const Wr = [
      [0.3, -0.7],
      [1.1, 0.2],
      [-0.4, 0.9],
    ];
    const br = [0.1, -0.2, 0.05];
    const Ir = [1, 0.9, 0.81];
    const xs = Float32Array.from([0.2, 0, 0.9, 0, 0, 0, 0.5, 0.25, 0.75, 1, 0, 0]);
    const G = gram(Wr);
    for (const act of ['relu', 'linear'] as const) {
      let total = 0;
      for (let n = 0; n < 4; n++) {
        for (let f = 0; f < 3; f++) {
          let pre = br[f] as number;
          for (let g = 0; g < 3; g++) pre += (G[f] as number[])[g]! * (xs[n * 3 + g] as number);
          const out = act === 'relu' ? Math.max(0, pre) : pre;
          total += (Ir[f] as number) * ((xs[n * 3 + f] as number) - out) ** 2;
        }
      }
      expect(evalLoss(Wr, br, xs, Ir, act)).toBeCloseTo(total / 12, 12);
    }
  });
  it('rejects inconsistent shapes', () => {
    expect(() => evalLoss(W, [0], x, I, 'relu')).toThrow(RangeError);
    expect(() => evalLoss(W, b, Float32Array.from([1, 2, 3]), I, 'relu')).toThrow(RangeError);
    expect(() => evalLoss(W, b, x, [1], 'relu')).toThrow(RangeError);
  });
});

describe('analyzeModel', () => {
  it('builds every field from flat float32 weights', () => {
    const m = analyzeModel(
      Float32Array.from([1, 0, 0, 1, -1, 0]),
      Float32Array.from([0.1, 0, -0.1]),
      { index: 4, run: 1, recipe: 'notebook', activation: 'relu', density: 0.3, replica: 2, features: 3, hidden: 2 },
      0.5,
      0.6,
    );
    expect(m.W).toEqual(W3);
    expect(m.b[0]).toBeCloseTo(0.1, 6);
    expect(Array.isArray(m.b)).toBe(true);
    close(m.norms, [1, 1, 1]);
    close(m.dimensionality, [0.5, 1, 0.5]);
    // WᵀW is derived from W where needed, never stored: it would be F² numbers per model
    expect('gram' in m).toBe(false);
    close(m.superposition, superposition(W3));
    expect(m.dStar).toBeCloseTo(2 / 3, 12);
    close(m.angles, [0, 90, 180]);
    expect([m.index, m.run, m.replica, m.density, m.evalLoss, m.finalTrainLoss]).toEqual([4, 1, 2, 0.3, 0.5, 0.6]);
    expect(m.activation).toBe('relu');
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });
  it('rejects a W of the wrong size', () => {
    expect(() => toRows(Float32Array.from([1, 2, 3]), 2, 2)).toThrow(RangeError);
  });
});

describe('selectLowestLoss', () => {
  const cell = (run: number, density: number, replica: number, evalLoss: number) => ({ run, density, replica, evalLoss });
  it('picks the lowest loss per (run, density) cell in first-appearance order', () => {
    const models = [
      cell(0, 1, 0, 0.3), // 0
      cell(0, 0.1, 0, 0.2), // 1
      cell(0, 1, 1, 0.1), // 2  ← best of (0, 1)
      cell(0, 0.1, 1, 0.5), // 3
      cell(1, 1, 0, 0.9), // 4  other run, same density: its own cell
      cell(0, 1, 2, 0.15), // 5
    ];
    expect(selectLowestLoss(models)).toEqual([2, 1, 4]);
  });
  it('breaks ties by the lowest replica and lets NaN lose', () => {
    expect(selectLowestLoss([cell(0, 1, 2, 0.1), cell(0, 1, 1, 0.1), cell(0, 1, 0, 0.2)])).toEqual([1]);
    expect(selectLowestLoss([cell(0, 1, 0, Number.NaN), cell(0, 1, 1, 5)])).toEqual([1]);
    expect(selectLowestLoss([])).toEqual([]);
  });
});
