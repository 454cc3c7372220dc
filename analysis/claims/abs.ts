// Computation in superposition (paper §"Computation in Superposition", guide §1.9 and the abs_dense,
// abs_sparse rows of §3): the thresholds of its three checks, which models they read, and the per-model
// summary (neuron roles and motifs) that the analyze stage stores once in metrics.json `derived`
// (analysis/derived.ts) for the claims, the figures and the report.

import { DENSITY_EPS, selectedModels } from './common.ts';
import { findAsymmetricMotifs, neuronRoles, type AbsNeuron, type AsymmetricMotif } from '../abs.ts';
import type { ExperimentAnalysis, ModelAnalysis } from '../types.ts';

/** The model kind these checks read (core/models/untied-abs.ts). */
export const ABS_MODEL = 'untied-abs';

/**
 * Every threshold of the |x| checks, fixed from the paper's text and figures before any |x| model was
 * trained or looked at; never tuned to the results. All apply to weights after the paper's rescaling
 * (footnote 15: each neuron's largest |W1| is 1), or to quantities that do not depend on it.
 */
export const ABS_RULES = {
  // abs_dense: the n = 3, m = 6 demonstration
  dense: {
    /** "the others ≈ 0": every other feature's rescaled |W1| into the neuron below 0.1 */
    otherWeight: 0.1,
    /** "the output sums them": the neuron's own-feature rescaled W2 within ±0.1 of 1 (|x| = 1·ReLU(x) + 1·ReLU(−x)) */
    gain: 0.1,
    /** and it writes into no other feature's output: rescaled |W2| below 0.1 */
    crossOutput: 0.1,
  },
  // abs_sparse: the neurons of the n = 100, m = 40 sweep
  neurons: {
    /**
     * a neuron is live when its largest rescaled output weight reaches 0.05: an unused neuron keeps weights
     * near the initial scale (~0.02 for 100 → 40, so its product is ~4×10⁻⁴), a used one is of order 1
     */
    liveStrength: 0.05,
    /**
     * a feature's input weight is substantial at a tenth of the neuron's largest: the paper calls neurons
     * with small visible secondary bars "slightly polysemantic", and a tenth of the bar is visible
     */
    polysemanticFraction: 0.1,
    /** descriptive, for the paper's "highly polysemantic": the second-largest weight at half the largest or more */
    highlyPolysemanticFraction: 0.5,
  },
  // abs_asymmetric_motif (ours): the paper's example is W1 = [2, −½], W2 = [½, 2]
  motif: {
    /** the dominant feature's input weight at least twice the victim's ("unequal": the paper's example has 4×) */
    inputRatio: 2,
    /** output-weight ratio within a factor 2 of the inverse input ratio ("reciprocal") */
    reciprocalFactor: 2,
    /** each feature's path through the neuron |W1_fk|·W2_fk at least 0.25: the neuron carries a real share of |x_f| */
    minGain: 0.25,
    /** the inhibiting neuron cancels at least half of the interference the dominant feature sends to the victim */
    inhibition: 0.5,
  },
  /** the paper's sparsest density, where "all neurons are highly polysemantic" */
  sparsestDensity: 0.001,
  /** a model at or below this density is "sparse" for the motif claim: where the paper first sees polysemantic neurons */
  sparseDensity: 0.1,
  /** the nearest model must be within this factor of a density the claim names */
  densityFactor: 1.5,
} as const;

/** Whether a model is an untied |x| model with both weight matrices stored. */
export function isAbsModel(m: ModelAnalysis): m is ModelAnalysis & { decoder: number[][] } {
  return m.model === ABS_MODEL && m.decoder !== undefined;
}

/** The selected |x| models of an experiment, densest first. */
export function absModels(a: Pick<ExperimentAnalysis, 'models' | 'selected'>): Array<ModelAnalysis & { decoder: number[][] }> {
  return selectedModels(a as ExperimentAnalysis)
    .filter(isAbsModel)
    .sort((x, y) => y.density - x.density || x.run - y.run);
}

/** What the |x| checks, figures and report read about one selected model. */
export interface AbsModelSummary {
  /** index into ExperimentAnalysis.models */
  model: number;
  density: number;
  neurons: AbsNeuron[];
  live: number;
  polysemantic: number;
  highlyPolysemantic: number;
  /** features with a substantial input weight into at least one live neuron */
  featuresInNeurons: number;
  motifs: AsymmetricMotif[];
}

/** The summary of one |x| model by ABS_RULES. */
export function absModelSummary(m: ModelAnalysis & { decoder: number[][] }, position: number): AbsModelSummary {
  const neurons = neuronRoles(m.W, m.decoder, ABS_RULES.neurons);
  const inNeurons = new Set<number>();
  for (const n of neurons) {
    if (!n.live) continue;
    for (let f = 0; f < m.features; f++) {
      if (Math.abs(m.W[f]?.[n.neuron] ?? 0) >= ABS_RULES.neurons.polysemanticFraction * n.scale) inNeurons.add(f);
    }
  }
  return {
    model: position,
    density: m.density,
    neurons,
    live: neurons.filter((n) => n.live).length,
    polysemantic: neurons.filter((n) => n.polysemantic).length,
    highlyPolysemantic: neurons.filter((n) => n.highlyPolysemantic).length,
    featuresInNeurons: inNeurons.size,
    motifs: findAsymmetricMotifs(m.W, m.decoder, ABS_RULES.motif),
  };
}

/** The summaries of an experiment's selected |x| models, densest first (empty when it has none). */
export function absSummaries(a: Pick<ExperimentAnalysis, 'models' | 'selected'>): AbsModelSummary[] {
  return absModels(a).map((m) => absModelSummary(m, a.models.indexOf(m)));
}

/** Whether a density is within ABS_RULES.densityFactor of a target. */
export function nearDensity(density: number, target: number): boolean {
  return Math.abs(Math.log(density / target)) <= Math.log(ABS_RULES.densityFactor) + DENSITY_EPS;
}

/**
 * The motif the report draws and describes: the one closest to the paper's ideal over all models,
 * reciprocity and inhibition share nearest 1 (smallest |log((W2 ratio)/(W1 ratio))| + |log share|); ties
 * go to the sparser model, then the earlier motif. Null when no model has one.
 */
export function motifToShow(cells: readonly AbsModelSummary[]): { cell: AbsModelSummary; motif: AsymmetricMotif } | null {
  let best: { cell: AbsModelSummary; motif: AsymmetricMotif; score: number } | null = null;
  for (const cell of [...cells].sort((a, b) => a.density - b.density)) {
    for (const motif of cell.motifs) {
      const score = Math.abs(Math.log(motif.outputRatio / motif.inputRatio)) + Math.abs(Math.log(motif.inhibition));
      if (best === null || score < best.score) best = { cell, motif, score };
    }
  }
  return best === null ? null : { cell: best.cell, motif: best.motif };
}
