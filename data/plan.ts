// The training plan: what the generate stage decides and the train stage executes. Everything that
// determines a trained model is in here (configuration, initial weights, data seeds), so training
// reads no parameters of its own and its cache key follows the plan's digest.

import type { ModelDefinition } from '../core/models/types.ts';
import {
  trainingSettingsOf,
  type Activation,
  type AdversarialTraining,
  type FeatureSet,
  type ModelTrainingGroup,
  type TrainingGroup,
  type TrainingSettings,
} from '../core/types.ts';

export interface PlannedInstance {
  /** position in the experiment's flattened instance list */
  index: number;
  density: number;
  /** 0-based replica (seed) within its density */
  replica: number;
  dataSeed: number;
  /**
   * this instance's own importance [F], present only when its run sets extra_importance (the last
   * feature's importance varies across instances); otherwise the plan's shared `importance` applies
   */
  importance?: number[];
  /**
   * this instance's own density per feature [F], present only when its run sets extra_relative_density
   * (the last feature's density is `density` × ρ); otherwise every feature has density `density`
   */
  featureDensity?: number[];
  /**
   * seed of the held-out stream the analysis draws this instance's evaluation samples from (data/held-out.ts):
   * shared by the replicas of a cell in extra_relative_density runs (their restarts are compared by loss, and
   * common samples keep sampling noise out of that comparison), otherwise the instance's own
   */
  evalSeed: number;
  /**
   * adversarial training (runs with `attack`): the attack's L2 size ε = attack × E‖x‖₂ at this instance's
   * density (data/input-norm.ts), or the fraction `attack` itself when the group's attackNorm is 'example';
   * and the seed of its attack stream (data/attack-stream.ts)
   */
  attackEpsilon?: number;
  attackSeed?: number;
}

/** One run's group of models: its model, its training settings (the record the trainers take), its instances and their initial parameters. */
export interface PlannedGroup extends TrainingSettings {
  /** index of the run in params.yaml experiments.<id>.runs */
  run: number;
  recipe: string;
  /** the model the group trains: the kind of its definition, core/models/<kind>.ts */
  model: string;
  /** the model's output nonlinearity (its definition's layers.output), by which the analysis groups models */
  activation: Activation;
  /** λ of the L1 penalty on the hidden activations; present only when the run sets one */
  l1?: number;
  /**
   * adversarial training: the attack's size as a fraction of the average input norm (params.yaml
   * runs[].attack); present only when the run sets one, and then every instance has attackEpsilon and attackSeed
   */
  attack?: number;
  /** present (as 'example') when each example's attack is sized by its own norm (runs[].attack_norm: example) */
  attackNorm?: 'example';
  /** snapshot W and b every this many steps (model/snapshots.ts); present only when the run sets snapshot_every */
  snapshotEvery?: number;
  init: string;
  biasInit: string;
  instances: PlannedInstance[];
  /**
   * the initial value of every parameter of the model by name, in its definition's order, each
   * [I, ...its shape] flattened (the paper's model: W [I, F, H] and b [I, F])
   */
  params0: Record<string, number[]>;
}

export interface TrainingPlan {
  experiment: string;
  features: number;
  hidden: number;
  /** importance [F] shared by every instance that has no `importance` of its own */
  importance: number[];
  /** held-out samples per instance, drawn by the analysis from each instance's evalSeed (data/held-out.ts) */
  evalSamples: number;
  /**
   * correlated / anticorrelated feature sets of every group's data and of the held-out samples (data/feature-sets.ts);
   * present only when the experiment declares some, so plans without sets are unchanged
   */
  featureSets?: FeatureSet[];
  groups: PlannedGroup[];
}

/** What the train stage writes: the final weights and the loss curve of each group. */
export interface TrainedGroup {
  run: number;
  /** the features' directions, the model's encoder (layers.encoder: the paper's W, or W₁ when untied), [I, F, H] flattened */
  W: number[];
  /** the output bias (layers.bias), [I, F] flattened */
  b: number[];
  /**
   * every parameter by name, [I, ...its shape] flattened; present only for a model with parameters besides
   * its encoder and bias (an untied decoder), whose W and b above are the encoder and bias
   */
  params?: Record<string, number[]>;
  lossSteps: number[];
  /** [lossSteps.length, I] flattened */
  lossCurve: number[];
  /** where this group's weight snapshots lie in snapshots.f32 (data/snapshots.ts); only when it recorded some */
  snapshots?: SnapshotIndex;
}

/** A group's part of snapshots.f32: its snapshot steps and the float offset at which its part starts. */
export interface SnapshotIndex {
  steps: number[];
  /** in float32 values from the start of the file */
  offset: number;
}

export interface TrainedWeights {
  experiment: string;
  /** 'tfjs' or 'fused' (model/engine.ts) */
  engine: string;
  /** the TensorFlow.js backend that trained the models: only for the tfjs engine (the fused one uses none) */
  backend?: string;
  groups: TrainedGroup[];
}

/** A model's importance per feature [F]: its own where its run varies one, else the plan's shared one. */
export function instanceImportance(plan: Pick<TrainingPlan, 'importance'>, instance: PlannedInstance): number[] {
  return instance.importance ?? plan.importance;
}

/** A model's density per feature [F]: its own where its run varies one feature's, else its density for every feature. */
export function instanceDensity(plan: Pick<TrainingPlan, 'features'>, instance: PlannedInstance): number[] {
  return instance.featureDensity ?? Array<number>(plan.features).fill(instance.density);
}

/** A group's importance for the trainer: the shared [F], or an [I·F] table when some instance has its own. */
export function groupImportance(plan: Pick<TrainingPlan, 'importance'>, group: PlannedGroup): Float32Array {
  if (!group.instances.some((inst) => inst.importance !== undefined)) return Float32Array.from(plan.importance);
  return Float32Array.from(group.instances.flatMap((inst) => instanceImportance(plan, inst)));
}

/** A planned parameter's initial values, checked to exist (the plan names them after its model's definition). */
function initialParam(group: PlannedGroup, name: string): Float32Array {
  const values = group.params0[name];
  if (values === undefined) throw new Error(`plan: run ${group.run} has no initial ${name} (its model ${group.model} names it)`);
  return Float32Array.from(values);
}

/**
 * What the hand-written trainers take for one planned group of the paper's tied model (core/types.ts
 * TrainingGroup): the plan's JSON as typed arrays, W0 and b0 its model's encoder and bias.
 */
export function trainingGroupOf(plan: TrainingPlan, group: PlannedGroup, model: ModelDefinition): TrainingGroup {
  return {
    ...groupSettings(plan, group),
    activation: group.activation,
    W0: initialParam(group, model.layers.encoder),
    b0: initialParam(group, model.layers.bias),
    ...(group.snapshotEvery !== undefined ? { snapshotEvery: group.snapshotEvery } : {}),
  };
}

/** What the trainers of any model take for one planned group (core/types.ts ModelTrainingGroup). */
export function modelTrainingGroupOf(plan: TrainingPlan, group: PlannedGroup, model: ModelDefinition): ModelTrainingGroup {
  if (model.kind !== group.model) throw new Error(`plan: run ${group.run} trains ${group.model}, not ${model.kind}`);
  return {
    ...groupSettings(plan, group),
    model,
    options: { l1: group.l1 ?? 0 },
    params0: Object.fromEntries(model.parameters.map((p) => [p.name, initialParam(group, p.name)])),
    ...(group.attack !== undefined ? { attack: attackOf(group) } : {}),
  };
}

/** A group's adversarial training as the trainers take it: ε and the attack stream's seed per instance. */
function attackOf(group: PlannedGroup): AdversarialTraining {
  const missing = group.instances.find((inst) => inst.attackEpsilon === undefined || inst.attackSeed === undefined);
  if (missing !== undefined)
    throw new Error(`plan: run ${group.run} trains under attack, but instance ${missing.index} has no attackEpsilon or attackSeed`);
  return {
    epsilon: Float32Array.from(group.instances, (inst) => inst.attackEpsilon as number),
    seeds: Uint32Array.from(group.instances, (inst) => inst.attackSeed as number),
    perExample: group.attackNorm === 'example',
  };
}

/** What every trainer takes besides the model: sizes, importance, densities, seeds, and the group's training settings as planned. */
function groupSettings(plan: TrainingPlan, group: PlannedGroup): Omit<ModelTrainingGroup, 'model' | 'options' | 'params0'> {
  const F = plan.features;
  const density = new Float32Array(group.instances.length * F);
  group.instances.forEach((inst, i) => density.set(instanceDensity(plan, inst), i * F));
  return {
    features: F,
    hidden: plan.hidden,
    instances: group.instances.length,
    importance: groupImportance(plan, group),
    density,
    dataSeeds: Uint32Array.from(group.instances.map((inst) => inst.dataSeed)),
    ...trainingSettingsOf(group),
    ...(plan.featureSets ? { featureSets: plan.featureSets } : {}),
  };
}

export const PLAN_FILE = 'plan.json';
export const WEIGHTS_FILE = 'weights.json';

export function toFloat32Bytes(values: Float32Array): Uint8Array {
  // Typed arrays use the platform's byte order; every platform Node runs on here is little-endian.
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

export function fromFloat32Bytes(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes); // aligned copy
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}
