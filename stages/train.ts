// Stage 2, train: execute the plan, one group of instances at a time (the instances of a group train
// side by side, like the official notebook), with the engine model/engine.ts picks (and, for the tfjs
// engine, its TensorFlow.js backend).
// The paper's tied model goes to the hand-written trainers (model/train.ts, the fused kernel's tied
// paths); every other model of core/models/ to the trainers that run any definition. Reads no parameters
// but the backend and engine: everything else comes from the plan, so its key follows the plan's digest
// (and the code of the models it trains). Writes weights.json and, when some group snapshots its
// weights (snapshot_every), snapshots.f32 beside it (layout in data/snapshots.ts).

import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { trainsOnTiedPaths } from '../core/models/types.ts';
import { modelTrainingGroupOf, trainingGroupOf, type TrainedGroup, type TrainedWeights, type TrainingPlan } from '../data/plan.ts';
import { encodeSnapshots, SNAPSHOTS_FILE } from '../data/snapshots.ts';
import type { TrainingProgress, WeightSnapshots } from '../core/types.ts';
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
  async run(ctx) {
    const plan = await PLAN.read(ctx.input('generate'));
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
    const weights: TrainedWeights = {
      experiment: plan.experiment,
      engine,
      ...(training.backend === null ? {} : { backend: training.backend.id }),
      groups: [],
    };
    const snapshots: Array<WeightSnapshots | undefined> = [];
    for (const group of plan.groups) {
      const model = await loadModel(plan.experiment, group.run, group.model);
      const options = {
        threads,
        onProgress: ({ step, loss }: TrainingProgress) =>
          ctx.progress({ done: before + step, total, detail: `group ${group.run + 1}/${plan.groups.length} loss ${loss.toPrecision(4)}` }),
      };
      if (trainsOnTiedPaths(model, group.l1, group.attack !== undefined)) {
        const result = await trainWithEngine(engine, trainingGroupOf(plan, group, model), options);
        weights.groups.push({
          run: group.run,
          W: Array.from(result.W),
          b: Array.from(result.b),
          lossSteps: result.lossSteps,
          lossCurve: Array.from(result.lossCurve),
        });
        snapshots.push(result.snapshots);
      } else {
        const result = await trainModelWithEngine(engine, modelTrainingGroupOf(plan, group, model), options);
        const { encoder, bias } = model.layers;
        const trained: TrainedGroup = {
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
        weights.groups.push(trained);
        snapshots.push(undefined);
      }
      before += group.steps;
    }
    // snapshots.f32 exists only when some group recorded snapshots; weights.json indexes it
    if (snapshots.some((s) => s !== undefined)) {
      const shape = (g: TrainingPlan['groups'][number]) => ({
        instances: g.instances.length,
        features: plan.features,
        hidden: plan.hidden,
      });
      const { bytes, index } = encodeSnapshots(plan.groups.map((g, k) => ({ snapshots: snapshots[k], shape: shape(g) })));
      weights.groups.forEach((g, k) => {
        const entry = index[k];
        if (entry !== undefined) g.snapshots = entry;
      });
      await writeFile(join(ctx.outDir, SNAPSHOTS_FILE), bytes);
    }
    await WEIGHTS.write(ctx.outDir, weights);
  },
});
