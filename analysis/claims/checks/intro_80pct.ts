// The claim `intro_80pct`, one of the intro's 5 → 2 claims
// (analysis/claims/intro.ts holds what they share).

import { TOLERANCES, f, hasShape, nearestSelected, s, sameList, set, type ClaimCheck, passOrFail } from '../common.ts';
import { angularGaps, cosine, representedFeatures } from '../../metrics.ts';
import { INTRO } from '../intro.ts';
import { defineClaim } from '../define.ts';

/** intro_80pct: at s = 0.2 features 0–3 form two antipodal pairs at right angles; feature 4 is left out. */
const checkIntro80pct: ClaimCheck = (a) => {
  if (!hasShape(a, INTRO)) return null;
  const m = nearestSelected(a, 'relu', 0.2);
  if (m === null) return null;
  const rep = representedFeatures(m.norms);
  const top = sameList(rep, [0, 1, 2, 3]);
  const gaps = angularGaps(rep.map((i) => m.angles[i] as number));
  const gapsOk = gaps.length === 4 && gaps.every((g) => Math.abs(g - 90) <= TOLERANCES.angleDeg);
  // each represented feature has a partner within ±10° of 180°
  const antipodeCos = Math.cos(((180 - TOLERANCES.angleDeg) * Math.PI) / 180);
  let withPartner = 0;
  for (const i of rep) {
    if (rep.some((j) => j !== i && cosine(m.W, i, j) <= antipodeCos)) withPartner++;
  }
  const pairsOk = rep.length > 0 && withPartner === rep.length;
  const numbers: Record<string, number> = {
    density: m.density,
    represented: rep.length,
    withAntipode: withPartner,
  };
  gaps.forEach((g, k) => (numbers[`gap${k + 1}`] = g));
  m.norms.forEach((v, k) => (numbers[`norm${k}`] = v));
  return {
    id: 'intro_80pct',
    expected:
      'At 80% sparsity (s = 0.2) the four most important features sit as two antipodal pairs at right angles to each other (gaps of 90°) and the least important feature is left out.',
    observed: `At s=${s(m.density)} the represented features are ${set(rep)} (norms ${m.norms.map((v) => f(v)).join(', ')}); gaps ${gaps.map((g) => `${f(g, 1)}°`).join(', ')}; ${withPartner} of ${rep.length} have an antipode within ${TOLERANCES.angleDeg}°.`,
    status: passOrFail(top && gapsOk && pairsOk),
    numbers,
    headline: {
      label: `features in antipodal pairs at 1−S = ${s(m.density)}`,
      value: withPartner,
      paper: '4 (features 0–3)',
      integer: true,
    },
  };
};

export default defineClaim({
  id: 'intro_80pct',
  title: '80 % sparse 5 → 2: two antipodal pairs, one feature dropped',
  check: checkIntro80pct,
});
