import { describe, expect, it } from 'vitest';
import claim from '../../../analysis/claims/checks/adversarial_tracks_superposition.ts';
import type { ExperimentAnalysis } from '../../../analysis/types.ts';
import { judgeClaim } from '../../../analysis/verdicts.ts';
import { fillTemplate, loadTemplate } from '../../../report/build.ts';
import { createSlotContext, SLOTS } from '../../../report/slots.ts';
import type { ExperimentReport, ReportInput } from '../../../report/types.ts';
import { axis, experiment, inPlane, model, polygon, zeros } from '../../analysis/fixtures.ts';
import { figure, makeFixture } from '../fixtures.ts';

// 40 equally important features in 10 dimensions: dedicated axes (dense), antipodal pairs, then pentagons in
// five orthogonal planes (sparsest); the analysis measures them as the analyze stage does
const F = 40;
const H = 10;
const pad = (rows: number[][]) => [...rows, ...zeros(F - rows.length, H)];
const SWEEP: ExperimentAnalysis = experiment(
  [
    pad(Array.from({ length: H }, (_, k) => axis(H, k))),
    pad(Array.from({ length: H }, (_, k) => [axis(H, k), axis(H, k, -1)]).flat()),
    pad(Array.from({ length: H / 2 }, (_, p) => polygon(5).map((v) => inPlane(v, H, 2 * p, 2 * p + 1))).flat()),
  ].map((W, k) => model({ W, density: [1, 0.3, 0.1][k] })),
  { experiment: 'uniform-small', importance: new Array<number>(F).fill(1) },
);

function input(): ReportInput {
  const base = makeFixture();
  const result = claim.check(SWEEP);
  const verdict = judgeClaim(
    'adversarial_tracks_superposition',
    [20221014, 20221015].map((seed) => ({ seed, result })),
    0.8,
  )!;
  const report: ExperimentReport = {
    id: 'uniform-small',
    title: 'Uniform small',
    seeds: [20221014, 20221015],
    analysis: SWEEP,
    claims: [verdict],
    changes: [],
    seedModels: [],
    figures: [figure('uniform-small-adversarial', 'Adversarial vulnerability')],
  };
  return { ...base, experiments: { ...base.experiments, 'uniform-small': report } };
}

/** Section 10 of the report's template, up to the next section. */
function section10(): string {
  const template = loadTemplate();
  const start = template.indexOf('## 10 ');
  const end = template.indexOf('\n## 11 ', start);
  if (start < 0 || end < 0) throw new Error('report/template.md has no section 10 followed by a section 11');
  return template.slice(start, end);
}

describe('the adversarial slots', () => {
  const ctx = createSlotContext(input());
  const slot = (name: string): string | undefined => SLOTS[name]?.(ctx);
  const stored = SWEEP.derived?.adversarial ?? [];

  it('print the attack rules the check applies', () => {
    expect(slot('adversarial.budget_fraction')).toBe('0.1');
    expect(slot('adversarial.samples')).toBe('2048');
    expect(slot('adversarial.min_rise')).toBe('3');
    expect(slot('adversarial.min_correlation')).toBe('0.8');
  });

  it('summarise the sweep from the stored measurements: dedicated features are as vulnerable as the orthogonal model', () => {
    const text = slot('uniform-small.adversarial_summary')!;
    expect(text).toContain('The relative vulnerability of the densest model is 1 (‖W‖²/m = 1)');
    const peak = stored.reduce((a, e) => (e.relative > a.relative ? e : a));
    expect(text).toContain(`largest, ${Number(peak.relative.toPrecision(3))}, at 1/(1−S) = ${Number((1 / peak.density).toPrecision(3))}`);
    expect(text).toContain('while the model stores 2.5 features per dimension');
  });

  it('state the budget range and tabulate every density, densest first', () => {
    const eps = stored.map((e) => e.epsilon);
    expect(slot('uniform-small.adversarial_setup')).toContain(
      `from ${Number(Math.min(...eps).toPrecision(3))} to ${Number(Math.max(...eps).toPrecision(3))}`,
    );
    const table = slot('uniform-small.adversarial_table')!.split('\n');
    expect(table).toHaveLength(2 + 3);
    expect(table[2]?.startsWith('| 1 |')).toBe(true);
    expect(table[4]?.startsWith('| 10 |')).toBe(true);
  });

  it('list the check on every base seed', () => {
    const table = slot('uniform-small.adversarial_seeds')!.split('\n');
    expect(table).toHaveLength(2 + 2);
    expect(table[2]).toMatch(/^\| 20221014 \| 1 \|/);
  });

  it('are absent when the experiment is not in the run', () => {
    const without = createSlotContext(makeFixture());
    expect(SLOTS['uniform-small.adversarial_summary']?.(without)).toBeUndefined();
  });

  it('fill section 10 of the template, with the notebook-size figure when that experiment ran', () => {
    const base = input();
    const uniform = base.experiments['uniform']!;
    const withUniform = {
      ...base,
      experiments: {
        ...base.experiments,
        uniform: { ...uniform, figures: [...uniform.figures, figure('uniform-adversarial', 'Adversarial, 200 → 20')] },
      },
    };
    const filled = fillTemplate(section10(), withUniform);
    expect(filled.figures.map((f) => f.figure.id)).toEqual(['uniform-small-adversarial', 'uniform-adversarial']);
    expect(filled.markdown).toContain('Check [`adversarial_tracks_superposition`](#claim-uniform-small-adversarial_tracks_superposition)');
    expect(filled.markdown).toMatch(/follows in \[Section 10\.1\]\(#101-[a-z-]+\)/);
    expect(filled.markdown).not.toContain('{{');
    const { uniform: _uniform, ...others } = base.experiments;
    const alone = fillTemplate(section10(), { ...base, experiments: others });
    expect(alone.figures.map((f) => f.figure.id)).toEqual(['uniform-small-adversarial']);
    const without = fillTemplate(section10(), makeFixture());
    expect(without.figures).toHaveLength(0);
    expect(without.markdown).toContain('*The experiment `uniform-small` is not part of this run');
  });
});
