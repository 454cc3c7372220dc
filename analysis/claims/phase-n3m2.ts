// Superposition as a phase change: n = 3, m = 2, the third feature is the extra one. The bars are the
// n = 2 checks' (PHASE_TOLERANCES), so both phase diagrams are judged alike.

import type { ExperimentAnalysis } from '../types.ts';
import { f, hasShape, type ClaimCheck, passOrFail } from './common.ts';
import { PHASE_TOLERANCES, gridComparison } from './phase.ts';
import { PHASE_THRESHOLDS, theoreticalPhase, type Phase } from '../phase.ts';
import {
  N3M2_LABELS,
  N3M2_PHASES,
  QUADRUPLE_POINT,
  n3m2Cells,
  n3m2LowestLossCells,
  n3m2Losses,
  n3m2PairBoundary,
  statedN3m2Phase,
  theoreticalN3m2Phase,
  type N3m2Phase,
} from '../phase-n3m2.ts';

const PHASE_N3M2_SHAPE = { features: 3, hidden: 2 } as const;

function isN3m2Grid(a: ExperimentAnalysis): boolean {
  return hasShape(a, PHASE_N3M2_SHAPE) && a.models.some((m) => m.importance !== undefined);
}

/**
 * A point worked out by hand, against which the closed forms are checked: at r = 2, s = 1/2,
 * s/3 − s²/4 = 1/6 − 1/16 = 5/48, so extra ignored = 2·5/48 = 5/24, a normal dropped = 5/48,
 * normal pair = s²/3 = 1/12, extra in a pair = 3·(1/4)/6 = 1/8; the lowest is the normal pair.
 */
export const N3M2_HAND_POINT = {
  r: 2,
  s: 0.5,
  losses: { 'extra-ignored': 5 / 24, 'normal-dropped': 5 / 48, 'normal-pair': 1 / 12, 'extra-pair': 1 / 8 },
  winner: 'normal-pair',
} as const satisfies { r: number; s: number; losses: Record<N3m2Phase, number>; winner: N3m2Phase };

/** Points per axis of the log grid over r ∈ [0.1, 10] × s ∈ [0.01, 1] on which the map is compared with the stated one. */
const N3M2_THEORY_GRID = 160;

/** phase_n3m2_theory: the four closed forms' winner map is the map the guide states (§3), with its boundaries. */
export const checkPhaseN3m2Theory: ClaimCheck = (a) => {
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

/**
 * phase_n3m2_empirical (ours, not the paper's: the paper shows the trained map without a number): the
 * trained 3 → 2 grid, classified by analysis/phase-n3m2.ts, agrees with the theory on at least 75 % of
 * the cells, the bar n = 2 uses.
 */
export const checkPhaseN3m2Empirical: ClaimCheck = (a) => {
  if (!isN3m2Grid(a)) return null;
  const cells = n3m2Cells(a.models);
  if (cells.length === 0) return null;
  const { agreement, numbers, observed } = gridComparison(cells, N3M2_PHASES, N3M2_LABELS, 'configuration');
  return {
    id: 'phase_n3m2_empirical',
    expected: `(Our check; the paper shows the trained map beside the theory without a number.) Trained models (ten per cell, the highest-loss one discarded, the rest averaged) fall in the configuration the closed forms predict on at least ${PHASE_TOLERANCES.agreement * 100} % of the grid cells (extra feature ignored when ‖W_extra‖ < ${PHASE_THRESHOLDS.representedNorm}; in a pair when its superposition score ≥ ${PHASE_THRESHOLDS.superposition}; otherwise a normal feature dropped when the weaker normal norm < ${PHASE_THRESHOLDS.representedNorm}, else the normal pair antipodal).`,
    observed,
    status: passOrFail(agreement >= PHASE_TOLERANCES.agreement),
    numbers,
    headline: {
      label: 'grid cells in the theoretical configuration, by the average of ten (%)',
      value: agreement * 100,
      paper: 'shown, no number',
    },
  };
};

/**
 * phase_n3m2_lowest_loss (ours, added when the checks were reviewed against the paper): the theory's map
 * names the configuration of lowest loss at each (r, s), so in each cell the restart with the lowest exact
 * expected loss is classified on its own and compared with the theory, with the same a-priori 75 % bar. The
 * paper's average over the kept restarts (phase_n3m2_empirical) also counts the local minima that other
 * restarts end in; both readings are reported.
 */
export const checkPhaseN3m2LowestLoss: ClaimCheck = (a) => {
  if (!isN3m2Grid(a)) return null;
  const cells = n3m2LowestLossCells(a.models);
  if (cells.length === 0) return null;
  const { agreement, numbers, observed } = gridComparison(cells, N3M2_PHASES, N3M2_LABELS, 'configuration');
  return {
    id: 'phase_n3m2_lowest_loss',
    expected: `(Our check of the theory's prediction.) In each grid cell the lowest-loss of the ten restarts (by ${a.ranking === 'expected' ? 'the exact expected loss' : 'the held-out loss'}) is in the configuration the closed forms predict, on at least ${PHASE_TOLERANCES.agreement * 100} % of the cells (the same classifier and bar as phase_n3m2_empirical).`,
    observed,
    status: passOrFail(agreement >= PHASE_TOLERANCES.agreement),
    numbers,
    headline: {
      label: 'grid cells in the theoretical configuration, lowest-loss restart (%)',
      value: agreement * 100,
      paper: 'the closed-form map',
    },
  };
};
