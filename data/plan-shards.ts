// A training plan split into shards that train apart and merge back into exactly the bytes of one whole
// run: what the train stage does when the distributed executor spreads one node over several workers.
//
// Why this is exact: every instance of a group trains independently of the others (its own data stream,
// initial parameters and optimizer state; nothing is averaged across instances), and the fused engine
// gives an instance the same float32 result whether it trains alone or beside others (measured on the
// intro and uniform plans). So a shard is a run of consecutive instances, possibly across the end of one
// group and the start of the next, planned as groups of their own; the merge puts each group's slices
// back side by side along the instance axis.

import type { WeightSnapshots } from '../core/types.ts';
import type { PlannedGroup, TrainedGroup, TrainingPlan } from './plan.ts';

/** Consecutive instances [from, to) of the plan's group `group`. */
export interface PlanSlice {
  group: number;
  from: number;
  to: number;
}

/**
 * The least work (trainingWork's units) a shard carries, so that a worker's start-up for a job (a process,
 * the DAG, the key and the plan restored from the store: 1.8 s measured by `npm run bench:distributed`)
 * stays a small part of it. One core here trains the smallest models (the phase change's 2 → 1) at about
 * 7e9 units a second and the large dense ones at about 1.5e9 (sparser instances are faster), so a shard
 * takes from about 17 s to over a minute, and the start-up costs at most about a tenth.
 */
export const SHARD_WORK = 1.2e11;

/** The relative cost of training one instance of a group: steps × batch × (F·(H + 2) + 40), as trainingWork counts it. */
export function instanceWork(plan: Pick<TrainingPlan, 'features' | 'hidden'>, group: Pick<PlannedGroup, 'steps' | 'batch'>): number {
  return group.steps * group.batch * (plan.features * (plan.hidden + 2) + 40);
}

/**
 * The plan's instances cut into shards of about equal work, each about `shardWork` or more (one shard, the
 * whole plan, when it is smaller than two of those): every shard is a list of slices in plan order, and
 * together they cover every instance once, in order. An instance is never split, so a shard may carry more
 * than its share where one instance outweighs it; none is empty.
 */
export function shardSlices(plan: Pick<TrainingPlan, 'features' | 'hidden' | 'groups'>, shardWork = SHARD_WORK): PlanSlice[][] {
  const works = plan.groups.map((g) => instanceWork(plan, g));
  const total = plan.groups.reduce((sum, g, k) => sum + g.instances.length * works[k]!, 0);
  const instances = plan.groups.reduce((n, g) => n + g.instances.length, 0);
  const count = Math.max(1, Math.min(instances, Math.floor(total / shardWork)));
  const shards: PlanSlice[][] = [];
  let target = -1;
  let before = 0;
  plan.groups.forEach((group, g) => {
    for (let i = 0; i < group.instances.length; i += 1) {
      // the shard whose share of the total holds this instance's midpoint
      const midpoint = before + works[g]! / 2;
      before += works[g]!;
      const shard = Math.min(count - 1, Math.floor((midpoint * count) / total));
      if (shard !== target) {
        target = shard;
        shards.push([]);
      }
      const slices = shards[shards.length - 1]!;
      const last = slices[slices.length - 1];
      if (last !== undefined && last.group === g) last.to = i + 1;
      else slices.push({ group: g, from: i, to: i + 1 });
    }
  });
  return shards;
}

/** The plan of one shard: each slice becomes a group of its own, with its instances and their initial parameters. */
export function slicePlan(plan: TrainingPlan, slices: readonly PlanSlice[]): TrainingPlan {
  return {
    ...plan,
    groups: slices.map(({ group: g, from, to }) => {
      const group = plan.groups[g];
      if (group === undefined || !(from >= 0 && from < to && to <= group.instances.length))
        throw new Error(`plan shard: instances ${from}…${to} of group ${g} are not in the plan`);
      const I = group.instances.length;
      const params0 = Object.fromEntries(
        Object.entries(group.params0).map(([name, values]) => {
          const per = values.length / I;
          return [name, values.slice(from * per, to * per)];
        }),
      );
      return { ...group, instances: group.instances.slice(from, to), params0 };
    }),
  };
}

/** A group's training result in memory: its record (without the snapshot index) and its snapshots. */
export interface GroupResult {
  trained: Omit<TrainedGroup, 'snapshots'>;
  snapshots: WeightSnapshots | undefined;
}

/**
 * The plan's groups from the results of its shards (each shard's groups are its slices, in order, as
 * shardSlices cut them): per group, every array laid out [I, …] is joined along I, and every array laid
 * out [rows, I, …] (the loss curve, the snapshots) is joined along I within each row.
 */
export function mergeShardResults(plan: TrainingPlan, shards: readonly PlanSlice[][], results: readonly GroupResult[][]): GroupResult[] {
  const parts = plan.groups.map(() => [] as Array<{ width: number; result: GroupResult }>);
  shards.forEach((slices, s) => {
    const got = results[s];
    if (got === undefined || got.length !== slices.length)
      throw new Error(`plan shard ${s + 1}: ${got?.length ?? 0} group results for ${slices.length} slices`);
    slices.forEach((slice, k) => parts[slice.group]!.push({ width: slice.to - slice.from, result: got[k]! }));
  });
  return plan.groups.map((group, g) => {
    const pieces = parts[g]!;
    const I = group.instances.length;
    const covered = pieces.reduce((n, p) => n + p.width, 0);
    if (covered !== I) throw new Error(`plan shards: group ${g} has ${I} instances, its slices cover ${covered}`);
    const first = pieces[0]!.result;
    const sameAsFirst = (steps: readonly number[], of: readonly number[]): boolean =>
      steps.length === of.length && steps.every((v, k) => v === of[k]);
    if (!pieces.every((p) => sameAsFirst(p.result.trained.lossSteps, first.trained.lossSteps)))
      throw new Error(`plan shards: the slices of group ${g} logged the loss at different steps`);
    const { run, lossSteps } = first.trained;
    const trained: GroupResult['trained'] = {
      run,
      W: joinRows(
        pieces.map((p) => p.result.trained.W),
        1,
      ),
      b: joinRows(
        pieces.map((p) => p.result.trained.b),
        1,
      ),
      lossSteps: [...lossSteps],
      lossCurve: joinRows(
        pieces.map((p) => p.result.trained.lossCurve),
        lossSteps.length,
      ),
    };
    if (first.trained.params !== undefined) {
      trained.params = Object.fromEntries(
        Object.keys(first.trained.params).map((name) => [
          name,
          joinRows(
            pieces.map((p) => p.result.trained.params?.[name] ?? []),
            1,
          ),
        ]),
      );
    }
    let snapshots: WeightSnapshots | undefined;
    if (first.snapshots !== undefined) {
      const all = pieces.map((p) => p.result.snapshots);
      if (!all.every((s): s is WeightSnapshots => s !== undefined && sameAsFirst(s.steps, first.snapshots!.steps)))
        throw new Error(`plan shards: the slices of group ${g} snapshotted their weights at different steps`);
      const T = first.snapshots.steps.length;
      snapshots = {
        steps: [...first.snapshots.steps],
        W: Float32Array.from(
          joinRows(
            all.map((s) => s.W),
            T,
          ),
        ),
        b: Float32Array.from(
          joinRows(
            all.map((s) => s.b),
            T,
          ),
        ),
      };
    }
    return { trained, snapshots };
  });
}

/**
 * Arrays that each hold `rows` rows of their own width, joined row by row: row r of the result is row r of
 * the first, then of the second, and so on (one row: plain concatenation).
 */
export function joinRows(parts: ReadonlyArray<ArrayLike<number>>, rows: number): number[] {
  const widths = parts.map((p) => {
    if (p.length % rows !== 0) throw new Error(`joinRows: ${p.length} values are not ${rows} rows`);
    return p.length / rows;
  });
  const out: number[] = [];
  for (let r = 0; r < rows; r += 1) {
    parts.forEach((p, k) => {
      const w = widths[k]!;
      for (let j = r * w; j < (r + 1) * w; j += 1) out.push(p[j]!);
    });
  }
  return out;
}
