// The prose predicate on a 2-D model, shared by the 5 → 2 and non-uniform sections.

import { angleBetween, type ModelFacts } from './facts.ts';
import { featureList, fmt, fmtDeg, joinAnd, pairList } from './format.ts';

/** A predicate on a 2-D model ("represents …"): what it keeps, antipodal pairs, angular gaps, dropped features. */
export function describe2D(f: ModelFacts, features: number): string {
  const k = f.represented.length;
  let s = `represents ${k} of ${features} features (${featureList(f.represented)})`;
  if (k === 2) {
    const [i = 0, j = 1] = f.represented;
    s += ` at ${fmtDeg(angleBetween(f.model, i, j))} to each other`;
  } else if (k > 2) {
    s +=
      f.antipodalPairs.length > 0
        ? `, with ${f.antipodalPairs.length === 1 ? 'one antipodal pair' : `${f.antipodalPairs.length} antipodal pairs`} (${pairList(f.antipodalPairs)})`
        : ', with no antipodal pair';
    s += `; going round the circle, neighbouring features are ${joinAnd(f.gaps.map(fmtDeg))} apart`;
  }
  if (f.unrepresented.length > 0) {
    s +=
      f.unrepresented.length === 1
        ? `; ${featureList(f.unrepresented)} has norm ${fmt(f.maxUnrepresentedNorm)}`
        : `; ${featureList(f.unrepresented)} have norms of at most ${fmt(f.maxUnrepresentedNorm)}`;
  }
  return s;
}
