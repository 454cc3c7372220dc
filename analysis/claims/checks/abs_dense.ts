// The claim `abs_dense`, computation in superposition's demonstration (analysis/claims/abs.ts holds what
// the |x| claims share).

import { denseLayout } from '../../abs.ts';
import { ABS_RULES, absModels, isAbsModel, nearDensity } from '../abs.ts';
import { f, passOrFail, s, type ClaimCheck } from '../common.ts';
import { defineClaim } from '../define.ts';

/**
 * abs_dense: with dense inputs and two neurons per feature (the paper's n = 3, m = 6), after the paper's
 * rescaling every neuron reads one feature at +1 or −1 and the others at ≈ 0, writes it back with gain ≈ 1
 * and to no other output, and every feature has exactly one ReLU(x) and one ReLU(−x) neuron: |x| =
 * ReLU(x) + ReLU(−x). Judged on the selected (lowest held-out loss) dense model; the other restarts are counted.
 */
const checkAbsDense: ClaimCheck = (a) => {
  if (a.hidden !== 2 * a.features) return null;
  const m = absModels(a).find((x) => nearDensity(x.density, 1));
  if (m === undefined) return null;
  const layout = denseLayout(m.W, m.decoder, ABS_RULES.dense);
  const restarts = a.models.filter((x) => isAbsModel(x) && x.run === m.run && x.density === m.density);
  const matching = restarts.filter((x) => isAbsModel(x) && denseLayout(x.W, x.decoder, ABS_RULES.dense).matches).length;
  const clean = layout.neurons.filter((n) => n.clean).length;
  const paired = layout.plus.filter((p, i) => p.length === 1 && layout.minus[i]?.length === 1).length;
  const maxOther = Math.max(...layout.neurons.map((n) => n.maxOtherWeight));
  const gains = layout.neurons.map((n) => n.gain);
  const maxCross = Math.max(...layout.neurons.map((n) => n.maxCrossOutput));
  const { otherWeight, gain, crossOutput } = ABS_RULES.dense;
  const neurons = (ks: readonly number[]): string => (ks.length > 0 ? ks.map((k) => `n${k}`).join('/') : 'none');
  const pairs = layout.plus.map((p, i) => `f${i}: ${neurons(p)} / ${neurons(layout.minus[i] ?? [])}`);
  return {
    id: 'abs_dense',
    expected: `With dense inputs, ${a.features} features and ${a.hidden} neurons, the |x| model gives each feature one neuron computing ReLU(x) and one computing ReLU(−x) and sums them: after rescaling each neuron's largest |W₁| to 1, every neuron reads one feature at ±1 and the others below ${f(otherWeight, 1)}, writes it out with weight 1 ± ${f(gain, 1)} and to no other output (|W₂| < ${f(crossOutput, 1)}), and every feature has exactly one +1 and one −1 neuron.`,
    observed: `At s=${s(m.density)}, ${clean} of ${a.hidden} neurons are clean (largest other rescaled |W₁| ${f(maxOther, 3)}, own-output weights ${f(Math.min(...gains), 3)} to ${f(Math.max(...gains), 3)}, largest cross-output |W₂| ${f(maxCross, 3)}); clean neurons per feature (ReLU(x) / ReLU(−x)): ${pairs.join('; ')}. ${matching} of ${restarts.length} restarts have this layout.`,
    status: passOrFail(layout.matches),
    numbers: {
      density: m.density,
      cleanNeurons: clean,
      pairedFeatures: paired,
      maxOtherWeight: maxOther,
      minGain: Math.min(...gains),
      maxGain: Math.max(...gains),
      maxCrossOutput: maxCross,
      restarts: restarts.length,
      restartsMatching: matching,
    },
    headline: { label: 'features computed as ReLU(x) + ReLU(−x)', value: paired, paper: `${a.features} of ${a.features}`, integer: true },
  };
};

export default defineClaim({
  id: 'abs_dense',
  title: 'dense |x|: each feature is ReLU(x) + ReLU(−x) on two neurons',
  check: checkAbsDense,
});
