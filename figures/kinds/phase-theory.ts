// The paper's theoretical phase diagram for n = 2, m = 1 (guide §1.3), over log r (importance of the
// extra feature) × log s (density 1 − S): the closed forms' winner map in thin strips across r, each cut
// where the winner changes (figures/phase.ts theoryCellRows), its boundaries drawn as lines, coloured by phase as the paper: grey = extra feature not represented, blue = dedicated
// neuron, red = superposition (antipodal pair).

import { PHASE_LABELS, theoreticalPhase } from '../../analysis/phase.ts';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { R_RANGE, S_RANGE, boundaryRows, nominalMapSpec, theoryCellRows } from '../phase.ts';
import { defineFigure, type VegaLiteSpec } from '../types.ts';

export default defineFigure({
  kind: 'phase-theory',
  title: 'Phase diagram of 2 features in 1 dimension: theory',
  caption:
    'Which of the three configurations has the lowest closed-form expected loss, for an extra feature of ' +
    'importance r (x, log) beside a feature of importance 1, both of density 1 − S (y, log). Grey: the extra ' +
    'feature is ignored, r(s/3 − s²/4); blue: it takes the neuron and the first feature is ignored, s/3 − s²/4; ' +
    'red: the two share the neuron as an antipodal pair, (1 + r)s²/6. Black lines are the boundaries; they ' +
    'meet at the triple point (1, 4/7).',
  build: buildPhaseTheory,
});

export function buildPhaseTheory(analysis: ExperimentAnalysis): VegaLiteSpec {
  const rows = [...theoryCellRows((r, s) => PHASE_LABELS[theoreticalPhase(r, s)]), ...boundaryRows()];
  return nominalMapSpec(`phase-n2m1-theory for experiment ${analysis.experiment}`, rows, R_RANGE, S_RANGE);
}
