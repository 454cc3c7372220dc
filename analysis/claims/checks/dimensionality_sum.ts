// The claim `dimensionality_sum`, one of the uniform-superposition claims
// (analysis/claims/uniform.ts holds what they share).

import { f, passOrFail, type ClaimCheck } from '../common.ts';
import { dimensionalitySum } from '../../geometry.ts';
import { UNIFORM_TOLERANCES, isUniform, uniformModels, inv } from '../uniform.ts';
import { defineClaim } from '../define.ts';

/** dimensionality_sum: Σᵢ Dᵢ ≈ m for the models in superposition. */
const checkDimensionalitySum: ClaimCheck = (a) => {
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
    expected: `When features are packed efficiently the dimensionalities add up to the number of dimensions, Σᵢ Dᵢ ≈ m (checked: within ±${T.sumRelative * 100} % of m for every model with D* ≤ ${T.superpositionDStar}).`,
    observed: `Σᵢ Dᵢ for the ${models.length} models with D* ≤ ${T.superpositionDStar} (m = ${a.hidden}): ${parts.join('; ')}; ${passing} of ${models.length} within ±${T.sumRelative * 100} % (largest deviation ${f(worst * 100, 1)} %).`,
    status: passOrFail(passing === models.length),
    numbers,
    headline: { label: 'largest |Σᵢ Dᵢ − m| / m over the models in superposition (%)', value: worst * 100, paper: '≈ 0' },
  };
};

export default defineClaim({ id: 'dimensionality_sum', title: 'feature dimensionalities add up to m', check: checkDimensionalitySum });
