import { describe, expect, it } from 'vitest';
import type { ClaimVerdict } from '../../../analysis/verdicts.ts';
import { buildReport } from '../../../report/build.ts';
import { createSlotContext, SLOTS } from '../../../report/slots.ts';
import type { ReportInput } from '../../../report/types.ts';
import { makeFixture } from '../fixtures.ts';

/** Set a claim's verdict over two seeds: `passed` of them pass. */
function setClaim(input: ReportInput, experiment: string, id: string, passed: number): void {
  const e = input.experiments[experiment]!;
  e.claims = e.claims.map((c): ClaimVerdict => {
    if (c.id !== id) return c;
    const seeds = c.seeds.map((s, k) => ({ ...s, status: k < passed ? ('pass' as const) : ('fail' as const) }));
    return { ...c, seeds, judged: seeds.length, passed, verdict: passed === seeds.length ? 'holds' : 'does-not-hold' };
  });
}

function slot(input: ReportInput, name: string): string {
  return SLOTS[name]!(createSlotContext(input))!;
}

describe('the discussion of the claims that do not hold', () => {
  it('sorts them by what they have in common: the recipe, the protocol, the seeds disagreeing, or every seed and recipe', () => {
    const input = makeFixture();
    for (const e of Object.values(input.experiments)) for (const c of e.claims) setClaim(input, e.id, c.id, c.seeds.length);
    setClaim(input, 'seed-intro', 'intro_dense', 0); // holds under the notebook recipe in `intro`
    setClaim(input, 'intro', 'intro_80pct', 1); // one seed of two passes
    setClaim(input, 'seed-intro', 'intro_80pct', 1);
    setClaim(input, 'superposition', 'relu_20_5_counts', 0); // fails in both experiments that check it
    setClaim(input, 'seed-superposition', 'relu_20_5_counts', 0);
    setClaim(input, 'uniform-paper', 'Dstar_sticky', 0); // holds in `uniform`, the same recipe at another size
    const text = slot(input, 'discussion.failures');
    // each kind is one top-level item, its claims nested under it
    const group = (heading: string) => text.split('\n- ').find((block) => block.startsWith(`**${heading}`)) ?? '';
    expect(text).toMatch(/^The 6 checks that do not hold fall into four kinds:\n\n- \*\*/);
    const recipe = group('It depends on the training recipe');
    expect(recipe).toContain(
      '  - [`intro_dense`](#claim-seed-intro-intro_dense) in [`seed-intro`](#exp-seed-intro): intro\\_dense; passes on 0 of 2 seeds',
    );
    expect(recipe).not.toContain('Dstar_sticky');
    expect(group('It depends on the protocol')).toContain('[`Dstar_sticky`](#claim-uniform-paper-Dstar_sticky)');
    const split = group('The seeds disagree');
    expect(split).toContain('[`intro_80pct`](#claim-intro-intro_80pct)');
    expect(split).toContain('[`intro_80pct`](#claim-seed-intro-intro_80pct)');
    const everywhere = group('It fails on every seed');
    expect(everywhere).toContain('[`relu_20_5_counts`](#claim-superposition-relu_20_5_counts)');
    expect(everywhere).toContain('[`relu_20_5_counts`](#claim-seed-superposition-relu_20_5_counts)');
    expect(everywhere).not.toContain('intro_dense');
  });

  it('says so when every claim that could be judged holds', () => {
    const input = makeFixture();
    for (const e of Object.values(input.experiments)) for (const c of e.claims) setClaim(input, e.id, c.id, c.seeds.length);
    expect(slot(input, 'discussion.failures')).toBe('Every check that could be judged holds.');
  });
});

describe('the table of deviations from the paper', () => {
  it("names the notebook's settings and the runs that train on fewer examples per step, from the parameters", () => {
    const input = makeFixture();
    const table = slot(input, 'discussion.deviations_table');
    expect(table.split('\n')[0]).toBe('| what | the paper | this replication | why | where |');
    const settings = table.split('\n').find((l) => l.startsWith('| training settings |'))!;
    expect(settings).toContain('adamw at learning rate 0.001 (weight decay 0.01), 10000 steps of 1024 examples');
    // a run of the fixture's params that overrides the notebook's batch is listed with its experiment
    const params = input.params as { experiments: Record<string, { runs: Array<Record<string, unknown>> }> };
    params.experiments.intro!.runs[0]!.batch = 256;
    const smaller = slot(input, 'discussion.deviations_table')
      .split('\n')
      .find((l) => l.startsWith('| examples per step |'))!;
    expect(smaller).toContain("256 in [`intro`](#exp-intro), instead of the notebook's 1024");
  });

  it('leaves out the deviations of experiments that are not in the run', () => {
    const input = makeFixture();
    expect(slot(input, 'discussion.deviations_table')).not.toContain('adversarial training');
    const { markdown } = buildReport(input);
    const section = markdown.slice(markdown.indexOf('## 16 Discussion and limitations'), markdown.indexOf('## 17 Methods'));
    expect(section).toContain('| repetitions |');
    // (every link of the report resolving is the build test's)
    expect(section).toContain('| training settings |');
  });
});
