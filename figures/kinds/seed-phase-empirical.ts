// The seed write-up's draft phase diagram for n = 2, m = 1 (guide §4.4), drawn from the seed-protocol
// grid in two panels that share the theoretical boundaries: (a) the draft's own reading — each point
// orange ("first only") or purple ("second only") when more than half of its runs agree, white
// otherwise, in the draft's colours — and (b) the same models read by the paper's protocol (the
// highest-loss model of ten discarded, the rest averaged) in the two-dimensional colour map, so that
// (b) compares cell by cell with phase-n2m1-empirical and (a) with (b).

import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { SEED_CLASSES, SEED_CLASS_LABELS, type SeedClass } from '../../analysis/seed-phase.ts';
import { boundaryRows, colourMapSpec, gridGeometry, nominalColour } from '../phase.ts';
import { phaseColour } from '../phase-colour.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

/** The draft's colours: orange and purple from its colour map, white for no majority. */
export const SEED_COLOURS: Record<SeedClass, string> = {
  'first-only': '#ff6600',
  'second-only': '#6600ff',
  white: '#ffffff',
};

export default defineFigure({
  kind: 'seed-phase-empirical',
  title: "Phase diagram of 2 features in 1 dimension: the seed's draft protocol",
  caption:
    "Ten one-neuron models per (r, 1 − S) point trained with the seed draft's recipe (W ~ N(0, 1)·1.5, " +
    'b ~ N(0, 1)·0.5, Adam at learning rate 0.01, 6,000 batches of 64 sharing one mask, summed loss). Left: ' +
    "the draft's reading — orange when more than half of the runs have |w1| > 0.8 and |w2| < 0.2 (first " +
    'feature only), purple when more than half have |w1| < 0.2 and |w2| > 0.8 (second feature only), white ' +
    "otherwise. Right: the same models read by the paper's protocol in the colour map of the previous figure. " +
    'Black lines are the theoretical boundaries.',
  build: buildSeedPhaseEmpirical,
});

export function buildSeedPhaseEmpirical(analysis: ExperimentAnalysis): VegaLiteSpec {
  const seed = analysis.derived?.seedCells ?? [];
  const paper = analysis.derived?.phaseCells ?? [];
  if (seed.length === 0) {
    throw new Error(`figure seed-phase-n2m1-empirical: experiment '${analysis.experiment}' has no model with its own importance`);
  }
  const { rDomain, sDomain, rect } = gridGeometry(seed);
  const rows: DataRow[] = seed.map((c) => ({
    kind: 'seed',
    ...rect(c),
    firstOnly: c.firstOnly,
    secondOnly: c.secondOnly,
    phase: SEED_CLASS_LABELS[c.phase],
    theory: SEED_CLASS_LABELS[c.theory],
  }));
  for (const c of paper) {
    rows.push({
      kind: 'cell',
      ...rect(c),
      norm: round6(c.norm),
      superposition: round6(c.superposition),
      colour: phaseColour(c.norm, c.superposition),
    });
  }
  rows.push(...boundaryRows(rDomain));
  return colourMapSpec(`seed-phase-n2m1-empirical for experiment ${analysis.experiment}`, rows, rDomain, sDomain, [
    {
      cellKind: 'seed',
      title: "the draft's rule (majority of 10 runs)",
      color: nominalColour(
        "draft's class",
        SEED_CLASSES.map((c) => SEED_CLASS_LABELS[c]),
        SEED_CLASSES.map((c) => SEED_COLOURS[c]),
        { columns: 3, symbolStrokeColor: '#999' },
      ),
    },
    { cellKind: 'cell', title: "the paper's protocol, same models" },
  ]);
}
