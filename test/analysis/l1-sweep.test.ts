import { describe, expect, it } from 'vitest';
import { l1SweepCells } from '../../analysis/l1-sweep.ts';
import { axis, experiment, l1Model as at, polygon } from './fixtures.ts';

// three features as a triangle (every one in superposition), two on orthogonal axes (none), one alone
const TRIANGLE = polygon(3);
const TWO_AXES = [axis(2, 0), axis(2, 1), [0, 0]];
const ONE = [axis(2, 0), [0, 0], [0, 0]];

describe('l1SweepCells', () => {
  it('groups the selected models by density, densest first, orders them by λ and counts what each represents', () => {
    const a = experiment([
      at(0.1, 0.3, ONE, 0.9),
      at(0.1, undefined, TRIANGLE, 0.3),
      at(0.1, 0.01, TWO_AXES, 0.5),
      at(0.5, 0.01, TWO_AXES, 0.2),
    ]);
    const cells = l1SweepCells(a.models, a.selected);
    expect(cells.map((c) => c.density)).toEqual([0.5, 0.1]);
    const sparse = cells[1]!;
    // the unpenalised model (no l1 value) is the sweep's λ = 0 point
    expect(sparse.points.map((p) => p.l1)).toEqual([0, 0.01, 0.3]);
    expect(sparse.points.map((p) => p.model)).toEqual([1, 2, 0]);
    // a triangle: 3 represented, none orthogonal (each pair overlaps by cos 120°: score 2·(−1/2)² = 1/2)
    expect(sparse.points[0]).toMatchObject({ represented: 3, orthogonal: 0, superposed: 3 });
    expect(sparse.points[0]!.totalSuperposition).toBeCloseTo(1.5, 4);
    expect(sparse.points[1]).toMatchObject({ represented: 2, orthogonal: 2, superposed: 0, totalSuperposition: 0, evalLoss: 0.5 });
    expect(sparse.points[2]).toMatchObject({ represented: 1, orthogonal: 1, superposed: 0 });
  });

  it('applies only to experiments that sweep λ: none when no selected model has a penalty', () => {
    const a = experiment([at(0.1, undefined, TRIANGLE, 0.3), at(0.5, undefined, TWO_AXES, 0.2)]);
    expect(l1SweepCells(a.models, a.selected)).toEqual([]);
    expect(a.derived?.l1SweepCells).toBeUndefined();
  });

  it('reads only the selected restart of each cell', () => {
    const models = [at(0.1, 0.01, TRIANGLE, 0.3), { ...at(0.1, 0.01, TWO_AXES, 0.2), replica: 1 }];
    const a = experiment(models, { selected: [1] });
    expect(l1SweepCells(a.models, a.selected)[0]!.points).toEqual([expect.objectContaining({ model: 1, represented: 2 })]);
  });
});
