import { describe, expect, it } from 'vitest';
import dynamicsEnergy, { buildDynamicsEnergy, FIGURE_POINTS, figureSnapshots } from '../../figures/kinds/dynamics.ts';
import { DYNAMICS_STEPS, dynamicsFixture, uniformFixture } from './fixtures.ts';
import { expectValidAndRounded, overlappingTexts, render, rows } from './spec-checks.ts';

describe('figureSnapshots', () => {
  it('keeps every positive step when there are fewer than the budget, and the jump ends', () => {
    const d = dynamicsFixture().dynamics!.models[0]!;
    expect(figureSnapshots(d)).toEqual(DYNAMICS_STEPS.map((_, t) => t).slice(1)); // 20 < 120: all but step 0
  });

  it('thins a long run to about the budget, evenly on the log axis, but always keeps jump ends', () => {
    const steps = Array.from({ length: 2001 }, (_, t) => 5 * t); // 0 … 10,000
    const jump = { feature: 0, from: 1500, to: 1501, fromStep: 7500, toStep: 7505, fromD: 0, toD: 0.5, lossFrom: 0, lossTo: 0 };
    const kept = figureSnapshots({ steps, jumps: [jump] }, 40);
    expect(kept.length).toBeLessThanOrEqual(42);
    expect(kept[0]).toBe(1); // step 5, the first step > 0
    expect(kept[kept.length - 1]).toBe(2000); // step 10,000
    expect(kept).toContain(1500);
    expect(kept).toContain(1501);
    // log spacing: about 40 / log10(2000) ≈ 12 kept per decade, as many in 50–500 as in 1,000–10,000
    // (steps 5–50 hold only 10 snapshots, 5 apart: the grid misses at most one or two of them)
    const inDecade = (lo: number, hi: number) =>
      kept.filter((t) => (steps[t] as number) >= lo && (steps[t] as number) <= hi && t !== 1500 && t !== 1501).length;
    expect(Math.abs(inDecade(50, 500) - inDecade(1000, 10000))).toBeLessThanOrEqual(1);
    expect(inDecade(1000, 10000)).toBeGreaterThanOrEqual(11);
    expect(inDecade(5, 50)).toBeGreaterThanOrEqual(8);
    expect(FIGURE_POINTS).toBe(120);
  });
});

describe('dynamics-energy', () => {
  it('draws one line per feature above the loss, with the fractions and the jump ends', async () => {
    const a = dynamicsFixture();
    const spec = dynamicsEnergy.build(a, {});
    expectValidAndRounded(spec);
    const data = rows(spec);
    const lines = data.filter((r) => r['kind'] === 'D');
    expect(lines).toHaveLength(4 * 20); // 4 features × the 20 snapshots after step 0
    expect(new Set(lines.map((r) => r['feature']))).toEqual(new Set([0, 1, 2, 3]));
    // every feature of the shown model ends as half of a digon
    expect(new Set(lines.map((r) => r['end']))).toEqual(new Set(['1/2 (antipodal pair)']));
    expect(lines.find((r) => r['feature'] === 1 && r['step'] === 450)?.['D']).toBe(0);
    expect(lines.find((r) => r['feature'] === 1 && r['step'] === 500)?.['D']).toBe(0.5);
    expect(data.filter((r) => r['kind'] === 'loss')).toHaveLength(20);
    expect(data.filter((r) => r['kind'] === 'jump').map((r) => r['step'])).toEqual([500, 500, 800, 800]);
    expect(data.filter((r) => r['kind'] === 'reference').map((r) => r['label'])).toEqual(['1', '3/4', '2/3', '1/2', '2/5', '3/8']);
    const svg = await render(spec);
    for (const label of ['1', '3/4', '2/3', '1/2', '2/5', '3/8']) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain('training step');
    expect(svg).toContain('held-out loss');
    expect(svg.match(/mark-line/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('prints the fraction labels apart, each within a few pixels of its line', async () => {
    const spec = dynamicsEnergy.build(dynamicsFixture(), {});
    expect(await overlappingTexts(spec, (d) => d['kind'] === 'reference')).toEqual([]);
    // the D axis spans 1.05 over about 290 px: no label moves more than 5 px (0.02) from its line
    for (const r of rows(spec).filter((r) => r['kind'] === 'reference'))
      expect(Math.abs((r['labelAt'] as number) - (r['value'] as number))).toBeLessThan(0.02);
  });

  it('colours a feature by where it ends: the unshown seed would have an unlearned and a dedicated one', () => {
    const a = dynamicsFixture();
    const other = buildDynamicsEnergy({ ...a, dynamics: { ...a.dynamics!, shown: 1 } });
    const ends = rows(other)
      .filter((r) => r['kind'] === 'D' && r['step'] === 1000)
      .map((r) => r['end']);
    expect(ends).toEqual(['1/2 (antipodal pair)', '1/2 (antipodal pair)', 'elsewhere', '0 (not learned)']);
  });

  it('needs weight snapshots', () => {
    expect(() => dynamicsEnergy.build(uniformFixture(), {})).toThrow(/no weight snapshots \(set snapshot_every on a run\)/);
  });
});
