// The claim `antipodal_first`, one of the 20 → 5 "demonstrating superposition" claims
// (analysis/claims/superposition.ts holds what they share).

import { TOLERANCES, f, hasShape, nearestSelected, put, s, type ClaimCheck, passOrFail } from '../common.ts';
import { cosine, gram, representedFeatures } from '../../metrics.ts';
import { DEMO, maxAbs } from '../superposition.ts';
import { defineClaim } from '../define.ts';

/** antipodal_first: at s = 0.3 the features in superposition form antipodal pairs with bias ≈ 0. */
const checkAntipodalFirst: ClaimCheck = (a) => {
  if (!hasShape(a, DEMO)) return null;
  const m = nearestSelected(a, 'relu', 0.3);
  if (m === null) return null;
  const rep = representedFeatures(m.norms);
  const superposed = rep.filter((i) => (m.superposition[i] as number) >= TOLERANCES.orthogonalSuperposition);
  // each superposed feature's most opposite represented partner
  const partner = new Map<number, number>();
  for (const i of superposed) {
    let best = -1;
    let bestCos = Number.POSITIVE_INFINITY;
    for (const j of rep) {
      if (j === i) continue;
      const c = cosine(m.W, i, j);
      if (c < bestCos) {
        bestCos = c;
        best = j;
      }
    }
    partner.set(i, best);
  }
  const G = gram(m.W);
  const pairs: Array<[number, number]> = [];
  let unpaired = 0;
  let worstCos = Number.NEGATIVE_INFINITY;
  let worstGram = Number.NEGATIVE_INFINITY;
  for (const i of superposed) {
    const j = partner.get(i) ?? -1;
    const c = j >= 0 ? cosine(m.W, i, j) : 1;
    const mutual = j >= 0 && partner.get(j) === i;
    worstCos = Math.max(worstCos, c);
    if (!mutual || c > TOLERANCES.antipodalCos) {
      unpaired++;
      continue;
    }
    worstGram = Math.max(worstGram, (G[i] as number[])[j] as number);
    if (i < j) pairs.push([i, j]);
  }
  const maxBias = maxAbs(superposed.map((i) => m.b[i] as number));
  const biasOk = maxBias < TOLERANCES.unit;
  const pass = superposed.length >= 2 && unpaired === 0 && biasOk;
  const numbers: Record<string, number> = {
    density: m.density,
    represented: rep.length,
    superposed: superposed.length,
    pairs: pairs.length,
    unpaired,
    maxAbsBias: maxBias,
  };
  put(numbers, 'worstPairCosine', worstCos);
  put(numbers, 'worstPairGram', worstGram);
  const pairText = pairs.map(([i, j]) => `${i}↔${j} (WᵀW ${f((G[i] as number[])[j] as number)})`).join(', ');
  return {
    id: 'antipodal_first',
    expected:
      'At s = 0.3 the first features to enter superposition do so as antipodal pairs (WᵀW entries near −1 between partners) with biases near 0.',
    observed:
      superposed.length === 0
        ? `At s=${s(m.density)} no represented feature is in superposition (${rep.length} represented, all orthogonal).`
        : `At s=${s(m.density)} ${superposed.length} features are in superposition: ${pairs.length} antipodal pairs${pairText ? ` ${pairText}` : ''}, ${unpaired} without an antipodal partner (least opposite cosine ${f(worstCos)}), max |b| ${f(maxBias, 3)}.`,
    status: passOrFail(pass),
    numbers,
    headline: {
      label: 'antipodal pairs among the superposed features at 1−S = 0.3',
      value: pairs.length,
      paper: '2 (4 superposed features)',
      integer: true,
    },
  };
};

export default defineClaim({
  id: 'antipodal_first',
  title: 'features first enter superposition as antipodal pairs',
  check: checkAntipodalFirst,
});
