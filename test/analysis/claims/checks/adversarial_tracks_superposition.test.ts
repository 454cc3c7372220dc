import { describe, expect, it } from 'vitest';
import type { ModelVulnerability } from '../../../../analysis/adversarial.ts';
import claim from '../../../../analysis/claims/checks/adversarial_tracks_superposition.ts';
import type { ExperimentAnalysis } from '../../../../analysis/types.ts';
import { axis, experiment, inPlane, model, polygon, zeros } from '../../fixtures.ts';

function entry(density: number, relative: number, featuresPerDimension: number): ModelVulnerability {
  return {
    model: 0,
    density,
    meanInputNorm: 1,
    epsilon: 0.1,
    loss: 0.01,
    attackedLoss: 0.01 + relative * 1e-4,
    vulnerability: relative * 1e-4,
    worstFeature: 0,
    baselineVulnerability: 1e-4,
    relative,
    featuresPerDimension,
  };
}

/** A uniform sweep (40 equally important features in 10 dimensions) whose stored measurements are these. */
function sweep(entries: ModelVulnerability[], shape = { features: 40, hidden: 10 }, importance?: number[]): ExperimentAnalysis {
  return {
    experiment: 'uniform-small',
    ...shape,
    importance: importance ?? new Array<number>(shape.features).fill(1),
    ranking: 'held-out',
    models: [],
    selected: [],
    derived: { adversarial: entries },
  };
}

// relative vulnerability climbing with features per dimension as the sweep gets sparser
const RISING = [entry(1, 1, 1), entry(0.5, 1.4, 1.3), entry(0.3, 2.5, 2), entry(0.1, 3.6, 2.4), entry(0.05, 4.2, 3.1)];

describe('adversarial_tracks_superposition', () => {
  it('passes when the relative vulnerability rises more than 3× and follows features per dimension', () => {
    const r = claim.check(sweep(RISING));
    expect(r?.status).toBe('pass');
    expect(r?.numbers['rise']).toBeCloseTo(4.2, 12);
    expect(r?.numbers['peakDensity']).toBe(0.05);
    expect(r?.numbers['pearson']).toBeGreaterThan(0.95);
    expect(r?.numbers['1/(1-S)=3.33:relative']).toBe(2.5);
    expect(r?.headline).toMatchObject({ value: 4.2, paper: '> 3×' });
  });

  it('fails a rise of exactly 3× (the paper says more than threefold)', () => {
    const r = claim.check(sweep([entry(1, 1, 1), entry(0.5, 2, 2), entry(0.1, 3, 3)]));
    expect(r?.status).toBe('fail');
    expect(r?.numbers['rise']).toBe(3);
    expect(r?.observed).toContain('not > 3×');
  });

  it('fails when the vulnerability rises but does not follow features per dimension', () => {
    // the peak comes at the densest-but-one model while features per dimension keep growing
    const r = claim.check(sweep([entry(1, 1, 1), entry(0.5, 5, 1.2), entry(0.3, 1.1, 2), entry(0.1, 1.2, 2.5), entry(0.05, 1, 3)]));
    expect(r?.status).toBe('fail');
    expect(r?.numbers['rise']).toBe(5);
    expect(r?.numbers['pearson']).toBeLessThan(0.8);
  });

  it('is not judged with fewer than three models, a densest value that is not positive, or no variation', () => {
    expect(claim.check(sweep(RISING.slice(0, 2)))?.status).toBe('not-judged');
    const zero = claim.check(sweep([entry(1, 0, 1), ...RISING.slice(1)]));
    expect(zero?.status).toBe('not-judged');
    expect(zero?.reason).toMatch(/not positive/);
    expect(claim.check(sweep([entry(1, 1, 1), entry(0.5, 4, 1), entry(0.1, 5, 1)]))?.status).toBe('not-judged');
  });

  it('concerns only uniform sweeps that were measured', () => {
    expect(claim.check(sweep(RISING, { features: 20, hidden: 10 }))).toBeNull();
    expect(
      claim.check(
        sweep(
          RISING,
          undefined,
          Array.from({ length: 40 }, (_, i) => 0.9 ** i),
        ),
      ),
    ).toBeNull();
    expect(claim.check(sweep([]))).toBeNull();
  });

  it('judges the measurements the analysis derives from hand-built models', () => {
    // dedicated features (relative 1), then antipodal pairs, then pentagons in five orthogonal planes
    const F = 40;
    const H = 10;
    const pad = (rows: number[][]) => [...rows, ...zeros(F - rows.length, H)];
    const dedicated = pad(Array.from({ length: H }, (_, k) => axis(H, k)));
    const pairs = pad(Array.from({ length: H }, (_, k) => [axis(H, k), axis(H, k, -1)]).flat());
    const pentagons = pad(Array.from({ length: H / 2 }, (_, p) => polygon(5).map((v) => inPlane(v, H, 2 * p, 2 * p + 1))).flat());
    const a = experiment(
      [dedicated, pairs, pentagons].map((W, k) => model({ W, density: [1, 0.3, 0.1][k] })),
      { experiment: 'uniform-small', importance: new Array<number>(F).fill(1) },
    );
    const stored = a.derived?.adversarial ?? [];
    expect(stored.map((e) => e.featuresPerDimension.toFixed(9))).toEqual(['1.000000000', '2.000000000', '2.500000000']);
    expect(stored[0]?.relative).toBeCloseTo(1, 9);
    const r = claim.check(a);
    expect(r?.numbers['densestRelative']).toBeCloseTo(1, 9);
    expect(r?.numbers['peakRelative']).toBe(Math.max(...stored.map((e) => e.relative)));
  });
});
