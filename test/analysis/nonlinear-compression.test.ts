import { describe, expect, it } from 'vitest';
import {
  FLOOR_OFFSET,
  MIDPOINT_OFFSET,
  PAPER_EPSILON,
  PAPER_Z,
  bestLinearMse,
  breakEvenEpsilon,
  decode,
  encode,
  mseCurve,
  nonlinearMse,
  steepFloor,
} from '../../analysis/nonlinear-compression.ts';

/** ½ E[(x − x̂)² + (y − ŷ)²] by the midpoint rule on an n × n grid of (x, y), through encode and decode themselves. */
function gridMse(Z: number, epsilon: number, offset: number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = (i + 0.5) / n;
    for (let k = 0; k < n; k++) {
      const y = (k + 0.5) / n;
      const [xHat, yHat] = decode(encode(x, y, Z, epsilon), Z, epsilon, offset);
      sum += (x - xHat) ** 2 + (y - yHat) ** 2;
    }
  }
  return sum / (2 * n * n);
}

/** ½ E[(x − x̂)² + (y − ŷ)²] of a linear code given as a map (x, y) → (x̂, ŷ), midpoint rule on an n × n grid. */
function gridLinearMse(code: (x: number, y: number) => [number, number], n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const x = (i + 0.5) / n;
      const y = (k + 0.5) / n;
      const [xHat, yHat] = code(x, y);
      sum += (x - xHat) ** 2 + (y - yHat) ** 2;
    }
  }
  return sum / (2 * n * n);
}

describe('the steep floor', () => {
  it('is the floor with ε = 0, and a ramp over the last ε of each cell but the last otherwise (by hand)', () => {
    for (const u of [0, 0.4, 0.999, 1, 1.7, 2, 2.999]) expect(steepFloor(u, 3, 0)).toBe(Math.floor(u));
    // Z = 3, ε = 0.1: ramps on [0.9, 1] and [1.9, 2], none before 3 (x < 1 never reaches it)
    expect(steepFloor(0.5, 3, 0.1)).toBe(0);
    expect(steepFloor(0.9, 3, 0.1)).toBe(0);
    expect(steepFloor(0.95, 3, 0.1)).toBeCloseTo(0.5, 12);
    expect(steepFloor(1, 3, 0.1)).toBe(1);
    expect(steepFloor(1.5, 3, 0.1)).toBe(1);
    expect(steepFloor(1.925, 3, 0.1)).toBeCloseTo(1.25, 12);
    expect(steepFloor(2.97, 3, 0.1)).toBe(2);
  });

  it('refuses a Z below 2 or an ε outside [0, 1], in one line', () => {
    expect(() => steepFloor(0.5, 1, 0.1)).toThrow(/^steepFloor: Z must be a whole number ≥ 2, got 1$/);
    expect(() => nonlinearMse(3, 1.5)).toThrow(/^nonlinearMse: ε must lie in \[0, 1\], got 1.5$/);
  });
});

describe('the code t = (⌊Zx⌋ + y)/Z', () => {
  it('with exact floors keeps y exactly and x to the middle of its third (Z = 3)', () => {
    for (const [x, y] of [
      [0.1, 0.7],
      [0.5, 0.25],
      [0.9, 0.05],
    ] as const) {
      const [xHat, yHat] = decode(encode(x, y, 3, 0), 3, 0);
      expect(yHat).toBeCloseTo(y, 12);
      expect(xHat).toBeCloseTo((Math.floor(3 * x) + 0.5) / 3, 12);
    }
  });

  it('mixes the two numbers where x lies on a ramp (hand-computed, Z = 3, ε = 0.1)', () => {
    // x = 0.32: Zx = 0.96 is 60 % up the ramp [0.9, 1], so t = (0.6 + 0.2)/3; Zt = 0.8 lies on no decoder ramp
    const t = encode(0.32, 0.2, 3, 0.1);
    expect(t).toBeCloseTo(0.8 / 3, 12);
    const [xHat, yHat] = decode(t, 3, 0.1);
    expect(xHat).toBeCloseTo(0.5 / 3, 12);
    expect(yHat).toBeCloseTo(0.8, 12);
    // the literal inverse ⌊Zt⌋/Z reads x at its cell's lower edge
    expect(decode(t, 3, 0.1, FLOOR_OFFSET)[0]).toBe(0);
  });
});

describe('the closed-form MSE of the nonlinear code', () => {
  it('is the quantisation error of x alone at ε = 0 (by hand: Var = 1/(12Z²) around the midpoint, 1/(3Z²) from the lower edge)', () => {
    for (const Z of [2, 3, 5]) {
      expect(nonlinearMse(Z, 0, MIDPOINT_OFFSET)).toBeCloseTo(1 / (12 * Z * Z) / 2, 15);
      expect(nonlinearMse(Z, 0, FLOOR_OFFSET)).toBeCloseTo(1 / (3 * Z * Z) / 2, 15);
    }
  });

  it('agrees with brute-force integration of encode/decode on a 1000 × 1000 grid', () => {
    // The integrand is continuous and piecewise quadratic; the midpoint rule's error on it falls as h², and
    // its pieces are as narrow as ε/Z in x, so the relative error scales as (hZ/ε)²: we allow a tenth of
    // that (at Z = 3, ε = 0.1: 9×10⁻⁵ of the value). Reading x from the lower edge instead of the middle,
    // or leaving out any one term of the polynomial, moves the value far more at these ε.
    const n = 1000;
    const cases: Array<[number, number, number]> = [
      [2, 0.1, MIDPOINT_OFFSET],
      [3, 0.1, MIDPOINT_OFFSET],
      [5, 0.1, MIDPOINT_OFFSET],
      [3, 0.1, FLOOR_OFFSET],
      [3, 0.25, MIDPOINT_OFFSET],
      [3, 0.5, MIDPOINT_OFFSET],
      [3, 1, MIDPOINT_OFFSET],
      [4, 0.3, 0.2],
    ];
    for (const [Z, epsilon, offset] of cases) {
      const exact = nonlinearMse(Z, epsilon, offset);
      const brute = gridMse(Z, epsilon, offset, n);
      const tolerance = 0.1 * (Z / n / epsilon) ** 2 * exact;
      expect(Math.abs(brute - exact), `Z = ${Z}, ε = ${epsilon}, offset ${offset}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it('grows with ε on the figure’s range', () => {
    const curve = mseCurve(PAPER_Z, [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5]);
    for (let k = 1; k < curve.length; k++) expect(curve[k]!.mse).toBeGreaterThan(curve[k - 1]!.mse);
    expect(curve[2]).toEqual({ epsilon: 0.1, mse: nonlinearMse(PAPER_Z, 0.1) });
  });
});

describe('linear compression of two numbers into one', () => {
  it('costs 1/24 per number at best (by hand: one of two equal variances 1/12 is lost, averaged over two numbers)', () => {
    expect(bestLinearMse()).toBeCloseTo(1 / 24, 15);
  });

  it('is reached by keeping x, by the average, and by projecting on any direction (brute-force grid)', () => {
    const n = 1000; // midpoint rule on a quadratic integrand: error h²/24 per squared term, < 10⁻⁷
    const keepX = gridLinearMse((x) => [x, 0.5], n);
    const average = gridLinearMse((x, y) => [(x + y) / 2, (x + y) / 2], n);
    expect(keepX).toBeCloseTo(1 / 24, 6);
    expect(average).toBeCloseTo(1 / 24, 6);
    for (const angle of [0.3, 1.1, 2.5]) {
      const [w0, w1] = [Math.cos(angle), Math.sin(angle)];
      // encode t = w·(v − ½), decode ½ + w t: the least-squares affine code along w
      const project = gridLinearMse((x, y) => {
        const t = w0 * (x - 0.5) + w1 * (y - 0.5);
        return [0.5 + w0 * t, 0.5 + w1 * t];
      }, n);
      expect(project).toBeCloseTo(1 / 24, 6);
    }
  });
});

describe('the paper’s comparison', () => {
  it('the nonlinear code beats linear compression at ε = 0.1, Z = 3, whichever way x is read', () => {
    expect(nonlinearMse(PAPER_Z, PAPER_EPSILON, MIDPOINT_OFFSET)).toBeLessThan(bestLinearMse());
    expect(nonlinearMse(PAPER_Z, PAPER_EPSILON, FLOOR_OFFSET)).toBeLessThan(bestLinearMse());
  });

  it('breaks even with linear compression at one ε, past which it loses', () => {
    const linear = bestLinearMse();
    for (const Z of [2, 3, 5]) {
      const e = breakEvenEpsilon(Z);
      expect(e).toBeDefined();
      expect(nonlinearMse(Z, e!)).toBeCloseTo(linear, 12);
      for (let k = 0; k < 100; k++) {
        const probe = (k / 100) * e!;
        expect(nonlinearMse(Z, probe)).toBeLessThan(linear);
      }
      expect(nonlinearMse(Z, Math.min(1, e! + 0.01))).toBeGreaterThan(linear);
    }
    // reading x at the lower edge costs more, so it breaks even sooner
    expect(breakEvenEpsilon(PAPER_Z, FLOOR_OFFSET)!).toBeLessThan(breakEvenEpsilon(PAPER_Z)!);
  });
});
