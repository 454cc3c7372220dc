// The claim `neuron_regimes`, the privileged-basis claim (analysis/claims/privileged-basis.ts holds the
// paper's regimes and the tolerance; analysis/neurons.ts the rule for which features a neuron stores).

import { neuronAnalysis, sharedGroups, type NeuronAnalysis } from '../../neurons.ts';
import { f, notJudged, put, s, set, passOrFail, type ClaimCheck } from '../common.ts';
import { defineClaim } from '../define.ts';
import { NEURON_REGIME_TOLERANCES, PAPER_NEURON_REGIMES, paperNeuronRegime, privilegedBasisModels } from '../privileged-basis.ts';

/** "{3,4,5} in neurons {3,4}; {6,7} in {1}" — the features that share neurons, or "none". */
function sharing(a: NeuronAnalysis): string {
  const groups = sharedGroups(a);
  return groups.length === 0
    ? 'no features share a neuron'
    : groups.map((g) => `${set(g.features)} share neurons ${set(g.neurons)}`).join(', ');
}

function regimeText(represented: number, monosemantic: number): string {
  return `${represented} features, ${monosemantic} monosemantic`;
}

/**
 * neuron_regimes: 10 features in 5 ReLU neurons: at every density inside one of the paper's regimes, the
 * lowest-loss model represents the paper's number of features with the paper's number of monosemantic
 * neurons, exactly, on ≥ 75 % of those densities.
 */
const checkNeuronRegimes: ClaimCheck = (a) => {
  const models = privilegedBasisModels(a);
  if (models === null) return null;
  const numbers: Record<string, number> = {};
  const parts: string[] = [];
  let checked = 0;
  let matching = 0;
  for (const m of models) {
    const n = neuronAnalysis(m.W);
    const paper = paperNeuronRegime(m.density);
    const key = s(m.density);
    numbers[`represented:${key}`] = n.represented.length;
    numbers[`monosemantic:${key}`] = n.monosemantic;
    numbers[`polysemantic:${key}`] = n.polysemantic;
    const measured = regimeText(n.represented.length, n.monosemantic);
    if (paper === null) {
      parts.push(`${key}: ${measured} (between the paper's regimes, not judged; ${sharing(n)})`);
      continue;
    }
    checked++;
    const match = n.represented.length === paper.represented && n.monosemantic === paper.monosemantic;
    if (match) matching++;
    numbers[`paperRepresented:${key}`] = paper.represented;
    numbers[`paperMonosemantic:${key}`] = paper.monosemantic;
    numbers[`match:${key}`] = match ? 1 : 0;
    parts.push(`${key}: ${measured} against ${paper.represented} and ${paper.monosemantic}${match ? '' : ' (differs)'}; ${sharing(n)}`);
  }
  const regimes = PAPER_NEURON_REGIMES.map(
    (r) =>
      `${r.from === r.to ? s(r.from) : r.from === 0 ? `≤ ${s(r.to)}` : r.to === 1 ? `≥ ${s(r.from)}` : `${s(r.from)}–${s(r.to)}`}: ${regimeText(r.represented, r.monosemantic)}`,
  ).join('; ');
  const expected = `Ten features in five ReLU neurons (Iᵢ = 0.75ⁱ), the lowest-loss model per density 1−S — ${regimes}; 0.1 lies between regimes (checked: the represented and monosemantic counts equal the paper's exactly at ≥ ${NEURON_REGIME_TOLERANCES.agreement * 100} % of the densities inside a regime).`;
  if (checked === 0) {
    return notJudged('neuron_regimes', expected, `No density lies inside one of the paper's regimes (${parts.join('; ')}).`, numbers);
  }
  const agreement = matching / checked;
  numbers.checked = checked;
  numbers.matching = matching;
  put(numbers, 'agreement', agreement);
  return {
    id: 'neuron_regimes',
    expected,
    observed: `By density 1−S — ${parts.join('; ')}: ${matching} of ${checked} densities inside a regime match (${f(agreement * 100, 0)} %).`,
    status: passOrFail(agreement >= NEURON_REGIME_TOLERANCES.agreement),
    numbers,
    headline: {
      label: "densities in the paper's regime (features, monosemantic neurons)",
      value: matching,
      paper: `all ${checked}`,
      integer: true,
    },
  };
};

export default defineClaim({
  id: 'neuron_regimes',
  title: 'neurons go from monosemantic to polysemantic in the paper’s regimes as features get sparser',
  check: checkNeuronRegimes,
});
