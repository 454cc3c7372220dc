// The claim `dimensionality_fractions`, one of the uniform-superposition claims
// (analysis/claims/uniform.ts holds what they share).

import type { ModelAnalysis } from '../../types.ts';
import { f, notJudged, passOrFail, put, type ClaimCheck } from '../common.ts';
import { representedFeatures } from '../../metrics.ts';
import { DIMENSIONALITY_FRACTIONS, NOTEBOOK_SPARSE_FRACTIONS, fractionCoverage, fractionHistogram } from '../../geometry.ts';
import { UNIFORM_TOLERANCES, isUniform, uniformModels, fractionRangeFloor } from '../uniform.ts';
import { defineClaim } from '../define.ts';

/**
 * Which models dimensionality_fractions judges. 'paper-range' (since the checks were reviewed against the
 * paper): the models whose D* is at least the smallest fraction the paper names (3/8) less the tolerance;
 * a model below that spreads its features over less than 3/8 of a dimension each on average, so most of its
 * Dᵢ lie below every fraction the paper lists, whatever it does. 'all' (the first rule): every model.
 */
export type FractionScope = 'paper-range' | 'all';

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
    const expected = `Feature dimensionalities Dᵢ cluster at the fractions 1, 3/4, 2/3, 1/2, 2/5 and 3/8 (dedicated dimension, tetrahedron, triangle, antipodal pair, pentagon, square antiprism); checked: at least ${T.fractionShare * 100} % of represented features' Dᵢ within ±${T.fraction} of one of them${scope === 'all' ? '' : `, over the models whose D* is at least 3/8 − ${T.fraction} (the range the listed fractions cover)`}.`;
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
      beyondText = ` The ${beyond.length} sparser model${beyond.length === 1 ? '' : 's'} (D* < ${f(floor, 3)}), outside the range the paper's fractions cover and not judged, put ${f(hb.share * 100, 1)} % of their ${hb.total} represented Dᵢ within ±${T.fraction} of the lines the notebook draws there (${NOTEBOOK_SPARSE_FRACTIONS.map((fr, k) => `${fr.label}: ${hb.counts[k]}`).join(', ')}).`;
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

/** dimensionality_fractions: represented features' Dᵢ cluster at 1, 3/4, 2/3, 1/2, 2/5, 3/8. */
const checkDimensionalityFractions: ClaimCheck = dimensionalityFractionsCheck('paper-range');

export default defineClaim({
  id: 'dimensionality_fractions',
  title: 'feature dimensionalities cluster at 1, 3/4, 2/3, 1/2, 2/5, 3/8',
  check: checkDimensionalityFractions,
});
