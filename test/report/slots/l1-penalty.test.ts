import { describe, expect, it } from 'vitest';
import claim from '../../../analysis/claims/checks/no_superposition_L1.ts';
import { judgeClaim } from '../../../analysis/verdicts.ts';
import { createSlotContext, SLOTS } from '../../../report/slots.ts';
import type { ExperimentReport } from '../../../report/types.ts';
import { axis, experiment, l1Model as at, polygon } from '../../analysis/fixtures.ts';
import { makeFixture } from '../fixtures.ts';

// 3 features in 2 dimensions: at 1−S = 0.1 the penalty turns a triangle (superposition) into the two most
// important features on orthogonal axes at λ = 0.1; at 1−S = 0.03 it never does
const SWEEP = experiment([
  at(0.1, undefined, polygon(3), 0.2),
  at(0.1, 0.01, polygon(3), 0.25),
  at(0.1, 0.1, [axis(2, 0), axis(2, 1), [0, 0]], 0.5),
  at(0.03, undefined, polygon(3), 0.1),
  at(0.03, 0.1, polygon(3), 0.15),
]);

function input() {
  const base = makeFixture();
  const result = claim.check(SWEEP);
  const verdict = judgeClaim(
    'no_superposition_L1',
    [20221014, 20221015].map((seed) => ({ seed, result })),
    0.8,
  )!;
  const report: ExperimentReport = {
    id: 'l1-penalty',
    title: 'L1',
    seeds: [20221014, 20221015],
    analysis: { ...SWEEP, experiment: 'l1-penalty' },
    claims: [verdict],
    changes: [],
    seedModels: [],
    figures: [],
  };
  return { ...base, experiments: { ...base.experiments, 'l1-penalty': report } };
}

describe('the L1-penalty slots', () => {
  const ctx = createSlotContext(input());
  const slot = (name: string): string | undefined => SLOTS[`l1-penalty.${name}`]?.(ctx);

  it('say where superposition goes, from the sweep: the first λ free of it, what it keeps, at what loss', () => {
    const text = slot('summary')!;
    expect(text).toContain('At 1−S = 0.1 the unpenalised model represents 3 features, 3 of them in superposition');
    expect(text).toContain(
      'the smallest λ that leaves none is 0.1, where the model keeps 2 features (f0, f1), all orthogonal: exactly the no-superposition solution',
    );
    expect(text).toContain('at 2.5 times the unpenalised held-out loss');
    expect(text).toContain(
      'At 1−S = 0.03 the unpenalised model represents 3 features, 3 of them in superposition, and no λ of the sweep removes the superposition',
    );
  });

  it('tabulate every (density, λ) point with its loss relative to λ = 0', () => {
    const rows = slot('table')!.split('\n').slice(2);
    expect(rows).toHaveLength(5);
    expect(rows[2]).toMatch(/^\| 0\.1 \| 0\.1 \| 2 \| 0 \| f0, f1 \| 1 \| 2\.5 \|$/);
  });

  it('count, over the seeds, the smallest λ free of superposition per density', () => {
    expect(slot('seeds')).toBe(
      'Over the 2 base seeds, the smallest λ free of superposition was, at 1−S = 0.1, λ = 0.1 on 2 seeds; at 1−S = 0.03, no λ of the sweep on any seed.',
    );
  });

  it('are absent when the experiment is not in the run', () => {
    expect(SLOTS['l1-penalty.summary']?.(createSlotContext(makeFixture()))).toBeUndefined();
  });
});
