// Stage 2, train: execute the plan, one group of instances at a time (the instances of a group train
// side by side, like the official notebook), with the engine model/engine.ts picks (and, for the tfjs
// engine, its TensorFlow.js backend).
// The paper's tied model goes to the hand-written trainers (model/train.ts, the fused kernel's tied
// paths); every other model of core/models/ to the trainers that run any definition. Reads no parameters
// but the backend and engine: everything else comes from the plan, so its key follows the plan's digest
// (and the code of the models it trains). Writes weights.json and, when some group snapshots its
// weights (snapshot_every), snapshots.f32 beside it (layout in data/snapshots.ts).
// Declares shards (data/plan-shards.ts): the distributed executor trains a large plan's instances on
// several workers at once and merges them into the same bytes; the local executor trains it whole.

import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { trainsOnTiedPaths } from '../core/models/types.ts';
import { modelTrainingGroupOf, trainingGroupOf, type TrainedWeights, type TrainingPlan } from '../data/plan.ts';
import { mergeShardResults, shardSlices, slicePlan, type GroupResult } from '../data/plan-shards.ts';
import { decodeSnapshots, encodeSnapshots, SNAPSHOTS_FILE } from '../data/snapshots.ts';
import type { TrainingProgress } from '../core/types.ts';
import type { StageContext } from '../pipeline/types.ts';
import type { Params } from '../experiments/params.ts';
import { defineStage } from './define.ts';
import { loadModel, modelFilesOf } from './declarations.ts';
import { PLAN, WEIGHTS } from './outputs.ts';
import { allSeedItems, parseSeedItem } from './items.ts';

export default defineStage({
  name: 'train',
  description: 'train every model of the plan, instances side by side (the fused WebAssembly engine or TensorFlow.js)',
  file: 'stages/train.ts',
  foreach: true,
  items: allSeedItems,
  needs: [{ stage: 'generate', items: 'same' }],
  paramKeys: () => ['backend', 'engine'],
  // the definitions of the models the plan trains
  itemFiles: (item, params) => {
    const { experiment } = parseSeedItem(item);
    return modelFilesOf(experiment, params.experiments[experiment]!);
  },
  shards: {
    count: async (ctx) => shardSlices(await PLAN.read(ctx.input('generate'))).length,
    async merge(ctx, parts) {
      const plan = await PLAN.read(ctx.input('generate'));
      const shards = shardSlices(plan);
      const read = await Promise.all(parts.map((dir, s) => readResults(dir, slicePlan(plan, shards[s]!))));
      const { header } = read[0]!;
      for (const [s, part] of read.entries()) {
        if (part.header.engine !== header.engine || part.header.backend !== header.backend)
          throw new Error(
            `shard ${s + 1} was trained with ${part.header.engine}/${part.header.backend ?? '-'}, shard 1 with ${header.engine}/${header.backend ?? '-'}`,
          );
      }
      await writeResults(
        ctx.outDir,
        plan,
        header,
        mergeShardResults(
          plan,
          shards,
          read.map((r) => r.groups),
        ),
      );
    },
  },
  async run(ctx) {
    const whole = await PLAN.read(ctx.input('generate'));
    let plan = whole;
    if (ctx.shard !== undefined) {
      const shards = shardSlices(whole);
      if (shards.length !== ctx.shard.count) throw new Error(`the plan splits into ${shards.length} shards, not ${ctx.shard.count}`);
      plan = slicePlan(whole, shards[ctx.shard.index]!);
      ctx.log(
        `shard ${ctx.shard.index + 1}/${ctx.shard.count}: ${plan.groups.map((g) => `run ${g.run} × ${g.instances.length}`).join(', ')}`,
      );
    }
    const { header, groups } = await trainPlan(ctx, plan);
    await writeResults(ctx.outDir, plan, header, groups);
  },
});

/** weights.json without its groups: the experiment, and the engine (and backend) that trained it. */
type WeightsHeader = Omit<TrainedWeights, 'groups'>;

/** Trains every group of `plan` (the node's, or one shard's) in order. */
async function trainPlan(ctx: StageContext<Params>, plan: TrainingPlan): Promise<{ header: WeightsHeader; groups: GroupResult[] }> {
  // tfjs and the kernel are loaded only here, so that the pipeline's warm path never pays for them.
  const { initBackend } = await import('../model/backend.ts');
  const { chooseTraining, describeTraining, trainModelWithEngine, trainWithEngine } = await import('../model/engine.ts');
  const training = chooseTraining(ctx.params.engine, ctx.params.backend);
  const engine = training.engine;
  ctx.log(`training with ${describeTraining(training)}`);
  if (training.backend !== null) await initBackend(training.backend);
  // Every core, even when other nodes run beside this one (--jobs): the fused engine's chunks are
  // coarse, so oversubscription costs little, and the longest node gets all cores once the short
  // ones are done. Results do not depend on the thread count.
  const threads = availableParallelism();
  const total = plan.groups.reduce((n, g) => n + g.steps, 0);
  let before = 0;
  const header: WeightsHeader = {
    experiment: plan.experiment,
    engine,
    ...(training.backend === null ? {} : { backend: training.backend.id }),
  };
  const groups: GroupResult[] = [];
  for (const [k, group] of plan.groups.entries()) {
    const model = await loadModel(plan.experiment, group.run, group.model);
    const options = {
      threads,
      onProgress: ({ step, loss }: TrainingProgress) =>
        ctx.progress({ done: before + step, total, detail: `group ${k + 1}/${plan.groups.length} loss ${loss.toPrecision(4)}` }),
    };
    if (trainsOnTiedPaths(model, group.l1, group.attack !== undefined)) {
      const result = await trainWithEngine(engine, trainingGroupOf(plan, group, model), options);
      groups.push({
        trained: {
          run: group.run,
          W: Array.from(result.W),
          b: Array.from(result.b),
          lossSteps: result.lossSteps,
          lossCurve: Array.from(result.lossCurve),
        },
        snapshots: result.snapshots,
      });
    } else {
      const result = await trainModelWithEngine(engine, modelTrainingGroupOf(plan, group, model), options);
      const { encoder, bias } = model.layers;
      const trained: GroupResult['trained'] = {
        run: group.run,
        W: Array.from(result.params[encoder] ?? []),
        b: Array.from(result.params[bias] ?? []),
        lossSteps: result.lossSteps,
        lossCurve: Array.from(result.lossCurve),
      };
      // every parameter by name where W and b do not already hold them all (an untied decoder)
      if (model.parameters.some((p) => p.name !== encoder && p.name !== bias)) {
        trained.params = Object.fromEntries(Object.entries(result.params).map(([name, values]) => [name, Array.from(values)]));
      }
      groups.push({ trained, snapshots: undefined });
    }
    before += group.steps;
  }
  return { header, groups };
}

/** The shape of a group's snapshots (data/snapshots.ts). */
function snapshotShape(plan: TrainingPlan, group: TrainingPlan['groups'][number]): { instances: number; features: number; hidden: number } {
  return { instances: group.instances.length, features: plan.features, hidden: plan.hidden };
}

/**
 * weights.json, and snapshots.f32 when some group recorded snapshots (weights.json indexes it): what a
 * whole run, a shard and a merge all write, so that a merge's bytes are a whole run's.
 */
async function writeResults(outDir: string, plan: TrainingPlan, header: WeightsHeader, groups: readonly GroupResult[]): Promise<void> {
  const weights: TrainedWeights = { ...header, groups: groups.map((g) => ({ ...g.trained })) };
  if (groups.some((g) => g.snapshots !== undefined)) {
    const { bytes, index } = encodeSnapshots(
      plan.groups.map((g, k) => ({ snapshots: groups[k]!.snapshots, shape: snapshotShape(plan, g) })),
    );
    weights.groups.forEach((g, k) => {
      const entry = index[k];
      if (entry !== undefined) g.snapshots = entry;
    });
    await writeFile(join(outDir, SNAPSHOTS_FILE), bytes);
  }
  await WEIGHTS.write(outDir, weights);
}

/** What writeResults wrote into `dir` for `plan` (a shard's), read back. */
async function readResults(dir: string, plan: TrainingPlan): Promise<{ header: WeightsHeader; groups: GroupResult[] }> {
  const { groups, ...header } = await WEIGHTS.read(dir);
  if (groups.length !== plan.groups.length) throw new Error(`${dir}: ${groups.length} groups, its shard plans ${plan.groups.length}`);
  const snapshots = groups.some((g) => g.snapshots !== undefined)
    ? decodeSnapshots(
        await readFile(join(dir, SNAPSHOTS_FILE)),
        { groups },
        plan.groups.map((g) => snapshotShape(plan, g)),
      )
    : groups.map(() => null);
  return {
    header,
    groups: groups.map(({ snapshots: _index, ...trained }, k) => ({ trained, snapshots: snapshots[k] ?? undefined })),
  };
}
