// The claim `pentagon_norm_bias`, one of the intro's 5 → 2 claims
// (analysis/claims/intro.ts holds what they share).

import { TOLERANCES, f, notJudged, s, type ClaimCheck, passOrFail } from '../common.ts';
import { pentagonCandidates } from '../intro.ts';
import { defineClaim } from '../define.ts';

/**
 * pentagon_norm_bias: in the pentagon, ‖Wᵢ‖² + bᵢ ≈ 1 (negative bias, norm above 1). Not judged on a
 * seed without a pentagon: the paper's statement is about the pentagon's biases (§Geometry, non-uniform
 * superposition), and intro_pentagon already reports a missing pentagon.
 */
const checkPentagonNormBias: ClaimCheck = (a) => {
  const cands = pentagonCandidates(a);
  if (cands.length === 0) return null;
  const pentagons = cands.filter((c) => c.isPentagon);
  const expected =
    'In the pentagon a small negative bias cuts the positive interference and the norms grow above 1 to make up for it, so that ‖Wᵢ‖² + bᵢ ≈ 1 for every feature.';
  const first = pentagons[0];
  if (first === undefined) {
    return notJudged(
      'pentagon_norm_bias',
      expected,
      `no pentagon among the ${cands.length} fits at s ≤ 0.1, so there is no pentagon whose norms and biases could be measured`,
      {
        pentagons: 0,
        candidates: cands.length,
      },
    );
  }
  let worst = 0;
  for (const c of pentagons) {
    c.model.norms.forEach((n, i) => {
      worst = Math.max(worst, Math.abs(n * n + (c.model.b[i] as number) - 1));
    });
  }
  const m = first.model;
  const sums = m.norms.map((n, i) => n * n + (m.b[i] as number));
  const numbers: Record<string, number> = {
    pentagons: pentagons.length,
    density: m.density,
    replica: m.replica,
    maxDeviation: worst,
  };
  sums.forEach((v, k) => (numbers[`normSqPlusBias${k}`] = v));
  m.b.forEach((v, k) => (numbers[`bias${k}`] = v));
  m.norms.forEach((v, k) => (numbers[`norm${k}`] = v));
  return {
    id: 'pentagon_norm_bias',
    expected,
    observed: `In the pentagon at s=${s(m.density)} (replica ${m.replica}) ‖Wᵢ‖² + bᵢ = ${sums.map((v) => f(v, 3)).join(', ')} with b = ${m.b.map((v) => f(v, 3)).join(', ')}; the largest |‖Wᵢ‖² + bᵢ − 1| over ${pentagons.length} pentagon fit(s) is ${f(worst, 3)} (tolerance ${TOLERANCES.normPlusBias}).`,
    status: passOrFail(worst < TOLERANCES.normPlusBias),
    numbers,
    headline: { label: 'largest |‖Wᵢ‖² + bᵢ − 1| in a pentagon', value: worst, paper: '≈ 0' },
  };
};

export default defineClaim({
  id: 'pentagon_norm_bias',
  title: 'in the pentagon ‖Wᵢ‖² + bᵢ ≈ 1 (negative bias, longer norm)',
  check: checkPentagonNormBias,
});
