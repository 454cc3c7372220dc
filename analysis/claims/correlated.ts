// Correlated and anticorrelated feature sets (§Geometry, non-uniform superposition). Thresholds are
// analysis/correlated.ts's CORRELATED_THRESHOLDS, fixed before training; each check reads the lowest-loss
// model of every density.

import type { FeatureSet, FeatureSetKind } from '../../model/types.ts';
import type { ExperimentAnalysis, ModelAnalysis } from '../types.ts';
import { f, put, s, type ClaimCheck, passOrFail } from './common.ts';
import { REPRESENTED_NORM } from '../metrics.ts';
import { CORRELATED_THRESHOLDS, collapsedPairs, localBasisStats, paperCollapsedPairs, setPairs } from '../correlated.ts';

export const CORRELATED_TOLERANCES = {
  ...CORRELATED_THRESHOLDS,
  /** share of the densities with a stated regime whose collapsed-pair count must match the paper (the phase diagram's 75 % bar) */
  collapseAgreement: 0.75,
  /** a local basis needs at least this many represented members per set, so the within-set statistic says something */
  localMinRepresented: 2,
} as const;

/** The experiment's selected models, densest first, when all its sets are of `kind` and of `size` (any size when omitted). */
function setModels(
  a: ExperimentAnalysis,
  kind: FeatureSetKind,
  hidden: number | null,
  size?: number,
): { models: ModelAnalysis[]; sets: FeatureSet[] } | null {
  const sets = a.featureSets ?? [];
  if (sets.length === 0 || sets.some((t) => t.kind !== kind || (size !== undefined && t.features.length !== size))) return null;
  if (hidden !== null && a.hidden !== hidden) return null;
  const models = a.selected
    .map((k) => a.models[k])
    .filter((m): m is ModelAnalysis => m !== undefined)
    .sort((x, y) => y.density - x.density);
  return models.length === 0 ? null : { models, sets };
}

/** correlated_orthogonal: partners of every correlated pair (m = 2) are represented and orthogonal, |cos| < 0.2, at every density. */
export const checkCorrelatedOrthogonal: ClaimCheck = (a) => {
  const found = setModels(a, 'correlated', 2, 2);
  if (found === null || found.sets.length !== 2) return null;
  const t = CORRELATED_TOLERANCES.orthogonalCos;
  const numbers: Record<string, number> = { densities: found.models.length, threshold: t };
  const parts: string[] = [];
  let ok = true;
  let worst = 0;
  for (const m of found.models) {
    const pairs = setPairs(m.W, found.sets);
    const cosines = pairs.map((p) => p.cos);
    const pass = pairs.every((p) => p.represented && Math.abs(p.cos) < t);
    ok &&= pass;
    worst = Math.max(worst, ...cosines.map(Math.abs));
    pairs.forEach((p) => put(numbers, `cos:${s(m.density)}:${p.i}-${p.j}`, p.cos));
    numbers[`orthogonal:${s(m.density)}`] = pass ? 1 : 0;
    parts.push(
      `1−S = ${s(m.density)}: cos ${cosines.map((c) => f(c, 2)).join(', ')}${pairs.every((p) => p.represented) ? '' : ' (a partner not represented)'}`,
    );
  }
  put(numbers, 'maxAbsCos', worst);
  return {
    id: 'correlated_orthogonal',
    expected: `Two pairs of correlated features in two dimensions: the partners of each pair get orthogonal directions (checked: both represented, ‖W‖ > ${REPRESENTED_NORM}, and |cos| < ${t} at every density).`,
    observed: `Lowest-loss model per density, cosine between the partners of each pair — ${parts.join('; ')}; largest |cos| ${f(worst, 2)}.`,
    status: passOrFail(ok),
    numbers,
    headline: { label: 'largest |cos| between correlated partners', value: worst, paper: '0 (orthogonal)' },
  };
};

/** anticorrelated_antipodal: partners of every anticorrelated pair (m = 2) are represented and antipodal, cos < −0.9, at every density. */
export const checkAnticorrelatedAntipodal: ClaimCheck = (a) => {
  const found = setModels(a, 'anticorrelated', 2, 2);
  if (found === null) return null;
  const t = CORRELATED_TOLERANCES.antipodalCos;
  const numbers: Record<string, number> = { densities: found.models.length, threshold: t };
  const parts: string[] = [];
  let ok = true;
  let highest = -1;
  for (const m of found.models) {
    const pairs = setPairs(m.W, found.sets);
    const pass = pairs.every((p) => p.represented && p.cos < t);
    ok &&= pass;
    highest = Math.max(highest, ...pairs.map((p) => p.cos));
    pairs.forEach((p) => put(numbers, `cos:${s(m.density)}:${p.i}-${p.j}`, p.cos));
    numbers[`antipodal:${s(m.density)}`] = pass ? 1 : 0;
    parts.push(
      `1−S = ${s(m.density)}: cos ${pairs.map((p) => f(p.cos, 2)).join(', ')}${pairs.every((p) => p.represented) ? '' : ' (a partner not represented)'}`,
    );
  }
  put(numbers, 'maxCos', highest);
  return {
    id: 'anticorrelated_antipodal',
    expected: `Two pairs of anticorrelated features in two dimensions: the partners of each pair point in opposite directions (checked: both represented, ‖W‖ > ${REPRESENTED_NORM}, and cos < ${t} at every density).`,
    observed: `Lowest-loss model per density, cosine between the partners of each pair — ${parts.join('; ')}; the highest is ${f(highest, 2)}.`,
    status: passOrFail(ok),
    numbers,
    headline: { label: 'highest cos between anticorrelated partners', value: highest, paper: '−1 (antipodal)' },
  };
};

/** correlated_collapse: three correlated pairs (m = 2): the number of collapsed pairs per density follows the paper's regimes on ≥ 75 % of the densities that have one. */
export const checkCorrelatedCollapse: ClaimCheck = (a) => {
  const found = setModels(a, 'correlated', 2, 2);
  if (found === null || found.sets.length !== 3) return null;
  const numbers: Record<string, number> = {};
  const parts: string[] = [];
  let checked = 0;
  let matching = 0;
  for (const m of found.models) {
    const count = collapsedPairs(m.W, found.sets);
    const paper = paperCollapsedPairs(m.density);
    numbers[`collapsed:${s(m.density)}`] = count;
    if (paper !== null) {
      numbers[`paper:${s(m.density)}`] = paper;
      checked++;
      if (paper === count) matching++;
    }
    parts.push(`${s(m.density)}: ${count}${paper === null ? '' : ` (paper ${paper})`}`);
  }
  const agreement = checked === 0 ? Number.NaN : matching / checked;
  numbers.checked = checked;
  numbers.matching = matching;
  put(numbers, 'agreement', agreement);
  return {
    id: 'correlated_collapse',
    expected: `Three correlated pairs in two dimensions: no pair collapsed for 1−S ≤ 0.05, one for 0.05–0.15, two for 0.15–0.2, all three for 0.25–0.5 (a pair is collapsed when both partners are represented and cos > ${CORRELATED_TOLERANCES.collapseCos}; checked: the count matches at ≥ ${CORRELATED_TOLERANCES.collapseAgreement * 100} % of the densities inside a stated regime).`,
    observed: `Collapsed pairs by density 1−S — ${parts.join('; ')}: ${matching} of ${checked} densities with a stated regime match (${f(agreement * 100, 0)} %).`,
    status: passOrFail(checked > 0 && agreement >= CORRELATED_TOLERANCES.collapseAgreement),
    numbers,
    headline: { label: "densities with the paper's number of collapsed pairs", value: matching, paper: `all ${checked}`, integer: true },
  };
};

/** local_orthogonal_basis: within each correlated set of ≥ 3 features, represented members are nearly orthogonal (|cos| < 0.2) at every density. */
export const checkLocalOrthogonalBasis: ClaimCheck = (a) => {
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
