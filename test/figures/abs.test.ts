// The computation-in-superposition figures on hand-built |x| models: the demonstration's rescaled W1 / W2
// heatmaps, the stacked |W1| bars per neuron and the motif circuit. Oracles: weights written by hand and
// their rescaling worked out by hand.

import { describe, expect, it } from 'vitest';
import type { ExperimentAnalysis, ModelAnalysis } from '../../analysis/types.ts';
import absMotif from '../../figures/kinds/abs-motif.ts';
import absNeurons, { SEGMENT_FLOOR } from '../../figures/kinds/abs-neurons.ts';
import absWeights from '../../figures/kinds/abs-weights.ts';
import { experiment, model } from '../analysis/fixtures.ts';
import { expectValidAndRounded, render, rows } from './spec-checks.ts';

function absModel(W1: number[][], W2: number[][], density: number): ModelAnalysis {
  return { ...model({ W: W1, density }), model: 'untied-abs', decoder: W2 };
}

/** 3 features, 6 neurons: neuron k reads feature [1,0,2,0,2,1][k] with sign [+,+,−,−,+,−] and scale 2 (W2 ½). */
function demo(): ExperimentAnalysis {
  const feature = [1, 0, 2, 0, 2, 1];
  const sign = [1, 1, -1, -1, 1, -1];
  const W1 = [0, 1, 2].map((f) => feature.map((g, k) => (g === f ? 2 * sign[k]! : 0)));
  const W2 = [0, 1, 2].map((f) => feature.map((g) => (g === f ? 0.5 : 0)));
  return experiment([absModel(W1, W2, 1)], { experiment: 'abs-demo', importance: [1, 1, 1] });
}

/**
 * 4 features in 4 neurons at two densities. Dense: ReLU(±x₀), ReLU(±x₁). Sparse: the paper's motif in
 * neurons 0 and 1 (f0 dominant, f1 victim), neuron 2 = ReLU(−x₀) plus f3 at 0.01 of it (below the
 * segment floor), neuron 3 dead (reads f2, writes nothing).
 */
function sweep(): ExperimentAnalysis {
  const dense = {
    W1: [
      [1, -1, 0, 0],
      [0, 0, 1, -1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ],
    W2: [
      [1, 1, 0, 0],
      [0, 0, 1, 1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ],
  };
  const sparse = {
    W1: [
      [2, 1, -1, 0],
      [-0.5, 0, 0, 0],
      [0, 0, 0, 0.3],
      [0, 0, 0.01, 0],
    ],
    W2: [
      [0.5, 0, 1, 0],
      [2, -4, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ],
  };
  return experiment([absModel(dense.W1, dense.W2, 1), absModel(sparse.W1, sparse.W2, 0.01)], {
    experiment: 'abs-sweep',
    importance: [1, 0.8, 0.64, 0.512],
  });
}

describe('abs-weights', () => {
  it('draws the rescaled W1 and W2 of every neuron, neurons grouped by feature, ReLU(x) first', async () => {
    const spec = absWeights.build(demo(), {});
    expectValidAndRounded(spec);
    const data = rows(spec);
    expect(data).toHaveLength(2 * 3 * 6);
    const w1 = data.filter((r) => r['matrix'] === 'W1' && r['value'] !== 0);
    // every neuron's only input weight is ±1 after rescaling, and its output weight 1
    expect(w1.map((r) => Math.abs(r['value'] as number))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(data.filter((r) => r['matrix'] === 'W2' && r['value'] !== 0).map((r) => r['value'])).toEqual([1, 1, 1, 1, 1, 1]);
    const order = [...new Set(data.map((r) => r['neuron']))];
    expect(order).toEqual(['n1 (+f0)', 'n3 (−f0)', 'n0 (+f1)', 'n5 (−f1)', 'n4 (+f2)', 'n2 (−f2)']);
    const svg = await render(spec);
    expect(svg).toContain('W1: input weights');
  });

  it('needs an untied |x| model', () => {
    expect(() => absWeights.build(experiment([model({ W: [[1]] })]), {})).toThrow(/no selected untied-abs model/);
  });
});

describe('abs-neurons', () => {
  it('stacks each neuron’s rescaled |W1|, largest feature at the bottom, small ones merged, dead ones grey', async () => {
    const spec = absNeurons.build(sweep(), {});
    expectValidAndRounded(spec);
    const sparse = rows(spec).filter((r) => r['panel'] === '1 − S = 0.01');
    const bars = (k: number) => sparse.filter((r) => r['neuron'] === k);
    // neuron 0: f0 at 1 (its largest, rescaled from 2), then f1 at 0.25
    expect(bars(0).map((r) => [r['feature'], r['y0'], r['y1'], r['kind']])).toEqual([
      [0, 0, 1, 'feature'],
      [1, 1, 1.25, 'feature'],
    ]);
    // neuron 2: f0 at 1, and f3 (0.01, below the floor) in the merged segment
    expect(0.01).toBeLessThan(SEGMENT_FLOOR);
    expect(bars(2).map((r) => [r['feature'], r['y0'], r['y1'], r['kind']])).toEqual([
      [0, 0, 1, 'feature'],
      [-1, 1, 1.01, 'rest'],
    ]);
    // neuron 3 writes nothing: dead, drawn last
    expect(bars(3).map((r) => [r['kind'], r['rank']])).toEqual([['dead', 3]]);
    // ranks: by largest feature (f0, f0, f0), ReLU(x) first (neurons 0 and 1 before 2), then the dead one
    expect([0, 1, 2].map((k) => bars(k)[0]!['rank'])).toEqual([0, 1, 2]);
    const svg = await render(spec);
    expect(svg).toContain('1 − S = 0.01');
  });
});

describe('abs-motif', () => {
  it('draws the motif’s two neurons with their eight rescaled weights', async () => {
    const spec = absMotif.build(sweep(), {});
    expectValidAndRounded(spec);
    const edges = rows(spec).filter((r) => r['kind'] === 'edge');
    expect(edges).toHaveLength(8);
    // rescaled: neuron 0 (scale 2) reads f0 at 1 and f1 at −0.25 and writes 1 and 4; neuron 1 (scale 1) reads f0 at 1,
    // not f1 (0), and writes 0 to f0 and −4 to f1
    const w = edges.map((r) => r['weight']).sort((a, b) => (a as number) - (b as number));
    expect(w).toEqual([-4, -0.25, 0, 0, 1, 1, 1, 4]);
    expect(
      rows(spec)
        .filter((r) => r['kind'] === 'node')
        .map((r) => r['label']),
    ).toEqual(['x0', 'x1', 'n0', 'n1', 'y0', 'y1']);
    await render(spec);
  });

  it('says so when no model holds a motif', async () => {
    const a = sweep();
    const noMotif = { ...a, derived: { ...a.derived, absModels: (a.derived?.absModels ?? []).map((c) => ({ ...c, motifs: [] })) } };
    const spec = absMotif.build(noMotif, {});
    expectValidAndRounded(spec);
    expect(rows(spec)[0]?.['text']).toMatch(/No asymmetric superposition motif/);
    await render(spec);
  });
});
