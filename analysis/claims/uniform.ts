// Uniform superposition (n ≫ m, every importance equal): D* and feature dimensionalities

import type { ExperimentAnalysis, ModelAnalysis } from '../types.ts';
import { selectedModels } from './common.ts';
import { DIMENSIONALITY_FRACTIONS, uniformImportance } from '../geometry.ts';

/**
 * Tolerances of the uniform-superposition checks, fixed a priori from the paper's figures (guide §1.4,
 * §3) before any model was trained; never tuned to the results.
 */
export const UNIFORM_TOLERANCES = {
  /** the experiment must have n ≥ this · m to count as "n ≫ m" (paper 400/30 ≈ 13, notebook 200/20 = 10) */
  minFeatureRatio: 4,
  /** "D* = 1 at s = 1": the densest model's D* within ±0.05 of 1 */
  dStarDense: 0.05,
  /** the plateau at 1/2: D* within ±0.05 of 1/2 … */
  dStarPlateau: 0.05,
  /** … at this many consecutive densities at least (the paper's "sticky" over a wide range, ≥ 3 of 20 points) */
  plateauMinLength: 3,
  /** "further decrease below 1/2": D* < 1/2 − 0.05 at this many of the sparsest densities */
  sparseTail: 2,
  /** a D_i lies on a fraction when within ±0.03 of it (the lines of the paper's scatter are ~this thick) */
  fraction: 0.03,
  /**
   * pass when at least this share of represented features' D_i lie on one of the fractions: the paper
   * shows most points on the lines, with a minority in transition between them
   */
  fractionShare: 0.6,
  /** a model is "in superposition" for dimensionality_sum when its D* ≤ 0.55 (at or below the 1/2 plateau) */
  superpositionDStar: 0.55,
  /** Σ_i D_i ≈ m: within ±10 % of m */
  sumRelative: 0.1,
} as const;

export function isUniform(a: ExperimentAnalysis): boolean {
  return uniformImportance(a.importance) && a.features >= UNIFORM_TOLERANCES.minFeatureRatio * a.hidden;
}

/** The selected ReLU models of a uniform experiment, densest first. */
export function uniformModels(a: ExperimentAnalysis): ModelAnalysis[] {
  return selectedModels(a)
    .filter((m) => m.activation === 'relu')
    .sort((x, y) => y.density - x.density);
}

/** 1/(1 − S) written for sentences and keys. */
export function inv(d: number): string {
  return String(Number((1 / d).toPrecision(3)));
}

/** The smallest D* a model may have for dimensionality_fractions to judge it ('paper-range'). */
export function fractionRangeFloor(): number {
  return Math.min(...DIMENSIONALITY_FRACTIONS.map((fr) => fr.value)) - UNIFORM_TOLERANCES.fraction;
}
