import { describe, expect, it } from 'vitest';
import {
  ADVERSARIAL_RULES,
  analyticAttack,
  attackDirection,
  attackSample,
  dedicatedBaseline,
  meanInputNorm,
  modelVulnerability,
  pearson,
  spearman,
  sweepVulnerability,
  vulnerabilityTrend,
  type ModelVulnerability,
} from '../../analysis/adversarial.ts';
import { createPrng } from '../../data/prng.ts';
import { axis, experiment, model, zeros } from './fixtures.ts';

/** Samples [N, F] from rows. */
function samples(rows: number[][]): Float32Array {
  return Float32Array.from(rows.flat());
}

/**
 * The attack done the slow, obvious way: for each feature i build δ_i = ε (WᵀW)_i/‖(WᵀW)_i‖ explicitly, run
 * the whole forward pass ReLU((x + δ)WᵀW + b) on every sample, compare with the clean x; the worst feature.
 */
function bruteForce(W: number[][], b: number[], x: number[][], importance: number[], eps: number) {
  const F = W.length;
  const dot = (u: number[], v: number[]) => u.reduce((s, ui, k) => s + ui * (v[k] ?? 0), 0);
  const forward = (input: number[]) => {
    const h = (W[0] ?? []).map((_, k) => input.reduce((s, xf, f) => s + xf * (W[f]?.[k] ?? 0), 0));
    return W.map((wf, f) => Math.max(0, dot(wf, h) + (b[f] ?? 0)));
  };
  const loss = (inputs: number[][]) =>
    x.reduce((s, clean, n) => {
      const out = forward(inputs[n] ?? []);
      return s + clean.reduce((t, xf, f) => t + (importance[f] ?? 0) * (xf - (out[f] ?? 0)) ** 2, 0);
    }, 0) /
    (x.length * F);
  const clean = loss(x);
  let worst = -Infinity;
  for (let i = 0; i < F; i++) {
    const g = W.map((wj) => dot(W[i] ?? [], wj));
    const norm = Math.sqrt(dot(g, g));
    if (norm === 0) continue;
    const attacked = loss(x.map((xs) => xs.map((v, f) => v + (eps * (g[f] ?? 0)) / norm)));
    worst = Math.max(worst, attacked);
  }
  return { clean, worst };
}

function randomRows(rows: number, cols: number, seed: number, scale = 1, positive = false): number[][] {
  const p = createPrng(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => {
      const v = p.normal() * scale;
      return positive ? (p.next() < 0.4 ? Math.abs(v) % 1 : 0) : v;
    }),
  );
}

describe('attackDirection', () => {
  it('is row i of WᵀW at unit length', () => {
    // W₀·W₀ = 1, W₀·W₁ = 0.6: the row (1, 0.6) over its length √1.36
    const d = attackDirection(
      [
        [1, 0],
        [0.6, 0.8],
      ],
      0,
    );
    expect(d?.[0]).toBeCloseTo(1 / Math.sqrt(1.36), 12);
    expect(d?.[1]).toBeCloseTo(0.6 / Math.sqrt(1.36), 12);
    // an antipodal pair: feature 0's attack raises x₀ and lowers x₁ equally
    const pair = attackDirection([[1], [-1]], 0);
    expect(pair?.[0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(pair?.[1]).toBeCloseTo(-Math.SQRT1_2, 15);
  });

  it('is null for a feature with no weight', () => {
    expect(attackDirection([[1], [0]], 1)).toBeNull();
  });
});

describe('meanInputNorm', () => {
  it('averages the L2 norm of each sample', () => {
    expect(
      meanInputNorm(
        samples([
          [3, 4],
          [0, 0],
        ]),
        2,
      ),
    ).toBe(2.5);
    expect(() => meanInputNorm(new Float32Array(3), 2)).toThrow(/multiple of F/);
  });
});

describe('analyticAttack', () => {
  // one feature active at a time, or none: the antipodal pair reconstructs every such sample exactly
  const x = samples([
    [0.5, 0],
    [0, 0.5],
    [0, 0],
  ]);
  const eps = 0.1;

  it('costs an antipodal pair 2ε² per sample, by hand', () => {
    // δ₀ = ε(1, −1)/√2 moves the hidden value by √2 ε, so the active output overshoots (or the off one
    // turns on) by √2 ε on every sample: 2ε² summed over F = 2 features → L′ − L = ε²
    const r = analyticAttack([[1], [-1]], [0, 0], x, [1, 1], eps);
    expect(r.loss).toBe(0);
    expect(r.attackedLoss).toBeCloseTo(eps * eps, 12);
    expect(r.vulnerability).toBeCloseTo(eps * eps, 12);
    expect(r.worstFeature).toBe(0);
  });

  it('costs a dedicated feature ε² on its own output only, by hand', () => {
    // W = [[1], [0]], b = [0, 0.25]: the attack can only push output 0 up by ε; feature 1 has no direction
    const r = analyticAttack([[1], [0]], [0, 0.25], x, [1, 1], eps);
    expect(r.loss).toBeCloseTo((3 * 0.0625) / 6, 12);
    expect(r.vulnerability).toBeCloseTo((3 * eps * eps) / 6, 12);
    expect(r.worstFeature).toBe(0);
  });

  it('agrees with the explicit attack on random weights and inputs', () => {
    const W = randomRows(7, 3, 11, 0.7);
    const b = randomRows(1, 7, 12, 0.2)[0] ?? [];
    const xs = randomRows(40, 7, 13, 1, true);
    const importance = [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
    const r = analyticAttack(W, b, samples(xs), importance, 0.3);
    // the engine's float32 inputs: the oracle reads the same float32 values
    const x32 = Array.from(samples(xs));
    const oracle = bruteForce(
      W,
      b,
      Array.from({ length: 40 }, (_, n) => x32.slice(n * 7, n * 7 + 7)),
      importance,
      0.3,
    );
    expect(r.loss).toBeCloseTo(oracle.clean, 12);
    expect(r.attackedLoss).toBeCloseTo(oracle.worst, 12);
    expect(r.vulnerability).toBeGreaterThan(0);
  });

  it('has no attack on a model without weights', () => {
    const r = analyticAttack(zeros(3, 2), [0, 0, 0], samples([[1, 0, 0]]), [1, 1, 1], 0.1);
    expect(r).toEqual({ loss: 1 / 3, attackedLoss: 1 / 3, vulnerability: 0, worstFeature: -1 });
  });

  it('refuses mismatched shapes', () => {
    expect(() => analyticAttack([[1], [0]], [0], x, [1, 1], eps)).toThrow(/b has 1/);
    expect(() => analyticAttack([[1], [0]], [0, 0], new Float32Array(3), [1, 1], eps)).toThrow(/multiple of F/);
  });
});

describe('dedicatedBaseline', () => {
  it('puts the m most important features on the unit axes and predicts the mean of the rest', () => {
    // ties go to the lower index: features 1 and 3 (importance 1) take axes 0 and 1
    const base = dedicatedBaseline([0.5, 1, 0.8, 1], [0.2, 0.2, 0.2, 0.2], 2);
    expect(base.W).toEqual([
      [0, 0],
      [1, 0],
      [0, 0],
      [0, 1],
    ]);
    expect(base.b).toEqual([0.1, 0, 0.1, 0]);
  });

  it('loses exactly max I·ε²/F to the attack, on any sample', () => {
    const F = 12;
    const importance = Array.from({ length: F }, (_, i) => 0.9 ** i);
    const density = new Array<number>(F).fill(0.3);
    const base = dedicatedBaseline(importance, density, 4);
    const x = attackSample(density);
    const eps = ADVERSARIAL_RULES.budgetFraction * meanInputNorm(x, F);
    const r = analyticAttack(base.W, base.b, x, importance, eps);
    expect(r.vulnerability).toBeCloseTo((1 * eps * eps) / F, 12);
    expect(r.worstFeature).toBe(0);
  });
});

describe('attackSample', () => {
  it('is the same fixed sample every time, at the given density', () => {
    const density = new Array<number>(50).fill(0.1);
    const a = attackSample(density);
    expect(a).toHaveLength(ADVERSARIAL_RULES.samples * 50);
    expect(attackSample(density)).toEqual(a);
    const active = a.filter((v) => v !== 0).length / a.length;
    expect(active).toBeGreaterThan(0.09);
    expect(active).toBeLessThan(0.11);
  });
});

describe('modelVulnerability and sweepVulnerability', () => {
  // 8 equally important features in 2 dimensions: two dedicated (dense) or two antipodal pairs (sparse)
  const F = 8;
  const dense = model({ W: [axis(2, 0), axis(2, 1), ...zeros(F - 2, 2)], density: 1 });
  const pairs = model({ W: [axis(2, 0), axis(2, 0, -1), axis(2, 1), axis(2, 1, -1), ...zeros(F - 4, 2)], density: 0.2 });
  const a = experiment([pairs, dense], { experiment: 'uniform', importance: new Array<number>(F).fill(1) });

  it('measures a model with dedicated features as exactly as vulnerable as the baseline', () => {
    const v = modelVulnerability(a, a.models[1]!);
    expect(v.model).toBe(1);
    // the same loss increase, summed in another order
    expect(v.relative).toBeCloseTo(1, 9);
    expect(v.featuresPerDimension).toBe(1);
    expect(v.epsilon).toBeCloseTo(ADVERSARIAL_RULES.budgetFraction * v.meanInputNorm, 15);
    expect(v.baselineVulnerability).toBeCloseTo((v.epsilon * v.epsilon) / F, 12);
  });

  it('finds antipodal pairs more vulnerable, by the explicit attack on the same sample', () => {
    const v = modelVulnerability(a, a.models[0]!);
    const x = Array.from(attackSample(new Array<number>(F).fill(0.2)));
    const rows = Array.from({ length: ADVERSARIAL_RULES.samples }, (_, n) => x.slice(n * F, (n + 1) * F));
    const oracle = bruteForce(pairs.W, pairs.b, rows, new Array<number>(F).fill(1), v.epsilon);
    expect(v.vulnerability).toBeCloseTo(oracle.worst - oracle.clean, 12);
    expect(v.relative).toBeGreaterThan(1.5);
    expect(v.featuresPerDimension).toBe(2);
  });

  it('keeps the order it is given and skips models that are not the ReLU output model', () => {
    const out = sweepVulnerability(a, [a.models[1]!, a.models[0]!, { ...a.models[0]!, activation: 'linear' }]);
    expect(out.map((e) => e.model)).toEqual([1, 0]);
  });

  it('is what the analysis stores for a uniform sweep, densest first', () => {
    const uniform = experiment(
      [dense, pairs].map((m) => ({ ...m, W: [...m.W, ...zeros(F, 2)], b: new Array<number>(2 * F).fill(0), features: 2 * F })),
      { experiment: 'uniform', importance: new Array<number>(2 * F).fill(1) },
    );
    expect(uniform.derived?.adversarial?.map((e) => e.density)).toEqual([1, 0.2]);
  });
});

describe('pearson and spearman', () => {
  it('are ±1 on exact linear relations, NaN without variation', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
  });

  it('differ on a monotone curve: Spearman 1, Pearson below', () => {
    const xs = [1, 2, 3, 4];
    const ys = [1, 8, 27, 64];
    expect(spearman(xs, ys)).toBeCloseTo(1, 15);
    // by hand: x̄ = 2.5, ȳ = 25, Σdxdy = 104, Σdx² = 5, Σdy² = 2390
    expect(pearson(xs, ys)).toBeCloseTo(104 / Math.sqrt(5 * 2390), 12);
  });

  it('share the mean rank among ties', () => {
    expect(spearman([1, 1, 2], [1, 2, 3])).toBeCloseTo(pearson([1.5, 1.5, 3], [1, 2, 3]), 15);
  });
});

describe('vulnerabilityTrend', () => {
  const entry = (density: number, relative: number, featuresPerDimension: number): ModelVulnerability => ({
    model: 0,
    density,
    meanInputNorm: 1,
    epsilon: 0.1,
    loss: 0,
    attackedLoss: 0,
    vulnerability: 0,
    worstFeature: 0,
    baselineVulnerability: 1,
    relative,
    featuresPerDimension,
  });

  it('divides the largest relative vulnerability by the densest model’s', () => {
    const t = vulnerabilityTrend([entry(1, 1.2, 1), entry(0.3, 3, 2), entry(0.1, 4.8, 3), entry(0.05, 4.2, 3.5)]);
    expect(t?.densest.density).toBe(1);
    expect(t?.peak.density).toBe(0.1);
    expect(t?.rise).toBeCloseTo(4, 12);
    expect(t?.pearson).toBeGreaterThan(0.9);
  });

  it('has no rise factor when the densest value is not positive, and nothing without entries', () => {
    expect(vulnerabilityTrend([entry(1, 0, 1), entry(0.5, 2, 2)])?.rise).toBeNaN();
    expect(vulnerabilityTrend([])).toBeNull();
  });
});
