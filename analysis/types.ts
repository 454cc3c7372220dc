// Plain-data shapes that the analyze stage writes (metrics.json) and that claims, figures and the
// report read. Only what they read is stored: WᵀW, for one, is F² numbers per model (160,000 at
// n = 400) and is derived from W where needed (metrics.ts gram). Matrices are number[][] so that the JSON is readable; all values are float64 computed
// from the float32 weights.

import type { Activation, FeatureSet } from '../core/types.ts';
import type { DerivedResults } from './derived.ts';

/** Everything measured about one trained model (one instance of one training group). */
export interface ModelAnalysis {
  /** position of the instance in the experiment's flattened run table */
  index: number;
  /** index of the run group in params.yaml experiments.<id>.runs */
  run: number;
  recipe: string;
  /** the model's output nonlinearity */
  activation: Activation;
  /**
   * the kind of the model (core/models/), present only when it is not the paper's first model with this
   * activation (relu-output, linear-output); W is then the model's encoder (the paper's W, or W₁ when untied)
   */
  model?: string;
  /** λ of the L1 penalty the model trained with, present only when it had one */
  l1?: number;
  /**
   * the size of the adversarial-training attack the model trained under, as a fraction of the average input
   * norm at its density (params.yaml runs[].attack); present only when it trained under one
   */
  attack?: number;
  /** 'example' when the attack was sized by each example's own norm instead of the average (runs[].attack_norm) */
  attackNorm?: 'example';
  /** feature density 1 − S of this model (all features share it in this scope) */
  density: number;
  /** 0-based seed replica within its (run, density) cell */
  replica: number;
  features: number;
  hidden: number;
  /** W as the notebook stores it: F rows of H numbers; row i is the paper's column W_i */
  W: number[][];
  /**
   * the decoder of an untied model (core/models/ layers.decoder ≠ layers.encoder, e.g. untied-abs's W2), stored
   * as W: F rows of H numbers, row f the weights feature f's output reads from the H neurons; absent when tied
   */
  decoder?: number[][];
  /** b, [F] */
  b: number[];
  /** ‖W_i‖ */
  norms: number[];
  /** Σ_{j≠i} (Ŵ_i·W_j)², the paper's superposition / interference score */
  superposition: number[];
  /** feature dimensionality D_i = ‖W_i‖² / Σ_j (Ŵ_i·W_j)² (0 for an unlearned feature) */
  dimensionality: number[];
  /** dimensions per feature D* = m / ‖W‖_F² */
  dStar: number;
  /** importance-weighted loss on the held-out evaluation set, mean over samples and features */
  evalLoss: number;
  /**
   * the same loss on the first RAISED_EVAL_SAMPLES[experiment] samples of the set (analysis/claims/changes.ts):
   * the held-out sample the experiment had before it was enlarged, so the table of changes can rank by it
   */
  priorEvalLoss?: number;
  /** last recorded training loss (reduction as in the recipe) */
  finalTrainLoss: number;
  /** for H = 2: angle of each W_i in degrees in [0, 360); empty otherwise */
  angles: number[];
  /** this model's own importance [F], only when its run varies importance per instance (extra_importance) */
  importance?: number[];
  /**
   * this model's own density per feature [F], only when its run varies the last feature's density per
   * instance (extra_relative_density); `density` is then the base density of the other features
   */
  featureDensity?: number[];
  /**
   * the expected loss over the input distribution (analysis/expected-loss.ts: every activity pattern
   * weighted exactly), present when the experiment's restarts are ranked by it (ExperimentAnalysis.ranking);
   * same scale as evalLoss
   */
  expectedLoss?: number;
}

export const LOSS_RANKINGS = ['expected', 'held-out'] as const;
export type LossRanking = (typeof LOSS_RANKINGS)[number];

export interface ExperimentAnalysis {
  experiment: string;
  features: number;
  hidden: number;
  importance: number[];
  /** the correlated / anticorrelated feature sets of the experiment's data; absent when all are independent */
  featureSets?: FeatureSet[];
  /**
   * Which loss ranks restarts (and which model of a phase-grid cell the paper's protocol discards): the exact
   * expected loss ('expected', for experiments with few enough features that every activity pattern can be
   * enumerated) or the loss on the held-out sample ('held-out')
   */
  ranking: LossRanking;
  models: ModelAnalysis[];
  /**
   * The model shown for each (run, density) cell: the restart with the lowest loss by `ranking`, as the
   * paper keeps the lowest-loss of several fits. Indices into `models`.
   */
  selected: number[];
  /** learning dynamics, present only when the experiment's runs recorded weight snapshots */
  dynamics?: DynamicsAnalysis;
  /** the grid and sweep cells the claims, figures and report read (analysis/derived.ts), computed once by analyze */
  derived?: DerivedResults;
}

/**
 * How one claim came out on the models of one base seed: 'pass' or 'fail' against the check's rule, or
 * 'not-judged' when the comparison the rule needs is undefined on these models (e.g. no pentagon to
 * measure a pentagon's biases in, no jump to compare the loss at); a claim that is not judged counts
 * neither for nor against it.
 */
export type ClaimStatus = 'pass' | 'fail' | 'not-judged';

/** The one measurement of a claim that the report's results-at-a-glance table prints, beside the paper's value. */
export interface ClaimHeadline {
  /** what the number is, e.g. "crossing, × sparser" */
  label: string;
  value: number;
  /** the paper's value or range, as text (e.g. "≈ 2.5×", "5 of 5") */
  paper: string;
  /** a count: printed as a whole number, never rounded */
  integer?: boolean;
}

/** The outcome of checking one quantitative claim of the paper against the models of one base seed. */
export interface ClaimResult {
  /** the id used in the guide's claims table, e.g. 'intro_pentagon' */
  id: string;
  /** what the paper says, in one sentence */
  expected: string;
  /** what we measured, in one sentence with the numbers */
  observed: string;
  status: ClaimStatus;
  /** why the claim could not be judged (present exactly when status is 'not-judged') */
  reason?: string;
  /** the numbers behind `observed`, for the report's slots */
  numbers: Record<string, number>;
  /** the measurement the results-at-a-glance table prints; absent when the check has none on these models */
  headline?: ClaimHeadline;
}

/** One jump of one feature's dimensionality during training (analysis/dynamics.ts). */
export interface DimensionalityJump {
  feature: number;
  /** snapshot indices where the jump starts and ends (D_i changed by ≥ the threshold between them) */
  from: number;
  to: number;
  /** the steps of those snapshots */
  fromStep: number;
  toStep: number;
  fromD: number;
  toD: number;
  /** held-out loss at the two snapshots */
  lossFrom: number;
  lossTo: number;
}

/** Mean held-out loss drop per snapshot interval, in intervals inside jumps and outside them. */
export interface LossDropComparison {
  /** intervals inside at least one jump, and their mean loss drop L(t) − L(t+1) */
  jumpIntervals: number;
  jumpMeanDrop: number;
  /** every other interval of the run, and their mean loss drop */
  otherIntervals: number;
  otherMeanDrop: number;
  /** the other intervals between the first jump's start and the last jump's end, and their mean drop */
  periodOtherIntervals: number;
  periodOtherMeanDrop: number;
}

/** The learning dynamics of one trained model, from its weight snapshots. */
export interface ModelDynamics {
  /** index of the model in ExperimentAnalysis.models */
  model: number;
  /** snapshot steps (updates applied), ascending */
  steps: number[];
  /** D_i at every snapshot, [steps.length][F] */
  dimensionality: number[][];
  /** held-out loss of the snapshot's weights, [steps.length] */
  loss: number[];
  jumps: DimensionalityJump[];
  lossDrops: LossDropComparison;
}

/** The learning dynamics of an experiment whose runs recorded weight snapshots. */
export interface DynamicsAnalysis {
  /** one entry per model with snapshots, in model order */
  models: ModelDynamics[];
  /** index into `models` of the model the figure and report show (analysis/dynamics.ts, showcaseModel) */
  shown: number;
}
