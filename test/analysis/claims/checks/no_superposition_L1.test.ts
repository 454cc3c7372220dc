import { describe, expect, it } from 'vitest';
import claim from '../../../../analysis/claims/checks/no_superposition_L1.ts';
import { axis, experiment, l1Model as at, polygon } from '../../fixtures.ts';

// 3 features in 2 dimensions: a triangle is in superposition (3 > m = 2); two axes are the no-superposition solution
const TRIANGLE = polygon(3);
const TWO_AXES = [axis(2, 0), axis(2, 1), [0, 0]];
// two features on one axis, antipodal: 2 represented ≤ m, but in superposition
const ANTIPODAL = [axis(2, 0), axis(2, 0, -1), [0, 0]];

describe('no_superposition_L1', () => {
  it('passes when the largest λ leaves at most m features, all orthogonal, wherever λ = 0 is in superposition', () => {
    const r = claim.check(experiment([at(0.1, undefined, TRIANGLE, 0.2), at(0.1, 0.01, TRIANGLE, 0.25), at(0.1, 0.1, TWO_AXES, 0.6)]));
    expect(r?.status).toBe('pass');
    expect(r?.numbers['s=0.1:lambda_free']).toBe(0.1);
    expect(r?.numbers['s=0.1:loss_ratio_free']).toBeCloseTo(3, 10);
    expect(r?.headline).toMatchObject({ value: 1, paper: 'all 1' });
  });

  it('fails when superposition survives the largest λ, even with no more features than dimensions', () => {
    const r = claim.check(experiment([at(0.1, undefined, TRIANGLE, 0.2), at(0.1, 0.1, ANTIPODAL, 0.6)]));
    expect(r?.status).toBe('fail');
    expect(r?.numbers['s=0.1:lambda_free']).toBeUndefined();
  });

  it('fails when one of two densities keeps its superposition', () => {
    const r = claim.check(
      experiment([
        at(0.1, undefined, TRIANGLE, 0.2),
        at(0.1, 0.1, TWO_AXES, 0.6),
        at(0.03, undefined, TRIANGLE, 0.1),
        at(0.03, 0.1, TRIANGLE, 0.1),
      ]),
    );
    expect(r?.status).toBe('fail');
    expect(r?.numbers['passing']).toBe(1);
    expect(r?.numbers['densities']).toBe(2);
  });

  it('is not judged where the unpenalised model has no superposition to remove', () => {
    const r = claim.check(experiment([at(0.1, undefined, TWO_AXES, 0.2), at(0.1, 0.1, TWO_AXES, 0.6)]));
    expect(r?.status).toBe('not-judged');
  });

  it('does not apply to an experiment without a λ sweep', () => {
    expect(claim.check(experiment([at(0.1, undefined, TRIANGLE, 0.2)]))).toBeNull();
  });
});
