import { describe, expect, it } from 'vitest';
import { expectValidAndRounded, render, rows } from './spec-checks.ts';
import { SEED_COLOURS, buildSeedPhaseEmpirical } from '../../figures/kinds/seed-phase-empirical.ts';
import { seedPhaseFixture } from './fixtures.ts';

describe('seed-phase-n2m1-empirical', () => {
  it("draws the draft's majority classes beside the paper-protocol colour map of the same models", async () => {
    const spec = buildSeedPhaseEmpirical(seedPhaseFixture());
    expectValidAndRounded(spec);
    const seed = rows(spec).filter((r) => r['kind'] === 'seed');
    const paper = rows(spec).filter((r) => r['kind'] === 'cell');
    expect(seed).toHaveLength(4);
    expect(paper).toHaveLength(4);
    expect(seed.find((c) => c['r'] === 10 && c['density'] === 1)).toMatchObject({
      phase: 'unclassified (white)',
      theory: 'second only',
      firstOnly: 2,
      secondOnly: 2,
    });
    expect(seed.find((c) => c['r'] === 0.1 && c['density'] === 1)?.['phase']).toBe('first only');
    // every model counts for the draft; the paper's protocol drops the highest-loss one (run 0)
    const dense = paper.find((c) => c['r'] === 0.1 && c['density'] === 1);
    // kept: |w2| = 0.1, 0.05, 0.5 → mean 0.216667
    expect(dense?.['norm']).toBeCloseTo(0.65 / 3, 5);
    const svg = await render(spec);
    expect(svg).toContain(SEED_COLOURS['first-only']);
    expect(svg).toContain(SEED_COLOURS['second-only']);
    expect(svg).toContain("the draft's rule");
  });
});
