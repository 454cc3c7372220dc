// The claim `intro_dense`, one of the intro's 5 → 2 claims
// (analysis/claims/intro.ts holds what they share).

import type { ModelAnalysis } from '../../types.ts';
import { TOLERANCES, f, hasShape, nearestSelected, s, sameList, set, type ClaimCheck, passOrFail } from '../common.ts';
import { cosine, representedFeatures } from '../../metrics.ts';
import { INTRO } from '../intro.ts';
import { defineClaim } from '../define.ts';

function angleBetween(m: ModelAnalysis, i: number, j: number): number {
  const c = Math.min(1, Math.max(-1, cosine(m.W, i, j)));
  return (Math.acos(c) * 180) / Math.PI;
}

/** intro_dense: at s = 1 only features 0 and 1 are embedded, with unit norm, at right angles. */
const checkIntroDense: ClaimCheck = (a) => {
  if (!hasShape(a, INTRO)) return null;
  const m = nearestSelected(a, 'relu', 1);
  if (m === null) return null;
  const rep = representedFeatures(m.norms);
  const top = sameList(rep, [0, 1]);
  const n0 = m.norms[0] as number;
  const n1 = m.norms[1] as number;
  const normsOk = Math.abs(n0 - 1) < TOLERANCES.unit && Math.abs(n1 - 1) < TOLERANCES.unit;
  const angle = angleBetween(m, 0, 1);
  const angleOk = Math.abs(angle - 90) <= TOLERANCES.angleDeg;
  const rest = m.norms.slice(2);
  return {
    id: 'intro_dense',
    expected:
      'With dense inputs the 5→2 ReLU model gives the two most important features their own perpendicular unit directions and leaves the other three out.',
    observed: `At s=${s(m.density)} the represented features are ${set(rep)}; ‖W₀‖=${f(n0)}, ‖W₁‖=${f(n1)}, angle ${f(angle, 1)}°; ‖W₂‖, ‖W₃‖, ‖W₄‖ = ${rest.map((v) => f(v)).join(', ')}.`,
    status: passOrFail(top && normsOk && angleOk),
    numbers: {
      density: m.density,
      represented: rep.length,
      norm0: n0,
      norm1: n1,
      angle01: angle,
      maxOtherNorm: rest.reduce((acc, v) => Math.max(acc, v), 0),
    },
    headline: { label: 'angle between W₀ and W₁ at 1−S = 1 (degrees)', value: angle, paper: '90' },
  };
};

export default defineClaim({
  id: 'intro_dense',
  title: 'dense 5 → 2: two features at right angles, three dropped',
  check: checkIntroDense,
});
