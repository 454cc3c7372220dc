// The claim `phase_n3m2_theory`, one of the n = 3, m = 2 phase-change claims
// (analysis/claims/phase-n3m2.ts holds what they share).

import { f, type ClaimCheck, passOrFail } from '../common.ts';
import { PHASE_TOLERANCES } from '../phase.ts';
import { theoreticalPhase, type Phase } from '../../phase.ts';
import {
  N3M2_LABELS,
  N3M2_PHASES,
  QUADRUPLE_POINT,
  n3m2Losses,
  n3m2PairBoundary,
  statedN3m2Phase,
  theoreticalN3m2Phase,
  type N3m2Phase,
} from '../../phase-n3m2.ts';
import { isN3m2Grid, N3M2_HAND_POINT } from '../phase-n3m2.ts';
import { defineClaim } from '../define.ts';

/** Points per axis of the log grid over r ∈ [0.1, 10] × s ∈ [0.01, 1] on which the map is compared with the stated one. */
const N3M2_THEORY_GRID = 160;

/** phase_n3m2_theory: the four closed forms' winner map is the map the guide states (§3), with its boundaries. */
const checkPhaseN3m2Theory: ClaimCheck = (a) => {
  if (!isN3m2Grid(a)) return null;
  const tol = PHASE_TOLERANCES.theory;
  // cell centres of a log grid: r is never exactly 1, where the stated map switches rule and the losses tie
  let mismatches = 0;
  let points = 0;
  let n2m1Mismatches = 0;
  const n2m1Phase: Record<Phase, N3m2Phase> = {
    'not-represented': 'extra-ignored',
    dedicated: 'normal-dropped',
    superposition: 'extra-pair',
  };
  for (let i = 0; i < N3M2_THEORY_GRID; i++) {
    const r = 10 ** (-1 + (2 * (i + 0.5)) / N3M2_THEORY_GRID);
    for (let j = 0; j < N3M2_THEORY_GRID; j++) {
      const sv = 10 ** (-2 + (2 * (j + 0.5)) / N3M2_THEORY_GRID);
      points++;
      const p = theoreticalN3m2Phase(r, sv);
      if (p !== statedN3m2Phase(r, sv)) mismatches++;
      // for r < 1 the extra feature plays the n = 2 game against one normal feature
      if (r < 1 && p !== n2m1Phase[theoreticalPhase(r, sv)]) n2m1Mismatches++;
    }
  }
  const at01 = n3m2PairBoundary(0.1);
  const at05 = n3m2PairBoundary(0.5);
  const at2 = n3m2PairBoundary(2);
  const at10 = n3m2PairBoundary(10);
  const quadruple = Object.values(n3m2Losses(QUADRUPLE_POINT.r, QUADRUPLE_POINT.s));
  const quadrupleDeviation = Math.max(...quadruple.map((l) => Math.abs(l - 16 / 147)));
  const hand = n3m2Losses(N3M2_HAND_POINT.r, N3M2_HAND_POINT.s);
  const handDeviation = Math.max(...N3M2_PHASES.map((p) => Math.abs(hand[p] - N3M2_HAND_POINT.losses[p])));
  const handWinner = theoreticalN3m2Phase(N3M2_HAND_POINT.r, N3M2_HAND_POINT.s);
  const ok =
    mismatches === 0 &&
    n2m1Mismatches === 0 &&
    Math.abs(at01 - 0.16) < tol &&
    Math.abs(at05 - 4 / 9) < tol &&
    Math.abs(at2 - 4 / 7) < tol &&
    Math.abs(at10 - 4 / 7) < tol &&
    quadrupleDeviation < tol &&
    handDeviation < tol &&
    handWinner === N3M2_HAND_POINT.winner;
  return {
    id: 'phase_n3m2_theory',
    expected:
      'With losses r(s/3 − s²/4) (W⊥[0,0,1], extra feature ignored), s/3 − s²/4 (W⊥[1,0,0], a normal feature dropped), s²/3 (W⊥[1,1,0], the normal pair antipodal) and (1 + r)s²/6 (W⊥[0,1,1], the extra feature antipodal with a normal one): for r < 1 the extra feature is ignored above s = 4r/(2 + 5r) and paired below it; for r > 1 a normal feature is dropped above s = 4/7 and the normal features pair up below it.',
    observed: `On ${points} points of a log grid over r ∈ [0.1, 10] × s ∈ [0.01, 1] the lowest-loss configuration differs from that rule at ${mismatches} points (and, for r < 1, from the n = 2 map at ${n2m1Mismatches}); the pairing boundary lies at s = ${f(at01, 6)} (r = 0.1), ${f(at05, 6)} (r = 0.5; 4/9 = ${f(4 / 9, 6)}), ${f(at2, 6)} (r = 2) and ${f(at10, 6)} (r = 10; 4/7 = ${f(4 / 7, 6)}); at (1, 4/7) the four losses are within ${quadrupleDeviation.toExponential(1)} of 16/147; at the hand-computed point (r, s) = (2, 0.5) the losses are ${N3M2_PHASES.map((p) => f(hand[p], 6)).join(', ')} (by hand 5/24, 5/48, 1/12, 1/8; largest difference ${handDeviation.toExponential(1)}) and the winner is '${N3M2_LABELS[handWinner]}'.`,
    status: passOrFail(ok),
    numbers: {
      gridPoints: points,
      mismatches,
      n2m1Mismatches,
      boundaryAt0_1: at01,
      boundaryAt0_5: at05,
      boundaryAt2: at2,
      boundaryAt10: at10,
      quadrupleLossDeviation: quadrupleDeviation,
      handPointDeviation: handDeviation,
      handPointWinnerOk: handWinner === N3M2_HAND_POINT.winner ? 1 : 0,
    },
    headline: { label: 'pairing boundary at r = 10', value: at10, paper: '4/7 ≈ 0.571' },
  };
};

export default defineClaim({
  id: 'phase_n3m2_theory',
  title: '3 → 2 phase diagram from the closed-form losses',
  check: checkPhaseN3m2Theory,
});
