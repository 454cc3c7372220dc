// Stage 3, analyze: measure every trained model (norms, superposition, WᵀW, dimensionality, D*,
// held-out loss), pick the lowest-loss replica of each cell, follow D_i and the held-out loss through
// the weight snapshots where training recorded them, and check the experiment's claims.
// Pure functions from analysis/ do the work; this file only reads and writes.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RAISED_EVAL_SAMPLES, checkClaims } from '../analysis/claims.ts';
import { deriveResults } from '../analysis/derived.ts';
import { modelDynamics, showcaseModel } from '../analysis/dynamics.ts';
import { expectedLoss, expectedLossComputable } from '../analysis/expected-loss.ts';
import { analyzeModel, evalLoss, selectLowestLoss, toRows } from '../analysis/metrics.ts';
import type { DynamicsAnalysis, ExperimentAnalysis, ModelAnalysis, ModelDynamics } from '../analysis/types.ts';
import { drawHeldOut } from '../data/held-out.ts';
import { instanceDensity, instanceImportance, type PlannedInstance, type TrainedWeights, type TrainingPlan } from '../data/plan.ts';
import { decodeSnapshots, snapshotAt, SNAPSHOTS_FILE } from '../data/snapshots.ts';
import type { WeightSnapshots } from '../core/types.ts';
import { isUnpenalisedTiedModel, tiedModelActivation, type ModelDefinition } from '../core/models/types.ts';
import { modelEvalLoss, modelInputs } from '../analysis/model-eval.ts';
import { defineStage } from './define.ts';
import { allSeedItems, parseSeedItem } from './items.ts';
import { claimFilesOf, loadClaims, loadExperiment, loadModels, modelFilesOf } from './declarations.ts';
import { CLAIMS, METRICS, PLAN, WEIGHTS } from './outputs.ts';

/** Each model's held-out samples, [plan.evalSamples, F]; by default drawn from its seed (tests pass their own). */
export type HeldOutSamples = (instance: PlannedInstance) => Float32Array;

/**
 * @param definitions the definition of every model the plan's groups train, by kind
 */
export function analyzeExperiment(
  plan: TrainingPlan,
  weights: TrainedWeights,
  definitions: ReadonlyMap<string, ModelDefinition>,
  heldOut: HeldOutSamples = (inst) => drawHeldOut(plan, inst),
): ExperimentAnalysis {
  const { features: F, hidden: H } = plan;
  const shape = { features: F, hidden: H };
  const modelOf = (group: TrainingPlan['groups'][number]): ModelDefinition => {
    const model = definitions.get(group.model);
    if (model === undefined) throw new Error(`analyze: no definition given for run ${group.run}'s model ${group.model}`);
    return model;
  };
  // restarts are ranked by the exact expected loss wherever it can be computed (the tied model, few
  // features), else by the held-out sample
  const tied = plan.groups.every((group) => isUnpenalisedTiedModel(modelOf(group), group.l1));
  const ranking = tied && expectedLossComputable(F) ? 'expected' : 'held-out';
  // where the held-out sample was enlarged, the loss on the old (first) samples too, for the table of changes
  const priorSamples = RAISED_EVAL_SAMPLES[plan.experiment];
  const models: ModelAnalysis[] = [];
  plan.groups.forEach((group, g) => {
    const trained = weights.groups[g];
    if (!trained || trained.run !== group.run) throw new Error(`weights for run ${group.run} are missing`);
    const I = group.instances.length;
    const lastLoss = trained.lossCurve.slice(-I);
    const definition = modelOf(group);
    const tiedGroup = isUnpenalisedTiedModel(definition, group.l1);
    group.instances.forEach((inst, i) => {
      const W = trained.W.slice(i * F * H, (i + 1) * F * H);
      const b = trained.b.slice(i * F, (i + 1) * F);
      const x = heldOut(inst);
      const rows = toRows(W, F, H);
      // each instance's own importance where its run varies it, else the shared one
      const importance = instanceImportance(plan, inst);
      /** the held-out loss on the first n samples: the tied model's own formula, or through the definition */
      const lossOn = (n: number): number => {
        const sample = x.subarray(0, n * F);
        if (tiedGroup) return evalLoss(rows, b, sample, importance, group.activation);
        return modelEvalLoss(definition, instanceParams(definition, trained, i, shape), modelInputs(definition, sample), importance, shape);
      };
      const loss = lossOn(plan.evalSamples);
      const prior = priorSamples !== undefined && priorSamples < plan.evalSamples ? lossOn(priorSamples) : undefined;
      const meta = {
        index: inst.index,
        run: group.run,
        recipe: group.recipe,
        activation: group.activation,
        density: inst.density,
        replica: inst.replica,
        features: F,
        hidden: H,
      };
      const model = analyzeModel(W, b, meta, loss, lastLoss[i] ?? Number.NaN);
      const { encoder, decoder } = definition.layers;
      const untiedDecoder = decoder === encoder ? undefined : instanceParams(definition, trained, i, shape)[decoder];
      const density = instanceDensity(plan, inst);
      models.push({
        ...model,
        ...(tiedModelActivation(definition) === null ? { model: definition.kind } : {}),
        ...(untiedDecoder !== undefined ? { decoder: toRows(untiedDecoder, F, H) } : {}),
        ...(group.l1 !== undefined ? { l1: group.l1 } : {}),
        ...(group.attack !== undefined ? { attack: group.attack } : {}),
        ...(group.attackNorm !== undefined ? { attackNorm: group.attackNorm } : {}),
        ...(inst.importance !== undefined ? { importance: inst.importance } : {}),
        ...(inst.featureDensity !== undefined ? { featureDensity: inst.featureDensity } : {}),
        ...(prior !== undefined ? { priorEvalLoss: prior } : {}),
        ...(ranking === 'expected'
          ? { expectedLoss: expectedLoss(model.W, b, density, importance, group.activation, plan.featureSets) }
          : {}),
      });
    });
  });
  const sets = plan.featureSets;
  return {
    experiment: plan.experiment,
    features: F,
    hidden: H,
    importance: plan.importance,
    ...(sets ? { featureSets: sets } : {}),
    ranking,
    models,
    selected: selectLowestLoss(models),
  };
}

/**
 * The learning dynamics of every model whose group recorded snapshots (`snapshots[g]`, null where a
 * group has none): D_i and the held-out loss at each snapshot, the jumps, and the model to show. Null
 * when no group has snapshots.
 */
export function analyzeDynamics(
  plan: TrainingPlan,
  analysis: ExperimentAnalysis,
  snapshots: ReadonlyArray<WeightSnapshots | null>,
  heldOut: HeldOutSamples = (inst) => drawHeldOut(plan, inst),
): DynamicsAnalysis | null {
  const { features: F, hidden: H } = plan;
  const out: ModelDynamics[] = [];
  plan.groups.forEach((group, g) => {
    const s = snapshots[g];
    if (s === null || s === undefined) return;
    const shape = { instances: group.instances.length, features: F, hidden: H };
    group.instances.forEach((inst, i) => {
      const x = heldOut(inst);
      const rows = s.steps.map((_, t) => toRows(snapshotAt(s, shape, t, i).W, F, H));
      const loss = rows.map((W, t) => evalLoss(W, snapshotAt(s, shape, t, i).b, x, instanceImportance(plan, inst), group.activation));
      const model = analysis.models.findIndex((m) => m.index === inst.index);
      out.push(modelDynamics(model, s.steps, rows, loss));
    });
  });
  if (out.length === 0) return null;
  return { models: out, shown: showcaseModel(out, (k) => analysis.models[k]?.evalLoss ?? Number.NaN) };
}

/** The definitions of the models a plan trains, by kind. */
async function loadModelsOfPlan(plan: TrainingPlan): Promise<Map<string, ModelDefinition>> {
  return loadModels(plan.experiment, { runs: plan.groups.map((g) => ({ model: g.model })) });
}

/** Instance i's parameters by name: its encoder and bias from W and b, any other from the group's params. */
function instanceParams(
  model: ModelDefinition,
  trained: TrainedWeights['groups'][number],
  i: number,
  shape: { features: number; hidden: number },
): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const p of model.parameters) {
    const size = p.shape(shape).reduce((a, b) => a * b, 1);
    const all = p.name === model.layers.encoder ? trained.W : p.name === model.layers.bias ? trained.b : trained.params?.[p.name];
    if (all === undefined) throw new Error(`analyze: the weights of run ${trained.run} have no ${p.name}`);
    out[p.name] = all.slice(i * size, (i + 1) * size);
  }
  return out;
}

export default defineStage({
  name: 'analyze',
  description: 'measure every trained model and check the paper claims the experiment declares',
  file: 'stages/analyze.ts',
  foreach: true,
  items: allSeedItems,
  needs: [
    { stage: 'generate', items: 'same' },
    { stage: 'train', items: 'same' },
  ],
  paramKeys: () => [],
  // the experiment's claims and the definitions of the models it trains (their forward passes evaluate them)
  itemFiles: async (item, params) => {
    const { experiment } = parseSeedItem(item);
    return [...(await claimFilesOf(experiment)), ...modelFilesOf(experiment, params.experiments[experiment]!)];
  },
  async run(ctx) {
    const id = parseSeedItem(ctx.node.item).experiment;
    const plan = await PLAN.read(ctx.input('generate'));
    const weights = await WEIGHTS.read(ctx.input('train'));
    const analysis = analyzeExperiment(plan, weights, await loadModelsOfPlan(plan));
    // snapshots.f32 exists only when a run set snapshot_every (stages/train.ts)
    const snapshotsPath = join(ctx.input('train'), SNAPSHOTS_FILE);
    if (existsSync(snapshotsPath)) {
      const shapes = plan.groups.map((g) => ({ instances: g.instances.length, features: plan.features, hidden: plan.hidden }));
      const dynamics = analyzeDynamics(plan, analysis, decodeSnapshots(await readFile(snapshotsPath), weights, shapes));
      if (dynamics !== null) analysis.dynamics = dynamics;
    }
    analysis.derived = deriveResults(analysis);
    const experiment = await loadExperiment(id);
    const claims = checkClaims(analysis, await loadClaims(id, experiment));
    await METRICS.write(ctx.outDir, analysis);
    await CLAIMS.write(ctx.outDir, claims);
    const passed = claims.filter((c) => c.status === 'pass').length;
    const judged = claims.filter((c) => c.status !== 'not-judged').length;
    ctx.log(`${analysis.models.length} models analysed; claims: ${passed} of ${judged} judged pass`);
  },
});
