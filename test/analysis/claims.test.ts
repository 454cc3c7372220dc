import { describe, expect, it } from 'vitest';
import type { ClaimResult, ClaimStatus, ModelAnalysis } from '../../analysis/types.ts';
import { checkClaims, failWhenNotJudged, nearestSelected } from '../../analysis/claims.ts';
import antipodalFirst from '../../analysis/claims/checks/antipodal_first.ts';
import dynamicsLossDropsAtJumps, { dynamicsLossDropsCheck } from '../../analysis/claims/checks/dynamics_loss_drops_at_jumps.ts';
import dynamicsOctahedron from '../../analysis/claims/checks/dynamics_octahedron.ts';
import highSparsityNegativeBias from '../../analysis/claims/checks/high_sparsity_negative_bias.ts';
import importantFeaturesLast from '../../analysis/claims/checks/important_features_last.ts';
import intro80pct from '../../analysis/claims/checks/intro_80pct.ts';
import introDense from '../../analysis/claims/checks/intro_dense.ts';
import introPentagon from '../../analysis/claims/checks/intro_pentagon.ts';
import linearBias, { linearBiasCheck } from '../../analysis/claims/checks/linear_bias.ts';
import linearTopM from '../../analysis/claims/checks/linear_top_m.ts';
import pentagonNormBias from '../../analysis/claims/checks/pentagon_norm_bias.ts';
import relu205Counts from '../../analysis/claims/checks/relu_20_5_counts.ts';
import reluDenseEqualsLinear from '../../analysis/claims/checks/relu_dense_equals_linear.ts';
import { axis, demoW, experiment, inPlane, model, polar, polygon, zeros } from './fixtures.ts';
import { allClaims, claimsOf } from './claim-files.ts';
import { modelDynamics } from '../../analysis/dynamics.ts';
import { DYNAMICS_STEPS, dynamicsFixture, dynamicsLoss, dynamicsTrajectory } from '../figures/fixtures.ts';

const checkAntipodalFirst = antipodalFirst.check;
const checkDynamicsLossDrops = dynamicsLossDropsAtJumps.check;
const checkDynamicsOctahedron = dynamicsOctahedron.check;
const checkHighSparsityNegativeBias = highSparsityNegativeBias.check;
const checkImportantFeaturesLast = importantFeaturesLast.check;
const checkIntro80pct = intro80pct.check;
const checkIntroDense = introDense.check;
const checkIntroPentagon = introPentagon.check;
const checkLinearBias = linearBias.check;
const checkLinearTopM = linearTopM.check;
const checkPentagonNormBias = pentagonNormBias.check;
const checkRelu205Counts = relu205Counts.check;
const checkReluDenseEqualsLinear = reluDenseEqualsLinear.check;

const DENSITIES = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001];
const INTRO_DENSITIES = Array.from({ length: 10 }, (_, i) => 20 ** (-i / 9));

function expectResult(r: ClaimResult | null, id: string, status: ClaimStatus): ClaimResult {
  expect(r).not.toBeNull();
  const res = r as ClaimResult;
  expect(res.id).toBe(id);
  expect(res.status).toBe(status);
  expect(res.expected.length).toBeGreaterThan(20);
  expect(res.observed.length).toBeGreaterThan(20);
  for (const v of Object.values(res.numbers)) expect(Number.isFinite(v)).toBe(true);
  return res;
}

// ---- 20 → 5 builders ------------------------------------------------------------------------------

/** A linear model that keeps features `ids` on dedicated axes, with the ideal biases for them. */
function linearModel(s: number, ids = [0, 1, 2, 3, 4], scale = 1): ModelAnalysis {
  const W = zeros(20, 5);
  ids.forEach((f, d) => (W[f] = axis(5, d, scale)));
  const b = Array.from({ length: 20 }, (_, i) => (ids.includes(i) ? 0 : s / 2));
  return model({ W, b, activation: 'linear', density: s, run: 0 });
}

/** A ReLU model with o orthogonal features and `sup` superposed ones on a polygon. */
function reluCounts(s: number, o: number, sup: number, extra: { b?: number[] } = {}): ModelAnalysis {
  return model({ W: demoW({ orthogonal: o, superposed: sup }), b: extra.b, activation: 'relu', density: s, run: 1 });
}

/** The paper's counts at each density, built exactly. */
const PAPER_LIKE: Array<[number, number, number]> = [
  [1, 5, 0],
  [0.3, 3, 4],
  [0.1, 1, 8],
  [0.03, 0, 11],
  [0.01, 0, 12],
  [0.003, 0, 15],
  [0.001, 0, 20],
];

/** Two pentagons (features 0–4 in dims 0,1 and 5–9 in dims 2,3) with the given bias on them. */
function twoPentagons(s: number, bias: number): ModelAnalysis {
  const W = zeros(20, 5);
  polygon(5).forEach((p, k) => (W[k] = inPlane(p, 5, 0, 1)));
  polygon(5, 1, 36).forEach((p, k) => (W[5 + k] = inPlane(p, 5, 2, 3)));
  const b = Array.from({ length: 20 }, (_, i) => (i < 10 ? bias : 0));
  return model({ W, b, activation: 'relu', density: s, run: 1 });
}

// ---- 5 → 2 builders -------------------------------------------------------------------------------

function intro(s: number, rows: number[][], opts: { b?: number[]; replica?: number; evalLoss?: number } = {}): ModelAnalysis {
  const W = zeros(5, 2);
  rows.forEach((r, i) => (W[i] = r));
  return model({ W, b: opts.b, activation: 'relu', density: s, replica: opts.replica ?? 0, evalLoss: opts.evalLoss ?? 0 });
}

const DENSE = [
  [1, 0],
  [0, 1],
];
const CROSS = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
];
/** A pentagon of radius r with b_i = 1 − r² */
const pentagonModel = (s: number, r: number, bias: number, replica = 0, evalLoss = 0): ModelAnalysis =>
  intro(s, polygon(5, r, 10), { b: new Array<number>(5).fill(bias), replica, evalLoss });

describe('nearestSelected', () => {
  it('takes the nearest density in log scale, within a factor 1.5', () => {
    const a = experiment(INTRO_DENSITIES.map((s) => intro(s, DENSE)));
    expect(nearestSelected(a, 'relu', 0.2)?.density).toBeCloseTo(0.189, 3);
    expect(nearestSelected(a, 'relu', 0.1)?.density).toBeCloseTo(0.097, 3);
    expect(nearestSelected(a, 'relu', 0.01)).toBeNull();
    expect(nearestSelected(a, 'linear', 1)).toBeNull();
  });
});

describe('linear_top_m', () => {
  it('passes when every linear model keeps features 0–4 orthogonally', () => {
    const r = expectResult(checkLinearTopM(experiment(DENSITIES.map((s) => linearModel(s)))), 'linear_top_m', 'pass');
    expect(r.numbers['passing']).toBe(7);
    expect(r.numbers['s=0.001:dStar']).toBeCloseTo(1, 9);
  });
  it('fails when one model learned features 5–9', () => {
    const models = DENSITIES.map((s) => linearModel(s, s === 0.001 ? [5, 6, 7, 8, 9] : [0, 1, 2, 3, 4]));
    const r = expectResult(checkLinearTopM(experiment(models)), 'linear_top_m', 'fail');
    expect(r.numbers['passing']).toBe(6);
    expect(r.observed).toContain('{5,6,7,8,9}');
  });
  it('fails when the norms are far from 1 (D* off)', () => {
    expectResult(checkLinearTopM(experiment([linearModel(1, [0, 1, 2, 3, 4], 0.8)])), 'linear_top_m', 'fail');
  });
  it('does not apply without a linear 20 → 5 model', () => {
    expect(checkLinearTopM(experiment([reluCounts(1, 5, 0)]))).toBeNull();
    expect(checkLinearTopM(experiment([intro(1, DENSE)]))).toBeNull();
  });
});

describe('linear_bias', () => {
  it('passes with b = 0 on passed and s/2 on dropped features, judging only s > 0.01', () => {
    const r = expectResult(checkLinearBias(experiment(DENSITIES.map((s) => linearModel(s)))), 'linear_bias', 'pass');
    expect(r.numbers['models']).toBe(4);
    expect(r.numbers['unresolvedModels']).toBe(3);
    expect(r.numbers['s=1:meanDroppedBias']).toBeCloseTo(0.5, 12);
  });
  it('fails when the dropped features keep a zero bias', () => {
    const models = DENSITIES.map((s) => {
      const m = linearModel(s);
      return { ...m, b: m.b.map(() => 0) };
    });
    expectResult(checkLinearBias(experiment(models)), 'linear_bias', 'fail');
  });
  it('fails when a passed feature carries a bias', () => {
    const m = linearModel(0.3);
    const b = [...m.b];
    b[0] = 0.1;
    expectResult(checkLinearBias(experiment([{ ...m, b }])), 'linear_bias', 'fail');
  });
  it('does not apply when only unresolvable densities exist', () => {
    expect(checkLinearBias(experiment([linearModel(0.001)]))).toBeNull();
  });
  it("passes when the biases jitter around their targets with the right mean, where the first rule's worst feature failed", () => {
    // at s = 0.3 the tolerance is 0.1·0.15 + 0.002 = 0.017; dropped biases alternate 0.15 ± 0.02 (15 of them: mean 0.15 + 0.02/15)
    const m = linearModel(0.3);
    const b = m.b.map((v, i) => (i < 5 ? 0 : v + (i % 2 === 1 ? 0.02 : -0.02)));
    const r = expectResult(checkLinearBias(experiment([{ ...m, b }])), 'linear_bias', 'pass');
    expect(r.numbers['s=0.3:meanDroppedBias']).toBeCloseTo(0.15 + 0.02 / 15, 12);
    expect(r.numbers['s=0.3:maxDroppedDeviation']).toBeCloseTo(0.02, 12);
    expect(linearBiasCheck('worst')(experiment([{ ...m, b }]))?.status).toBe('fail');
  });
  it('fails when the dropped biases average s/2 but split between 0 and s', () => {
    const m = linearModel(0.3);
    // the 15 dropped features: 7 at 0 (even i), 7 at 0.3 and the last at 0.15, so their mean is exactly s/2
    const b: number[] = m.b.map((_, i) => (i < 5 ? 0 : i % 2 === 0 ? 0 : 0.3));
    b[19] = 0.15;
    const r = expectResult(checkLinearBias(experiment([{ ...m, b }])), 'linear_bias', 'fail');
    expect(r.numbers['s=0.3:meanDroppedBias']).toBeCloseTo(0.15, 12);
  });
});

describe('relu_dense_equals_linear', () => {
  it('passes for the top-5 identity ReLU model at s = 1', () => {
    const r = expectResult(checkReluDenseEqualsLinear(experiment([reluCounts(1, 5, 0)])), 'relu_dense_equals_linear', 'pass');
    expect(r.numbers['dStar']).toBeCloseTo(1, 9);
  });
  it('fails with superposed features or a sixth feature', () => {
    expectResult(checkReluDenseEqualsLinear(experiment([reluCounts(1, 3, 2)])), 'relu_dense_equals_linear', 'fail');
    expectResult(checkReluDenseEqualsLinear(experiment([reluCounts(1, 3, 3)])), 'relu_dense_equals_linear', 'fail');
    const W = demoW({ orthogonal: 5, superposed: 0, orthogonalIds: [0, 1, 2, 3, 7] });
    expectResult(checkReluDenseEqualsLinear(experiment([model({ W, density: 1 })])), 'relu_dense_equals_linear', 'fail');
  });
  it('does not apply without a ReLU model near s = 1', () => {
    expect(checkReluDenseEqualsLinear(experiment([reluCounts(0.3, 3, 4)]))).toBeNull();
  });
});

describe('relu_20_5_counts', () => {
  it('passes when the counts are those of the paper', () => {
    const models = PAPER_LIKE.map(([s, o, sup]) => reluCounts(s, o, sup));
    const r = expectResult(checkRelu205Counts(experiment(models)), 'relu_20_5_counts', 'pass');
    expect(r.numbers['s=0.3:represented']).toBe(7);
    expect(r.numbers['s=0.3:orthogonal']).toBe(3);
    expect(r.numbers['s=0.1:orthogonal']).toBe(1);
    expect(r.numbers['passing']).toBe(7);
  });
  it('fails when s = 0.3 shows 9 features', () => {
    const models = PAPER_LIKE.map(([s, o, sup]) => reluCounts(s, o, s === 0.3 ? sup + 2 : sup));
    const r = expectResult(checkRelu205Counts(experiment(models)), 'relu_20_5_counts', 'fail');
    expect(r.numbers['s=0.3:pass']).toBe(0);
  });
  it('fails when the orthogonal count is wrong', () => {
    expectResult(checkRelu205Counts(experiment([reluCounts(0.1, 3, 6)])), 'relu_20_5_counts', 'fail');
  });
  it('allows ±2 features at s ≤ 0.01 only', () => {
    expectResult(checkRelu205Counts(experiment([reluCounts(0.01, 0, 9)])), 'relu_20_5_counts', 'pass');
    expectResult(checkRelu205Counts(experiment([reluCounts(0.01, 0, 8)])), 'relu_20_5_counts', 'fail');
    expectResult(checkRelu205Counts(experiment([reluCounts(0.03, 0, 9)])), 'relu_20_5_counts', 'fail');
  });
  it('does not apply to a 5 → 2 experiment', () => {
    expect(checkRelu205Counts(experiment([intro(1, DENSE)]))).toBeNull();
  });
});

describe('antipodal_first', () => {
  it('passes for 3 orthogonal features plus two antipodal pairs with zero bias at s = 0.3', () => {
    const r = expectResult(checkAntipodalFirst(experiment([reluCounts(0.3, 3, 4)])), 'antipodal_first', 'pass');
    expect(r.numbers['pairs']).toBe(2);
    expect(r.numbers['worstPairGram']).toBeCloseTo(-1, 9);
  });
  it('fails when the superposed features form a triangle', () => {
    const r = expectResult(checkAntipodalFirst(experiment([reluCounts(0.3, 3, 3)])), 'antipodal_first', 'fail');
    expect(r.numbers['unpaired']).toBe(3);
  });
  it('fails when the pairs carry a large bias', () => {
    const b = Array.from({ length: 20 }, (_, i) => (i >= 3 && i < 7 ? -0.3 : 0));
    expectResult(checkAntipodalFirst(experiment([reluCounts(0.3, 3, 4, { b })])), 'antipodal_first', 'fail');
  });
  it('fails when nothing is in superposition', () => {
    expectResult(checkAntipodalFirst(experiment([reluCounts(0.3, 5, 0)])), 'antipodal_first', 'fail');
  });
});

describe('high_sparsity_negative_bias', () => {
  it('passes with pentagons (positive WᵀW) and negative biases at s ≤ 0.01', () => {
    const models = [reluCounts(1, 5, 0), twoPentagons(0.01, -0.1), twoPentagons(0.001, -0.05)];
    const r = expectResult(checkHighSparsityNegativeBias(experiment(models)), 'high_sparsity_negative_bias', 'pass');
    expect(r.numbers['models']).toBe(2);
    expect(r.numbers['s=0.01:maxOffDiagonal']).toBeCloseTo(Math.cos((72 * Math.PI) / 180), 9);
  });
  it('fails when the biases are positive', () => {
    const models = [twoPentagons(0.01, 0.05), twoPentagons(0.001, -0.05)];
    expectResult(checkHighSparsityNegativeBias(experiment(models)), 'high_sparsity_negative_bias', 'fail');
  });
  it('fails when there is no positive interference (antipodal pairs only)', () => {
    const b = new Array<number>(20).fill(-0.1);
    expectResult(checkHighSparsityNegativeBias(experiment([reluCounts(0.01, 3, 4, { b })])), 'high_sparsity_negative_bias', 'fail');
  });
  it('does not apply without a model at s ≤ 0.01', () => {
    expect(checkHighSparsityNegativeBias(experiment([reluCounts(0.03, 0, 11)]))).toBeNull();
  });
});

describe('important_features_last', () => {
  it('passes when the orthogonal features are always the most important ones', () => {
    const models = PAPER_LIKE.map(([s, o, sup]) => reluCounts(s, o, sup));
    const r = expectResult(checkImportantFeaturesLast(experiment(models)), 'important_features_last', 'pass');
    expect(r.numbers['prefixes']).toBe(7);
  });
  it('fails when less important features stay orthogonal while 0–1 are superposed', () => {
    const W = demoW({ orthogonal: 3, superposed: 4, orthogonalIds: [2, 3, 4], superposedIds: [0, 1, 5, 6] });
    const models = [reluCounts(1, 5, 0), model({ W, density: 0.3, run: 1 })];
    const r = expectResult(checkImportantFeaturesLast(experiment(models)), 'important_features_last', 'fail');
    expect(r.numbers['s=0.3:prefix']).toBe(0);
  });
  it('fails when no model has an orthogonal feature', () => {
    expectResult(
      checkImportantFeaturesLast(experiment([reluCounts(0.01, 0, 12), reluCounts(0.001, 0, 20)])),
      'important_features_last',
      'fail',
    );
  });
});

describe('intro_dense', () => {
  it('passes for f0, f1 on perpendicular unit axes and nothing else', () => {
    const r = expectResult(checkIntroDense(experiment([intro(1, DENSE, { b: [0, 0, 0.5, 0.5, 0.5] })])), 'intro_dense', 'pass');
    expect(r.numbers['angle01']).toBeCloseTo(90, 9);
  });
  it('fails for an antipodal pair or the wrong features', () => {
    expectResult(
      checkIntroDense(
        experiment([
          intro(1, [
            [1, 0],
            [-1, 0],
          ]),
        ]),
      ),
      'intro_dense',
      'fail',
    );
    expectResult(
      checkIntroDense(
        experiment([
          intro(1, [
            [1, 0],
            [0, 0],
            [0, 1],
          ]),
        ]),
      ),
      'intro_dense',
      'fail',
    );
    expectResult(
      checkIntroDense(
        experiment([
          intro(1, [
            [1, 0],
            [0, 1],
            [-0.7, -0.7],
          ]),
        ]),
      ),
      'intro_dense',
      'fail',
    );
  });
  it('does not apply to a 20 → 5 experiment', () => {
    expect(checkIntroDense(experiment([reluCounts(1, 5, 0)]))).toBeNull();
  });
});

describe('intro_80pct', () => {
  it('passes for two antipodal pairs at right angles near s = 0.2, f4 unused', () => {
    const models = INTRO_DENSITIES.map((s) => intro(s, Math.abs(s - 0.189) < 0.01 ? CROSS : DENSE));
    const r = expectResult(checkIntro80pct(experiment(models)), 'intro_80pct', 'pass');
    expect(r.numbers['density']).toBeCloseTo(0.189, 3);
    expect(r.numbers['gap1']).toBeCloseTo(90, 9);
    expect(r.numbers['withAntipode']).toBe(4);
  });
  it('fails for a pentagon or a skewed cross', () => {
    expectResult(checkIntro80pct(experiment([pentagonModel(0.2, 1, 0)])), 'intro_80pct', 'fail');
    const skewed = [polar(0), polar(70), polar(180), polar(250)];
    expectResult(checkIntro80pct(experiment([intro(0.2, skewed)])), 'intro_80pct', 'fail');
    // right gaps, but a different set of features (f4 instead of f3)
    expectResult(
      checkIntro80pct(
        experiment([
          intro(0.2, [
            [1, 0],
            [0, 1],
            [-1, 0],
            [0, 0],
            [0, -1],
          ]),
        ]),
      ),
      'intro_80pct',
      'fail',
    );
  });
});

describe('intro_pentagon', () => {
  it('finds a pentagon in any replica at s ≤ 0.1, even when it is not the selected one', () => {
    const models = [
      intro(1, DENSE),
      intro(0.097, CROSS, { replica: 0, evalLoss: 0.01 }), // selected: lower loss
      pentagonModel(0.097, 1.05, 1 - 1.05 ** 2, 1, 0.02),
      intro(0.05, CROSS),
    ];
    const a = experiment(models);
    const r = expectResult(checkIntroPentagon(a), 'intro_pentagon', 'pass');
    expect(r.numbers['pentagons']).toBe(1);
    expect(r.numbers['replica']).toBe(1);
    expect(r.numbers['selected']).toBe(0);
    for (let k = 1; k <= 5; k++) expect(r.numbers[`gap${k}`]).toBeCloseTo(72, 9);
  });
  it('fails for two digons at every density ≤ 0.1', () => {
    const models = [0.097, 0.07, 0.05].flatMap((s) => [0, 1, 2].map((rep) => intro(s, CROSS, { replica: rep })));
    const r = expectResult(checkIntroPentagon(experiment(models)), 'intro_pentagon', 'fail');
    expect(r.numbers['candidates']).toBe(9);
    expect(r.numbers['strongNorms']).toBe(4);
  });
  it('fails when the pentagon only appears at s > 0.1', () => {
    const models = [pentagonModel(0.136, 1, 0), intro(0.097, CROSS)];
    expectResult(checkIntroPentagon(experiment(models)), 'intro_pentagon', 'fail');
  });
  it('fails for an irregular pentagon (a gap 12° off) or short vertices', () => {
    const irregular = [0, 60, 130, 200, 280].map((d) => polar(d));
    expectResult(checkIntroPentagon(experiment([intro(0.1, irregular)])), 'intro_pentagon', 'fail');
    const short = polygon(5).map((p, k) => (k === 2 ? p.map((v) => v * 0.85) : p));
    expectResult(checkIntroPentagon(experiment([intro(0.1, short)])), 'intro_pentagon', 'fail');
  });
  it('does not apply without a 5 → 2 model at s ≤ 0.1', () => {
    expect(checkIntroPentagon(experiment([intro(1, DENSE)]))).toBeNull();
    expect(checkIntroPentagon(experiment([reluCounts(0.01, 0, 12)]))).toBeNull();
  });
});

describe('pentagon_norm_bias', () => {
  it('passes when ‖W_i‖² + b_i = 1', () => {
    const r = expectResult(checkPentagonNormBias(experiment([pentagonModel(0.097, 1.05, 1 - 1.05 ** 2)])), 'pentagon_norm_bias', 'pass');
    expect(r.numbers['maxDeviation']).toBeCloseTo(0, 6);
    expect(r.numbers['normSqPlusBias0']).toBeCloseTo(1, 6);
  });
  it('fails when the norms grow without a compensating bias', () => {
    const r = expectResult(checkPentagonNormBias(experiment([pentagonModel(0.097, 1.2, 0)])), 'pentagon_norm_bias', 'fail');
    expect(r.numbers['maxDeviation']).toBeCloseTo(0.44, 6);
  });
  it('is not judged, saying why, when there is no pentagon (the first rule failed it)', () => {
    const a = experiment([intro(0.097, CROSS)]);
    const r = expectResult(checkPentagonNormBias(a), 'pentagon_norm_bias', 'not-judged');
    expect(r.reason).toMatch(/^no pentagon among the 1 fits at s ≤ 0\.1/);
    expect(failWhenNotJudged(checkPentagonNormBias)(a)?.status).toBe('fail');
  });
  it('does not apply without a 5 → 2 model at s ≤ 0.1', () => {
    expect(checkPentagonNormBias(experiment([intro(1, DENSE)]))).toBeNull();
  });
});

describe('checkClaims', () => {
  it('runs the 20 → 5 claims on a 20 → 5 experiment, in its order, and every other claim drops it', async () => {
    const models = [...DENSITIES.map((s) => linearModel(s)), ...PAPER_LIKE.map(([s, o, sup]) => reluCounts(s, o, sup))];
    const results = checkClaims(experiment(models), await claimsOf('superposition'));
    const others = (await allClaims()).filter((c) => !results.some((r) => r.id === c.id));
    expect(checkClaims(experiment(models), others)).toEqual([]);
    // every claim the experiment declares judges this fixture (none returns null), in the declared order
    expect(results.map((r) => r.id)).toEqual((await claimsOf('superposition')).map((c) => c.id));
    expect(results.length).toBeGreaterThan(5);
    expect(JSON.parse(JSON.stringify(results))).toEqual(results);
  });
  it('runs the intro claims on a 5 → 2 experiment', async () => {
    const models = INTRO_DENSITIES.map((s) =>
      s > 0.5 ? intro(s, DENSE) : s > 0.15 ? intro(s, CROSS) : pentagonModel(s, 1.05, 1 - 1.05 ** 2),
    );
    const results = checkClaims(experiment(models), await claimsOf('intro'));
    expect(results.map((r) => [r.id, r.status === 'pass'])).toEqual([
      ['intro_dense', true],
      ['intro_80pct', true],
      ['intro_pentagon', true],
      ['pentagon_norm_bias', true],
    ]);
  });
});

describe('dynamics_loss_drops_at_jumps (ours)', () => {
  it('passes when the loss falls across the jumps and rests between them, with the numbers', () => {
    const r = expectResult(checkDynamicsLossDrops(dynamicsFixture()), 'dynamics_loss_drops_at_jumps', 'pass');
    expect(r.expected).toMatch(/^\(Our check/);
    // two restarts: the shown one with 4 jumps, and one whose 2 jumps leave no other interval between them
    expect(r.numbers['jumps']).toBe(6);
    expect(r.numbers['comparableModels']).toBe(1);
    expect(r.numbers['jumpIntervals']).toBe(2);
    expect(r.numbers['otherIntervalsInPeriod']).toBe(5);
    expect(r.numbers['jumpMeanDrop']).toBeCloseTo(0.1, 12);
    expect(r.numbers['otherMeanDropInPeriod']).toBeCloseTo(0, 12);
  });

  it('fails when the loss falls between the jumps instead of across them', () => {
    const a = dynamicsFixture();
    // the same weights, but the loss drops at step 650, between the two switches, and not at them
    const loss = DYNAMICS_STEPS.map((s) => (s < 50 ? 1 : s < 650 ? 0.8 : 0.6));
    const moved = modelDynamics(0, DYNAMICS_STEPS, dynamicsTrajectory(true), loss);
    const r = expectResult(
      checkDynamicsLossDrops({ ...a, dynamics: { models: [moved], shown: 0 } }),
      'dynamics_loss_drops_at_jumps',
      'fail',
    );
    expect(r.numbers['jumpMeanDrop']).toBe(0);
    expect(r.numbers['otherMeanDropInPeriod']).toBeCloseTo(0.2 / 5, 12);
  });

  it('is not judged when nothing can be compared (the first rule failed it), and does not apply without snapshots', () => {
    const a = dynamicsFixture();
    // no fourth feature: one switch only, so no interval lies between a first and a last jump
    const one = modelDynamics(0, DYNAMICS_STEPS, dynamicsTrajectory(false), dynamicsLoss(false));
    const single = { ...a, dynamics: { models: [one], shown: 0 } };
    const r = checkDynamicsLossDrops(single);
    expect(r?.status).toBe('not-judged');
    expect(r?.reason).toMatch(/cover every interval between the first jump and the last/);
    expect(failWhenNotJudged(dynamicsLossDropsCheck('shown'))(single)?.status).toBe('fail');
    const { dynamics: _none, ...without } = a;
    expect(checkDynamicsLossDrops(without)).toBeNull();
  });

  it('pools every restart that allows the comparison, not only the one shown', () => {
    const a = dynamicsFixture();
    const one = modelDynamics(0, DYNAMICS_STEPS, dynamicsTrajectory(false), dynamicsLoss(false));
    const full = a.dynamics!.models[0]!;
    // the model shown allows no comparison; the other restart does, and the loss drops at its jumps
    const mixed = { ...a, dynamics: { models: [one, full], shown: 0 } };
    const r = expectResult(checkDynamicsLossDrops(mixed), 'dynamics_loss_drops_at_jumps', 'pass');
    expect(r.numbers['models']).toBe(2);
    expect(r.numbers['comparableModels']).toBe(1);
    expect(r.numbers['jumpMeanDrop']).toBeCloseTo(0.1, 12);
    expect(dynamicsLossDropsCheck('shown')(mixed)?.status).toBe('not-judged');
    // two comparable restarts: the means are pooled over their intervals (2 + 2 jump intervals, 5 + 5 others)
    const twice = expectResult(
      checkDynamicsLossDrops({ ...a, dynamics: { models: [full, full], shown: 0 } }),
      'dynamics_loss_drops_at_jumps',
      'pass',
    );
    expect([twice.numbers['jumpIntervals'], twice.numbers['otherIntervalsInPeriod']]).toEqual([4, 10]);
  });
});

describe('dynamics_octahedron (ours)', () => {
  // two correlated triples in 3-D: set {0, 1, 2} on +e1, +e2, +e3 and set {3, 4, 5} on −e1, −e2, −e3 is the
  // paper's octahedron (each feature antipodal to one of the other set, each set orthogonal)
  const octahedron = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
    [-1, 0, 0],
    [0, -1, 0],
    [0, 0, -1],
  ];
  // the same six directions, but antipodes inside each set: {0, 1} and {3, 4} share axes
  const withinPairs = [
    [1, 0, 0],
    [-1, 0, 0],
    [0, 0, 1],
    [0, 1, 0],
    [0, -1, 0],
    [0, 0, -1],
  ];
  const sets = [
    { kind: 'correlated' as const, features: [0, 1, 2] },
    { kind: 'correlated' as const, features: [3, 4, 5] },
  ];
  const analysis = (shownW: number[][], otherW: number[][]) => {
    const a = dynamicsFixture();
    const models = a.models.map((m, k) => ({ ...m, W: k === 0 ? shownW : otherW, b: [0, 0, 0, 0, 0, 0] }));
    return { ...a, features: 6, hidden: 3, importance: [1, 1, 1, 1, 1, 1], featureSets: sets, models };
  };

  it('passes on the octahedron with features of different sets antipodal, counting the seeds that end so', () => {
    const r = expectResult(checkDynamicsOctahedron(analysis(octahedron, withinPairs)), 'dynamics_octahedron', 'pass');
    expect(r.expected).toMatch(/^\(Our check/);
    expect(r.numbers['maxAntipodeCos']).toBeCloseTo(-1, 12);
    expect(r.numbers['withinMaxAbsCos']).toBeCloseTo(0, 12);
    expect(r.numbers['restarts']).toBe(2);
    expect(r.numbers['restartsOctahedron']).toBe(1);
  });

  it('fails when the antipodal pairs join members of one set', () => {
    const r = expectResult(checkDynamicsOctahedron(analysis(withinPairs, octahedron)), 'dynamics_octahedron', 'fail');
    // feature 0's only antipode (1) is in its own set; to the other set it is orthogonal
    expect(r.numbers['withinMaxAbsCos']).toBeCloseTo(1, 12);
    expect(r.numbers['maxAntipodeCos']).toBeCloseTo(0, 12);
  });

  it('does not apply without two correlated sets', () => {
    const a = analysis(octahedron, octahedron);
    expect(checkDynamicsOctahedron({ ...a, featureSets: [sets[0]!] })).toBeNull();
    expect(checkDynamicsOctahedron({ ...a, featureSets: sets.map((t) => ({ ...t, kind: 'anticorrelated' as const })) })).toBeNull();
    const { dynamics: _none, ...without } = a;
    expect(checkDynamicsOctahedron(without)).toBeNull();
  });
});
