import { describe, expect, it } from 'vitest';
import {
  featureResolution,
  importanceRanks,
  isAllSuperposed,
  isMixed,
  isScaledDemoShape,
  isTopMOrthogonal,
  orthogonalLeadImportance,
  scaledPoint,
  stepSlack,
  wrongWaySteps,
  type ScaledPoint,
} from '../../../analysis/claims/scaled.ts';
import { axis, model, zeros } from '../fixtures.ts';

function point(represented: number[], orthogonal: number[], dStar = 1, density = 1): ScaledPoint {
  return { density, represented, orthogonal, dStar };
}

describe('featureResolution: one 20 → 5 feature stands for m/5 features', () => {
  it('is 0 at the 20 → 5 size and below it, 3 at m = 20, 1 at m = 10', () => {
    expect(featureResolution(5)).toBe(0);
    expect(featureResolution(2)).toBe(0);
    expect(featureResolution(7)).toBe(0);
    expect(featureResolution(10)).toBe(1);
    expect(featureResolution(20)).toBe(3);
  });
});

describe('isScaledDemoShape', () => {
  it('holds for n = 4m at another size than 20 → 5', () => {
    expect(isScaledDemoShape(80, 20)).toBe(true);
    expect(isScaledDemoShape(8, 2)).toBe(true);
    expect(isScaledDemoShape(20, 5)).toBe(false);
    expect(isScaledDemoShape(100, 20)).toBe(false);
    expect(isScaledDemoShape(20, 10)).toBe(false);
  });
});

describe('stepSlack', () => {
  it('allows the resolution on ordinary steps and the 20 → 5 sparse slack of ±2, scaled by m/5, on a step to 1−S ≤ 0.01', () => {
    expect(stepSlack(0.03, 20)).toBe(3);
    expect(stepSlack(0.01, 20)).toBe(8);
    expect(stepSlack(0.001, 20)).toBe(8);
    // at the 20 → 5 size: exact, except ±2 at the sparse end, as relu_20_5_counts allows
    expect(stepSlack(0.1, 5)).toBe(0);
    expect(stepSlack(0.003, 5)).toBe(2);
    // 8 → 2: 2·2/5 = 0.8 rounds to 1
    expect(stepSlack(0.01, 2)).toBe(1);
  });
});

describe('importanceRanks', () => {
  it('ranks by decreasing importance, ties in index order', () => {
    expect(importanceRanks([1, 0.9, 0.81])).toEqual([0, 1, 2]);
    expect(importanceRanks([0.5, 1, 0.5, 2])).toEqual([2, 1, 3, 0]);
  });
});

describe('wrongWaySteps', () => {
  const densities = [1, 0.3, 0.1, 0.03, 0.01, 0.003];
  it('allows equal steps and finds a drop of a rising count beyond the slack', () => {
    expect(wrongWaySteps([5, 7, 7, 10, 12, 12], densities, 'rising', 5)).toEqual([]);
    expect(wrongWaySteps([5, 7, 6, 10, 12, 12], densities, 'rising', 5)).toEqual([1]);
  });
  it('lets a count dip at the sparse end by the scaled sparse slack, and no more', () => {
    // 20 → 5: 13 → 12 at 1−S = 0.003 is within ±2, 13 → 10 is not
    expect(wrongWaySteps([5, 7, 9, 10, 13, 12], densities, 'rising', 5)).toEqual([]);
    expect(wrongWaySteps([5, 7, 9, 10, 13, 10], densities, 'rising', 5)).toEqual([4]);
  });
  it('finds a rise of a falling count beyond the resolution (3 at m = 20)', () => {
    expect(wrongWaySteps([20, 12, 15, 0], [1, 0.3, 0.1, 0.03], 'falling', 20)).toEqual([]);
    expect(wrongWaySteps([20, 12, 16, 0], [1, 0.3, 0.1, 0.03], 'falling', 20)).toEqual([1]);
  });
});

describe('orthogonalLeadImportance', () => {
  const ranks = [0, 1, 2, 3, 4, 5, 6, 7];
  it('with no slack, holds exactly for a leading block of the importance order', () => {
    expect(orthogonalLeadImportance([0, 1, 2], ranks, 0)).toBe(true);
    expect(orthogonalLeadImportance([], ranks, 0)).toBe(true);
    expect(orthogonalLeadImportance([0, 1, 3], ranks, 0)).toBe(false);
    expect(orthogonalLeadImportance([1, 2], ranks, 0)).toBe(false);
  });
  it('with slack r, lets a feature be displaced by up to r ranks', () => {
    // k = 3: every member ranks below 3 + 1 and every feature ranking below 3 − 1 is a member
    expect(orthogonalLeadImportance([0, 1, 3], ranks, 1)).toBe(true);
    expect(orthogonalLeadImportance([0, 2, 3], ranks, 1)).toBe(false);
    expect(orthogonalLeadImportance([0, 1, 4], ranks, 1)).toBe(false);
    expect(orthogonalLeadImportance([0, 1, 4], ranks, 2)).toBe(true);
  });
  it('reads the importance order, not the index', () => {
    expect(orthogonalLeadImportance([2], [1, 2, 0], 0)).toBe(true);
    expect(orthogonalLeadImportance([0], [1, 2, 0], 0)).toBe(false);
  });
});

describe('the regimes of one model', () => {
  const ranks = [0, 1, 2, 3, 4, 5, 6, 7];
  it('isTopMOrthogonal: exactly the m most important features, all orthogonal, D* within 0.1 of 1', () => {
    expect(isTopMOrthogonal(point([0, 1], [0, 1]), 2, ranks)).toBe(true);
    expect(isTopMOrthogonal(point([0, 2], [0, 2]), 2, ranks)).toBe(false);
    expect(isTopMOrthogonal(point([0, 1, 2], [0, 1, 2]), 2, ranks)).toBe(false);
    expect(isTopMOrthogonal(point([0, 1], [0]), 2, ranks)).toBe(false);
    expect(isTopMOrthogonal(point([0, 1], [0, 1], 1.15), 2, ranks)).toBe(false);
  });
  it('isMixed: some represented features orthogonal and some not', () => {
    expect(isMixed(point([0, 1, 2], [0]))).toBe(true);
    expect(isMixed(point([0, 1], [0, 1]))).toBe(false);
    expect(isMixed(point([0, 1, 2], []))).toBe(false);
  });
  it('isAllSuperposed: more features than dimensions, at most the slack orthogonal', () => {
    expect(isAllSuperposed(point([0, 1, 2, 3, 4], []), 2, 0)).toBe(true);
    expect(isAllSuperposed(point([0, 1], []), 2, 0)).toBe(false);
    expect(isAllSuperposed(point([0, 1, 2, 3, 4], [0]), 2, 0)).toBe(false);
    expect(isAllSuperposed(point([0, 1, 2, 3, 4], [0]), 2, 1)).toBe(true);
  });
  it('scaledPoint counts a hand-built model: f0 on its own axis, f1/f2 an antipodal pair', () => {
    const W = [axis(2, 0), axis(2, 1), axis(2, 1, -1), ...zeros(5, 2)];
    const p = scaledPoint(model({ W, density: 0.3 }));
    expect(p).toMatchObject({ density: 0.3, represented: [0, 1, 2], orthogonal: [0] });
    // D* = m / ‖W‖²_F = 2 / 3
    expect(p.dStar).toBeCloseTo(2 / 3, 12);
  });
});
