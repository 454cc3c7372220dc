// The claim `relu_dense_equals_linear`, one of the 20 → 5 "demonstrating superposition" claims
// (analysis/claims/superposition.ts holds what they share).

import { TOLERANCES, f, hasShape, nearestSelected, range, s, sameList, set, withFinite, type ClaimCheck, passOrFail } from '../common.ts';
import { orthogonalFeatures, representedFeatures } from '../../metrics.ts';
import { DEMO } from '../superposition.ts';
import { defineClaim } from '../define.ts';

/** relu_dense_equals_linear: at s = 1 the ReLU model behaves like the linear one. */
const checkReluDenseEqualsLinear: ClaimCheck = (a) => {
  if (!hasShape(a, DEMO)) return null;
  const m = nearestSelected(a, 'relu', 1);
  if (m === null) return null;
  const rep = representedFeatures(m.norms);
  const orth = orthogonalFeatures(m.norms, m.superposition);
  const top = sameList(rep, range(m.hidden));
  const maxSup = rep.reduce((acc, i) => Math.max(acc, m.superposition[i] as number), 0);
  const dOk = Math.abs(m.dStar - 1) < TOLERANCES.unit;
  const pass = top && orth.length === rep.length && dOk;
  return {
    id: 'relu_dense_equals_linear',
    expected:
      'With dense inputs (s = 1) the ReLU 20→5 model matches the linear one: the 5 most important features, all orthogonal, D* = 1.',
    observed: `At s=${s(m.density)} the ReLU model represents ${set(rep)} (${rep.length} features), ${orth.length} of them orthogonal (max superposition ${f(maxSup, 3)}), D*=${f(m.dStar, 3)}.`,
    status: passOrFail(pass),
    numbers: withFinite(
      { density: m.density, represented: rep.length, orthogonal: orth.length, maxSuperposition: maxSup, topFeatures: top ? 1 : 0 },
      { dStar: m.dStar },
    ),
    headline: { label: 'orthogonal features at 1−S = 1', value: orth.length, paper: '5 (features 0–4)', integer: true },
  };
};

export default defineClaim({
  id: 'relu_dense_equals_linear',
  title: 'with dense inputs the ReLU model behaves like the linear one',
  check: checkReluDenseEqualsLinear,
});
