import { describe, expect, it } from 'vitest';
import neuronRegimes from '../../analysis/claims/checks/neuron_regimes.ts';
import { paperNeuronRegime } from '../../analysis/claims/privileged-basis.ts';
import type { ModelAnalysis } from '../../analysis/types.ts';
import { experiment, model, zeros } from './fixtures.ts';

const check = neuronRegimes.check;

/** Hand-built 10 × 5 weights of each of the paper's regimes (feature, neuron, weight). */
function W(entries: Array<[number, number, number]>): number[][] {
  const w = zeros(10, 5);
  for (const [f, k, v] of entries) (w[f] as number[])[k] = v;
  return w;
}
const own = (fs: number[]): Array<[number, number, number]> => fs.map((f) => [f, f, 1]);
const shared = (f: number, a: number, b: number): Array<[number, number, number]> => [
  [f, a, 0.7],
  [f, b, 0.7],
];
/** 5 features, 5 monosemantic */
const FIVE = W(own([0, 1, 2, 3, 4]));
/** 6 features, 3 monosemantic: {3,4,5} in neurons {3,4} */
const SIX = W([...own([0, 1, 2, 3, 4]), ...shared(5, 3, 4)]);
/** 7 features, 2 monosemantic: {2,…,6} in neurons {2,3,4} */
const SEVEN_TWO = W([...own([0, 1, 2, 3, 4]), ...shared(5, 2, 3), ...shared(6, 3, 4)]);
/** 7 features, 1 monosemantic: {1,…,6} in neurons {1,…,4} */
const SEVEN_ONE = W([...own([0, 1, 2, 3, 4]), ...shared(5, 1, 2), ...shared(6, 3, 4)]);
/** 8 features, none monosemantic */
const EIGHT = W([...own([0, 1, 2, 3, 4]), ...shared(5, 0, 1), ...shared(6, 2, 3), ...shared(7, 4, 0)]);
/** 10 features, each on its own pair of neurons */
const TEN = (() => {
  const entries: Array<[number, number, number]> = [];
  let f = 0;
  for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) entries.push(...shared(f++, i, j));
  return W(entries);
})();

/** The paper's regime at each of the experiment's twelve densities (0.1: none). */
const PAPER_W: Array<[number, number[][]]> = [
  [0.75, FIVE],
  [0.5, FIVE],
  [0.35, SIX],
  [0.2, SIX],
  [0.15, SEVEN_TWO],
  [0.12, SEVEN_ONE],
  [0.1, SEVEN_ONE],
  [0.08, EIGHT],
  [0.06, EIGHT],
  [0.04, TEN],
  [0.02, TEN],
  [0.01, TEN],
];

function hidden(density: number, weights: number[][], kind = 'relu-hidden'): ModelAnalysis {
  return { ...model({ W: weights, density }), model: kind };
}

function sweep(replace: Record<number, number[][]> = {}) {
  return experiment(
    PAPER_W.map(([d, w]) => hidden(d, replace[d] ?? w)),
    { experiment: 'privileged-basis', importance: Array.from({ length: 10 }, (_, i) => 0.75 ** i) },
  );
}

describe("the paper's neuron regimes", () => {
  it('maps each density to its regime, with none between regimes', () => {
    const counts = (d: number) => {
      const r = paperNeuronRegime(d);
      return r === null ? null : [r.represented, r.monosemantic];
    };
    expect([1, 0.75, 0.5, 0.4, 0.35, 0.2, 0.15, 0.12, 0.1, 0.08, 0.05, 0.045, 0.04, 0.01].map(counts)).toEqual([
      [5, 5],
      [5, 5],
      [5, 5],
      null,
      [6, 3],
      [6, 3],
      [7, 2],
      [7, 1],
      null,
      [8, 0],
      [8, 0],
      null,
      [10, 0],
      [10, 0],
    ]);
  });
});

describe('neuron_regimes', () => {
  it("passes when every judged density shows the paper's regime, leaving 0.1 unjudged", () => {
    const r = check(sweep());
    expect(r?.status).toBe('pass');
    expect(r?.numbers['checked']).toBe(11);
    expect(r?.numbers['matching']).toBe(11);
    expect(r?.numbers['represented:0.1']).toBe(7);
    expect(r?.numbers['paperRepresented:0.1']).toBeUndefined();
    expect(r?.numbers['monosemantic:0.15']).toBe(2);
    expect(r?.headline).toMatchObject({ value: 11, paper: 'all 11', integer: true });
    expect(r?.observed).toContain('0.35: 6 features, 3 monosemantic against 6 and 3; {3,4,5} share neurons {3,4}');
    expect(r?.observed).toContain('0.1: 7 features, 1 monosemantic (between');
  });

  it('fails on a density in the neighbouring regime only when too many densities miss', () => {
    // two of eleven densities off by one regime: 9 of 11 = 82 % match → pass
    const two = check(sweep({ 0.35: FIVE, 0.12: SEVEN_TWO }));
    expect(two?.status).toBe('pass');
    expect(two?.numbers['matching']).toBe(9);
    expect(two?.numbers['match:0.35']).toBe(0);
    expect(two?.observed).toContain('0.35: 5 features, 5 monosemantic against 6 and 3 (differs)');
    // a third: 8 of 11 = 73 % → fail
    const three = check(sweep({ 0.35: FIVE, 0.12: SEVEN_TWO, 0.04: EIGHT }));
    expect(three?.status).toBe('fail');
    expect(three?.numbers['matching']).toBe(8);
  });

  it('does not judge a sweep whose only density lies between regimes', () => {
    const a = experiment([hidden(0.1, SEVEN_ONE)], { experiment: 'privileged-basis' });
    expect(check(a)?.status).toBe('not-judged');
  });

  it('ignores experiments without privileged-basis models of the paper’s shape', () => {
    expect(check(experiment([{ ...model({ W: FIVE, density: 0.5 }) }]))).toBeNull();
    expect(check(experiment([hidden(0.5, FIVE, 'untied-abs')]))).toBeNull();
    expect(check(experiment([hidden(0.5, zeros(10, 4))]))).toBeNull();
  });
});
