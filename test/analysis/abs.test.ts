// Computation in superposition: the neuron roles, the dense ReLU(x) + ReLU(−x) layout and the asymmetric
// motif of analysis/abs.ts on hand-built W1 / W2 matrices, and the three |x| claims on hand-built
// experiments. Oracles: the exact |x| solution written out by hand, the paper's own motif example
// (W1 = [2, −½], W2 = [½, 2]), and the forward pass computed directly.

import { describe, expect, it } from 'vitest';
import { denseLayout, figureNeuronOrder, findAsymmetricMotifs, neuronRoles, rescaleNeurons } from '../../analysis/abs.ts';
import { ABS_RULES, absSummaries, motifToShow } from '../../analysis/claims/abs.ts';
import absDense from '../../analysis/claims/checks/abs_dense.ts';
import absSparse from '../../analysis/claims/checks/abs_sparse.ts';
import absMotif from '../../analysis/claims/checks/abs_asymmetric_motif.ts';
import type { ModelAnalysis } from '../../analysis/types.ts';
import { experiment, model } from './fixtures.ts';

/** y = ReLU(ReLU(x·W1)·W2ᵀ + b), written out directly */
function forward(W1: number[][], W2: number[][], b: number[], x: number[]): number[] {
  const H = W1[0]!.length;
  const h = Array.from({ length: H }, (_, k) =>
    Math.max(
      0,
      x.reduce((s, xf, f) => s + xf * W1[f]![k]!, 0),
    ),
  );
  return b.map((bf, f) => Math.max(0, bf + h.reduce((s, hk, k) => s + hk * W2[f]![k]!, 0)));
}

/**
 * The exact dense solution for 3 features in 6 neurons, each neuron's scale arbitrary: neuron k reads
 * feature f with weight ±a_k and writes 1/a_k to f's output. Neurons in a scrambled order.
 */
function exactAbs(): { W1: number[][]; W2: number[][] } {
  // [neuron] = [feature, sign, scale]
  const plan: Array<[number, number, number]> = [
    [1, -1, 0.7],
    [0, 1, 2],
    [2, 1, 1.3],
    [0, -1, 0.5],
    [2, -1, 1],
    [1, 1, 3],
  ];
  const W1 = [0, 1, 2].map(() => new Array<number>(6).fill(0));
  const W2 = [0, 1, 2].map(() => new Array<number>(6).fill(0));
  plan.forEach(([f, sign, a], k) => {
    W1[f]![k] = sign * a;
    W2[f]![k] = 1 / a;
  });
  return { W1, W2 };
}

/** An untied |x| ModelAnalysis from hand-written weights. */
function absModel(W1: number[][], W2: number[][], density: number, extra: { replica?: number; evalLoss?: number } = {}): ModelAnalysis {
  return { ...model({ W: W1, density, ...extra }), model: 'untied-abs', decoder: W2 };
}

/**
 * The paper's motif in 4 features and 3 neurons: neuron 0 stores f0 (W1 2, W2 ½) and f1 (W1 −½, W2 2);
 * neuron 1 fires with f0 (W1 1) and writes −4 to f1's output, cancelling the 2·2 = 4 of interference;
 * neuron 2 is the ReLU(−x₀) half of f0 (W1 −1, W2 1).
 */
function paperMotif(): { W1: number[][]; W2: number[][] } {
  return {
    W1: [
      [2, 1, -1],
      [-0.5, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ],
    W2: [
      [0.5, 0, 1],
      [2, -4, 0],
      [0, 0, 0],
      [0, 0, 0],
    ],
  };
}

describe('rescaleNeurons (footnote 15)', () => {
  it('sets every neuron’s largest |W1| to 1 and leaves the function unchanged', () => {
    const W1 = [
      [2, -0.3],
      [-4, 0.1],
    ];
    const W2 = [
      [0.5, 1],
      [0.25, -2],
    ];
    const r = rescaleNeurons(W1, W2);
    expect(r.scales).toEqual([4, 0.3]);
    expect(r.W1[0]![0]).toBeCloseTo(0.5, 12);
    expect(r.W1[1]![0]).toBeCloseTo(-1, 12);
    expect(r.W1[0]![1]).toBeCloseTo(-1, 12);
    expect(r.W2[1]![1]).toBeCloseTo(-0.6, 12);
    for (const x of [
      [0.3, -0.9],
      [-1, 0.2],
      [0.5, 0.5],
    ]) {
      const before = forward(W1, W2, [0, 0], x);
      forward(r.W1, r.W2, [0, 0], x).forEach((v, f) => expect(v).toBeCloseTo(before[f]!, 12));
    }
  });

  it('refuses matrices of different shapes', () => {
    expect(() => rescaleNeurons([[1, 2]], [[1], [2]])).toThrow(/must both be/);
  });
});

describe('neuronRoles', () => {
  // neuron 0: only f0 (monosemantic); 1: f0 and f1 at 0.3 of it (polysemantic, not highly);
  // 2: f1 and f2 at 0.6/0.8 (highly); 3: reads f2 but writes nothing (dead); 4: f3 at 0.05 of f2 (below the 0.1 rule)
  const W1 = [
    [1, -2, 0, 0, 0],
    [0, 0.6, -0.8, 0, 0],
    [0, 0, 0.6, 1, 1],
    [0, 0, 0, 0, 0.05],
  ];
  const W2 = [
    [1, 0.5, 0, 0, 0],
    [0, 0, 1, 0, 0],
    [0, 0, 0.4, 0.001, 1],
    [0, 0, 0, 0, 0],
  ];
  const roles = neuronRoles(W1, W2, ABS_RULES.neurons);

  it('finds each neuron’s largest feature, its sign and the second-largest ratio', () => {
    expect(roles.map((r) => r.top)).toEqual([0, 0, 1, 2, 2]);
    expect(roles.map((r) => r.sign)).toEqual([1, -1, -1, 1, 1]);
    expect(roles[1]!.secondRatio).toBeCloseTo(0.3, 12);
    expect(roles[2]!.secondRatio).toBeCloseTo(0.75, 12);
    expect(roles[1]!.gain).toBeCloseTo(1, 12); // W2 0.5 × scale 2
  });

  it('counts polysemantic and highly polysemantic live neurons, never a dead one', () => {
    expect(roles.map((r) => r.live)).toEqual([true, true, true, false, true]);
    expect(roles.map((r) => r.polysemantic)).toEqual([false, true, true, false, false]);
    expect(roles.map((r) => r.highlyPolysemantic)).toEqual([false, false, true, false, false]);
  });

  it('orders neurons for the figure by largest feature, ReLU(x) first, dead last', () => {
    expect(figureNeuronOrder(roles)).toEqual([0, 1, 2, 4, 3]);
  });
});

describe('denseLayout', () => {
  it('accepts the exact ReLU(x) + ReLU(−x) solution whatever the neurons’ scales and order', () => {
    const { W1, W2 } = exactAbs();
    const layout = denseLayout(W1, W2, ABS_RULES.dense);
    expect(layout.matches).toBe(true);
    expect(layout.plus).toEqual([[1], [5], [2]]);
    expect(layout.minus).toEqual([[3], [0], [4]]);
    for (const n of layout.neurons) expect(n.gain).toBeCloseTo(1, 12);
    // and it does compute |x|
    for (const x of [
      [0.3, -0.9, 0],
      [-1, 0.2, 0.7],
    ])
      forward(W1, W2, [0, 0, 0], x).forEach((v, f) => expect(v).toBeCloseTo(Math.abs(x[f]!), 12));
  });

  it('rejects a mixed neuron', () => {
    const { W1, W2 } = exactAbs();
    W1[2]![1] = 0.5; // neuron 1 (ReLU(x₀), scale 2) also reads f2 at a quarter of its largest weight
    const layout = denseLayout(W1, W2, ABS_RULES.dense);
    expect(layout.matches).toBe(false);
    expect(layout.neurons[1]!.maxOtherWeight).toBeCloseTo(0.25, 12);
    expect(layout.neurons.filter((n) => n.clean)).toHaveLength(5);
  });

  it('rejects two ReLU(x) neurons for one feature, a gain off 1 and a cross output', () => {
    const twoPlus = exactAbs();
    twoPlus.W1[0]![3] = 0.5; // neuron 3 flips from ReLU(−x₀) to ReLU(x₀)
    expect(denseLayout(twoPlus.W1, twoPlus.W2, ABS_RULES.dense).matches).toBe(false);
    const weak = exactAbs();
    weak.W2[2]![2] = 0.8 / 1.3; // gain 0.8 for ReLU(x₂)
    expect(denseLayout(weak.W1, weak.W2, ABS_RULES.dense).matches).toBe(false);
    const cross = exactAbs();
    cross.W2[0]![5] = 0.2 / 3; // ReLU(x₁) also writes 0.2 to f0's output
    expect(denseLayout(cross.W1, cross.W2, ABS_RULES.dense).matches).toBe(false);
  });
});

describe('findAsymmetricMotifs', () => {
  it('finds the paper’s example, with its inhibitor and exact ratios', () => {
    const { W1, W2 } = paperMotif();
    const found = findAsymmetricMotifs(W1, W2, ABS_RULES.motif);
    expect(found).toHaveLength(1);
    const m = found[0]!;
    expect([m.neuron, m.dominant, m.victim, m.inhibitor, m.inhibitors]).toEqual([0, 0, 1, 1, 1]);
    expect(m.inputRatio).toBeCloseTo(4, 12);
    expect(m.outputRatio).toBeCloseTo(4, 12);
    expect(m.dominantGain).toBeCloseTo(1, 12);
    expect(m.victimGain).toBeCloseTo(1, 12);
    expect(m.inhibition).toBeCloseTo(1, 12);
    expect(m.oppositeSigns).toBe(true);
  });

  it('is unchanged by rescaling the neurons', () => {
    const { W1, W2 } = paperMotif();
    const r = rescaleNeurons(W1, W2);
    const a = findAsymmetricMotifs(W1, W2, ABS_RULES.motif);
    const b = findAsymmetricMotifs(r.W1, r.W2, ABS_RULES.motif);
    expect(b.map((m) => [m.neuron, m.dominant, m.victim, m.inhibitor])).toEqual(
      a.map((m) => [m.neuron, m.dominant, m.victim, m.inhibitor]),
    );
    expect(b[0]!.inhibition).toBeCloseTo(a[0]!.inhibition, 12);
  });

  it('misses every near miss', () => {
    // input weights only 1.5× apart (W2 kept reciprocal)
    const even = paperMotif();
    even.W1[1]![0] = -2 / 1.5;
    even.W2[1]![0] = 0.5 * 1.5;
    expect(findAsymmetricMotifs(even.W1, even.W2, ABS_RULES.motif)).toEqual([]);
    // output weights not reciprocal enough: 1.8× apart where the inputs are 4× apart (0.45, outside [½, 2]);
    // the victim's path 0.5·0.9 still counts as stored, so only reciprocity fails
    const flat = paperMotif();
    flat.W2[1]![0] = 0.9;
    expect(findAsymmetricMotifs(flat.W1, flat.W2, ABS_RULES.motif)).toEqual([]);
    // the second neuron fires on the other side of f0, so it never meets the interference
    const wrongSide = paperMotif();
    wrongSide.W1[0]![1] = -1;
    expect(findAsymmetricMotifs(wrongSide.W1, wrongSide.W2, ABS_RULES.motif)).toEqual([]);
    // it cancels only 40 % of the interference
    const weak = paperMotif();
    weak.W2[1]![1] = -1.6;
    expect(findAsymmetricMotifs(weak.W1, weak.W2, ABS_RULES.motif)).toEqual([]);
    // the victim's path through the neuron is too weak to count as stored
    const faint = paperMotif();
    faint.W1[1]![0] = -0.05;
    faint.W2[1]![0] = 2;
    expect(findAsymmetricMotifs(faint.W1, faint.W2, ABS_RULES.motif)).toEqual([]);
  });
});

// ---- the claims on hand-built experiments

/** A monosemantic |x| model of 4 features in 4 neurons: ReLU(±x₀), ReLU(±x₁). */
function mono(): { W1: number[][]; W2: number[][] } {
  return {
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
}

/** `mono` with the first `k` neurons also reading f2 at half their weight (polysemantic). */
function poly(k: number): { W1: number[][]; W2: number[][] } {
  const w = mono();
  for (let n = 0; n < k; n++) w.W1[2]![n] = 0.5;
  return w;
}

function sweep(steps: Array<[number, { W1: number[][]; W2: number[][] }]>) {
  return experiment(
    steps.map(([d, w]) => absModel(w.W1, w.W2, d)),
    { experiment: 'abs-sweep', importance: [1, 0.8, 0.64, 0.512] },
  );
}

describe('abs_dense', () => {
  it('passes the exact solution and reports every restart', () => {
    const { W1, W2 } = exactAbs();
    const mixed = exactAbs();
    mixed.W1[2]![1] = 0.5;
    const a = experiment(
      [absModel(W1, W2, 1, { replica: 0, evalLoss: 1e-6 }), absModel(mixed.W1, mixed.W2, 1, { replica: 1, evalLoss: 1e-3 })],
      {
        experiment: 'abs-demo',
        importance: [1, 1, 1],
      },
    );
    const r = absDense.check(a)!;
    expect(r.status).toBe('pass');
    expect(r.numbers['pairedFeatures']).toBe(3);
    expect(r.numbers['restarts']).toBe(2);
    expect(r.numbers['restartsMatching']).toBe(1);
    expect(r.headline?.value).toBe(3);
  });

  it('fails when the selected model has a mixed neuron', () => {
    const mixed = exactAbs();
    mixed.W1[2]![1] = 0.5;
    const a = experiment([absModel(mixed.W1, mixed.W2, 1)], { experiment: 'abs-demo', importance: [1, 1, 1] });
    const r = absDense.check(a)!;
    expect(r.status).toBe('fail');
    expect(r.numbers['cleanNeurons']).toBe(5);
  });

  it('is about the dense two-neurons-per-feature model only', () => {
    const { W1, W2 } = mono();
    expect(absDense.check(sweep([[1, { W1, W2 }]]))).toBeNull(); // 4 features in 4 neurons
    const { W1: e1, W2: e2 } = exactAbs();
    expect(absDense.check(experiment([absModel(e1, e2, 0.1)], { importance: [1, 1, 1] }))).toBeNull();
    expect(absDense.check(experiment([model({ W: e1 })], { importance: [1, 1, 1] }))).toBeNull(); // not an |x| model
  });
});

describe('abs_sparse', () => {
  it('passes a count that never falls and ends with every live neuron polysemantic', () => {
    const r = absSparse.check(
      sweep([
        [1, mono()],
        [0.3, mono()],
        [0.01, poly(2)],
        [0.001, poly(4)],
      ]),
    )!;
    expect(r.status).toBe('pass');
    expect(r.numbers['s=1:polysemantic']).toBe(0);
    expect(r.numbers['s=0.01:polysemantic']).toBe(2);
    expect(r.numbers['s=0.001:polysemantic']).toBe(4);
    expect(r.headline?.value).toBe(4);
  });

  it('fails when the count falls on the way', () => {
    const r = absSparse.check(
      sweep([
        [1, mono()],
        [0.01, poly(3)],
        [0.003, poly(2)],
        [0.001, poly(4)],
      ]),
    )!;
    expect(r.status).toBe('fail');
    expect(r.numbers['falls']).toBe(1);
  });

  it('fails when a live neuron stays monosemantic at 0.001, and ignores a dead one', () => {
    expect(
      absSparse.check(
        sweep([
          [1, mono()],
          [0.001, poly(3)],
        ]),
      )!.status,
    ).toBe('fail');
    const dead = poly(3);
    dead.W2[1]![3] = 0; // neuron 3 (ReLU(−x₁)) writes nothing: dead, so the three live ones are all polysemantic
    const r = absSparse.check(
      sweep([
        [1, mono()],
        [0.001, dead],
      ]),
    )!;
    expect(r.status).toBe('pass');
    expect(r.numbers['s=0.001:live']).toBe(3);
  });

  it('needs a sweep that reaches 0.001', () => {
    expect(absSparse.check(sweep([[1, mono()]]))).toBeNull();
    expect(
      absSparse.check(
        sweep([
          [1, mono()],
          [0.01, poly(4)],
        ]),
      ),
    ).toBeNull();
  });
});

/** The paper's motif (4 features, 3 neurons) padded to the shape of `mono`'s models: 4 neurons. */
function motifModel(): { W1: number[][]; W2: number[][] } {
  const { W1, W2 } = paperMotif();
  return { W1: W1.map((r) => [...r, 0]), W2: W2.map((r) => [...r, 0]) };
}

describe('abs_asymmetric_motif', () => {
  it('passes when a sparse model holds the motif, and reports the dense control', () => {
    const a = sweep([
      [1, mono()],
      [0.01, motifModel()],
      [0.001, mono()],
    ]);
    const r = absMotif.check(a)!;
    expect(r.status).toBe('pass');
    expect(r.numbers['motifs']).toBe(1);
    expect(r.numbers['denseControl']).toBe(0);
    expect(r.numbers['s=0.01:features']).toBe(2);
    // the derived results hold the same motif, and it is the one the figure and the report show
    const shown = motifToShow(a.derived?.absModels ?? [])!;
    expect([shown.cell.density, shown.motif.neuron, shown.motif.victim]).toEqual([0.01, 0, 1]);
  });

  it('fails when no sparse model holds it, even if the dense one does', () => {
    const r = absMotif.check(
      sweep([
        [1, motifModel()],
        [0.01, mono()],
      ]),
    )!;
    expect(r.status).toBe('fail');
    expect(r.numbers['denseControl']).toBe(1);
  });

  it('needs a sparse model', () => {
    expect(
      absMotif.check(
        sweep([
          [1, mono()],
          [0.3, mono()],
        ]),
      ),
    ).toBeNull();
  });
});

describe('absSummaries', () => {
  it('summarises the selected |x| models densest first, and nothing else', () => {
    const a = sweep([
      [0.01, poly(2)],
      [1, mono()],
    ]);
    const cells = absSummaries(a);
    expect(cells.map((c) => c.density)).toEqual([1, 0.01]);
    expect(cells.map((c) => c.polysemantic)).toEqual([0, 2]);
    expect(cells.map((c) => c.featuresInNeurons)).toEqual([2, 3]);
    expect(a.derived?.absModels).toEqual(cells);
    expect(absSummaries(experiment([model({ W: mono().W1 })]))).toEqual([]);
  });
});
