import { describe, expect, it } from 'vitest';
import claim from '../../../../analysis/claims/checks/adversarial_training_late.ts';
import { attacked as at, sweep, UNIFORM_4, withFeaturesPerDimension } from '../../adversarial-training-fixtures.ts';
import { experiment } from '../../fixtures.ts';

// φ = ‖W‖²_F/m per attack size 0, 0.1, 0.2, 0.4, 0.6, 0.8 (the experiment's sweep); an unattacked φ of 2 has
// excess 1, so the share of the excess an attack leaves is φ − 1
/** superposition holds up to 0.4 (95 %, 90 %, 85 % of the excess left) and falls at 0.6 (70 % left) */
const LATE = [2, 1.95, 1.9, 1.85, 1.7, 1.4];
/** already 60 % left at 0.4 */
const EARLY = [2, 1.95, 1.9, 1.6, 1.5, 1.3];
/** never less than 90 % left */
const NEVER = [2, 1.99, 1.98, 1.97, 1.96, 1.95];
/** an unattacked model with 1.2 features per dimension: too little superposition to judge */
const LITTLE = [1.2, 1.2, 1.1, 1.1, 1, 1];

describe('adversarial_training_late', () => {
  it('passes when no attack ≤ 0.4 removes a quarter of the excess and some attack ≤ 0.8 does', () => {
    const r = claim.check(sweep({ 0.1: LATE }));
    expect(r?.status).toBe('pass');
    expect(r?.numbers['s=0.1:first_reducing']).toBe(0.6);
    expect(r?.numbers['s=0.1:remaining@0.4']).toBeCloseTo(0.85, 10);
    expect(r?.headline).toMatchObject({ value: 0.6, paper: '≈ 0.8' });
  });

  it('fails when an attack ≤ 0.4 already removes a quarter of the excess', () => {
    const r = claim.check(sweep({ 0.1: EARLY }));
    expect(r?.status).toBe('fail');
    expect(r?.numbers['s=0.1:first_reducing']).toBe(0.4);
    expect(r?.observed).toContain('already at an attack ≤ 0.4');
  });

  it('fails when only attacks beyond 0.8 reduce it, or none does', () => {
    // a grid that goes on to the whole input norm: 85 % of the excess left at 0.8, half at 1
    const after = claim.check(sweep({ 0.1: [2, 1.98, 1.96, 1.94, 1.9, 1.85, 1.5] }, [undefined, 0.1, 0.2, 0.4, 0.6, 0.8, 1]));
    expect(after?.status).toBe('fail');
    expect(after?.headline?.value).toBe(1);
    const never = claim.check(sweep({ 0.1: NEVER }));
    expect(never?.status).toBe('fail');
    expect(never?.numbers['s=0.1:first_reducing']).toBeUndefined();
    // no attack of the sweep reaches a quarter: no single number to put in the glance table
    expect(never?.headline).toBeUndefined();
  });

  it('needs every density in superposition to pass; the headline is the attack that reduces it at all of them', () => {
    // 1−S = 0.3 first loses a quarter of its excess at 0.6, 1−S = 0.1 (80 % left at 0.6) only at 0.8
    const both = claim.check(sweep({ 0.3: LATE, 0.1: [2, 1.95, 1.9, 1.85, 1.8, 1.4] }));
    expect(both?.status).toBe('pass');
    expect(both?.numbers).toMatchObject({ 's=0.3:first_reducing': 0.6, 's=0.1:first_reducing': 0.8 });
    expect(both?.headline?.value).toBe(0.8);
    const mixed = claim.check(sweep({ 0.3: LATE, 0.1: NEVER }));
    expect(mixed?.status).toBe('fail');
    expect(mixed?.numbers).toMatchObject({ densities: 2, passing: 1, 's=0.3:pass': 1, 's=0.1:pass': 0 });
    expect(mixed?.headline).toBeUndefined();
  });

  it('judges the attacks sized by the average norm only, and reports those sized by each example’s norm beside them', () => {
    // per example, 60 % of the excess is already gone at 0.2: reported, but the verdict stays the average norm's
    const r = claim.check(sweep({ 0.1: LATE }, undefined, { 0.1: [1.4, 1.2, 1.1] }));
    expect(r?.status).toBe('pass');
    expect(r?.numbers['s=0.1:example_remaining@0.2']).toBeCloseTo(0.4, 10);
    expect(r?.numbers['s=0.1:example_first_reducing']).toBe(0.2);
    expect(r?.numbers['s=0.1:first_reducing']).toBe(0.6);
  });

  it('judges only the densities whose unattacked model is in superposition, and none when no density is', () => {
    const r = claim.check(sweep({ 0.3: LITTLE, 0.1: LATE }));
    expect(r?.status).toBe('pass');
    expect(r?.numbers['densities']).toBe(1);
    expect(r?.observed).toMatch(/1−S = 0\.3: the unattacked model stores 1\.20 features per dimension, below [^;]* \(not judged\)/);
    const none = claim.check(sweep({ 0.3: LITTLE, 0.1: LITTLE }));
    expect(none?.status).toBe('not-judged');
    expect(none?.reason).toContain('no density');
  });

  it('does not judge a density without its unattacked model', () => {
    const r = claim.check(sweep({ 0.1: LATE.slice(1) }, [0.1, 0.2, 0.4, 0.6, 0.8]));
    expect(r?.status).toBe('not-judged');
    expect(r?.observed).toContain('1−S = 0.1: no unattacked model');
  });

  it('does not apply to an experiment without attacked models', () => {
    const plain = experiment([at(0.1, undefined, withFeaturesPerDimension(2), 0.1)], { importance: UNIFORM_4 });
    expect(claim.check(plain)).toBeNull();
  });
});
