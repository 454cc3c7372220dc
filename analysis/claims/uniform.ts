// Uniform superposition (n ≫ m, every importance equal): D* and feature dimensionalities

import type { ExperimentAnalysis, ModelAnalysis } from '../types.ts';
import { f, notJudged, passOrFail, put, selectedModels, type ClaimCheck } from './common.ts';
import { representedFeatures } from '../metrics.ts';
import {
  DIMENSIONALITY_FRACTIONS,
  NOTEBOOK_SPARSE_FRACTIONS,
  dimensionalitySum,
  fractionCoverage,
  fractionHistogram,
  longestPlateau,
  uniformImportance,
} from '../geometry.ts';

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

function isUniform(a: ExperimentAnalysis): boolean {
  return uniformImportance(a.importance) && a.features >= UNIFORM_TOLERANCES.minFeatureRatio * a.hidden;
}

/** The selected ReLU models of a uniform experiment, densest first. */
function uniformModels(a: ExperimentAnalysis): ModelAnalysis[] {
  return selectedModels(a)
    .filter((m) => m.activation === 'relu')
    .sort((x, y) => y.density - x.density);
}

/** 1/(1 − S) written for sentences and keys. */
function inv(d: number): string {
  return String(Number((1 / d).toPrecision(3)));
}

/** Dstar_sticky: D* = 1 when dense, a plateau at 1/2 over several densities, then below 1/2. */
export const checkDstarSticky: ClaimCheck = (a) => {
  if (!isUniform(a)) return null;
  const models = uniformModels(a);
  const T = UNIFORM_TOLERANCES;
  if (models.length < T.plateauMinLength + 2) return null;
  const d = models.map((m) => m.dStar);
  const densest = models[0] as ModelAnalysis;
  const denseOk = Math.abs(densest.dStar - 1) <= T.dStarDense;
  const plateau = longestPlateau(d, 0.5, T.dStarPlateau);
  const plateauLength = plateau?.length ?? 0;
  const plateauOk = plateauLength >= T.plateauMinLength;
  const tail = models.slice(-T.sparseTail);
  const tailOk = tail.every((m) => m.dStar < 0.5 - T.dStarPlateau) && (plateau === null || plateau.last < models.length - T.sparseTail);
  const numbers: Record<string, number> = {
    models: models.length,
    densestDensity: densest.density,
    plateauLength,
  };
  put(numbers, 'densestDStar', densest.dStar);
  if (plateau !== null) {
    numbers['plateauDensityMax'] = (models[plateau.first] as ModelAnalysis).density;
    numbers['plateauDensityMin'] = (models[plateau.last] as ModelAnalysis).density;
  }
  const sparsest = models[models.length - 1] as ModelAnalysis;
  numbers['sparsestDensity'] = sparsest.density;
  put(numbers, 'sparsestDStar', sparsest.dStar);
  models.forEach((m) => put(numbers, `1/(1-S)=${inv(m.density)}:dStar`, m.dStar));
  const plateauText =
    plateau === null
      ? 'no density has D* within ±0.05 of 1/2'
      : `the longest run within ±${T.dStarPlateau} of 1/2 spans ${plateauLength} densities, 1/(1−S) = ${inv((models[plateau.first] as ModelAnalysis).density)} to ${inv((models[plateau.last] as ModelAnalysis).density)}`;
  return {
    id: 'Dstar_sticky',
    expected: `With many equally important features, D* = m/‖W‖²_F is 1 for dense inputs, then sticks at 1/2 (antipodal pairs) over a wide range of sparsity, and falls below 1/2 at the highest sparsities (checked: |D* − 1| ≤ ${T.dStarDense} at the densest model, ≥ ${T.plateauMinLength} consecutive densities within ±${T.dStarPlateau} of 1/2, D* < ${0.5 - T.dStarPlateau} at the ${T.sparseTail} sparsest).`,
    observed: `D* is ${f(densest.dStar, 3)} at 1/(1−S) = ${inv(densest.density)}; ${plateauText}; at the ${T.sparseTail} sparsest densities D* = ${tail.map((m) => f(m.dStar, 3)).join(', ')} (1/(1−S) = ${tail.map((m) => inv(m.density)).join(', ')}).`,
    status: passOrFail(denseOk && plateauOk && tailOk),
    numbers,
    headline: {
      label: 'consecutive densities with D* within ±0.05 of 1/2',
      value: plateauLength,
      paper: `a wide range (≥ ${T.plateauMinLength} here)`,
      integer: true,
    },
  };
};

/**
 * Which models dimensionality_fractions judges. 'paper-range' (since the checks were reviewed against the
 * paper): the models whose D* is at least the smallest fraction the paper names (3/8) less the tolerance;
 * a model below that spreads its features over less than 3/8 of a dimension each on average, so most of its
 * D_i lie below every fraction the paper lists, whatever it does. 'all' (the first rule): every model.
 */
export type FractionScope = 'paper-range' | 'all';

/** The smallest D* a model may have for dimensionality_fractions to judge it ('paper-range'). */
export function fractionRangeFloor(): number {
  return Math.min(...DIMENSIONALITY_FRACTIONS.map((fr) => fr.value)) - UNIFORM_TOLERANCES.fraction;
}

function representedDims(models: readonly ModelAnalysis[]): number[] {
  const dims: number[] = [];
  for (const m of models) for (const i of representedFeatures(m.norms)) dims.push(m.dimensionality[i] as number);
  return dims;
}

/** dimensionality_fractions with the given scope (the registered check uses 'paper-range'; 'all' is kept for the table of changes). */
export function dimensionalityFractionsCheck(scope: FractionScope): ClaimCheck {
  return (a) => {
    if (!isUniform(a)) return null;
    const models = uniformModels(a);
    if (models.length === 0) return null;
    const T = UNIFORM_TOLERANCES;
    const floor = fractionRangeFloor();
    const judged = scope === 'all' ? models : models.filter((m) => m.dStar >= floor);
    const beyond = models.filter((m) => !judged.includes(m));
    const expected = `Feature dimensionalities D_i cluster at the fractions 1, 3/4, 2/3, 1/2, 2/5 and 3/8 (dedicated dimension, tetrahedron, triangle, antipodal pair, pentagon, square antiprism); checked: at least ${T.fractionShare * 100} % of represented features' D_i within ±${T.fraction} of one of them${scope === 'all' ? '' : `, over the models whose D* is at least 3/8 − ${T.fraction} (the range the listed fractions cover)`}.`;
    if (judged.length === 0) {
      return notJudged(
        'dimensionality_fractions',
        expected,
        `no model has D* ≥ ${f(floor, 3)}, the range of the fractions the paper lists`,
        { models: models.length },
      );
    }
    const h = fractionHistogram(representedDims(judged), T.fraction);
    const numbers: Record<string, number> = { models: judged.length, represented: h.total, matched: h.matched };
    put(numbers, 'share', h.share);
    DIMENSIONALITY_FRACTIONS.forEach((fr, k) => (numbers[`D=${fr.label}`] = h.counts[k] as number));
    numbers['other'] = h.total - h.matched;
    const lowest = Math.min(...judged.map((m) => m.dStar));
    const chance = fractionCoverage(DIMENSIONALITY_FRACTIONS, T.fraction, Math.min(floor, lowest), 1);
    put(numbers, 'chanceShare', chance);
    const hist = DIMENSIONALITY_FRACTIONS.map((fr, k) => `${fr.label}: ${h.counts[k]}`).join(', ');
    let beyondText = '';
    if (beyond.length > 0) {
      const hb = fractionHistogram(representedDims(beyond), T.fraction, NOTEBOOK_SPARSE_FRACTIONS);
      numbers['beyondModels'] = beyond.length;
      numbers['beyondRepresented'] = hb.total;
      put(numbers, 'beyondShareOnNotebookLines', hb.share);
      NOTEBOOK_SPARSE_FRACTIONS.forEach((fr, k) => (numbers[`beyond:D=${fr.label}`] = hb.counts[k] as number));
      beyondText = ` The ${beyond.length} sparser model${beyond.length === 1 ? '' : 's'} (D* < ${f(floor, 3)}), outside the range the paper's fractions cover and not judged, put ${f(hb.share * 100, 1)} % of their ${hb.total} represented D_i within ±${T.fraction} of the lines the notebook draws there (${NOTEBOOK_SPARSE_FRACTIONS.map((fr, k) => `${fr.label}: ${hb.counts[k]}`).join(', ')}).`;
    }
    return {
      id: 'dimensionality_fractions',
      expected,
      observed: `Of ${h.total} represented features over ${judged.length} models, ${h.matched} (${f(h.share * 100, 1)} %) lie within ±${T.fraction} of a fraction (${hist}; ${h.total - h.matched} elsewhere); values spread evenly over the same range would land on one ${f(chance * 100, 0)} % of the time.${beyondText}`,
      status: passOrFail(h.total > 0 && h.share >= T.fractionShare),
      numbers,
      headline: { label: "represented Dᵢ on one of the paper's fractions (%)", value: h.share * 100, paper: 'most' },
    };
  };
}

/** dimensionality_fractions: represented features' D_i cluster at 1, 3/4, 2/3, 1/2, 2/5, 3/8. */
export const checkDimensionalityFractions: ClaimCheck = dimensionalityFractionsCheck('paper-range');

/** dimensionality_sum: Σ_i D_i ≈ m for the models in superposition. */
export const checkDimensionalitySum: ClaimCheck = (a) => {
  if (!isUniform(a)) return null;
  const T = UNIFORM_TOLERANCES;
  const models = uniformModels(a).filter((m) => m.dStar <= T.superpositionDStar);
  if (models.length === 0) return null;
  const numbers: Record<string, number> = { models: models.length, hidden: a.hidden };
  const parts: string[] = [];
  let passing = 0;
  let worst = 0;
  for (const m of models) {
    const sum = dimensionalitySum(m.dimensionality);
    const dev = Math.abs(sum - m.hidden) / m.hidden;
    worst = Math.max(worst, dev);
    const ok = dev <= T.sumRelative;
    if (ok) passing++;
    numbers[`1/(1-S)=${inv(m.density)}:sum`] = sum;
    parts.push(`${f(sum, 2)}${ok ? '' : ' ✗'} at 1/(1−S) = ${inv(m.density)}`);
  }
  numbers['passing'] = passing;
  numbers['maxRelativeDeviation'] = worst;
  return {
    id: 'dimensionality_sum',
    expected: `When features are packed efficiently the dimensionalities add up to the number of dimensions, Σ_i D_i ≈ m (checked: within ±${T.sumRelative * 100} % of m for every model with D* ≤ ${T.superpositionDStar}).`,
    observed: `Σ_i D_i for the ${models.length} models with D* ≤ ${T.superpositionDStar} (m = ${a.hidden}): ${parts.join('; ')}; ${passing} of ${models.length} within ±${T.sumRelative * 100} % (largest deviation ${f(worst * 100, 1)} %).`,
    status: passOrFail(passing === models.length),
    numbers,
    headline: { label: 'largest |Σᵢ Dᵢ − m| / m over the models in superposition (%)', value: worst * 100, paper: '≈ 0' },
  };
};
