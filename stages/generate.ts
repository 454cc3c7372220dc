// Stage 1, generate: turn an experiment's parameters into a training plan (every group's resolved
// recipe, initial weights, and per-instance data and held-out seeds). The held-out samples themselves are
// drawn by the analysis from those seeds (data/held-out.ts). Each instance has its own streams, so adding a
// density or a seed never changes the others.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PLAN_FILE, type PlannedGroup, type TrainingPlan } from '../data/plan.ts';
import { createPrng, deriveSeed } from '../data/prng.ts';
import {
  densityList,
  experimentModelKeys,
  extraImportanceList,
  initialSpread,
  optimizerConfig,
  recipesOf,
  relativeDensityList,
  resolveRecipe,
  type ExperimentParams,
  type Params,
} from '../experiments/params.ts';
import { defineStage } from './define.ts';
import { allSeedItems, parseSeedItem } from './items.ts';

export function buildPlan(id: string, experiment: ExperimentParams, params: Pick<Params, 'recipes'>, seed: number): TrainingPlan {
  const { features: F, hidden: H } = experiment;
  const groups: PlannedGroup[] = [];
  let index = 0;
  experiment.runs.forEach((run, r) => {
    const recipe = resolveRecipe(params, run);
    const densities = densityList(run.densities);
    const extras = extraImportanceList(run.extra_importance);
    const relatives = relativeDensityList(run.extra_relative_density);
    const { W: std, b: bStd } = initialSpread(recipe, experiment, run);
    const group: PlannedGroup = {
      run: r,
      recipe: run.recipe,
      activation: run.activation,
      optimizer: optimizerConfig(recipe),
      steps: recipe.steps,
      batch: recipe.batch,
      mask: recipe.mask,
      loss: recipe.loss,
      logEvery: Math.max(1, Math.round(recipe.steps / 200)),
      // only when asked, so that the plans of runs without snapshots keep their bytes
      ...(run.snapshot_every !== undefined ? { snapshotEvery: run.snapshot_every } : {}),
      init: recipe.init,
      biasInit: recipe.bias_init,
      instances: [],
      W0: [],
      b0: [],
    };
    densities.forEach((density, d) => {
      if (extras !== null) {
        // per-instance importance: densities × r values × restarts, each with its own streams
        extras.forEach((extra, k) => {
          const importance = Array.from({ length: F }, (_, i) => Math.fround(i === F - 1 ? extra : experiment.importance_decay ** i));
          for (let replica = 0; replica < run.restarts; replica += 1) {
            const init = createPrng(deriveSeed(seed, 'init', r, d, 'extra', k, replica));
            for (let q = 0; q < F * H; q += 1) group.W0.push(Math.fround(std * init.normal()));
            for (let f = 0; f < F; f += 1) group.b0.push(recipe.bias_init === 'randn' ? Math.fround(bStd * init.normal()) : 0);
            const dataSeed = deriveSeed(seed, 'data', r, d, 'extra', k, replica);
            group.instances.push({ index, density, replica, dataSeed, importance, evalSeed: deriveSeed(seed, 'eval', index) });
            index += 1;
          }
        });
        return;
      }
      if (relatives !== null) {
        // per-instance density of the last feature: densities × ρ values × restarts, each with its own streams,
        // the replicas of a (density, ρ) cell sharing one held-out stream so that their losses compare fairly
        relatives.forEach((rho, k) => {
          const featureDensity = Array.from({ length: F }, (_, i) => (i === F - 1 ? density * rho : density));
          const evalSeed = deriveSeed(seed, 'eval', r, d, 'relative-density', k);
          for (let replica = 0; replica < run.restarts; replica += 1) {
            const init = createPrng(deriveSeed(seed, 'init', r, d, 'relative-density', k, replica));
            for (let q = 0; q < F * H; q += 1) group.W0.push(Math.fround(std * init.normal()));
            for (let f = 0; f < F; f += 1) group.b0.push(recipe.bias_init === 'randn' ? Math.fround(bStd * init.normal()) : 0);
            const dataSeed = deriveSeed(seed, 'data', r, d, 'relative-density', k, replica);
            group.instances.push({ index, density, replica, dataSeed, featureDensity, evalSeed });
            index += 1;
          }
        });
        return;
      }
      for (let replica = 0; replica < run.restarts; replica += 1) {
        const init = createPrng(deriveSeed(seed, 'init', r, d, replica));
        for (let k = 0; k < F * H; k += 1) group.W0.push(Math.fround(std * init.normal()));
        for (let f = 0; f < F; f += 1) group.b0.push(recipe.bias_init === 'randn' ? Math.fround(bStd * init.normal()) : 0);
        group.instances.push({
          index,
          density,
          replica,
          dataSeed: deriveSeed(seed, 'data', r, d, replica),
          evalSeed: deriveSeed(seed, 'eval', index),
        });
        index += 1;
      }
    });
    groups.push(group);
  });
  const importance = Array.from({ length: F }, (_, i) => Math.fround(experiment.importance_decay ** i));
  const featureSets = experiment.feature_sets;
  return {
    experiment: id,
    features: F,
    hidden: H,
    importance,
    evalSamples: experiment.eval_samples,
    ...(featureSets ? { featureSets } : {}),
    groups,
  };
}

export default defineStage({
  name: 'generate',
  description: "resolve the training plan: recipes, initial weights, and the seeds of every model's data and held-out samples",
  file: 'stages/generate.ts',
  foreach: true,
  items: allSeedItems,
  needs: [],
  paramKeys: (params, item) => {
    const { experiment } = parseSeedItem(item);
    const e = params.experiments[experiment]!;
    return [...experimentModelKeys(experiment, e), ...recipesOf(e).map((r) => `recipes.${r}`)];
  },
  async run(ctx) {
    const id = parseSeedItem(ctx.node.item).experiment;
    const plan = buildPlan(id, ctx.params.experiments[id]!, ctx.params, ctx.seed);
    await writeFile(join(ctx.outDir, PLAN_FILE), `${JSON.stringify(plan)}\n`);
    const count = plan.groups.reduce((n, g) => n + g.instances.length, 0);
    ctx.log(`${count} models in ${plan.groups.length} group(s), ${plan.evalSamples} held-out samples each to draw`);
  },
});
