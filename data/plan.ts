// The training plan: what the generate stage decides and the train stage executes. Everything that
// determines a trained model is in here (configuration, initial weights, data seeds), so training
// reads no parameters of its own and its cache key follows the plan's digest.

import type { Activation, FeatureSet, LossReduction, MaskMode, OptimizerConfig } from '../model/types.ts';

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
}

export interface PlannedGroup {
  /** index of the run in params.yaml experiments.<id>.runs */
  run: number;
  recipe: string;
  activation: Activation;
  optimizer: OptimizerConfig;
  steps: number;
  batch: number;
  mask: MaskMode;
  loss: LossReduction;
  logEvery: number;
  /** snapshot W and b every this many steps (model/snapshots.ts); present only when the run sets snapshot_every */
  snapshotEvery?: number;
  init: string;
  biasInit: string;
  instances: PlannedInstance[];
  /** initial weights [I, F, H], flattened */
  W0: number[];
  /** initial biases [I, F], flattened */
  b0: number[];
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
  /** [I, F, H] flattened */
  W: number[];
  /** [I, F] flattened */
  b: number[];
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
  backend: string;
  /** 'tfjs' or 'fused' (model/engine.ts) */
  engine: string;
  groups: TrainedGroup[];
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
