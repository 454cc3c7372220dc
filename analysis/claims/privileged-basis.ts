// The privileged-basis claims (§Superposition in a Privileged Basis): the paper's regimes as data, the
// models they are judged on and the check's tolerances, fixed before any privileged-basis model was looked at.
//
// The paper trains n = 10 features, m = 5 ReLU neurons, I_i = 0.75^i, keeps the lowest-loss of 1,000 fits
// per density and describes what each density's model does with its neurons. Its regimes, with 1 − S:
//   ≥ 0.5          every neuron monosemantic: the 5 most important features, one neuron each
//   0.2 – 0.35     the top 3 features keep dedicated neurons, the next 3 share 2 neurons: 6 features, 3 monosemantic
//   0.15           5 features in 3 neurons plus 2 monosemantic: 7 features
//   0.12           6 features in 4 neurons plus 1 monosemantic: 7 features
//   0.05 – 0.08    8 features in the 5 neurons, none monosemantic
//   ≤ 0.04         all 10 features, each on a pair of neurons, none monosemantic
// 1 − S = 0.1 lies between the 0.12 and the 0.08 regimes: reported, never judged. So does any density
// outside every range (between 0.35 and 0.5, between 0.04 and 0.05).

import type { ExperimentAnalysis, ModelAnalysis } from '../types.ts';
import { DENSITY_EPS, selectedModels } from './common.ts';

/** How many fits per density the paper trained, keeping the lowest-loss one. */
export const PAPER_RESTARTS = 1000;

/** The model the privileged-basis claims are about. */
export const PRIVILEGED_BASIS_MODEL = 'relu-hidden';
/** The paper's shape: 10 features in 5 neurons. */
export const PRIVILEGED_BASIS_SHAPE = { features: 10, hidden: 5 } as const;

/** One of the paper's regimes: the densities it covers (inclusive) and what its model does there. */
export interface PaperNeuronRegime {
  from: number;
  to: number;
  /** features represented */
  represented: number;
  /** neurons that store exactly one feature */
  monosemantic: number;
  /** the features that share neurons, and how many neurons they share (0 and 0 when none do) */
  sharedFeatures: number;
  sharedNeurons: number;
}

export const PAPER_NEURON_REGIMES: readonly PaperNeuronRegime[] = [
  { from: 0.5, to: 1, represented: 5, monosemantic: 5, sharedFeatures: 0, sharedNeurons: 0 },
  { from: 0.2, to: 0.35, represented: 6, monosemantic: 3, sharedFeatures: 3, sharedNeurons: 2 },
  { from: 0.15, to: 0.15, represented: 7, monosemantic: 2, sharedFeatures: 5, sharedNeurons: 3 },
  { from: 0.12, to: 0.12, represented: 7, monosemantic: 1, sharedFeatures: 6, sharedNeurons: 4 },
  { from: 0.05, to: 0.08, represented: 8, monosemantic: 0, sharedFeatures: 8, sharedNeurons: 5 },
  { from: 0, to: 0.04, represented: 10, monosemantic: 0, sharedFeatures: 10, sharedNeurons: 5 },
];

/** The paper's regime at density s (both ends inclusive, up to rounding), or null where it states none. */
export function paperNeuronRegime(density: number): PaperNeuronRegime | null {
  return PAPER_NEURON_REGIMES.find((r) => density >= r.from - DENSITY_EPS && density <= r.to + DENSITY_EPS && density > 0) ?? null;
}

/**
 * How a density's model is compared with its regime.
 *
 * Exact counts, no slack. Neighbouring regimes differ by a single feature (5 → 6 → 7 → 8) or a single
 * monosemantic neuron (3 → 2 → 1 → 0), so "±1 feature and ±1 neuron" would let the model of a density pass
 * when it shows the neighbouring regime, and the check would no longer tell the regimes apart. The guide's
 * ±2 features at s ≤ 0.01 is for the 20 → 5 models at s = 0.001, where each feature is active about once
 * per batch; here every feature is active about ten times per batch even at 0.01, and ±2 would accept 8
 * of the 10 features, the neighbouring regime again.
 *
 * What we allow instead is for whole densities to miss: the claim holds when at least 75 % of the
 * judged densities show their regime exactly. We keep the best of 20 restarts where the paper kept the
 * best of 1,000, and train with the notebook's recipe where the paper states none, so a density near a
 * regime's edge may show the neighbouring regime; 75 % is the bar the project's other regime checks use
 * (correlated_collapse, and the phase diagrams' agreement).
 */
export const NEURON_REGIME_TOLERANCES = {
  /** share of the judged densities whose (represented, monosemantic) counts must equal the paper's */
  agreement: 0.75,
} as const;

/** A model of the paper's privileged-basis kind, trained without a penalty. */
export function isPrivilegedBasisModel(m: Pick<ModelAnalysis, 'model' | 'l1'>): boolean {
  return m.model === PRIVILEGED_BASIS_MODEL && (m.l1 ?? 0) === 0;
}

/** The analysis has the paper's shape and at least one privileged-basis model. */
export function hasPrivilegedBasisModels(a: Pick<ExperimentAnalysis, 'features' | 'hidden' | 'models'>): boolean {
  return (
    a.features === PRIVILEGED_BASIS_SHAPE.features && a.hidden === PRIVILEGED_BASIS_SHAPE.hidden && a.models.some(isPrivilegedBasisModel)
  );
}

/** The selected (lowest-loss) privileged-basis models of this analysis, densest first; null when it has none of the paper's shape. */
export function privilegedBasisModels(a: ExperimentAnalysis): ModelAnalysis[] | null {
  if (!hasPrivilegedBasisModels(a)) return null;
  const models = selectedModels(a)
    .filter(isPrivilegedBasisModel)
    .sort((x, y) => y.density - x.density || x.run - y.run);
  return models.length === 0 ? null : models;
}
