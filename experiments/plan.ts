// The training plan of one experiment on one base seed, from its parameters: every run group's model and
// resolved recipe, each model's initial parameters, and the seeds of its data and held-out streams. Pure:
// the generate stage writes what this returns, and the scheduler estimates training cost from it. Each
// model has its own streams, derived from the base seed and the model's place in the grid, so adding a
// density, a value of r or ρ, a restart or a base seed never changes the others.

import type { ModelDefinition } from '../core/models/types.ts';
import type { PlannedGroup, TrainingPlan } from '../data/plan.ts';
import { averageInputNorm } from '../data/input-norm.ts';
import { createPrng, deriveSeed } from '../data/prng.ts';
import {
  densityList,
  extraImportanceList,
  initialSpread,
  trainingSettings,
  relativeDensityList,
  resolveRecipe,
  runModelKind,
  type ExperimentParams,
  type Params,
} from './params.ts';

/**
 * @param models the definition of every model the runs name, by kind (stages/declarations.ts loadModels)
 */
export function buildPlan(
  id: string,
  experiment: ExperimentParams,
  params: Pick<Params, 'recipes'>,
  seed: number,
  models: ReadonlyMap<string, ModelDefinition>,
): TrainingPlan {
  const { features: F, hidden: H } = experiment;
  const shape = { features: F, hidden: H };
  const groups: PlannedGroup[] = [];
  let index = 0;
  experiment.runs.forEach((run, r) => {
    const kind = runModelKind(run);
    const model = models.get(kind);
    if (model === undefined) throw new Error(`buildPlan: experiments.${id}.runs[${r}] trains ${kind}, whose definition was not given`);
    const recipe = resolveRecipe(params, run);
    const densities = densityList(run.densities);
    const extras = extraImportanceList(run.extra_importance);
    const relatives = relativeDensityList(run.extra_relative_density);
    const { W: std, b: bStd } = initialSpread(recipe, experiment, run);
    const group: PlannedGroup = {
      run: r,
      recipe: run.recipe,
      model: kind,
      activation: model.layers.output,
      // only when asked, so that the plans of runs without a penalty keep their bytes
      ...(run.l1 !== undefined && run.l1 > 0 ? { l1: run.l1 } : {}),
      // only when asked, so that the plans of runs without an attack keep their bytes
      ...(run.attack !== undefined ? { attack: run.attack } : {}),
      ...(run.attack !== undefined && run.attack_norm === 'example' ? { attackNorm: 'example' as const } : {}),
      ...trainingSettings(recipe),
      // only when asked, so that the plans of runs without snapshots keep their bytes
      ...(run.snapshot_every !== undefined ? { snapshotEvery: run.snapshot_every } : {}),
      init: recipe.init,
      biasInit: recipe.bias_init,
      instances: [],
      params0: Object.fromEntries(model.parameters.map((p) => [p.name, []])),
    };
    /**
     * One model's initial parameters in its definition's order, from its own stream (the only place
     * parameters are drawn): a weight std·N(0, 1) per entry, a bias bStd·N(0, 1) when randn, else 0 (no
     * draw). For the paper's model, W [F·H] then b [F].
     */
    const drawInitial = (initSeed: number): void => {
      const init = createPrng(initSeed);
      for (const p of model.parameters) {
        const values = group.params0[p.name] as number[];
        const size = p.shape(shape).reduce((a, b) => a * b, 1);
        for (let q = 0; q < size; q += 1) {
          if (p.role === 'weight') values.push(Math.fround(std * init.normal()));
          else values.push(recipe.bias_init === 'randn' ? Math.fround(bStd * init.normal()) : 0);
        }
      }
    };
    densities.forEach((density, d) => {
      if (extras !== null) {
        // per-instance importance: densities × r values × restarts, each with its own streams
        extras.forEach((extra, k) => {
          const importance = Array.from({ length: F }, (_, i) => Math.fround(i === F - 1 ? extra : experiment.importance_decay ** i));
          for (let replica = 0; replica < run.restarts; replica += 1) {
            drawInitial(deriveSeed(seed, 'init', r, d, 'extra', k, replica));
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
            drawInitial(deriveSeed(seed, 'init', r, d, 'relative-density', k, replica));
            const dataSeed = deriveSeed(seed, 'data', r, d, 'relative-density', k, replica);
            group.instances.push({ index, density, replica, dataSeed, featureDensity, evalSeed });
            index += 1;
          }
        });
        return;
      }
      // adversarial training: ε is the run's fraction of the average input norm at this density, or the
      // fraction itself when each example's attack is sized by the example's own norm
      const epsilon =
        run.attack === undefined
          ? 0
          : run.attack_norm === 'example'
            ? run.attack
            : run.attack * averageInputNorm(new Array<number>(F).fill(density), experiment.feature_sets);
      for (let replica = 0; replica < run.restarts; replica += 1) {
        drawInitial(deriveSeed(seed, 'init', r, d, replica));
        group.instances.push({
          index,
          density,
          replica,
          dataSeed: deriveSeed(seed, 'data', r, d, replica),
          evalSeed: deriveSeed(seed, 'eval', index),
          ...(run.attack !== undefined ? { attackEpsilon: epsilon, attackSeed: deriveSeed(seed, 'attack', r, d, replica) } : {}),
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
