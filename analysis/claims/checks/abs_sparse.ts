// The claim `abs_sparse`, computation in superposition's sweep (analysis/claims/abs.ts holds what the |x|
// claims share; the neuron roles are computed once in analyze, metrics.json derived.absModels).

import { ABS_RULES, absSummaries, nearDensity } from '../abs.ts';
import { f, passOrFail, s, type ClaimCheck } from '../common.ts';
import { defineClaim } from '../define.ts';

/**
 * abs_sparse: in the n = 100, m = 40 sweep the number of polysemantic neurons grows monotonically as the
 * density goes 1 → 0.001, and at 0.001 every neuron is polysemantic. A neuron is polysemantic when it is
 * live and a second feature's input weight reaches a tenth of its largest (ABS_RULES.neurons). "Grows
 * monotonically" = never falls from one density to the next sparser one, with more at the sparsest than
 * at the densest (equal steps allowed: the paper itself has none at 1 and none at 0.3). "Every neuron" =
 * every live neuron, and there is at least one.
 */
const checkAbsSparse: ClaimCheck = (a) => {
  const cells = a.derived?.absModels ?? absSummaries(a);
  if (cells.length < 2) return null;
  const sparsest = cells[cells.length - 1]!;
  const densest = cells[0]!;
  if (!nearDensity(sparsest.density, ABS_RULES.sparsestDensity)) return null;
  const counts = cells.map((c) => c.polysemantic);
  const falls = cells.slice(1).filter((c, t) => c.polysemantic < (cells[t]?.polysemantic ?? 0));
  const monotone = falls.length === 0 && sparsest.polysemantic > densest.polysemantic;
  const allAtSparsest = sparsest.live > 0 && sparsest.polysemantic === sparsest.live;
  const numbers: Record<string, number> = { densities: cells.length, falls: falls.length };
  for (const c of cells) {
    const k = `s=${s(c.density)}`;
    numbers[`${k}:polysemantic`] = c.polysemantic;
    numbers[`${k}:highly`] = c.highlyPolysemantic;
    numbers[`${k}:live`] = c.live;
  }
  const list = cells.map((c) => `s=${s(c.density)}: ${c.polysemantic} of ${c.live}`).join('; ');
  return {
    id: 'abs_sparse',
    expected: `In the ${a.features} → ${a.hidden} |x| model the number of polysemantic neurons (live, and a second feature's |W₁| at least ${f(ABS_RULES.neurons.polysemanticFraction, 1)} of the neuron's largest) never falls as 1−S goes from ${s(densest.density)} to ${s(sparsest.density)}, ends higher than it starts, and at 1−S = ${s(sparsest.density)} every live neuron is polysemantic.`,
    observed: `Polysemantic of live neurons: ${list}${falls.length > 0 ? ` (falls at s=${falls.map((c) => s(c.density)).join(', ')})` : ''}; ${counts.join(' → ')}.`,
    status: passOrFail(monotone && allAtSparsest),
    numbers,
    headline: {
      label: `polysemantic neurons at 1−S = ${s(sparsest.density)}`,
      value: sparsest.polysemantic,
      paper: `all ${a.hidden}`,
      integer: true,
    },
  };
};

export default defineClaim({
  id: 'abs_sparse',
  title: 'sparse |x|: polysemantic neurons grow with sparsity, all polysemantic at 0.001',
  check: checkAbsSparse,
});
