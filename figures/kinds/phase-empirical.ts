// The paper's empirical phase diagram for n = 2, m = 1 (guide §1.3), over log r (importance of the
// extra feature) × log s (density 1 − S): each trained grid cell (ten models, the highest-loss one
// discarded, the rest averaged) coloured by the paper's two-dimensional map of the extra feature's norm
// and superposition (figures/phase-colour.ts), the theoretical boundaries over it, a colour key beside it.

import { PHASE_LABELS } from '../../analysis/phase.ts';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { boundaryRows, colourCellRows, colourMapSpec } from '../phase.ts';
import { defineFigure, type VegaLiteSpec } from '../types.ts';

export default defineFigure({
  kind: 'phase-empirical',
  title: 'Phase diagram of 2 features in 1 dimension: trained models',
  caption:
    'Each cell is one (r, 1 − S) point of the training grid: ten models trained with the notebook recipe, the ' +
    'highest-loss one discarded, the norm ‖Wₑₓₜᵣₐ‖ and superposition score of the extra feature averaged over ' +
    'the rest, and coloured by both as the key shows: the hue goes from blue (score 0, a neuron of its own) to ' +
    'red (score 1 or more, superposition), and the colour fades to light grey as the norm falls to 0 (not ' +
    'learned). Black lines are the theoretical boundaries of the first diagram.',
  build: buildPhaseEmpirical,
});

export function buildPhaseEmpirical(analysis: ExperimentAnalysis): VegaLiteSpec {
  const cells = analysis.derived?.phaseCells ?? [];
  if (cells.length === 0) {
    throw new Error(`figure phase-n2m1-empirical: experiment '${analysis.experiment}' has no model with its own importance`);
  }
  const { rDomain, sDomain, rows } = colourCellRows(cells, (p) => PHASE_LABELS[p]);
  rows.push(...boundaryRows(rDomain));
  return colourMapSpec(`phase-n2m1-empirical for experiment ${analysis.experiment}`, rows, rDomain, sDomain);
}
