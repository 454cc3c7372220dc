import { describe, expect, it } from 'vitest';
import {
  JUMP,
  compareLossDrops,
  detectJumps,
  dimensionalityOverTraining,
  finalDigons,
  jumpIntervals,
  modelDynamics,
  showcaseModel,
} from '../../analysis/dynamics.ts';
import { DYNAMICS_STEPS, dynamicsFixture, dynamicsLoss, dynamicsTrajectory } from '../figures/fixtures.ts';

describe('dimensionalityOverTraining', () => {
  it('gives D_i of every snapshot: dedicated 1, unlearned 0, digon 1/2', () => {
    const dims = dimensionalityOverTraining(dynamicsTrajectory(true));
    expect(dims).toHaveLength(DYNAMICS_STEPS.length);
    expect(dims[0]).toEqual([1, 0, 1, 0]); // f0 on +x, f2 on +y, f1 and f3 zero rows
    expect(dims[10]).toEqual([0.5, 0.5, 1, 0]); // step 500: f1 on −x
    expect(dims[20]).toEqual([0.5, 0.5, 0.5, 0.5]); // step 1000: two digons
  });
});

describe('detectJumps', () => {
  it('finds the two switches of the fixture, each a jump of both features involved', () => {
    const traj = dynamicsTrajectory(true);
    const jumps = detectJumps(DYNAMICS_STEPS, dimensionalityOverTraining(traj), dynamicsLoss(true), 0.15, 50);
    expect(jumps.map((j) => [j.feature, j.fromStep, j.toStep, j.fromD, j.toD])).toEqual([
      [0, 450, 500, 1, 0.5],
      [1, 450, 500, 0, 0.5],
      [2, 750, 800, 1, 0.5],
      [3, 750, 800, 0, 0.5],
    ]);
    // the losses at the ends: 1 − 0.2 before the first switch, 0.1 less after it
    expect(jumps[0]?.lossFrom).toBeCloseTo(0.8, 12);
    expect(jumps[0]?.lossTo).toBeCloseTo(0.7, 12);
  });

  it('counts a drift only when it covers the threshold inside the window, and never overlaps a feature with itself', () => {
    // D rises by 0.1 per snapshot from 0 to 1: within one interval it never moves 0.15 …
    const steps = Array.from({ length: 11 }, (_, t) => 10 * t);
    const dims = steps.map((_, t) => [t / 10]);
    const loss = steps.map(() => 0);
    expect(detectJumps(steps, dims, loss, 0.15, 10)).toEqual([]);
    // … within two it does, so every second snapshot ends one: 0→2, 2→4, 4→6, 6→8, 8→10
    expect(detectJumps(steps, dims, loss, 0.15, 20).map((j) => [j.from, j.to])).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
      [6, 8],
      [8, 10],
    ]);
  });

  it('measures the window in steps, not snapshots, and counts falls as well as rises', () => {
    const steps = [0, 10, 1000];
    const dims = [[1], [1], [0]];
    expect(detectJumps(steps, dims, [0, 0, 0], 0.15, 100)).toEqual([]);
    expect(detectJumps(steps, dims, [0, 0, 0], 0.15, 1000).map((j) => [j.from, j.to, j.toD])).toEqual([[0, 2, 0]]);
  });

  it('rejects rows that do not match the steps', () => {
    expect(() => detectJumps([0, 1], [[0]], [0, 0], 0.15, 1)).toThrow(/2 steps, 1 dimensionality rows/);
  });
});

describe('compareLossDrops', () => {
  it('averages the loss drop per interval inside jumps, elsewhere, and elsewhere between the first and last jump', () => {
    const dims = dimensionalityOverTraining(dynamicsTrajectory(true));
    const loss = dynamicsLoss(true);
    const jumps = detectJumps(DYNAMICS_STEPS, dims, loss, 0.15, 50);
    const inside = jumpIntervals(DYNAMICS_STEPS.length, jumps);
    expect(inside.map((v, t) => (v ? t : -1)).filter((t) => t >= 0)).toEqual([9, 15]);
    const d = compareLossDrops(loss, jumps);
    expect(d.jumpIntervals).toBe(2);
    expect(d.jumpMeanDrop).toBeCloseTo(0.1, 12); // 0.1 at each switch
    expect(d.otherIntervals).toBe(18);
    expect(d.otherMeanDrop).toBeCloseTo(0.2 / 18, 12); // only the initial fall
    expect(d.periodOtherIntervals).toBe(5); // intervals 10–14, between the switches
    expect(d.periodOtherMeanDrop).toBeCloseTo(0, 12);
  });

  it('gives NaN means where there is nothing to average', () => {
    const d = compareLossDrops([3, 2, 1], []);
    expect(d.jumpIntervals).toBe(0);
    expect(d.jumpMeanDrop).toBeNaN();
    expect(d.otherMeanDrop).toBe(1);
    expect(d.periodOtherIntervals).toBe(0);
    expect(d.periodOtherMeanDrop).toBeNaN();
  });
});

describe('modelDynamics, finalDigons and showcaseModel', () => {
  it('uses the a-priori jump definition: 0.15 within 5 % of the run', () => {
    expect(JUMP).toEqual({ threshold: 0.15, windowFraction: 0.05 });
    // the fixture's run is 1000 steps, so the window is 50 steps = one snapshot interval
    const d = modelDynamics(7, DYNAMICS_STEPS, dynamicsTrajectory(true), dynamicsLoss(true));
    expect(d.model).toBe(7);
    expect(d.jumps).toHaveLength(4);
    expect(d.loss).toEqual(dynamicsLoss(true));
    expect(finalDigons(d)).toBe(4);
    expect(finalDigons(modelDynamics(0, DYNAMICS_STEPS, dynamicsTrajectory(false), dynamicsLoss(false)))).toBe(2);
    expect(() => modelDynamics(0, DYNAMICS_STEPS, dynamicsTrajectory(true).slice(1), dynamicsLoss(true))).toThrow(/21 steps, 20 snapshots/);
  });

  it('shows the model with the most final digons, even with a higher loss; ties go to the lower loss', () => {
    const a = dynamicsFixture();
    expect(a.dynamics?.shown).toBe(0); // 4 digons at loss 0.5 beat 2 digons at loss 0.4
    const twins = [0, 1].map((k) => modelDynamics(k, DYNAMICS_STEPS, dynamicsTrajectory(true), dynamicsLoss(true)));
    expect(showcaseModel(twins, (m) => [0.5, 0.4][m] ?? Number.NaN)).toBe(1);
    expect(showcaseModel(twins, (m) => [0.4, 0.5][m] ?? Number.NaN)).toBe(0);
    expect(showcaseModel([], () => 0)).toBe(-1);
  });
});
