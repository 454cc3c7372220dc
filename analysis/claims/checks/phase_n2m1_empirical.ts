// The claim `phase_n2m1_empirical`, one of the n = 2, m = 1 phase-change claims
// (analysis/claims/phase.ts holds what they share).

import { type ClaimCheck, passOrFail } from '../common.ts';
import { PHASES, PHASE_LABELS, PHASE_THRESHOLDS } from '../../phase.ts';
import { PHASE_TOLERANCES, isPhaseGrid, gridComparison } from '../phase.ts';
import { defineClaim } from '../define.ts';

/** phase_n2m1_empirical: the trained grid's phases agree with the theory's on at least 75 % of the cells. */
const checkPhaseEmpirical: ClaimCheck = (a) => {
  if (!isPhaseGrid(a)) return null;
  const cells = a.derived?.phaseCells ?? [];
  if (cells.length === 0) return null;
  const { agreement, numbers, observed } = gridComparison(cells, PHASES, PHASE_LABELS, 'phase');
  return {
    id: 'phase_n2m1_empirical',
    expected: `Trained models (ten per cell, the highest-loss one discarded, the rest averaged) show the same three phases as the theory, with boundaries close to it (checked: at least ${PHASE_TOLERANCES.agreement * 100} % of grid cells in the theoretical phase; extra feature not represented when ‖Wₑₓₜᵣₐ‖ < ${PHASE_THRESHOLDS.representedNorm}, in superposition when its superposition score ≥ ${PHASE_THRESHOLDS.superposition}, dedicated otherwise).`,
    observed,
    status: passOrFail(agreement >= PHASE_TOLERANCES.agreement),
    numbers,
    headline: { label: 'grid cells in the theoretical phase (%)', value: agreement * 100, paper: 'the same three phases' },
  };
};

export default defineClaim({
  id: 'phase_n2m1_empirical',
  title: 'trained 2 → 1 models follow the phase diagram',
  check: checkPhaseEmpirical,
});
