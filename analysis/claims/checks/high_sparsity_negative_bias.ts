// The claim `high_sparsity_negative_bias`, one of the 20 → 5 "demonstrating superposition" claims
// (analysis/claims/superposition.ts holds what they share).

import { DENSITY_EPS, TOLERANCES, f, hasShape, put, s, selectedModels, type ClaimCheck, passOrFail } from '../common.ts';
import { gram, representedFeatures } from '../../metrics.ts';
import { DEMO } from '../superposition.ts';
import { defineClaim } from '../define.ts';

/** high_sparsity_negative_bias: at s ≤ 0.01, positive interference appears and biases turn negative. */
const checkHighSparsityNegativeBias: ClaimCheck = (a) => {
  if (!hasShape(a, DEMO)) return null;
  const sparse = selectedModels(a)
    .filter((m) => m.activation === 'relu' && m.density <= TOLERANCES.sparseDensity + DENSITY_EPS)
    .sort((x, y) => y.density - x.density);
  if (sparse.length === 0) return null;
  const numbers: Record<string, number> = {};
  const parts: string[] = [];
  let passing = 0;
  for (const m of sparse) {
    const rep = representedFeatures(m.norms);
    const G = gram(m.W);
    let maxPos = Number.NEGATIVE_INFINITY;
    let positivePairs = 0;
    for (const i of rep) {
      for (const j of rep) {
        if (j <= i) continue;
        const g = (G[i] as number[])[j] as number;
        maxPos = Math.max(maxPos, g);
        if (g > TOLERANCES.positiveInterference) positivePairs++;
      }
    }
    const negative = rep.filter((i) => (m.b[i] as number) < 0).length;
    const meanBias = rep.length > 0 ? rep.reduce((acc, i) => acc + (m.b[i] as number), 0) / rep.length : Number.NaN;
    const ok = positivePairs > 0 && negative > rep.length / 2;
    if (ok) passing++;
    const k = `s=${s(m.density)}`;
    numbers[`${k}:positivePairs`] = positivePairs;
    put(numbers, `${k}:maxOffDiagonal`, maxPos);
    numbers[`${k}:negativeBiases`] = negative;
    numbers[`${k}:represented`] = rep.length;
    put(numbers, `${k}:meanBias`, meanBias);
    numbers[`${k}:pass`] = ok ? 1 : 0;
    parts.push(
      `s=${s(m.density)}: ${positivePairs} pairs with WᵀW > ${TOLERANCES.positiveInterference} (max ${f(maxPos)}), ${negative} of ${rep.length} represented biases negative (mean ${f(meanBias, 3)})`,
    );
  }
  numbers['models'] = sparse.length;
  numbers['passing'] = passing;
  return {
    id: 'high_sparsity_negative_bias',
    expected:
      'At high sparsity (s ≤ 0.01) features sit at acute angles, giving positive WᵀW entries, and the biases of represented features turn negative to cut that interference.',
    observed: `${parts.join('; ')}.`,
    status: passOrFail(passing === sparse.length),
    numbers,
    headline: {
      label: 'models at 1−S ≤ 0.01 with positive interference and mostly negative biases',
      value: passing,
      paper: `all ${sparse.length}`,
      integer: true,
    },
  };
};

export default defineClaim({
  id: 'high_sparsity_negative_bias',
  title: 'at high sparsity: positive interference and negative biases',
  check: checkHighSparsityNegativeBias,
});
