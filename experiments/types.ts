// What an experiment module declares besides its parameters (which live in params.yaml): its title,
// the claims of the paper it is checked against and the figures it produces. Pure data, so that the
// code digest of an experiment's nodes changes only when its own declaration does.

import type { Activation } from '../model/types.ts';

export type ClaimId =
  | 'linear_top_m'
  | 'linear_bias'
  | 'relu_dense_equals_linear'
  | 'relu_20_5_counts'
  | 'antipodal_first'
  | 'high_sparsity_negative_bias'
  | 'important_features_last'
  | 'intro_dense'
  | 'intro_80pct'
  | 'intro_pentagon'
  | 'pentagon_norm_bias'
  | 'Dstar_sticky'
  | 'dimensionality_fractions'
  | 'dimensionality_sum'
  | 'phase_n2m1_theory'
  | 'phase_n2m1_empirical'
  | 'pentagon_to_digon';

/** The claims about the 5 → 2 introduction models, in the order the report discusses them. */
export const INTRO_CLAIMS = ['intro_dense', 'intro_80pct', 'intro_pentagon', 'pentagon_norm_bias'] as const satisfies readonly ClaimId[];

/** The claims about the 20 → 5 "demonstrating superposition" models. */
export const SUPERPOSITION_CLAIMS = [
  'linear_top_m',
  'linear_bias',
  'relu_dense_equals_linear',
  'relu_20_5_counts',
  'antipodal_first',
  'high_sparsity_negative_bias',
  'important_features_last',
] as const satisfies readonly ClaimId[];

/** The claims about uniform superposition (n ≫ m, every importance 1): D* and feature dimensionalities. */
export const UNIFORM_CLAIMS = ['Dstar_sticky', 'dimensionality_fractions', 'dimensionality_sum'] as const satisfies readonly ClaimId[];

/** The claims about the n = 2, m = 1 phase change (theory, then the trained grid). */
export const PHASE_CLAIMS = ['phase_n2m1_theory', 'phase_n2m1_empirical'] as const satisfies readonly ClaimId[];

/** The claims about non-uniform superposition: one feature of a 5 → 2 pentagon made sparser or denser. */
export const NONUNIFORM_CLAIMS = ['pentagon_to_digon'] as const satisfies readonly ClaimId[];

/** Which figure builder draws a figure (see stages/figures.ts). */
export type FigureKind =
  | { kind: 'intro-geometry' }
  | { kind: 'superposition-grid'; activation: Activation }
  | { kind: 'uniform-dstar' }
  | { kind: 'uniform-dimensionality' }
  | { kind: 'feature-graphs' }
  | { kind: 'nonuniform-geometry' }
  | { kind: 'nonuniform-loss' }
  | { kind: 'phase-theory' }
  | { kind: 'phase-empirical' };

export interface ExperimentFigure {
  /** unique across the report; also the file stem under reports/replication/figures/ */
  id: string;
  figure: FigureKind;
}

export interface ExperimentDefinition {
  /** the key under `experiments:` in params.yaml, and this module's file name */
  id: string;
  title: string;
  /** which recipe family the experiment shows, for the report */
  recipe: 'notebook' | 'seed';
  claims: readonly ClaimId[];
  figures: ExperimentFigure[];
}

export function defineExperiment(definition: ExperimentDefinition): ExperimentDefinition {
  return definition;
}
