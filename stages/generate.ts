// Stage 1, generate: write an experiment's training plan for one base seed (experiments/plan.ts: every
// group's model and resolved recipe, initial parameters, and per-instance data and held-out seeds). The
// held-out samples themselves are drawn by the analysis from those seeds (data/held-out.ts).

import { experimentModelKeys, recipesOf } from '../experiments/params.ts';
import { buildPlan } from '../experiments/plan.ts';
import { defineStage } from './define.ts';
import { loadModels, modelFilesOf } from './declarations.ts';
import { PLAN } from './outputs.ts';
import { allSeedItems, parseSeedItem } from './items.ts';

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
  // the definitions of the models its runs name (their parameters and how they start)
  itemFiles: (item, params) => {
    const { experiment } = parseSeedItem(item);
    return modelFilesOf(experiment, params.experiments[experiment]!);
  },
  async run(ctx) {
    const id = parseSeedItem(ctx.node.item).experiment;
    const experiment = ctx.params.experiments[id]!;
    const plan = buildPlan(id, experiment, ctx.params, ctx.seed, await loadModels(id, experiment));
    await PLAN.write(ctx.outDir, plan);
    const count = plan.groups.reduce((n, g) => n + g.instances.length, 0);
    ctx.log(`${count} models in ${plan.groups.length} group(s), ${plan.evalSamples} held-out samples each to draw`);
  },
});
