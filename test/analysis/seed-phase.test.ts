import { describe, expect, it } from 'vitest';
import { agreementFraction } from '../../analysis/phase.ts';
import { seedCells, seedCounts, seedModelClass } from '../../analysis/seed-phase.ts';
import { seedPhaseFixture } from '../figures/fixtures.ts';

describe("the seed draft's classes", () => {
  it('needs |w| strictly beyond 0.8 and 0.2, whatever the sign', () => {
    expect(seedModelClass(0.81, 0.19)).toBe('first-only');
    expect(seedModelClass(-0.9, 0.1)).toBe('first-only');
    expect(seedModelClass(0.8, 0)).toBe('white');
    expect(seedModelClass(0.1, -0.95)).toBe('second-only');
    expect(seedModelClass(0, 0.2 + 0.7)).toBe('second-only');
    expect(seedModelClass(1, -1)).toBe('white');
  });
});

describe("the seed draft's map", () => {
  it('colours a point with a class only when more than half of its runs fall in it, and discards nothing', () => {
    const cells = seedCells(seedPhaseFixture().models);
    expect(cells).toHaveLength(4);
    for (const c of cells) expect(c.models).toBe(4);
    const at = (r: number, d: number) => cells.find((c) => c.r === r && c.density === d);
    expect(at(0.1, 1)).toMatchObject({ phase: 'first-only', theory: 'first-only', firstOnly: 3, secondOnly: 0, neither: 1 });
    // two of four is no majority
    expect(at(10, 1)).toMatchObject({ phase: 'white', theory: 'second-only', firstOnly: 2, secondOnly: 2 });
    expect(at(0.1, 0.01)).toMatchObject({ phase: 'white', theory: 'white', neither: 4 });
    expect(at(10, 0.01)).toMatchObject({ phase: 'second-only', theory: 'white', secondOnly: 3 });
    expect(agreementFraction(cells)).toBe(0.5);
    expect(seedCounts(cells.map((c) => c.phase))).toEqual({ 'first-only': 1, 'second-only': 1, white: 2 });
  });
});
