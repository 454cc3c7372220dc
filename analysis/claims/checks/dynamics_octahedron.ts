// The claim `dynamics_octahedron`, one of the learning-dynamics claims
// (analysis/claims/dynamics.ts holds what they share).

import { f, passOrFail, put, type ClaimCheck } from '../common.ts';
import { REPRESENTED_NORM } from '../../metrics.ts';
import { CORRELATED_THRESHOLDS, crossSetLayout } from '../../correlated.ts';
import { defineClaim } from '../define.ts';

/**
 * dynamics_octahedron (ours, from the paper's words in §Learning dynamics): six features in three
 * dimensions, two correlated triples, end as an octahedron with features of different sets antipodal.
 * Checked on the model the dynamics section shows, with the correlated-set thresholds fixed beforehand.
 */
const checkDynamicsOctahedron: ClaimCheck = (a) => {
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
  const numbers: Record<string, number> = {
    restarts: layouts.length,
    restartsOctahedron: layouts.filter((l) => l.antipodalAcrossOrthogonalWithin).length,
  };
  put(numbers, 'maxAntipodeCos', Math.max(...layout.antipodeCos));
  put(numbers, 'withinMaxAbsCos', layout.withinMaxAbsCos);
  const { antipodalCos, orthogonalCos } = CORRELATED_THRESHOLDS;
  return {
    id: 'dynamics_octahedron',
    expected: `(Our check of the paper's words.) ${a.features} features in ${a.hidden} dimensions made of two correlated sets end training as an octahedron with features of different sets antipodal (checked on the model shown: every feature represented, ‖W‖ > ${REPRESENTED_NORM}; each has a feature of the other set at cos < ${antipodalCos}; members of one set orthogonal, |cos| < ${orthogonalCos}).`,
    observed: `The model shown: ${layout.allRepresented ? 'every feature represented' : 'not every feature represented'}; lowest cosine to the other set per feature ${layout.antipodeCos.map((c) => f(c, 2)).join(', ')}; largest |cos| within a set ${f(layout.withinMaxAbsCos, 2)}. ${numbers.restartsOctahedron} of ${layouts.length} restarts end in this layout.`,
    status: passOrFail(layout.antipodalAcrossOrthogonalWithin),
    numbers,
    headline: { label: 'restarts ending as an octahedron', value: numbers.restartsOctahedron!, paper: 'an octahedron', integer: true },
  };
};

export default defineClaim({
  id: 'dynamics_octahedron',
  title: 'two correlated triples in 3-D end as an octahedron (ours)',
  check: checkDynamicsOctahedron,
});
