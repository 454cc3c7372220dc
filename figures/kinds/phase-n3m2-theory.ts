// The theoretical phase diagram for n = 3, m = 2 (guide §1.3), over log r (importance of the extra,
// third feature) × log s (density 1 − S): the four closed forms' winner map in thin strips across r, each
// cut where the winner changes (figures/phase.ts theoryCellRows), with its boundaries.

import { theoreticalN3m2Phase } from '../../analysis/phase-n3m2.ts';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { R_RANGE, S_RANGE, nominalMapSpec, theoryCellRows } from '../phase.ts';
import { n3m2BoundaryRows, n3m2Colour, n3m2Legend } from '../phase-n3m2.ts';
import { defineFigure, type VegaLiteSpec } from '../types.ts';

export default defineFigure({
  kind: 'phase-n3m2-theory',
  title: 'Phase diagram of 3 features in 2 dimensions: theory',
  caption:
    'Which of the four configurations has the lowest closed-form expected loss, for an extra feature of ' +
    'importance r (x, log) beside two features of importance 1, all of density 1 − S (y, log). Each is named by ' +
    'the direction W is orthogonal to: W⊥[0,0,1] leaves the extra feature out, r(s/3 − s²/4); W⊥[1,0,0] drops ' +
    'a normal feature instead, s/3 − s²/4; W⊥[1,1,0] stores the two normal features as an antipodal pair and ' +
    'gives the extra one its own direction, s²/3; W⊥[0,1,1] pairs the extra feature with a normal one, ' +
    '(1 + r)s²/6. Black lines are the boundaries; all four losses meet at (1, 4/7).',
  build: buildPhaseN3m2Theory,
});

export function buildPhaseN3m2Theory(analysis: ExperimentAnalysis): VegaLiteSpec {
  const rows = [...theoryCellRows((r, s) => n3m2Legend(theoreticalN3m2Phase(r, s))), ...n3m2BoundaryRows()];
  return nominalMapSpec(`phase-n3m2-theory for experiment ${analysis.experiment}`, rows, R_RANGE, S_RANGE, n3m2Colour('configuration'));
}
