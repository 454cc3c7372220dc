// The claim `important_features_last`, one of the 20 → 5 "demonstrating superposition" claims
// (analysis/claims/superposition.ts holds what they share).

import { hasShape, range, s, sameList, selectedModels, set, type ClaimCheck, passOrFail } from '../common.ts';
import { orthogonalFeatures } from '../../metrics.ts';
import { DEMO } from '../superposition.ts';
import { defineClaim } from '../define.ts';

/** important_features_last: at every density, the orthogonal features are the most important ones. */
const checkImportantFeaturesLast: ClaimCheck = (a) => {
  if (!hasShape(a, DEMO)) return null;
  const relu = selectedModels(a)
    .filter((m) => m.activation === 'relu')
    .sort((x, y) => y.density - x.density);
  if (relu.length === 0) return null;
  const numbers: Record<string, number> = {};
  const parts: string[] = [];
  let prefixes = 0;
  let anyOrth = false;
  for (const m of relu) {
    const orth = orthogonalFeatures(m.norms, m.superposition);
    const ok = sameList(orth, range(orth.length));
    if (ok) prefixes++;
    if (orth.length > 0) anyOrth = true;
    const k = `s=${s(m.density)}`;
    numbers[`${k}:orthogonal`] = orth.length;
    numbers[`${k}:prefix`] = ok ? 1 : 0;
    parts.push(`s=${s(m.density)}: ${set(orth)}${ok ? '' : ' ✗'}`);
  }
  numbers['models'] = relu.length;
  numbers['prefixes'] = prefixes;
  return {
    id: 'important_features_last',
    expected:
      'As sparsity grows the least important features enter superposition first, so at every density the features still orthogonal are the most important ones (0, 1, 2, …).',
    observed: anyOrth
      ? `Orthogonal features by density: ${parts.join('; ')}; ${prefixes} of ${relu.length} models have them as a leading block of the importance order.`
      : `No ReLU model has any orthogonal feature (${parts.join('; ')}), so the ordering cannot be seen.`,
    status: passOrFail(anyOrth && prefixes === relu.length),
    numbers,
    headline: {
      label: 'models whose orthogonal features lead the importance order',
      value: prefixes,
      paper: `all ${relu.length}`,
      integer: true,
    },
  };
};

export default defineClaim({
  id: 'important_features_last',
  title: 'the most important features are the last to enter superposition',
  check: checkImportantFeaturesLast,
});
