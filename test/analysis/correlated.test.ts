import { describe, expect, it } from 'vitest';
import { collapsedPairs, isCollapsed, localBasisStats, paperCollapsedPairs, setPairs } from '../../analysis/correlated.ts';
import anticorrelatedAntipodal from '../../analysis/claims/checks/anticorrelated_antipodal.ts';
import correlatedCollapse from '../../analysis/claims/checks/correlated_collapse.ts';
import correlatedOrthogonal from '../../analysis/claims/checks/correlated_orthogonal.ts';
import localOrthogonalBasis from '../../analysis/claims/checks/local_orthogonal_basis.ts';
import type { FeatureSet } from '../../core/types.ts';
import { experiment, model, polar } from './fixtures.ts';

const checkAnticorrelatedAntipodal = anticorrelatedAntipodal.check;
const checkCorrelatedCollapse = correlatedCollapse.check;
const checkCorrelatedOrthogonal = correlatedOrthogonal.check;
const checkLocalOrthogonalBasis = localOrthogonalBasis.check;

const PAIRS: FeatureSet[] = [
  { kind: 'correlated', features: [0, 1] },
  { kind: 'correlated', features: [2, 3] },
];
const ANTI: FeatureSet[] = PAIRS.map((s) => ({ ...s, kind: 'anticorrelated' }));
const THREE: FeatureSet[] = [...PAIRS, { kind: 'correlated', features: [4, 5] }];

describe('setPairs and collapse', () => {
  it('gives the cosine of every pair within each set and whether both members are represented', () => {
    // f0 at 0°, f1 at 90°, f2 at 180°, f3 at 60° with norm 0.4 (not represented)
    const W = [polar(0), polar(90), polar(180), polar(60, 0.4)];
    const pairs = setPairs(W, PAIRS);
    expect(pairs.map((p) => [p.set, p.i, p.j, p.represented])).toEqual([
      [0, 0, 1, true],
      [1, 2, 3, false],
    ]);
    expect(pairs[0]?.cos).toBeCloseTo(0, 12);
    expect(pairs[1]?.cos).toBeCloseTo(-0.5, 12); // cos 120°
  });

  it('counts a pair as collapsed only when both are represented and nearly parallel', () => {
    // pair 0: 20° apart (cos 0.9397 > 0.9) → collapsed; pair 1: 30° apart (cos 0.866) → not; pair 2: parallel but f5 tiny
    const W = [polar(10, 0.7), polar(30, 0.7), polar(100), polar(130), polar(200), polar(200, 0.1)];
    const pairs = setPairs(W, THREE);
    expect(pairs.map(isCollapsed)).toEqual([true, false, false]);
    expect(collapsedPairs(W, THREE)).toBe(1);
  });

  it("maps densities to the paper's regimes, with no count where the paper states none", () => {
    expect([0.01, 0.05, 0.0501, 0.15, 0.16, 0.2, 0.22, 0.25, 0.5, 0.51, 1].map(paperCollapsedPairs)).toEqual([
      0,
      0,
      1,
      1,
      2,
      2,
      null,
      3,
      3,
      null,
      null,
    ]);
  });
});

describe('localBasisStats', () => {
  it('separates overlaps within the sets from overlaps across them', () => {
    // 3-D: set A = {e1, e2}, set B = {(e1 + e2)/√2, e3}; within A cos 0, within B cos 0; across: 1/√2, 1/√2, 0, 0
    const r = Math.SQRT1_2;
    const W = [
      [1, 0, 0],
      [0, 1, 0],
      [r, r, 0],
      [0, 0, 1],
    ];
    const st = localBasisStats(W, PAIRS);
    expect(st.representedPerSet).toEqual([2, 2]);
    expect(st.maxWithinCos).toBeCloseTo(0, 12);
    expect(st.meanAcrossCos).toBeCloseTo((2 * r) / 4, 12);
  });
});

describe('claims on correlated and anticorrelated sets', () => {
  const withSets = (models: ReturnType<typeof model>[], sets: FeatureSet[]) => ({
    ...experiment(models, { importance: new Array(models[0]?.features ?? 0).fill(1) }),
    featureSets: sets,
  });

  it('correlated_orthogonal passes for a square with partners at 90° and fails when a pair is 60° apart', () => {
    const square = model({ W: [polar(0), polar(90), polar(180), polar(270)], density: 0.05 });
    const pass = checkCorrelatedOrthogonal(withSets([square], PAIRS));
    expect(pass?.status).toBe('pass');
    expect(pass?.numbers['cos:0.05:0-1']).toBeCloseTo(0, 12);
    const bent = model({ W: [polar(0), polar(60), polar(180), polar(270)], density: 0.01 });
    const fail = checkCorrelatedOrthogonal(withSets([square, bent], PAIRS));
    expect(fail?.status).toBe('fail');
    expect(fail?.numbers['maxAbsCos']).toBeCloseTo(0.5, 12);
    // not about anticorrelated sets or experiments without sets
    expect(checkCorrelatedOrthogonal(withSets([square], ANTI))).toBeNull();
    expect(checkCorrelatedOrthogonal(experiment([square]))).toBeNull();
  });

  it('anticorrelated_antipodal passes for antipodal partners and fails at 150° (cos −0.87 > −0.9)', () => {
    const digons = model({ W: [polar(0), polar(180), polar(90), polar(270)], density: 0.05 });
    expect(checkAnticorrelatedAntipodal(withSets([digons], ANTI))?.status).toBe('pass');
    const open = model({ W: [polar(0), polar(150), polar(90), polar(270)], density: 0.05 });
    const r = checkAnticorrelatedAntipodal(withSets([open], ANTI));
    expect(r?.status).toBe('fail');
    expect(r?.numbers['maxCos']).toBeCloseTo(Math.cos((150 * Math.PI) / 180), 12);
  });

  it('correlated_collapse compares collapsed counts with the regimes at the densities that have one', () => {
    const hexagon = (d: number) => model({ W: [polar(0), polar(60), polar(120), polar(180), polar(240), polar(300)], density: d });
    const oneCollapsed = (d: number) =>
      model({ W: [polar(0, 0.7), polar(5, 0.7), polar(120), polar(180), polar(240), polar(300)], density: d });
    const allCollapsed = (d: number) =>
      model({ W: [polar(0, 0.7), polar(1, 0.7), polar(120, 0.7), polar(121, 0.7), polar(240, 0.7), polar(241, 0.7)], density: d });
    // 0.02 → 0 ✓, 0.1 → 1 ✓, 0.3 → 3 ✓, 0.8 (no regime) ignored: 3 of 3
    const good = checkCorrelatedCollapse(withSets([hexagon(0.02), oneCollapsed(0.1), allCollapsed(0.3), hexagon(0.8)], THREE));
    expect(good?.status).toBe('pass');
    expect(good?.numbers['checked']).toBe(3);
    expect(good?.numbers['collapsed:0.1']).toBe(1);
    // 0.02 ✓, 0.1 ✗ (0), 0.3 ✗ (1): 1 of 3 < 75 %
    const bad = checkCorrelatedCollapse(withSets([hexagon(0.02), hexagon(0.1), oneCollapsed(0.3)], THREE));
    expect(bad?.status).toBe('fail');
    expect(bad?.numbers['agreement']).toBeCloseTo(1 / 3, 12);
  });

  it('local_orthogonal_basis needs near-orthogonal members within each set', () => {
    const sets: FeatureSet[] = [
      { kind: 'correlated', features: [0, 1, 2] },
      { kind: 'correlated', features: [3, 4, 5] },
    ];
    const I3 = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const r = Math.SQRT1_2;
    const local = model({ W: [...I3, [r, r, 0], [-r, r, 0], [0, 0, -1]], density: 0.01 });
    expect(checkLocalOrthogonalBasis(withSets([local], sets))?.status).toBe('pass');
    const mixed = model({
      W: [
        [1, 0, 0],
        [r, r, 0],
        [0, 0, 1],
        [0, 1, 0],
        [-r, r, 0],
        [0, 0, -1],
      ],
      density: 0.01,
    });
    const res = checkLocalOrthogonalBasis(withSets([mixed], sets));
    expect(res?.status).toBe('fail');
    expect(res?.numbers['maxWithin:0.01']).toBeCloseTo(r, 12);
  });
});
