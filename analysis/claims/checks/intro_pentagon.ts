// The claim `intro_pentagon`, one of the intro's 5 → 2 claims
// (analysis/claims/intro.ts holds what they share).

import type { ExperimentAnalysis, ModelAnalysis } from '../../types.ts';
import { f, put, s, type ClaimCheck, passOrFail } from '../common.ts';
import { pentagonCandidates } from '../intro.ts';
import { defineClaim } from '../define.ts';

function isSelected(a: ExperimentAnalysis, m: ModelAnalysis): boolean {
  return a.selected.some((k) => a.models[k] === m);
}

/** intro_pentagon: at s ≤ 0.1 some fit puts all five features on a regular pentagon. */
const checkIntroPentagon: ClaimCheck = (a) => {
  const cands = pentagonCandidates(a);
  const best = cands[0];
  if (best === undefined) return null;
  const pentagons = cands.filter((c) => c.isPentagon);
  const m = best.model;
  const numbers: Record<string, number> = {
    candidates: cands.length,
    pentagons: pentagons.length,
    density: m.density,
    replica: m.replica,
    index: m.index,
    selected: isSelected(a, m) ? 1 : 0,
    strongNorms: best.strong,
    minNorm: m.norms.reduce((acc, v) => Math.min(acc, v), Infinity),
  };
  put(numbers, 'maxGapDeviation', best.maxDeviation);
  best.gaps.forEach((g, k) => (numbers[`gap${k + 1}`] = g));
  m.norms.forEach((v, k) => (numbers[`norm${k}`] = v));
  const desc = `s=${s(m.density)}, replica ${m.replica}${isSelected(a, m) ? ' (the lowest-loss one)' : ''}: norms ${m.norms.map((v) => f(v)).join(', ')}; gaps ${best.gaps.map((g) => `${f(g, 1)}°`).join(', ')}`;
  return {
    id: 'intro_pentagon',
    expected:
      'At 90% sparsity (s = 0.1) all five features are embedded as a regular pentagon; we accept any of ≥ 3 fits at s ≤ 0.1 with all five norms > 0.9 and every gap within 72° ± 10°.',
    observed:
      pentagons.length > 0
        ? `${pentagons.length} of ${cands.length} fits at s ≤ 0.1 are pentagons; the most regular is at ${desc}.`
        : `None of ${cands.length} fits at s ≤ 0.1 is a pentagon; the closest is at ${desc}.`,
    status: passOrFail(pentagons.length > 0),
    numbers,
    headline: {
      label: `pentagon fits among the ${cands.length} at 1−S ≤ 0.1`,
      value: pentagons.length,
      paper: 'a pentagon',
      integer: true,
    },
  };
};

export default defineClaim({ id: 'intro_pentagon', title: '90 % sparse 5 → 2: all five as a regular pentagon', check: checkIntroPentagon });
