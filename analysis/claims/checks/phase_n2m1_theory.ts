// The claim `phase_n2m1_theory`, one of the n = 2, m = 1 phase-change claims
// (analysis/claims/phase.ts holds what they share).

import { f, type ClaimCheck, passOrFail } from '../common.ts';
import { TRIPLE_POINT, boundaryByBisection, phaseLosses, superpositionBoundary, theoreticalPhase } from '../../phase.ts';
import { PHASE_TOLERANCES, isPhaseGrid } from '../phase.ts';
import { defineClaim } from '../define.ts';

/** phase_n2m1_theory: the closed forms' winner map has the triple point, boundaries and symmetry of §1.3. */
const checkPhaseTheory: ClaimCheck = (a) => {
  if (!isPhaseGrid(a)) return null;
  const tol = PHASE_TOLERANCES.theory;
  // the superposition boundary located by bisection on our winner map, against the guide's formulas
  const at01 = boundaryByBisection(0.1);
  const at10 = boundaryByBisection(10);
  const at1 = boundaryByBisection(1);
  const tripleLosses = Object.values(phaseLosses(TRIPLE_POINT.r, TRIPLE_POINT.s));
  const tripleSpread = Math.max(...tripleLosses) - Math.min(...tripleLosses);
  // symmetry in log r and agreement with the guide's formula over r ∈ [0.1, 10]
  let maxAsymmetry = 0;
  let maxFormulaDeviation = 0;
  for (let k = 0; k <= 40; k++) {
    const r = 10 ** (-1 + k / 20);
    const b = boundaryByBisection(r);
    maxAsymmetry = Math.max(maxAsymmetry, Math.abs(b - boundaryByBisection(1 / r)));
    maxFormulaDeviation = Math.max(maxFormulaDeviation, Math.abs(b - superpositionBoundary(r)));
  }
  // above the triple point the ignore-vs-dedicate boundary is the line r = 1
  let lineOk = true;
  for (let k = 1; k <= 20; k++) {
    const sv = TRIPLE_POINT.s + ((1 - TRIPLE_POINT.s) * k) / 20;
    if (theoreticalPhase(0.99, sv) !== 'not-represented' || theoreticalPhase(1.01, sv) !== 'dedicated') lineOk = false;
  }
  const ok =
    Math.abs(at01 - 0.16) < tol &&
    Math.abs(at10 - 0.16) < tol &&
    Math.abs(at1 - 4 / 7) < tol &&
    tripleSpread < tol &&
    maxAsymmetry < tol &&
    maxFormulaDeviation < tol &&
    lineOk;
  return {
    id: 'phase_n2m1_theory',
    expected:
      'With losses r(s/3 − s²/4) (extra feature ignored), s/3 − s²/4 (first feature ignored) and (1 + r)s²/6 (antipodal pair), the lowest-loss configuration gives a triple point at (r, s) = (1, 4/7 ≈ 0.571), a superposition boundary at s = 0.16 for r = 0.1 and r = 10, the line r = 1 between the other two phases above the triple point, and a map symmetric in log r.',
    observed: `Our winner map puts the superposition boundary at s = ${f(at01, 6)} (r = 0.1), ${f(at10, 6)} (r = 10) and ${f(at1, 6)} (r = 1; 4/7 = ${f(4 / 7, 6)}); the three losses at the triple point differ by ${tripleSpread.toExponential(1)}; over 41 values of r in [0.1, 10] the boundary departs from the guide's formula by at most ${maxFormulaDeviation.toExponential(1)} and from its mirror image at 1/r by ${maxAsymmetry.toExponential(1)}; the line r = 1 ${lineOk ? 'separates' : 'does not separate'} 'not represented' from 'dedicated' above the triple point.`,
    status: passOrFail(ok),
    numbers: {
      boundaryAt0_1: at01,
      boundaryAt10: at10,
      boundaryAt1: at1,
      tripleLossSpread: tripleSpread,
      maxAsymmetry,
      maxFormulaDeviation,
      verticalLine: lineOk ? 1 : 0,
    },
    headline: { label: 'triple point: the boundary density at r = 1', value: at1, paper: '4/7 ≈ 0.571' },
  };
};

export default defineClaim({ id: 'phase_n2m1_theory', title: '2 → 1 phase diagram from the closed-form losses', check: checkPhaseTheory });
