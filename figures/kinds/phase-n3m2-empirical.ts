// The empirical phase diagram for n = 3, m = 2 (guide §1.3), over log r (importance of the extra, third
// feature) × log s (density 1 − S): each trained grid cell (ten models, the highest-loss one discarded,
// the rest averaged) in the two-dimensional colour map of the extra feature's norm and superposition,
// the theoretical boundaries over it, a colour key beside it. The colour map cannot tell "a normal
// feature dropped" from "normal pair antipodal" (the extra feature has a direction to itself in both),
// which is why the classified map (phase-n3m2-classes) is drawn as well.

import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { colourCellRows, colourMapSpec } from '../phase.ts';
import { cellsOrThrow, n3m2BoundaryRows, n3m2Legend } from '../phase-n3m2.ts';
import { defineFigure, type VegaLiteSpec } from '../types.ts';

export default defineFigure({
  kind: 'phase-n3m2-empirical',
  title: 'Phase diagram of 3 features in 2 dimensions: trained models, extra feature',
  caption:
    'Each cell is one (r, 1 − S) point of the training grid: ten 3 → 2 models trained with the notebook recipe, ' +
    'the highest-loss one discarded, the norm ‖Wₑₓₜᵣₐ‖ and superposition score of the extra (third) feature ' +
    'averaged over the rest and coloured by both as the key shows (blue: a direction of its own; red: ' +
    'superposition; light grey: not learned). Black lines are the theoretical boundaries.',
  build: buildPhaseN3m2Empirical,
});

export function buildPhaseN3m2Empirical(analysis: ExperimentAnalysis): VegaLiteSpec {
  const cells = cellsOrThrow(analysis, 'phase-n3m2-empirical');
  const { rDomain, sDomain, rows } = colourCellRows(cells, n3m2Legend);
  rows.push(...n3m2BoundaryRows(rDomain, sDomain));
  return colourMapSpec(`phase-n3m2-empirical for experiment ${analysis.experiment}`, rows, rDomain, sDomain);
}
