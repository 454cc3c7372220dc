// The claim `correlated_collapse`, one of the correlated and anticorrelated feature-set claims
// (analysis/claims/correlated.ts holds what they share).

import { f, put, s, type ClaimCheck, passOrFail } from '../common.ts';
import { collapsedPairs, paperCollapsedPairs } from '../../correlated.ts';
import { CORRELATED_TOLERANCES, setModels } from '../correlated.ts';
import { defineClaim } from '../define.ts';

/** correlated_collapse: three correlated pairs (m = 2): the number of collapsed pairs per density follows the paper's regimes on ≥ 75 % of the densities that have one. */
const checkCorrelatedCollapse: ClaimCheck = (a) => {
  const found = setModels(a, 'correlated', 2, 2);
  if (found === null || found.sets.length !== 3) return null;
  const numbers: Record<string, number> = {};
  const parts: string[] = [];
  let checked = 0;
  let matching = 0;
  for (const m of found.models) {
    const count = collapsedPairs(m.W, found.sets);
    const paper = paperCollapsedPairs(m.density);
    numbers[`collapsed:${s(m.density)}`] = count;
    if (paper !== null) {
      numbers[`paper:${s(m.density)}`] = paper;
      checked++;
      if (paper === count) matching++;
    }
    parts.push(`${s(m.density)}: ${count}${paper === null ? '' : ` (paper ${paper})`}`);
  }
  const agreement = checked === 0 ? Number.NaN : matching / checked;
  numbers.checked = checked;
  numbers.matching = matching;
  put(numbers, 'agreement', agreement);
  return {
    id: 'correlated_collapse',
    expected: `Three correlated pairs in two dimensions: no pair collapsed for 1−S ≤ 0.05, one for 0.05–0.15, two for 0.15–0.2, all three for 0.25–0.5 (a pair is collapsed when both partners are represented and cos > ${CORRELATED_TOLERANCES.collapseCos}; checked: the count matches at ≥ ${CORRELATED_TOLERANCES.collapseAgreement * 100} % of the densities inside a stated regime).`,
    observed: `Collapsed pairs by density 1−S — ${parts.join('; ')}: ${matching} of ${checked} densities with a stated regime match (${f(agreement * 100, 0)} %).`,
    status: passOrFail(checked > 0 && agreement >= CORRELATED_TOLERANCES.collapseAgreement),
    numbers,
    headline: { label: "densities with the paper's number of collapsed pairs", value: matching, paper: `all ${checked}`, integer: true },
  };
};

export default defineClaim({
  id: 'correlated_collapse',
  title: 'correlated pairs collapse one by one as they get denser',
  check: checkCorrelatedCollapse,
});
