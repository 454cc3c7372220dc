// The claim `anticorrelated_antipodal`, one of the correlated and anticorrelated feature-set claims
// (analysis/claims/correlated.ts holds what they share).

import { f, put, s, type ClaimCheck, passOrFail } from '../common.ts';
import { REPRESENTED_NORM } from '../../metrics.ts';
import { setPairs } from '../../correlated.ts';
import { CORRELATED_TOLERANCES, setModels } from '../correlated.ts';
import { defineClaim } from '../define.ts';

/** anticorrelated_antipodal: partners of every anticorrelated pair (m = 2) are represented and antipodal, cos < −0.9, at every density. */
const checkAnticorrelatedAntipodal: ClaimCheck = (a) => {
  const found = setModels(a, 'anticorrelated', 2, 2);
  if (found === null) return null;
  const t = CORRELATED_TOLERANCES.antipodalCos;
  const numbers: Record<string, number> = { densities: found.models.length, threshold: t };
  const parts: string[] = [];
  let ok = true;
  let highest = -1;
  for (const m of found.models) {
    const pairs = setPairs(m.W, found.sets);
    const pass = pairs.every((p) => p.represented && p.cos < t);
    ok &&= pass;
    highest = Math.max(highest, ...pairs.map((p) => p.cos));
    pairs.forEach((p) => put(numbers, `cos:${s(m.density)}:${p.i}-${p.j}`, p.cos));
    numbers[`antipodal:${s(m.density)}`] = pass ? 1 : 0;
    parts.push(
      `1−S = ${s(m.density)}: cos ${pairs.map((p) => f(p.cos, 2)).join(', ')}${pairs.every((p) => p.represented) ? '' : ' (a partner not represented)'}`,
    );
  }
  put(numbers, 'maxCos', highest);
  return {
    id: 'anticorrelated_antipodal',
    expected: `Two pairs of anticorrelated features in two dimensions: the partners of each pair point in opposite directions (checked: both represented, ‖W‖ > ${REPRESENTED_NORM}, and cos < ${t} at every density).`,
    observed: `Lowest-loss model per density, cosine between the partners of each pair — ${parts.join('; ')}; the highest is ${f(highest, 2)}.`,
    status: passOrFail(ok),
    numbers,
    headline: { label: 'highest cos between anticorrelated partners', value: highest, paper: '−1 (antipodal)' },
  };
};

export default defineClaim({
  id: 'anticorrelated_antipodal',
  title: 'anticorrelated features get opposite directions',
  check: checkAnticorrelatedAntipodal,
});
