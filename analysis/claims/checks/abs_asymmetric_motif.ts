// The claim `abs_asymmetric_motif` (ours, from the paper's description of the motif), computation in
// superposition's sweep (analysis/claims/abs.ts holds what the |x| claims share; the motifs are found once
// in analyze, metrics.json derived.absModels, by analysis/abs.ts findAsymmetricMotifs).

import { ABS_RULES, absSummaries } from '../abs.ts';
import { DENSITY_EPS, f, passOrFail, s, type ClaimCheck } from '../common.ts';
import { defineClaim } from '../define.ts';

/**
 * abs_asymmetric_motif: the paper describes, without counting it, a motif of its sparse |x| models: one
 * neuron stores two features with unequal input weights and reciprocal output weights (W1 = [2, −½],
 * W2 = [½, 2]), and a second neuron inhibits the victim feature's output when the dominant one is active.
 * Our claim: at least one occurrence in a selected model at 1−S ≤ 0.1. The dense model's count is reported
 * beside it as a control (a detector that fires there would be too loose).
 */
const checkAbsAsymmetricMotif: ClaimCheck = (a) => {
  const cells = a.derived?.absModels ?? absSummaries(a);
  const sparse = cells.filter((c) => c.density <= ABS_RULES.sparseDensity + DENSITY_EPS);
  if (cells.length < 2 || sparse.length === 0) return null;
  const found = sparse.reduce((n, c) => n + c.motifs.length, 0);
  const densest = cells[0]!;
  const numbers: Record<string, number> = { sparseModels: sparse.length, motifs: found, denseControl: densest.motifs.length };
  for (const c of cells) {
    const features = new Set(c.motifs.flatMap((m) => [m.dominant, m.victim]));
    numbers[`s=${s(c.density)}:motifs`] = c.motifs.length;
    numbers[`s=${s(c.density)}:features`] = features.size;
  }
  const { inputRatio, reciprocalFactor, minGain, inhibition } = ABS_RULES.motif;
  return {
    id: 'abs_asymmetric_motif',
    expected: `(Our claim, from the paper's description.) At least one sparse |x| model (1−S ≤ ${s(ABS_RULES.sparseDensity)}) holds the asymmetric superposition motif: a neuron storing two features (each path |W₁|·W₂ ≥ ${f(minGain)}) with input weights at least ${f(inputRatio, 0)}× apart and output weights reciprocal within a factor ${f(reciprocalFactor, 0)}, and a second neuron that fires with the dominant feature and cancels at least ${f(inhibition * 100, 0)} % of its interference on the victim's output.`,
    observed: `Motifs per selected model: ${cells.map((c) => `s=${s(c.density)}: ${c.motifs.length}`).join('; ')}; ${found} in the ${sparse.length} models at 1−S ≤ ${s(ABS_RULES.sparseDensity)}, ${densest.motifs.length} in the densest (s=${s(densest.density)}, the control).`,
    status: passOrFail(found > 0),
    numbers,
    headline: {
      label: `asymmetric motifs at 1−S ≤ ${s(ABS_RULES.sparseDensity)}`,
      value: found,
      paper: 'present (not counted)',
      integer: true,
    },
  };
};

export default defineClaim({
  id: 'abs_asymmetric_motif',
  title: 'the asymmetric superposition motif occurs in sparse |x| models (ours)',
  check: checkAbsAsymmetricMotif,
});
