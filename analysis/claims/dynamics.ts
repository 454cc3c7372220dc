// Learning dynamics (ours: the guide's table has no row for §1.6): the loss falls at the jumps

import { f, put, type ClaimCheck } from './common.ts';
import { REPRESENTED_NORM } from '../metrics.ts';
import { CORRELATED_THRESHOLDS, crossSetLayout } from '../correlated.ts';

/** Tolerance of the learning-dynamics check, fixed a priori; never tuned to the results. */
export const DYNAMICS_TOLERANCES = {
  /**
   * the loss must fall faster, per snapshot interval, inside jumps than outside them by at least this
   * factor: 1, the weakest reading of the paper's "the loss drops at each jump"
   */
  dropRatio: 1,
} as const;

/**
 * dynamics_loss_drops_at_jumps (ours): in the model shown, the held-out loss falls faster inside the
 * jumps of D_i than in the other intervals of the same stage of training (between the first jump's
 * start and the last one's end, where the steep initial fall of the loss is left out).
 */
export const checkDynamicsLossDrops: ClaimCheck = (a) => {
  const dyn = a.dynamics;
  const shown = dyn?.models[dyn.shown];
  if (dyn === undefined || shown === undefined) return null;
  const d = shown.lossDrops;
  const numbers: Record<string, number> = { jumps: shown.jumps.length, jumpIntervals: d.jumpIntervals, otherIntervalsInPeriod: d.periodOtherIntervals };
  put(numbers, 'jumpMeanDrop', d.jumpMeanDrop);
  put(numbers, 'otherMeanDropInPeriod', d.periodOtherMeanDrop);
  put(numbers, 'otherMeanDropWholeRun', d.otherMeanDrop);
  const comparable = shown.jumps.length > 0 && d.periodOtherIntervals > 0 && Number.isFinite(d.jumpMeanDrop) && Number.isFinite(d.periodOtherMeanDrop);
  const pass = comparable && d.jumpMeanDrop > DYNAMICS_TOLERANCES.dropRatio * d.periodOtherMeanDrop;
  const e = (x: number): string => (Number.isFinite(x) ? x.toExponential(2) : 'n/a');
  return {
    id: 'dynamics_loss_drops_at_jumps',
    expected: `(Our check; the paper states it in words only.) During training, features' dimensionalities jump between levels and the loss drops at each jump (checked: in the model shown, the mean held-out loss drop per snapshot interval inside jumps exceeds ${DYNAMICS_TOLERANCES.dropRatio === 1 ? '' : `${DYNAMICS_TOLERANCES.dropRatio} × `}the mean drop in the other intervals between the first jump and the last).`,
    observed: comparable
      ? `${shown.jumps.length} jumps cover ${d.jumpIntervals} snapshot intervals, where the held-out loss falls by ${e(d.jumpMeanDrop)} per interval on average, against ${e(d.periodOtherMeanDrop)} in the ${d.periodOtherIntervals} other intervals of the same stage (${e(d.otherMeanDrop)} over all ${d.otherIntervals} other intervals of the run).`
      : `${shown.jumps.length} jumps covering ${d.jumpIntervals} snapshot intervals, and ${d.periodOtherIntervals} other intervals between the first jump and the last: nothing to compare.`,
    pass,
    numbers,
  };
};

/**
 * dynamics_octahedron (ours, from the paper's words in §Learning dynamics): six features in three
 * dimensions, two correlated triples, end as an octahedron with features of different sets antipodal.
 * Checked on the model the dynamics section shows, with the correlated-set thresholds fixed beforehand.
 */
export const checkDynamicsOctahedron: ClaimCheck = (a) => {
  const dyn = a.dynamics;
  const shown = dyn?.models[dyn.shown];
  const sets = a.featureSets ?? [];
  if (dyn === undefined || shown === undefined || sets.length !== 2 || sets.some((t) => t.kind !== 'correlated')) return null;
  const layouts = dyn.models.flatMap((d) => {
    const model = a.models[d.model];
    return model === undefined ? [] : [crossSetLayout(model.W, sets)];
  });
  const layout = layouts[dyn.shown];
  if (layout === undefined || layouts.length !== dyn.models.length) return null;
  const numbers: Record<string, number> = { seeds: layouts.length, seedsOctahedron: layouts.filter((l) => l.antipodalAcrossOrthogonalWithin).length };
  put(numbers, 'maxAntipodeCos', Math.max(...layout.antipodeCos));
  put(numbers, 'withinMaxAbsCos', layout.withinMaxAbsCos);
  const { antipodalCos, orthogonalCos } = CORRELATED_THRESHOLDS;
  return {
    id: 'dynamics_octahedron',
    expected: `(Our check of the paper's words.) ${a.features} features in ${a.hidden} dimensions made of two correlated sets end training as an octahedron with features of different sets antipodal (checked on the model shown: every feature represented, ‖W‖ > ${REPRESENTED_NORM}; each has a feature of the other set at cos < ${antipodalCos}; members of one set orthogonal, |cos| < ${orthogonalCos}).`,
    observed: `The model shown: ${layout.allRepresented ? 'every feature represented' : 'not every feature represented'}; lowest cosine to the other set per feature ${layout.antipodeCos.map((c) => f(c, 2)).join(', ')}; largest |cos| within a set ${f(layout.withinMaxAbsCos, 2)}. ${numbers.seedsOctahedron} of ${layouts.length} seeds end in this layout.`,
    pass: layout.antipodalAcrossOrthogonalWithin,
    numbers,
  };
};
