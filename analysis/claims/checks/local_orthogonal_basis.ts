// The claim `local_orthogonal_basis`, one of the correlated and anticorrelated feature-set claims
// (analysis/claims/correlated.ts holds what they share).

import { f, put, s, type ClaimCheck, passOrFail } from '../common.ts';
import { localBasisStats } from '../../correlated.ts';
import { CORRELATED_TOLERANCES, setModels } from '../correlated.ts';
import { defineClaim } from '../define.ts';

/** local_orthogonal_basis: within each correlated set of ≥ 3 features, represented members are nearly orthogonal (|cos| < 0.2) at every density. */
const checkLocalOrthogonalBasis: ClaimCheck = (a) => {
  const found = setModels(a, 'correlated', null);
  if (found === null || found.sets.some((t) => t.features.length < 3)) return null;
  const t = CORRELATED_TOLERANCES.localCos;
  const numbers: Record<string, number> = { densities: found.models.length, threshold: t };
  const parts: string[] = [];
  let ok = true;
  for (const m of found.models) {
    const st = localBasisStats(m.W, found.sets);
    const pass = st.representedPerSet.every((n) => n >= CORRELATED_TOLERANCES.localMinRepresented) && st.maxWithinCos < t;
    ok &&= pass;
    const d = s(m.density);
    put(numbers, `maxWithin:${d}`, st.maxWithinCos);
    put(numbers, `meanWithin:${d}`, st.meanWithinCos);
    put(numbers, `meanAcross:${d}`, st.meanAcrossCos);
    numbers[`represented:${d}`] = st.representedPerSet.reduce((x, y) => x + y, 0);
    parts.push(
      `1−S = ${d}: ${st.representedPerSet.join(' + ')} represented, within-set |cos| max ${f(st.maxWithinCos, 2)} (mean ${f(st.meanWithinCos, 2)}), across sets mean ${f(st.meanAcrossCos, 2)}`,
    );
  }
  return {
    id: 'local_orthogonal_basis',
    expected: `Two sets of ten correlated features in ten dimensions: within each set the features are nearly orthogonal, so |WᵀW| restricted to a set is near-diagonal (checked: at every density, at least ${CORRELATED_TOLERANCES.localMinRepresented} represented members per set and every within-set |cos| between represented members < ${t}).`,
    observed: `Lowest-loss model per density — ${parts.join('; ')}.`,
    status: passOrFail(ok),
    numbers,
    headline: {
      label: 'largest within-set |cos| between represented features',
      value: Math.max(...found.models.map((m) => localBasisStats(m.W, found.sets).maxWithinCos)),
      paper: '≈ 0',
    },
  };
};

export default defineClaim({
  id: 'local_orthogonal_basis',
  title: 'a set of correlated features forms a local orthogonal basis',
  check: checkLocalOrthogonalBasis,
});
