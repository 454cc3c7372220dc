// The classified phase diagram for n = 3, m = 2 (guide §1.3), over log r (importance of the extra,
// third feature) × log s (density 1 − S): the trained cells in the four configurations of the classifier
// (analysis/phase-n3m2.ts), coloured as the theory map, with its boundaries.

import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { gridGeometry, nominalMapSpec } from '../phase.ts';
import { cellsOrThrow, n3m2BoundaryRows, n3m2Colour, n3m2Legend } from '../phase-n3m2.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

export default defineFigure({
  kind: 'phase-n3m2-classes',
  title: 'Phase diagram of 3 features in 2 dimensions: trained models, configuration',
  caption:
    'The cells of the previous figure classified into the four configurations from their averaged statistics: ' +
    'extra feature ignored when ‖Wₑₓₜᵣₐ‖ < 0.5; in a pair when its superposition score is at least 0.5; ' +
    'otherwise a normal feature dropped when the weaker normal feature has norm < 0.5, and the normal pair ' +
    'antipodal when it has not. Colours as in the theoretical map, whose boundaries are drawn over it.',
  build: buildPhaseN3m2Classes,
});

export function buildPhaseN3m2Classes(analysis: ExperimentAnalysis): VegaLiteSpec {
  const cells = cellsOrThrow(analysis, 'phase-n3m2-classes');
  const { rDomain, sDomain, rect } = gridGeometry(cells);
  const rows: DataRow[] = cells.map((c) => ({
    kind: 'cell',
    ...rect(c),
    extraNorm: round6(c.extraNorm),
    extraSuperposition: round6(c.extraSuperposition),
    weakerNormalNorm: round6(c.weakerNormalNorm),
    phase: n3m2Legend(c.phase),
    theory: n3m2Legend(c.theory),
  }));
  rows.push(...n3m2BoundaryRows(rDomain, sDomain));
  return nominalMapSpec(`phase-n3m2-classes for experiment ${analysis.experiment}`, rows, rDomain, sDomain, n3m2Colour('configuration'));
}
