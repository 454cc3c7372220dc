// One experiment seed's trained models as named arrays, the contents of the .npz that `npm run export`
// writes (the names, dtypes and shapes are documented in README.md, "Opening the models in Python").
// Pure: the plan, the weights and the decoded snapshots go in, arrays come out; reading the cache is
// export/source.ts's job and writing the file export/command.ts's.
//
// Every model of the seed lies on one model axis N, in plan order (group by group, each group's instances
// in order), the order of plan.json, weights.json and the analysis. Per-group arrays (loss curves,
// snapshots) keep their group's own instance axis I_g and are named by the group's position g in the plan;
// `run[n]` and `instance[n]` say where model n is in them.

import type { WeightSnapshots } from '../core/types.ts';
import { instanceDensity, instanceImportance, type PlannedInstance, type TrainedWeights, type TrainingPlan } from '../data/plan.ts';
import { float32Array, float32Stream, int32Array, unicodeScalar, type NpyArray } from './npy.ts';

/** What one export holds, read from the cache (export/source.ts). */
export interface ExportSource {
  /** the train node, e.g. train@intro/20221014 */
  node: string;
  experiment: string;
  baseSeed: number;
  plan: TrainingPlan;
  weights: TrainedWeights;
  /** one per plan group: its decoded snapshots, or null where the group recorded none */
  snapshots: ReadonlyArray<WeightSnapshots | null>;
  /** where the data came from: the train run's cache key and time, and the sha256 of each file read */
  provenance: { trainKey: string; createdAt: string; files: Record<string, string> };
}

export interface NamedArray {
  name: string;
  array: NpyArray;
  /** axis names, one per dimension */
  axes: string[];
  about: string;
}

/** Version of the layout below, written into `meta`; raise it when a name, shape or meaning changes. */
export const EXPORT_FORMAT = 1;

/** The held-out samples of one model, [S, F] (data/held-out.ts's drawHeldOut in the command). */
export type HeldOutDraw = (instance: PlannedInstance) => Float32Array;

/**
 * The arrays of the export, `meta` first, in a fixed order. With `heldOut`, also `held_out/x` [N, S, F],
 * drawn model by model while the file is written.
 */
export function modelArrays(source: ExportSource, heldOut?: HeldOutDraw): NamedArray[] {
  const { plan, weights } = source;
  const { features: F, hidden: H } = plan;
  if (weights.groups.length !== plan.groups.length)
    throw new Error(`weights.json has ${weights.groups.length} group(s), plan.json ${plan.groups.length}`);
  if (source.snapshots.length !== plan.groups.length)
    throw new Error(`${source.snapshots.length} snapshot entries for ${plan.groups.length} group(s)`);
  const N = plan.groups.reduce((n, g) => n + g.instances.length, 0);

  const W = new Float32Array(N * F * H);
  const b = new Float32Array(N * F);
  const importance = new Float32Array(N * F);
  const density = new Float32Array(N * F);
  const run = new Int32Array(N);
  const instance = new Int32Array(N);
  const replica = new Int32Array(N);
  const perGroup: NamedArray[] = [];
  const groupsMeta: Record<string, unknown>[] = [];
  let n0 = 0;
  plan.groups.forEach((group, g) => {
    const trained = weights.groups[g]!;
    const I = group.instances.length;
    if (trained.run !== group.run) throw new Error(`group ${g}: weights.json has run ${trained.run}, plan.json run ${group.run}`);
    expectLength(`group ${g} W`, trained.W.length, I * F * H);
    expectLength(`group ${g} b`, trained.b.length, I * F);
    // JSON holds the float32 results as the doubles they convert to exactly, so this is bit for bit
    W.set(trained.W, n0 * F * H);
    b.set(trained.b, n0 * F);
    group.instances.forEach((inst, i) => {
      const n = n0 + i;
      // float32, as the trainer got them (data/plan.ts trainingGroupOf): each instance's own where its run varies them
      importance.set(instanceImportance(plan, inst), n * F);
      density.set(instanceDensity(plan, inst), n * F);
      run[n] = g;
      instance[n] = i;
      replica[n] = inst.replica;
    });

    // a model with parameters besides its encoder and bias (an untied decoder): all of them, by name
    for (const [name, values] of Object.entries(trained.params ?? {})) {
      const size = values.length / I;
      const shape = size === F * H ? [I, F, H] : [I, F];
      expectLength(
        `group ${g} ${name}`,
        values.length,
        shape.reduce((a, d) => a * d, 1),
      );
      perGroup.push(
        named(
          `params/${g}/${name}`,
          float32Array(shape, Float32Array.from(values)),
          shape.length === 3 ? ['instance', 'feature', 'hidden'] : ['instance', 'feature'],
          `final ${name} of group ${g}'s ${group.model} models`,
        ),
      );
    }
    const T = trained.lossSteps.length;
    expectLength(`group ${g} loss curve`, trained.lossCurve.length, T * I);
    perGroup.push(
      named(
        `loss_steps/${g}`,
        int32Array([T], Int32Array.from(trained.lossSteps)),
        ['record'],
        `steps at which group ${g}'s loss was recorded`,
      ),
      named(
        `loss/${g}`,
        float32Array([T, I], Float32Array.from(trained.lossCurve)),
        ['record', 'instance'],
        `training loss of group ${g}'s models at those steps (the recipe's reduction)`,
      ),
    );
    const snapshots = source.snapshots[g] ?? null;
    if (snapshots !== null) {
      const S = snapshots.steps.length;
      expectLength(`group ${g} snapshot W`, snapshots.W.length, S * I * F * H);
      expectLength(`group ${g} snapshot b`, snapshots.b.length, S * I * F);
      perGroup.push(
        named(
          `snapshots/${g}/steps`,
          int32Array([S], Int32Array.from(snapshots.steps)),
          ['snapshot'],
          `steps of group ${g}'s weight snapshots (0 = initial weights, the last = final weights)`,
        ),
        named(
          `snapshots/${g}/W`,
          float32Array([S, I, F, H], snapshots.W),
          ['snapshot', 'instance', 'feature', 'hidden'],
          `W of group ${g}'s models after that many steps`,
        ),
        named(`snapshots/${g}/b`, float32Array([S, I, F], snapshots.b), ['snapshot', 'instance', 'feature'], `b of group ${g}'s models`),
      );
    }
    groupsMeta.push({
      group: g,
      run: group.run,
      recipe: group.recipe,
      model: group.model,
      activation: group.activation,
      l1: group.l1 ?? 0,
      models: [n0, n0 + I],
      optimizer: {
        kind: group.optimizer.kind,
        lr: group.optimizer.lr,
        weight_decay: group.optimizer.weightDecay,
        beta1: group.optimizer.beta1,
        beta2: group.optimizer.beta2,
        alpha: group.optimizer.alpha,
        eps: group.optimizer.eps,
      },
      steps: group.steps,
      batch: group.batch,
      mask: group.mask,
      loss: group.loss,
      log_every: group.logEvery,
      snapshot_every: group.snapshotEvery ?? null,
      init: group.init,
      bias_init: group.biasInit,
      loss_records: T,
      snapshots: snapshots?.steps.length ?? 0,
    });
    n0 += I;
  });

  const arrays: NamedArray[] = [
    named(
      'W',
      float32Array([N, F, H], W),
      ['model', 'feature', 'hidden'],
      "final weights (the model's encoder: W, or W1 when untied); row W[n, f] is the paper's column W_f",
    ),
    named('b', float32Array([N, F], b), ['model', 'feature'], 'final output biases'),
    named('importance', float32Array([N, F], importance), ['model', 'feature'], "each feature's importance in the loss"),
    named('density', float32Array([N, F], density), ['model', 'feature'], "each feature's probability of being non-zero (1 − S)"),
    named('run', int32Array([N], run), ['model'], "the model's group g in the plan: its loss is loss/<g>, its snapshots snapshots/<g>/…"),
    named('instance', int32Array([N], instance), ['model'], "the model's position in its group's instance axis"),
    named('replica', int32Array([N], replica), ['model'], 'restart index of the model within its setting'),
    ...perGroup,
  ];
  if (heldOut !== undefined) {
    const S = plan.evalSamples;
    const instances = plan.groups.flatMap((g) => g.instances);
    arrays.push(
      named(
        'held_out/x',
        float32Stream([N, S, F], function* () {
          for (const inst of instances) {
            const x = heldOut(inst);
            expectLength(`held-out samples of model ${inst.index}`, x.length, S * F);
            yield x;
          }
        }),
        ['model', 'sample', 'feature'],
        "each model's held-out samples, drawn from its eval seed as the analysis draws them",
      ),
    );
  }

  const meta = {
    format: EXPORT_FORMAT,
    node: source.node,
    experiment: source.experiment,
    base_seed: source.baseSeed,
    features: F,
    hidden: H,
    models: N,
    shared_importance: plan.importance,
    feature_sets: plan.featureSets ?? [],
    eval_samples: plan.evalSamples,
    held_out: heldOut !== undefined,
    backend: weights.backend,
    engine: weights.engine,
    source: { train_key: source.provenance.trainKey, created_at: source.provenance.createdAt, sha256: source.provenance.files },
    groups: groupsMeta,
    arrays: Object.fromEntries(arrays.map((a) => [a.name, { dtype: a.array.descr, shape: a.array.shape, axes: a.axes, about: a.about }])),
  };
  return [named('meta', unicodeScalar(JSON.stringify(meta)), [], 'this description, as JSON'), ...arrays];
}

function named(name: string, array: NpyArray, axes: string[], about: string): NamedArray {
  if (axes.length !== array.shape.length) throw new Error(`${name}: ${axes.length} axis names for ${array.shape.length} dimensions`);
  return { name, array, axes, about };
}

function expectLength(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${what}: ${actual} values, expected ${expected}`);
}
