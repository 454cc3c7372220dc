// The claim `linear_top_m`, one of the 20 → 5 "demonstrating superposition" claims
// (analysis/claims/superposition.ts holds what they share).

import { TOLERANCES, f, hasShape, put, range, s, sameList, selectedModels, set, type ClaimCheck, passOrFail } from '../common.ts';
import { orthogonalFeatures, representedFeatures } from '../../metrics.ts';
import { DEMO } from '../superposition.ts';
import { defineClaim } from '../define.ts';

/** linear_top_m: the linear model learns exactly the m most important features, orthogonally, D* = 1. */
const checkLinearTopM: ClaimCheck = (a) => {
  if (!hasShape(a, DEMO)) return null;
  const lin = selectedModels(a).filter((m) => m.activation === 'linear');
  if (lin.length === 0) return null;
  const numbers: Record<string, number> = {};
  const parts: string[] = [];
  let passing = 0;
  for (const m of lin) {
    const rep = representedFeatures(m.norms);
    const orth = orthogonalFeatures(m.norms, m.superposition);
    const top = sameList(rep, range(m.hidden));
    const allOrth = orth.length === rep.length;
    const dOk = Math.abs(m.dStar - 1) < TOLERANCES.unit;
    const ok = top && allOrth && dOk;
    if (ok) passing++;
    numbers[`s=${s(m.density)}:represented`] = rep.length;
    numbers[`s=${s(m.density)}:orthogonal`] = orth.length;
    put(numbers, `s=${s(m.density)}:dStar`, m.dStar);
    numbers[`s=${s(m.density)}:pass`] = ok ? 1 : 0;
    parts.push(`s=${s(m.density)}: represented ${set(rep)}, ${orth.length} orthogonal, D*=${f(m.dStar)}`);
  }
  numbers['models'] = lin.length;
  numbers['passing'] = passing;
  return {
    id: 'linear_top_m',
    expected:
      'At every density the linear 20→5 model keeps only the 5 most important features (0–4), each on its own orthogonal direction with unit norm, so D* = 1, like PCA.',
    observed: `${passing} of ${lin.length} linear models match (${parts.join('; ')}).`,
    status: passOrFail(passing === lin.length),
    numbers,
    headline: {
      label: 'linear models keeping exactly features 0–4, orthogonal, D* = 1',
      value: passing,
      paper: `all ${lin.length}`,
      integer: true,
    },
  };
};

export default defineClaim({
  id: 'linear_top_m',
  title: 'the linear model keeps the 5 most important features, orthogonal (PCA)',
  check: checkLinearTopM,
});
