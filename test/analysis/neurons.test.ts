import { describe, expect, it } from 'vitest';
import { neuronAnalysis, neuronRegime, sharedGroups } from '../../analysis/neurons.ts';
import { zeros } from './fixtures.ts';

/** A 10 × 5 W with the given entries (feature, neuron, weight); every other entry 0. */
function W(entries: Array<[number, number, number]>, F = 10, H = 5): number[][] {
  const w = zeros(F, H);
  for (const [f, k, v] of entries) (w[f] as number[])[k] = v;
  return w;
}

describe('neuronAnalysis', () => {
  it('gives each of five dedicated features its own monosemantic neuron', () => {
    const a = neuronAnalysis(W([0, 1, 2, 3, 4].map((f) => [f, f, 1] as [number, number, number])));
    expect(a.represented).toEqual([0, 1, 2, 3, 4]);
    expect(a.neurons.map((n) => n.kind)).toEqual(['monosemantic', 'monosemantic', 'monosemantic', 'monosemantic', 'monosemantic']);
    expect(a.featureNeurons).toEqual([[0], [1], [2], [3], [4], [], [], [], [], []]);
    expect([a.monosemantic, a.polysemantic, a.unused]).toEqual([5, 0, 0]);
    expect(a.groups).toEqual([0, 1, 2, 3, 4].map((f) => ({ features: [f], neurons: [f] })));
    expect(sharedGroups(a)).toEqual([]);
    expect(a.unstored).toEqual([]);
  });

  it('finds three features in two neurons beside three dedicated ones (the paper at 1 − S = 0.2 to 0.35)', () => {
    // f5 = (0.7, 0.7) on neurons 3 and 4: 0.7 ≥ half of each neuron's largest weight (1)
    const a = neuronAnalysis(
      W([
        [0, 0, 1],
        [1, 1, 1],
        [2, 2, 1],
        [3, 3, 1],
        [4, 4, 1],
        [5, 3, 0.7],
        [5, 4, 0.7],
      ]),
    );
    expect(a.represented).toEqual([0, 1, 2, 3, 4, 5]);
    expect(a.neurons.map((n) => n.features)).toEqual([[0], [1], [2], [3, 5], [4, 5]]);
    expect([a.monosemantic, a.polysemantic, a.unused]).toEqual([3, 2, 0]);
    expect(a.featureNeurons[5]).toEqual([3, 4]);
    expect(sharedGroups(a)).toEqual([{ features: [3, 4, 5], neurons: [3, 4] }]);
    expect(
      neuronRegime(
        W([
          [0, 0, 1],
          [1, 1, 1],
          [2, 2, 1],
          [3, 3, 1],
          [4, 4, 1],
          [5, 3, 0.7],
          [5, 4, 0.7],
        ]),
      ),
    ).toEqual({
      represented: 6,
      monosemantic: 3,
    });
  });

  it('stores a feature at exactly half the neuron’s largest weight, not just below it', () => {
    expect(
      neuronAnalysis(
        W([
          [0, 0, 1],
          [1, 0, 0.5],
          [1, 1, 0.6],
        ]),
      ).neurons[0]?.features,
    ).toEqual([0, 1]);
    expect(
      neuronAnalysis(
        W([
          [0, 0, 1],
          [1, 0, 0.49],
          [1, 1, 0.6],
        ]),
      ).neurons[0]?.features,
    ).toEqual([0]);
  });

  it('counts only positive weights: an inhibiting weight stores nothing', () => {
    const a = neuronAnalysis(
      W([
        [0, 0, 1],
        [1, 0, -1],
        [1, 1, 1],
      ]),
    );
    expect(a.neurons.slice(0, 2).map((n) => n.features)).toEqual([[0], [1]]);
    expect(a.monosemantic).toBe(2);
  });

  it('leaves a neuron unused when its only positive weights are stray (at or below 0.2) or of unrepresented features', () => {
    // neuron 2: f0 (represented through neuron 0) leaks 0.2 into it; neuron 3: f9 has norm 0.4 < 0.5
    const a = neuronAnalysis(
      W([
        [0, 0, 1],
        [0, 2, 0.2],
        [1, 1, 1],
        [9, 3, 0.4],
      ]),
    );
    expect(a.represented).toEqual([0, 1]);
    expect(a.neurons.map((n) => n.kind)).toEqual(['monosemantic', 'monosemantic', 'unused', 'unused', 'unused']);
    expect(a.featureNeurons[0]).toEqual([0]);
    // just above the floor, the same leak is the neuron's largest represented weight, so it stores f0
    expect(
      neuronAnalysis(
        W([
          [0, 0, 1],
          [0, 2, 0.21],
        ]),
      ).featureNeurons[0],
    ).toEqual([0, 2]);
  });

  it('reports a represented feature that no neuron stores', () => {
    // f5 has 0.35 in neurons 0, 1, 2: ‖W_5‖ = 0.606 > 0.5, but 0.35 < half of each neuron's weight 1
    const a = neuronAnalysis(
      W([
        [0, 0, 1],
        [1, 1, 1],
        [2, 2, 1],
        [5, 0, 0.35],
        [5, 1, 0.35],
        [5, 2, 0.35],
      ]),
    );
    expect(a.represented).toEqual([0, 1, 2, 5]);
    expect(a.unstored).toEqual([5]);
    expect(a.monosemantic).toBe(3);
    expect(a.groups.map((g) => g.features)).toEqual([[0], [1], [2]]);
  });

  it('puts every feature in one group when each sits on its own pair of neurons (the paper at 1 − S ≤ 0.04)', () => {
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) pairs.push([i, j]);
    const a = neuronAnalysis(
      W(pairs.flatMap(([i, j], f) => [[f, i, 0.7] as [number, number, number], [f, j, 0.7] as [number, number, number]])),
    );
    expect(a.represented).toHaveLength(10);
    expect(a.neurons.map((n) => n.features.length)).toEqual([4, 4, 4, 4, 4]);
    expect([a.monosemantic, a.polysemantic]).toEqual([0, 5]);
    expect(a.groups).toEqual([{ features: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], neurons: [0, 1, 2, 3, 4] }]);
  });

  it('refuses a ragged W', () => {
    expect(() => neuronAnalysis([[1, 0], [1]])).toThrow(/every row/);
  });
});
