// The claim `phase_n3m2_empirical`, one of the n = 3, m = 2 phase-change claims
// (analysis/claims/phase-n3m2.ts holds what they share).

import { type ClaimCheck, passOrFail } from '../common.ts';
import { PHASE_TOLERANCES, gridComparison } from '../phase.ts';
import { PHASE_THRESHOLDS } from '../../phase.ts';
import { N3M2_LABELS, N3M2_PHASES } from '../../phase-n3m2.ts';
import { isN3m2Grid } from '../phase-n3m2.ts';
import { defineClaim } from '../define.ts';

/**
 * phase_n3m2_empirical (ours, not the paper's: the paper shows the trained map without a number): the
 * trained 3 → 2 grid, classified by analysis/phase-n3m2.ts, agrees with the theory on at least 75 % of
 * the cells, the bar n = 2 uses.
 */
const checkPhaseN3m2Empirical: ClaimCheck = (a) => {
  if (!isN3m2Grid(a)) return null;
  const cells = a.derived?.n3m2Cells ?? [];
  if (cells.length === 0) return null;
  const { agreement, numbers, observed } = gridComparison(cells, N3M2_PHASES, N3M2_LABELS, 'configuration');
  return {
    id: 'phase_n3m2_empirical',
    expected: `(Our check; the paper shows the trained map beside the theory without a number.) Trained models (ten per cell, the highest-loss one discarded, the rest averaged) fall in the configuration the closed forms predict on at least ${PHASE_TOLERANCES.agreement * 100} % of the grid cells (extra feature ignored when ‖Wₑₓₜᵣₐ‖ < ${PHASE_THRESHOLDS.representedNorm}; in a pair when its superposition score ≥ ${PHASE_THRESHOLDS.superposition}; otherwise a normal feature dropped when the weaker normal norm < ${PHASE_THRESHOLDS.representedNorm}, else the normal pair antipodal).`,
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

export default defineClaim({
  id: 'phase_n3m2_empirical',
  title: 'trained 3 → 2 models follow the diagram (average of ten, ours)',
  check: checkPhaseN3m2Empirical,
});
