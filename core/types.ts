// The contract between the pipeline and the tfjs-fenced training engine. Only plain numbers and
// typed arrays cross it; tensors never leave model/.
//
// Axis vocabulary (as in the official notebook): I instance, B batch, F feature, H hidden.

import { tiedModelActivation, type ModelDefinition, type ModelOptions } from './models/types.ts';

/** Output non-linearity of the toy model: x' = act(WᵀW x + b). */
export type Activation = 'relu' | 'linear';

/** How the sparse inputs of one step are drawn. */
export type MaskMode =
  /** every (example, feature) element is kept independently with its feature's density (paper, notebook) */
  | 'per_element'
  /** one keep/drop mask per instance and step, shared by the whole batch (the seed write-up's draft) */
  | 'per_batch';

/** How the members of a feature set are drawn together (the paper's §Geometry, non-uniform superposition). */
export type FeatureSetKind =
  /** the members share one zero/non-zero decision per example; their values are independent U[0, 1) */
  | 'correlated'
  /** all members zero with probability 1 − p; otherwise exactly one, chosen uniformly, is U[0, 1) */
  | 'anticorrelated';

/** A set of features drawn together; features outside every set stay independent. */
export interface FeatureSet {
  kind: FeatureSetKind;
  /** feature indices, ≥ 2 of them, disjoint from every other set's (see data/feature-sets.ts) */
  features: readonly number[];
}

/** How the per-instance loss reduces over batch and features before instances are summed. */
export type LossReduction = 'mean' | 'sum';

/** The optimizers the trainer implements, with torch's semantics. */
export const OPTIMIZER_KINDS = ['adamw', 'adam', 'sgd', 'rmsprop'] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

export interface OptimizerConfig {
  kind: OptimizerKind;
  lr: number;
  /** decoupled weight decay (AdamW only; torch default 0.01) */
  weightDecay: number;
  beta1: number;
  beta2: number;
  /** RMSprop smoothing constant (torch default 0.99) */
  alpha: number;
  eps: number;
}

/**
 * How a group trains, besides its model and its data: one record, drawn up once from the recipe
 * (experiments/params.ts trainingSettings), kept in the plan (data/plan.ts PlannedGroup) and handed to the
 * trainers as it is (TrainingGroup, ModelTrainingGroup).
 */
export interface TrainingSettings {
  optimizer: OptimizerConfig;
  steps: number;
  batch: number;
  mask: MaskMode;
  loss: LossReduction;
  /** record the loss every this many steps (and at the last step) */
  logEvery: number;
}

/** The training settings of a record that carries them (a planned group), without its other fields. */
export function trainingSettingsOf(record: TrainingSettings): TrainingSettings {
  const { optimizer, steps, batch, mask, loss, logEvery } = record;
  return { optimizer, steps, batch, mask, loss, logEvery };
}

/** One batch of independent models trained side by side along the instance axis. */
export interface TrainingGroup extends TrainingSettings {
  features: number; // F
  hidden: number; // H
  instances: number; // I
  activation: Activation;
  /**
   * importance of each feature: either [F], shared by every instance, or [I, F] row-major (length I·F),
   * one row per instance (e.g. a grid over the relative importance of one feature). Any other length is
   * an error. A shared [F] vector trains exactly like the same vector repeated I times.
   */
  importance: Float32Array;
  /** probability that a feature is non-zero, per instance and feature, [I, F] row-major */
  density: Float32Array;
  /** initial weights, [I, F, H] row-major (row f of instance i is the paper's column W_f) */
  W0: Float32Array;
  /** initial biases, [I, F] */
  b0: Float32Array;
  /** one 32-bit seed per instance for its own data stream: results do not depend on the other instances */
  dataSeeds: Uint32Array;
  /** correlated / anticorrelated feature sets of the data stream (data/feature-sets.ts); absent: all independent */
  featureSets?: readonly FeatureSet[];
  /**
   * record W and b of every instance every this many steps: after 0, k, 2k, … updates and after the
   * last one (model/snapshots.ts). Absent: no snapshots. Results do not depend on it.
   */
  snapshotEvery?: number;
}

/**
 * Check that `importance` has F values (shared) or I·F values (per instance, row-major); `who` prefixes
 * the error message.
 */
export function checkImportance(importance: ArrayLike<number>, instances: number, features: number, who: string): void {
  const n = importance.length;
  if (n !== features && n !== instances * features) {
    throw new Error(
      `${who}: importance has ${n} values, expected F = ${features} (shared by all instances) or I·F = ${instances * features} (per instance, [I, F] row-major)`,
    );
  }
}

/** Offset of instance i's importance row: 0 for a shared [F] vector, i·F for a per-instance [I·F] table. */
export function importanceOffset(importance: ArrayLike<number>, features: number, i: number): number {
  return importance.length === features ? 0 : i * features;
}

/**
 * One group of models of one kind (core/models/) trained side by side: the settings of a TrainingGroup,
 * with the model's definition, its options and its parameters by name in place of the tied model's
 * activation, W0 and b0 (weight snapshots are recorded for the tied model only).
 */
export interface ModelTrainingGroup extends Omit<TrainingGroup, 'activation' | 'W0' | 'b0' | 'snapshotEvery'> {
  model: ModelDefinition;
  /** the model's options (the L1 penalty; `perturbation` is the float64 reference's, never a trainer's) */
  options: Omit<ModelOptions, 'perturbation'>;
  /** every parameter of the definition by name, [I, ...its shape] row-major */
  params0: Readonly<Record<string, Float32Array>>;
  /** adversarial training (tied models only); absent: clean inputs */
  attack?: AdversarialTraining;
}

/**
 * Adversarial training with the paper's analytic attack on a random feature: in every example of every
 * step, instance i's input becomes x + ε·D_f (ε = epsilon_i, or epsilon_i·‖x‖₂ per example), with f the
 * feature data/attack-stream.ts picks for the example and D the attack directions of the step's current
 * weights (core/attack-direction.ts), held fixed in the gradient; the target stays x.
 */
export interface AdversarialTraining {
  /**
   * the attack's L2 size per instance, [I]: ε itself, or with `perExample` the fraction of each example's
   * own norm (ε_e = epsilon_i·‖x_e‖₂, so an all-zero example is not attacked)
   */
  epsilon: Float32Array;
  /** size each example's attack by its own input norm instead of a fixed ε */
  perExample: boolean;
  /** the attack stream's seed per instance, [I] (data/attack-stream.ts) */
  seeds: Uint32Array;
}

/**
 * Checks a group's adversarial training: a tied output model (the attack directions are rows of W·Wᵀ, the
 * paper's WᵀW), one ε ≥ 0 and one seed per instance. Every trainer of the family checks its groups here.
 */
export function checkAttack(group: Pick<ModelTrainingGroup, 'model' | 'attack' | 'instances'>, who: string): void {
  const attack = group.attack;
  if (attack === undefined) return;
  if (tiedModelActivation(group.model) === null) {
    throw new Error(
      `${who}: adversarial training needs a tied output model (h = x·W, y = act(h·Wᵀ + b), e.g. relu-output), got model '${group.model.kind}'`,
    );
  }
  const I = group.instances;
  if (attack.epsilon.length !== I || attack.seeds.length !== I) {
    throw new Error(
      `${who}: attack needs one epsilon and one seed per instance (I = ${I}), got ${attack.epsilon.length} and ${attack.seeds.length}`,
    );
  }
  const bad = attack.epsilon.findIndex((e) => !Number.isFinite(e) || e < 0);
  if (bad >= 0) throw new Error(`${who}: attack epsilon of instance ${bad} must be a finite number ≥ 0, got ${attack.epsilon[bad]}`);
}

export interface ModelTrainingResult {
  /** every parameter by name, [I, ...its shape] */
  params: Record<string, Float32Array>;
  lossSteps: number[];
  /** [lossSteps.length, I] */
  lossCurve: Float32Array;
}

export interface TrainingResult {
  /** final weights [I, F, H] */
  W: Float32Array;
  /** final biases [I, F] */
  b: Float32Array;
  /** steps at which the loss was recorded */
  lossSteps: number[];
  /** per-instance training loss at those steps, [lossSteps.length, I] row-major, reduced as configured */
  lossCurve: Float32Array;
  /** the weights during training, present only when the group set snapshotEvery */
  snapshots?: WeightSnapshots;
}

/**
 * W and b of every instance at a list of steps; the snapshot at step s holds the weights after s
 * optimizer updates, i.e. the weights that step s's recorded loss is computed with (step 0: W0, b0).
 */
export interface WeightSnapshots {
  /** ascending steps 0, k, 2k, …, steps (see model/snapshots.ts) */
  steps: number[];
  /** [steps.length, I, F, H] row-major */
  W: Float32Array;
  /** [steps.length, I, F] row-major */
  b: Float32Array;
}

export type BackendId = 'node-gpu' | 'node' | 'wasm' | 'cpu';

export interface BackendChoice {
  id: BackendId;
  /** one line a user can read: why this backend runs */
  reason: string;
}

export interface TrainingProgress {
  step: number;
  steps: number;
  /** mean over instances of the last recorded loss, or NaN before the first record */
  loss: number;
}
