import { describe, expect, it } from 'vitest';
import claim from '../../../analysis/claims/checks/adversarial_training_late.ts';
import { judgeClaim } from '../../../analysis/verdicts.ts';
import { buildReport } from '../../../report/build.ts';
import { createSlotContext, fmt, SLOTS } from '../../../report/slots.ts';
import type { ExperimentReport, ReportInput } from '../../../report/types.ts';
import { sweep } from '../../analysis/adversarial-training-fixtures.ts';
import { figure, makeFixture } from '../fixtures.ts';

// φ = ‖W‖²_F/m per attack size 0, 0.4, 0.8, 1 (4 → 2 models): at 1−S = 0.3 the excess of 1 falls to 0.9, 0.5
// and 0.2 (a quarter of it first gone at 0.8); at 1−S = 0.1 to 0.8, 0.8, 0.6 (first at 1, too late); at
// 1−S = 0.05 the model without attack stores 1.2 features per dimension, too few to judge. Sized by each
// example's norm, 1−S = 0.3 has one model at 0.4 that keeps 0.6 of the excess (a quarter gone already at 0.4).
const ATTACKS = [undefined, 0.4, 0.8, 1];
const SWEEP = sweep({ 0.3: [2, 1.9, 1.5, 1.2], 0.1: [2, 1.8, 1.8, 1.6], 0.05: [1.2, 1.1, 1, 1] }, ATTACKS, { 0.3: [1.6] }, [0.4]);

function input(seeds = [20221014, 20221015]): ReportInput {
  const base = makeFixture();
  const result = claim.check(SWEEP);
  const verdict = judgeClaim(
    'adversarial_training_late',
    seeds.map((seed) => ({ seed, result })),
    0.8,
    claim.title,
  )!;
  const report: ExperimentReport = {
    id: 'adversarial-training',
    title: 'Adversarial training',
    seeds,
    analysis: SWEEP,
    claims: [verdict],
    changes: [],
    seedModels: [],
    figures: [figure('adversarial-training-superposition', 'Adversarial training')],
  };
  return { ...base, experiments: { ...base.experiments, 'adversarial-training': report } };
}

describe('the adversarial-training slots', () => {
  const ctx = createSlotContext(input());
  const slot = (name: string): string | undefined => SLOTS[`adversarial-training.${name}`]?.(ctx);

  it('describe what was trained, from the sweep', () => {
    const text = slot('setup')!;
    expect(text).toContain('(4 features, 2 hidden dimensions, Iᵢ = 1 for every feature, a ReLU output)');
    expect(text).toContain('at 3 densities 1−S = 0.3, 0.1 and 0.05');
    expect(text).toContain(
      'under each attack size a = 0.4, 0.8 and 1 times the average input norm, and again at a = 0.4 times each example',
    );
    expect(text).toContain('on 2 base seeds');
  });

  it('say per density where a quarter of the excess goes and what the largest attack costs', () => {
    const text = slot('summary')!;
    expect(text).toContain('At 1−S = 0.3 the model trained without attack stores 2 features per dimension (4 features represented)');
    expect(text).toContain('the smallest attack that removes 25 % of its excess is 0.8 (1.5 features per dimension, 3 represented)');
    expect(text).toContain('Under the largest attack, 1, it stores 1.2 features per dimension');
    // the clean held-out losses of the fixture are 0.1 + k/100 for the k-th attack size
    expect(text).toContain('at 1.3 times the clean held-out loss of the model trained without attack');
    expect(text).toContain('At 1−S = 0.05 the model trained without attack stores 1.2 features per dimension');
    expect(text).toContain('too little superposition for the check to judge');
    expect(text).toContain('Under the largest attack, 1, it stores 1 feature per dimension (2 represented)');
  });

  it('tabulate every (density, attack size) point, with the share of the excess left where the density is judged', () => {
    const rows = slot('table')!.split('\n').slice(2);
    expect(rows).toHaveLength(3 * ATTACKS.length + 1);
    expect(rows[0]).toMatch(/^\| 0\.3 \| 0 \| — \| 2 \| 4 \| 1 \|/);
    expect(rows[2]).toMatch(/^\| 0\.3 \| 0\.8 \| average \| 1\.5 \| 3 \| 0\.5 \| 0\.12 \| [\d.]+ \|$/);
    // the per-example model follows its density's average-norm models; its loss is the fixture's 0.2
    expect(rows[4]).toMatch(/^\| 0\.3 \| 0\.4 \| each example \| 1\.6 \| 3 \| 0\.6 \| 0\.2 \| [\d.]+ \|$/);
    expect(rows[9]).toMatch(/^\| 0\.05 \| 0 \| — \| 1\.2 \| 3 \| — \|/);
  });

  it('count, over the seeds, the smallest attack that removed a quarter of the excess per density', () => {
    expect(slot('seeds')).toBe(
      "Over the 2 base seeds, the smallest attack sized by the average norm that removed 25 % of the excess was, at 1−S = 0.3, 0.8 on 2 seeds (each example's norm: 0.4 on 2 seeds); at 1−S = 0.1, 1 on 2 seeds; at 1−S = 0.05, not judged on any seed (too little superposition without attack).",
    );
  });

  it('compare the two readings of the input norm under the rule, density by density', () => {
    expect(slot('per_example')).toBe(
      "Sized by each example's own norm instead, at 1−S = 0.3 they leave 0.6 at a = 0.4 (0.9 with the average norm) of the excess. " +
        'Judged by the same rule, they would give a different outcome at 1−S = 0.3 (of 1 density), so there the reading of "the input norm" matters.',
    );
  });

  it('say how vulnerability moves against the orthogonal model, and when no model drops below one feature per dimension', () => {
    const cells = SWEEP.derived!.adversarialTrainingCells!;
    const text = slot('vulnerability')!;
    // the 1−S = 0.05 model at 0.8 is two orthogonal unit features, the others empty: exactly as vulnerable as the reference
    const sparse = cells[2]!.points;
    expect(sparse[2]!.relativeVulnerability).toBeCloseTo(1, 10);
    expect(text).toContain(`at 1−S = 0.3 from ${fmt(cells[0]!.points[0]!.relativeVulnerability)} without attack`);
    expect(slot('shrink')).toBe('No trained model falls below one feature per dimension.');
  });

  it('are absent when the experiment is not in the run', () => {
    expect(SLOTS['adversarial-training.summary']?.(createSlotContext(makeFixture()))).toBeUndefined();
  });
});

describe('Section 10.1 in the report', () => {
  it('is filled from the sweep, and the claim reaches the results at a glance with its headline', () => {
    const { markdown } = buildReport(input());
    expect(markdown).not.toMatch(/\{\{|\}\}|undefined|NaN/);
    const section = markdown.slice(markdown.indexOf('### 10.1 Adversarial training'), markdown.indexOf('## 11 '));
    expect(section).toContain(
      'Check [`adversarial_training_late`](#claim-adversarial-training-adversarial_training_late) does not hold: it passes on 0 of 2 base seeds.',
    );
    expect(section).not.toContain('is not part of this run');
    const glance = markdown.split('\n').find((l) => l.includes('(`adversarial_training_late`)'));
    // the attack that has removed a quarter of the excess at both judged densities: 1 (1−S = 0.1), against the paper's ≈ 0.8
    expect(glance).toMatch(
      /\[`adversarial-training`\]\(#exp-adversarial-training\) \| smallest attack .* \| ≈ 0\.8 \| 1 \| <span class="verdict does-not-hold"><strong>does not hold<\/strong><\/span> 0\/2 \|$/,
    );
  });

  it('says plainly when the experiment did not run', () => {
    const { markdown } = buildReport(makeFixture());
    expect(markdown).toContain('*The adversarial-training experiment (`adversarial-training`) is not part of this run');
  });
});
