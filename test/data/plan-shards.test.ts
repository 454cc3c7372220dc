import { describe, expect, it } from 'vitest';
import {
  instanceWork,
  joinRows,
  mergeShardResults,
  shardSlices,
  slicePlan,
  type GroupResult,
  type PlanSlice,
} from '../../data/plan-shards.ts';
import type { PlannedGroup, TrainingPlan } from '../../data/plan.ts';

/** A group of `instances` models with `steps` steps of batch 1; W [I, 2, 1] and b [I, 2] numbered so a slice is recognisable. */
function group(run: number, instances: number, steps: number): PlannedGroup {
  return {
    run,
    recipe: 'r',
    model: 'relu-output',
    activation: 'relu',
    optimizer: { kind: 'adam', lr: 0.01, weightDecay: 0, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 },
    steps,
    batch: 1,
    mask: 'per_batch',
    loss: 'sum',
    logEvery: 1,
    init: 'randn',
    biasInit: 'zeros',
    instances: Array.from({ length: instances }, (_, i) => ({ index: i, density: 1, replica: i, dataSeed: 100 * run + i, evalSeed: 0 })),
    params0: {
      W: Array.from({ length: instances * 2 }, (_, k) => 1000 * run + k),
      b: Array.from({ length: instances * 2 }, (_, k) => -(1000 * run + k)),
    },
  };
}

/** F = 2, H = 1: one instance-step is 2·3 + 40 = 46 units of work. */
function plan(...groups: PlannedGroup[]): TrainingPlan {
  return { experiment: 'x', features: 2, hidden: 1, importance: [1, 1], evalSamples: 0, groups };
}

describe('shardSlices', () => {
  it('keeps a plan below two shards of work whole', () => {
    const p = plan(group(0, 3, 10)); // 3 × 10 × 46 = 1,380
    expect(shardSlices(p, 700)).toEqual([[{ group: 0, from: 0, to: 3 }]]);
  });

  it('cuts equal instances into equal runs, at most one instance per shard', () => {
    const p = plan(group(0, 6, 10)); // 460 per instance, 2,760 in all
    expect(shardSlices(p, 920)).toEqual([[{ group: 0, from: 0, to: 2 }], [{ group: 0, from: 2, to: 4 }], [{ group: 0, from: 4, to: 6 }]]);
    expect(shardSlices(p, 1)).toHaveLength(6);
  });

  it('weighs instances by their group and lets a shard span the end of one group and the start of the next', () => {
    // group 0: 4 × 10 steps (460 each, 1,840); group 1: 2 × 30 steps (1,380 each, 2,760); total 4,600 → 2 shards of 2,300
    // midpoints: 230, 690, 1150, 1610 | 2530, 3910 → shard 0, 0, 0, 0 | 1, 1
    const p = plan(group(0, 4, 10), group(1, 2, 30));
    expect(shardSlices(p, 2300)).toEqual([[{ group: 0, from: 0, to: 4 }], [{ group: 1, from: 0, to: 2 }]]);
    // 3 shards of 1,533: midpoints / 1,533.3 → 0, 0, 0, 1 | 1, 2
    expect(shardSlices(p, 1533)).toEqual([
      [{ group: 0, from: 0, to: 3 }],
      [
        { group: 0, from: 3, to: 4 },
        { group: 1, from: 0, to: 1 },
      ],
      [{ group: 1, from: 1, to: 2 }],
    ]);
  });

  it('never leaves a shard empty where one instance outweighs a share', () => {
    // one heavy instance (group 1, 4,600) among light ones: 5 shards asked, fewer made, each covering something
    const p = plan(group(0, 4, 1), group(1, 1, 100));
    const shards = shardSlices(p, 950);
    expect(shards.every((s) => s.length > 0)).toBe(true);
    const covered = shards.flat().flatMap((s) => Array.from({ length: s.to - s.from }, (_, k) => `${s.group}:${s.from + k}`));
    expect(covered).toEqual(['0:0', '0:1', '0:2', '0:3', '1:0']);
  });

  it('counts work as trainingWork does: steps × batch × (F·(H + 2) + 40)', () => {
    expect(instanceWork({ features: 200, hidden: 20 }, { steps: 10_000, batch: 1024 })).toBe(10_000 * 1024 * (200 * 22 + 40));
  });
});

describe('slicePlan', () => {
  it('gives each slice the instances and the initial parameters of its own rows, [I, …] row by row', () => {
    const p = plan(group(0, 3, 10), group(1, 2, 10));
    const shard = slicePlan(p, [
      { group: 0, from: 1, to: 3 },
      { group: 1, from: 0, to: 1 },
    ]);
    expect(shard.groups.map((g) => g.instances.map((i) => i.dataSeed))).toEqual([[1, 2], [100]]);
    expect(shard.groups[0]!.params0).toEqual({ W: [2, 3, 4, 5], b: [-2, -3, -4, -5] });
    expect(shard.groups[1]!.params0).toEqual({ W: [1000, 1001], b: [-1000, -1001] });
    expect(shard.groups.map((g) => g.run)).toEqual([0, 1]);
    expect(p.groups[0]!.instances).toHaveLength(3); // the plan itself is untouched
  });

  it('refuses a slice outside the plan', () => {
    expect(() => slicePlan(plan(group(0, 3, 10)), [{ group: 0, from: 2, to: 4 }])).toThrow(/instances 2…4 of group 0/);
    expect(() => slicePlan(plan(group(0, 3, 10)), [{ group: 1, from: 0, to: 1 }])).toThrow(/group 1/);
  });
});

describe('joinRows', () => {
  it('joins each row of every part in turn', () => {
    // two rows: [1 2 | 3 4] and [5 | 6]
    expect(
      joinRows(
        [
          [1, 2, 3, 4],
          [5, 6],
        ],
        2,
      ),
    ).toEqual([1, 2, 5, 3, 4, 6]);
    expect(joinRows([[1, 2], Float32Array.of(3)], 1)).toEqual([1, 2, 3]);
    expect(() => joinRows([[1, 2, 3]], 2)).toThrow(/3 values are not 2 rows/);
  });
});

/**
 * A stand-in trainer whose every number names its instance, so the merged layout can be read off by hand:
 * instance i (of the whole group) has W = [10i, 10i+1], b = [-i, -i-0.5], loss 100s + i at step s, a
 * decoder `D` = [i], and at snapshot t W = [t + i, …].
 */
function fakeResult(p: TrainingPlan, g: number, from: number, to: number, snapshots: boolean): GroupResult {
  const ids = Array.from({ length: to - from }, (_, k) => from + k);
  const steps = [0, 1, 2];
  return {
    trained: {
      run: p.groups[g]!.run,
      W: ids.flatMap((i) => [10 * i, 10 * i + 1]),
      b: ids.flatMap((i) => [-i, -i - 0.5]),
      lossSteps: steps,
      lossCurve: steps.flatMap((s) => ids.map((i) => 100 * s + i)),
      params: { D: ids.map((i) => i) },
    },
    snapshots: snapshots
      ? {
          steps: [0, 5],
          W: Float32Array.from([0, 5].flatMap((t) => ids.flatMap((i) => [t + i, t + i]))),
          b: Float32Array.from([0, 5].flatMap((t) => ids.flatMap((i) => [t - i, t - i]))),
        }
      : undefined,
  };
}

describe('mergeShardResults', () => {
  it('rebuilds every group as one whole run lays it out, whatever the cut', () => {
    const p = plan(group(0, 4, 10), group(1, 3, 30));
    const whole = p.groups.map((grp, g) => fakeResult(p, g, 0, grp.instances.length, g === 1));
    for (const shardWork of [1e9, 2000, 1400, 900, 1]) {
      const shards = shardSlices(p, shardWork);
      const results = shards.map((slices) => slices.map((s: PlanSlice) => fakeResult(p, s.group, s.from, s.to, s.group === 1)));
      expect(mergeShardResults(p, shards, results)).toEqual(whole);
    }
  });

  it('lays the loss curve out as [steps, I] and the snapshots as [T, I, …] (by hand)', () => {
    const p = plan(group(0, 3, 10));
    const shards: PlanSlice[][] = [[{ group: 0, from: 0, to: 1 }], [{ group: 0, from: 1, to: 3 }]];
    const [merged] = mergeShardResults(p, shards, [[fakeResult(p, 0, 0, 1, true)], [fakeResult(p, 0, 1, 3, true)]]);
    expect(merged!.trained.lossCurve).toEqual([0, 1, 2, 100, 101, 102, 200, 201, 202]);
    expect(merged!.trained.W).toEqual([0, 1, 10, 11, 20, 21]);
    expect(Array.from(merged!.snapshots!.W)).toEqual([0, 0, 1, 1, 2, 2, 5, 5, 6, 6, 7, 7]);
    expect(Array.from(merged!.snapshots!.b)).toEqual([0, 0, -1, -1, -2, -2, 5, 5, 4, 4, 3, 3]);
  });

  it('refuses parts that do not fit the cut', () => {
    const p = plan(group(0, 3, 10));
    const shards: PlanSlice[][] = [[{ group: 0, from: 0, to: 1 }], [{ group: 0, from: 1, to: 3 }]];
    expect(() => mergeShardResults(p, shards, [[fakeResult(p, 0, 0, 1, false)]])).toThrow(/shard 2: 0 group results for 1 slices/);
    const short: PlanSlice[][] = [[{ group: 0, from: 0, to: 1 }]];
    expect(() => mergeShardResults(p, short, [[fakeResult(p, 0, 0, 1, false)]])).toThrow(/group 0 has 3 instances, its slices cover 1/);
    const other = fakeResult(p, 0, 1, 3, false);
    other.trained.lossSteps = [0, 1, 3];
    expect(() => mergeShardResults(p, shards, [[fakeResult(p, 0, 0, 1, false)], [other]])).toThrow(/different steps/);
  });
});
