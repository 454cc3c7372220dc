import { describe, expect, it } from 'vitest';
import { liftLabels, spreadLabels, spreadOnLinearScale, staggerRows } from '../../figures/label-spread.ts';

describe('spreadLabels', () => {
  it('leaves labels that are far enough apart where they are', () => {
    expect(spreadLabels([0.1, 0.5, 0.9], 0.1)).toEqual([0.1, 0.5, 0.9]);
  });

  it('moves two close labels apart symmetrically about their midpoint, by exactly the gap', () => {
    const [a, b] = spreadLabels([0.4, 0.375], 0.05) as [number, number];
    expect(a - b).toBeCloseTo(0.05, 12);
    expect((a + b) / 2).toBeCloseTo(0.3875, 12);
  });

  it('merges a cluster that runs into its neighbour, and keeps every pair at least the gap apart, in order', () => {
    const values = [0.5, 0.52, 0.54, 0.6, 0.1];
    const placed = spreadLabels(values, 0.05);
    const sorted = [...placed].sort((x, y) => x - y);
    for (let k = 1; k < sorted.length; k++) expect((sorted[k] as number) - (sorted[k - 1] as number)).toBeGreaterThanOrEqual(0.05 - 1e-12);
    expect(placed[4]).toBe(0.1);
    // the four together, centred on the mean of where they belong less their offsets
    expect(placed[0]).toBeCloseTo((0.5 + 0.52 - 0.05 + 0.54 - 0.1 + 0.6 - 0.15) / 4, 12);
    expect(placed.slice(0, 4)).toEqual([...placed.slice(0, 4)].sort((x, y) => x - y));
  });

  it('keeps labels inside [lo, hi], pushing a cluster at an end inwards', () => {
    expect(spreadLabels([0, 0.01], 0.1, 0, 1)).toEqual([0, 0.1]);
    const top = spreadLabels([0.99, 1], 0.1, 0, 1);
    expect(top[1]).toBe(1);
    expect(top[0]).toBeCloseTo(0.9, 12);
  });
});

describe('spreadOnLinearScale', () => {
  it('converts the pixel gap with the scale: 12 px on 100 px over [0, 1] is 0.12', () => {
    const [a, b] = spreadOnLinearScale([0.5, 0.5], [0, 1], 100, 0, 12) as [number, number];
    expect(b - a).toBeCloseTo(0.12, 12);
  });
});

describe('staggerRows', () => {
  it('keeps labels that do not meet on the first row and drops one that would run into another', () => {
    expect(staggerRows([0, 100], [40, 40], 5)).toEqual([0, 0]);
    expect(staggerRows([100, 120], [40, 40], 5)).toEqual([0, 1]);
    // the earlier label (by position) keeps the first row, whatever the input order
    expect(staggerRows([120, 100], [40, 40], 5)).toEqual([1, 0]);
    // a third label after both ends goes back to the first row
    expect(staggerRows([100, 120, 200], [40, 40, 40], 5)).toEqual([0, 1, 0]);
  });
});

describe('liftLabels', () => {
  const box = (x: number, y: number) => ({ x, y, width: 20, height: 8 });

  it('leaves labels that overlap nothing where they are', () => {
    expect(liftLabels([box(0, 50), box(30, 50), box(0, 20)], 9)).toEqual([0, 0, 0]);
  });

  it('lifts the label to the right, by as many steps as it takes to clear every label before it', () => {
    // the second starts inside the first, 3 px lower: one 9 px lift leaves it 6 px above, still overlapping
    expect(liftLabels([box(0, 50), box(10, 53)], 9)).toEqual([0, 2]);
    // given right to left, the left one still stays and the right one moves
    expect(liftLabels([box(10, 53), box(0, 50)], 9)).toEqual([2, 0]);
    // a third above the first: the second must clear both
    expect(liftLabels([box(0, 50), box(10, 50), box(5, 41)], 9)).toEqual([0, 2, 0]);
  });
});
