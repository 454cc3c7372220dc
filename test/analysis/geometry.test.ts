import { describe, expect, it } from 'vitest';
import { UNIFORM_TOLERANCES } from '../../analysis/claims.ts';
import dimensionalityFractions, { dimensionalityFractionsCheck } from '../../analysis/claims/checks/dimensionality_fractions.ts';
import dimensionalitySumClaim from '../../analysis/claims/checks/dimensionality_sum.ts';
import dstarSticky from '../../analysis/claims/checks/Dstar_sticky.ts';
import {
  DIMENSIONALITY_FRACTIONS,
  dimensionalitySum,
  fractionHistogram,
  longestPlateau,
  nearestFraction,
  uniformImportance,
} from '../../analysis/geometry.ts';
import { dimensionality, dStar } from '../../analysis/metrics.ts';
import type { ModelAnalysis } from '../../analysis/types.ts';
import { experiment, model, polygon } from './fixtures.ts';

const checkDimensionalityFractions = dimensionalityFractions.check;
const checkDimensionalitySum = dimensionalitySumClaim.check;
const checkDstarSticky = dstarSticky.check;

const F = 40;
const H = 10;

function unit(k: number, sign = 1, scale = 1): number[] {
  const r = new Array<number>(H).fill(0);
  r[k] = sign * scale;
  return r;
}

function padded(rows: number[][]): number[][] {
  return [...rows, ...Array.from({ length: F - rows.length }, () => new Array<number>(H).fill(0))];
}

/** 10 dedicated features: D* = 1. */
const dense = (): number[][] => padded(Array.from({ length: H }, (_, k) => unit(k)));
/** 10 antipodal pairs in 10 dimensions: every D_i = 1/2, D* = 1/2. */
const pairs = (): number[][] => padded(Array.from({ length: H }, (_, k) => [unit(k), unit(k, -1)]).flat());
/** 5 regular pentagons in 5 orthogonal planes: 25 features, D_i = 2/5, D* = 2/5. */
const pentagons = (): number[][] =>
  padded(
    Array.from({ length: H / 2 }, (_, p) =>
      polygon(5).map(([x = 0, y = 0]) => {
        const r = new Array<number>(H).fill(0);
        r[2 * p] = x;
        r[2 * p + 1] = y;
        return r;
      }),
    ).flat(),
  );

const DENSITIES = [1, 0.5, 0.3, 0.2, 0.1, 0.05];

function uniformExperiment(ws: number[][][]) {
  const models: ModelAnalysis[] = ws.map((W, k) => model({ W, density: DENSITIES[k] ?? 0.01 / (k + 1) }));
  return experiment(models, { experiment: 'uniform', importance: new Array<number>(F).fill(1) });
}

const passing = () => uniformExperiment([dense(), pairs(), pairs(), pairs(), pentagons(), pentagons()]);

describe('feature dimensionality of hand-built geometries', () => {
  it('10 antipodal pairs in 10 dimensions: every D_i = 1/2 and Σ D_i = m', () => {
    const W = pairs().slice(0, 20);
    const d = dimensionality(W);
    for (const v of d) expect(v).toBeCloseTo(0.5, 12);
    expect(dimensionalitySum(d)).toBeCloseTo(H, 10);
    expect(dStar(W, H)).toBeCloseTo(0.5, 12);
  });

  it('triangle 2/3, tetrahedron 3/4, pentagon 2/5', () => {
    for (const v of dimensionality(polygon(3))) expect(v).toBeCloseTo(2 / 3, 10);
    for (const v of dimensionality(polygon(5))) expect(v).toBeCloseTo(2 / 5, 10);
    const tetra = [
      [1, 1, 1],
      [1, -1, -1],
      [-1, 1, -1],
      [-1, -1, 1],
    ].map((r) => r.map((x) => x / Math.sqrt(3)));
    for (const v of dimensionality(tetra)) expect(v).toBeCloseTo(3 / 4, 10);
    expect(dimensionalitySum(dimensionality(tetra))).toBeCloseTo(3, 10);
  });
});

describe('fraction histogram', () => {
  it('assigns each value to the nearest fraction within the tolerance, or none', () => {
    expect(nearestFraction(0.51, 0.03)).toBe(3);
    expect(nearestFraction(0.39, 0.03)).toBe(4); // nearer 2/5 than 3/8
    expect(nearestFraction(0.38, 0.03)).toBe(5);
    expect(nearestFraction(0.58, 0.03)).toBe(-1);
    expect(nearestFraction(Number.NaN, 0.03)).toBe(-1);
    const h = fractionHistogram([1, 0.99, 0.5, 0.5, 0.2, 0.6], 0.03);
    expect(h.counts).toEqual([2, 0, 0, 2, 0, 0]);
    expect(h.counts.length).toBe(DIMENSIONALITY_FRACTIONS.length);
    expect(h.matched).toBe(4);
    expect(h.share).toBeCloseTo(4 / 6, 12);
    expect(fractionHistogram([], 0.03).share).toBeNaN();
  });
});

describe('longest plateau', () => {
  it('finds the longest run within the tolerance, the first of equal length', () => {
    expect(longestPlateau([1, 0.52, 0.5, 0.3, 0.49, 0.51, 0.47, 0.2], 0.5, 0.05)).toEqual({ first: 4, last: 6, length: 3 });
    expect(longestPlateau([0.5, 1, 0.5], 0.5, 0.05)).toEqual({ first: 0, last: 0, length: 1 });
    expect(longestPlateau([1, 0.9], 0.5, 0.05)).toBeNull();
  });

  it('recognises uniform importance', () => {
    expect(uniformImportance([1, 1, 1])).toBe(true);
    expect(uniformImportance([1, 0.9])).toBe(false);
    expect(uniformImportance([])).toBe(false);
  });
});

describe('Dstar_sticky', () => {
  it('passes: D* = 1, then three densities at 1/2, then 2/5', () => {
    const r = checkDstarSticky(passing());
    expect(r?.status).toBe('pass');
    expect(r?.numbers['densestDStar']).toBeCloseTo(1, 12);
    expect(r?.numbers['plateauLength']).toBe(3);
    expect(r?.numbers['plateauDensityMax']).toBe(0.5);
    expect(r?.numbers['plateauDensityMin']).toBe(0.2);
    expect(r?.numbers['sparsestDStar']).toBeCloseTo(0.4, 12);
  });

  it('fails with a plateau of two densities', () => {
    const r = checkDstarSticky(uniformExperiment([dense(), dense(), pairs(), pairs(), pentagons(), pentagons()]));
    expect(r?.status).toBe('fail');
    expect(r?.numbers['plateauLength']).toBe(2);
  });

  it('fails when the sparsest densities stay at 1/2', () => {
    expect(checkDstarSticky(uniformExperiment([dense(), pairs(), pairs(), pairs(), pairs(), pairs()]))?.status).toBe('fail');
  });

  it('fails when the densest model is not at D* = 1', () => {
    expect(checkDstarSticky(uniformExperiment([pairs(), pairs(), pairs(), pairs(), pentagons(), pentagons()]))?.status).toBe('fail');
  });

  it('does not apply to non-uniform importance or too few features per dimension', () => {
    const a = passing();
    expect(checkDstarSticky({ ...a, importance: a.importance.map((_, i) => 0.9 ** i) })).toBeNull();
    expect(checkDstarSticky({ ...a, features: UNIFORM_TOLERANCES.minFeatureRatio * H - 1 })).toBeNull();
  });
});

describe('dimensionality_fractions', () => {
  it('passes when the represented features sit at 1, 1/2 and 2/5', () => {
    const r = checkDimensionalityFractions(passing());
    expect(r?.status).toBe('pass');
    expect(r?.numbers['D=1']).toBe(10);
    expect(r?.numbers['D=1/2']).toBe(60);
    expect(r?.numbers['D=2/5']).toBe(50);
    expect(r?.numbers['share']).toBe(1);
  });

  it('fails when the directions are generic (no clean polytopes)', () => {
    let a = 12345;
    const rnd = () => {
      a = (a * 1103515245 + 12345) % 2147483648;
      return a / 2147483648 - 0.5;
    };
    // 20 random unit directions in 10 dimensions: D* = 1/2, inside the range of the paper's fractions
    const generic = padded(
      Array.from({ length: 2 * H }, () => {
        const r = Array.from({ length: H }, rnd);
        const n = Math.hypot(...r);
        return r.map((x) => x / n);
      }),
    );
    const r = checkDimensionalityFractions(uniformExperiment([generic]));
    expect(r?.status).toBe('fail');
    expect(r?.numbers['share']).toBeLessThan(UNIFORM_TOLERANCES.fractionShare);
    // the chance share: [0.345, 1] less the windows around 1, 3/4, 2/3, 1/2 and 2/5 ∪ 3/8
    expect(r?.numbers['chanceShare']).toBeCloseTo((0.03 + 0.06 + 0.06 + 0.06 + (0.43 - 0.345)) / (1 - 0.345), 9);
  });

  it('judges only the models whose D* lies within the range of the paper’s fractions, and reports the sparser ones beside', () => {
    // 10 groups of 4 equal directions, one per dimension: every D_i = 1/4 and D* = 1/4, below 3/8
    const quartets = () => Array.from({ length: F }, (_, i) => unit(Math.floor(i / 4)));
    const a = uniformExperiment([dense(), pairs(), pairs(), pairs(), pentagons(), pentagons(), quartets(), quartets(), quartets()]);
    const r = checkDimensionalityFractions(a);
    expect(r?.status).toBe('pass');
    expect(r?.numbers['models']).toBe(6);
    expect(r?.numbers['beyondModels']).toBe(3);
    expect(r?.numbers['beyond:D=1/4']).toBe(120);
    expect(r?.numbers['beyondShareOnNotebookLines']).toBe(1);
    // the first rule pooled them: 120 of 240 D_i on a listed fraction, below the 60 % bar
    const old = dimensionalityFractionsCheck('all')(a);
    expect([old?.status, old?.numbers['share']]).toEqual(['fail', 0.5]);
    const sparse = checkDimensionalityFractions(uniformExperiment([quartets()]));
    expect(sparse?.status).toBe('not-judged');
    expect(sparse?.reason).toBe('no model has D* ≥ 0.345, the range of the fractions the paper lists');
  });
});

describe('dimensionality_sum', () => {
  it('passes when every model in superposition has Σ D_i = m', () => {
    const r = checkDimensionalitySum(passing());
    expect(r?.status).toBe('pass');
    expect(r?.numbers['models']).toBe(5); // the dense model (D* = 1) is not in superposition
    expect(r?.numbers['maxRelativeDeviation']).toBeLessThan(1e-9);
  });

  it('fails when antipodal pairs fill only half the dimensions', () => {
    // 5 pairs of norm √2 in 5 of 10 dimensions: D* = 1/2 but Σ D_i = 5
    const half = padded(Array.from({ length: H / 2 }, (_, k) => [unit(k, 1, Math.SQRT2), unit(k, -1, Math.SQRT2)]).flat());
    const r = checkDimensionalitySum(uniformExperiment([dense(), half]));
    expect(r?.status).toBe('fail');
    expect(r?.numbers['1/(1-S)=2:sum']).toBeCloseTo(5, 10);
  });

  it('does not apply when no model is in superposition', () => {
    expect(checkDimensionalitySum(uniformExperiment([dense()]))).toBeNull();
  });
});
