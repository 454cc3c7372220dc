// The claim `correlated_orthogonal`, one of the correlated and anticorrelated feature-set claims
// (analysis/claims/correlated.ts holds what they share).

import { f, put, s, type ClaimCheck, passOrFail } from '../common.ts';
import { REPRESENTED_NORM } from '../../metrics.ts';
import { setPairs } from '../../correlated.ts';
import { CORRELATED_TOLERANCES, setModels } from '../correlated.ts';
import { defineClaim } from '../define.ts';

/** correlated_orthogonal: partners of every correlated pair (m = 2) are represented and orthogonal, |cos| < 0.2, at every density. */
const checkCorrelatedOrthogonal: ClaimCheck = (a) => {
  const found = setModels(a, 'correlated', 2, 2);
  if (found === null || found.sets.length !== 2) return null;
  const t = CORRELATED_TOLERANCES.orthogonalCos;
  const numbers: Record<string, number> = { densities: found.models.length, threshold: t };
  const parts: string[] = [];
  let ok = true;
  let worst = 0;
  for (const m of found.models) {
    const pairs = setPairs(m.W, found.sets);
    const cosines = pairs.map((p) => p.cos);
    const pass = pairs.every((p) => p.represented && Math.abs(p.cos) < t);
    ok &&= pass;
    worst = Math.max(worst, ...cosines.map(Math.abs));
    pairs.forEach((p) => put(numbers, `cos:${s(m.density)}:${p.i}-${p.j}`, p.cos));
    numbers[`orthogonal:${s(m.density)}`] = pass ? 1 : 0;
    parts.push(
      `1−S = ${s(m.density)}: cos ${cosines.map((c) => f(c, 2)).join(', ')}${pairs.every((p) => p.represented) ? '' : ' (a partner not represented)'}`,
    );
  }
  put(numbers, 'maxAbsCos', worst);
  return {
    id: 'correlated_orthogonal',
    expected: `Two pairs of correlated features in two dimensions: the partners of each pair get orthogonal directions (checked: both represented, ‖W‖ > ${REPRESENTED_NORM}, and |cos| < ${t} at every density).`,
    observed: `Lowest-loss model per density, cosine between the partners of each pair — ${parts.join('; ')}; largest |cos| ${f(worst, 2)}.`,
    status: passOrFail(ok),
    numbers,
    headline: { label: 'largest |cos| between correlated partners', value: worst, paper: '0 (orthogonal)' },
  };
};

export default defineClaim({
  id: 'correlated_orthogonal',
  title: 'correlated features get orthogonal directions',
  check: checkCorrelatedOrthogonal,
});
