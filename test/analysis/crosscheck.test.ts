import { describe, expect, it } from 'vitest';
import { crossCheckRows, rangesMeet } from '../../analysis/crosscheck.ts';
import type { ModelSummary } from '../../analysis/model-summary.ts';

function summary(over: Partial<ModelSummary>): ModelSummary {
  return {
    run: 0,
    activation: 'relu',
    density: 1,
    represented: 0,
    orthogonal: 0,
    unrepresented: 0,
    dead: 0,
    dStar: 1,
    onFractions: 0,
    ...over,
  };
}

describe('rangesMeet', () => {
  it('is true exactly when the two ranges of per-seed values overlap', () => {
    expect(rangesMeet([1, 3], [3, 5])).toBe(true);
    expect(rangesMeet([1, 2], [2.5, 3])).toBe(false);
    expect(rangesMeet([4, 4, 4], [4])).toBe(true);
    expect(rangesMeet([4], [5])).toBe(false);
    expect(rangesMeet([], [1])).toBe(false);
  });
});

describe('crossCheckRows', () => {
  it('computes each statistic per seed for both implementations and only for experiments both trained', () => {
    const intro = (geometries: Array<ModelSummary['geometry']>) =>
      geometries.map((geometry, k) => summary({ density: 1 / (k + 1), represented: 2 + k, geometry }));
    const pipeline = { intro: [intro(['orthogonal pair', 'two digons', 'pentagon']), intro(['orthogonal pair', 'other', 'pentagon'])] };
    const torch = { intro: [intro(['orthogonal pair', 'two digons', 'two digons'])] };
    const rows = crossCheckRows(pipeline, torch);
    expect(rows.map((r) => r.experiment)).toEqual(['intro', 'intro', 'intro', 'intro']);
    const byLabel = Object.fromEntries(rows.map((r) => [r.label, r]));
    // represented 2 + 3 + 4 on every seed
    expect(byLabel['represented features, summed over the densities']).toMatchObject({ pipeline: [9, 9], torch: [9], agree: true });
    expect(byLabel['densities whose model is two antipodal pairs']).toMatchObject({ pipeline: [1, 0], torch: [2], agree: false });
    expect(byLabel['densities whose model is a pentagon']).toMatchObject({ pipeline: [1, 1], torch: [0], agree: false });
    expect(crossCheckRows(pipeline, {})).toEqual([]);
  });
});
