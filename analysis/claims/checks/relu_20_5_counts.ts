// The claim `relu_20_5_counts`, one of the 20 → 5 "demonstrating superposition" claims
// (analysis/claims/superposition.ts holds what they share).

import { DENSITY_EPS, TOLERANCES, hasShape, s, selectedModels, type ClaimCheck, passOrFail } from '../common.ts';
import { orthogonalFeatures, representedFeatures } from '../../metrics.ts';
import { DEMO, PAPER_COUNTS_20_5 } from '../superposition.ts';
import { defineClaim } from '../define.ts';

/** relu_20_5_counts: represented (orthogonal) feature counts per density match the paper's figure. */
const checkRelu205Counts: ClaimCheck = (a) => {
  if (!hasShape(a, DEMO)) return null;
  const relu = selectedModels(a)
    .filter((m) => m.activation === 'relu')
    .sort((x, y) => y.density - x.density);
  const numbers: Record<string, number> = {};
  const parts: string[] = [];
  let compared = 0;
  let passing = 0;
  for (const m of relu) {
    let ref: (typeof PAPER_COUNTS_20_5)[number] | undefined;
    let bestDist = Number.POSITIVE_INFINITY;
    for (const p of PAPER_COUNTS_20_5) {
      const d = Math.abs(Math.log(m.density / p.density));
      if (d < bestDist) {
        bestDist = d;
        ref = p;
      }
    }
    if (ref === undefined || bestDist > Math.log(TOLERANCES.densityFactor) + DENSITY_EPS) continue;
    const slack = ref.density <= TOLERANCES.sparseDensity + DENSITY_EPS ? TOLERANCES.countSlackSparse : 0;
    const rep = representedFeatures(m.norms).length;
    const orth = orthogonalFeatures(m.norms, m.superposition).length;
    const repLo = Math.max(0, ref.represented[0] - slack);
    const repHi = Math.min(m.features, ref.represented[1] + slack);
    const orthLo = Math.max(0, ref.orthogonal[0] - slack);
    const orthHi = ref.orthogonal[1] + slack;
    const ok = rep >= repLo && rep <= repHi && orth >= orthLo && orth <= orthHi;
    compared++;
    if (ok) passing++;
    const k = `s=${s(m.density)}`;
    numbers[`${k}:represented`] = rep;
    numbers[`${k}:orthogonal`] = orth;
    numbers[`${k}:pass`] = ok ? 1 : 0;
    const want = (lo: number, hi: number): string => (lo === hi ? `${lo}` : `${lo}–${hi}`);
    parts.push(`s=${s(m.density)}: ${rep} (${orth}) vs ${want(repLo, repHi)} (${want(orthLo, orthHi)})${ok ? '' : ' ✗'}`);
  }
  if (compared === 0) return null;
  numbers['models'] = compared;
  numbers['passing'] = passing;
  return {
    id: 'relu_20_5_counts',
    expected:
      "The number of features the ReLU 20→5 model represents grows as inputs get sparser — about 5, 7, 9, 10–12, 11–14, 13+ and 12–20 at s = 1 … 0.001 — while the orthogonal ones fall 5, 3, 1, then 0 (read off the paper's figure; ±2 features allowed at s ≤ 0.01).",
    observed: `Represented (orthogonal) features, measured vs allowed: ${parts.join('; ')}; ${passing} of ${compared} densities match.`,
    status: passOrFail(passing === compared),
    numbers,
    headline: { label: "densities whose feature counts match the paper's figure", value: passing, paper: `all ${compared}`, integer: true },
  };
};

export default defineClaim({
  id: 'relu_20_5_counts',
  title: 'the number of represented and orthogonal features at each sparsity (20 → 5)',
  check: checkRelu205Counts,
});
