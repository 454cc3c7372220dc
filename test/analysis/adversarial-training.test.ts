import { describe, expect, it } from 'vitest';
import { modelVulnerability } from '../../analysis/adversarial.ts';
import { adversarialTrainingCells, isAdversarialTraining } from '../../analysis/adversarial-training.ts';
import { attacked as at, UNIFORM_4 } from './adversarial-training-fixtures.ts';
import { averageInputNorm } from '../../data/input-norm.ts';
import { experiment } from './fixtures.ts';

// 4 features in 2 dimensions, every importance 1; ‖W‖²_F/m worked by hand for each
/** f0, f1 on the axes, nothing else: ‖W‖²_F = 2, φ = 1; with b = p/2 on f2, f3 it is the orthogonal reference model itself */
const AXES = [
  [1, 0],
  [0, 1],
  [0, 0],
  [0, 0],
];
/** a square, f2 and f3 antipodal to f0 and f1: ‖W‖²_F = 4, φ = 2 */
const SQUARE = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
];
/** the axes and a short third feature: ‖W‖²_F = 1 + 1 + 0.36 = 2.36, φ = 1.18; ‖W_2‖ = 0.6 > 0.5 is represented */
const AXES_AND_SHORT = [
  [1, 0],
  [0, 1],
  [0.6, 0],
  [0, 0],
];
/** two short features: ‖W‖²_F = 0.16 + 0.16 = 0.32, φ = 0.16; norms 0.4 ≤ 0.5, none represented */
const SHORT = [
  [0.4, 0],
  [0, 0.4],
  [0, 0],
  [0, 0],
];

const uniform = (models: Parameters<typeof experiment>[0], selected?: number[]) =>
  experiment(models, { experiment: 'adversarial-training', importance: UNIFORM_4, ...(selected ? { selected } : {}) });

describe('adversarialTrainingCells', () => {
  it('groups the selected models by density, densest first, orders them by attack size and measures each', () => {
    const a = uniform([
      at(0.1, 0.8, AXES, 0.4, { b: [0, 0, 0.05, 0.05] }),
      at(0.1, undefined, SQUARE, 0.1),
      at(0.1, 0.2, AXES_AND_SHORT, 0.2),
      at(0.3, 0.2, SHORT, 0.5),
      at(0.3, undefined, SQUARE, 0.3),
    ]);
    const cells = adversarialTrainingCells(a);
    expect(cells.map((c) => c.density)).toEqual([0.3, 0.1]);
    const sparse = cells[1]!;
    // the model without an attack value is the sweep's attack-0 point
    expect(sparse.points.map((p) => p.attack)).toEqual([0, 0.2, 0.8]);
    expect(sparse.points.map((p) => p.model)).toEqual([1, 2, 0]);
    expect(sparse.points.map((p) => p.featuresPerDimension)).toEqual([2, expect.closeTo(1.18, 12), 1]);
    expect(sparse.points.map((p) => p.represented)).toEqual([4, 3, 2]);
    expect(sparse.points.map((p) => p.evalLoss)).toEqual([0.1, 0.2, 0.4]);
    expect(cells[0]!.points.map((p) => [p.attack, p.featuresPerDimension, p.represented])).toEqual([
      [0, 2, 4],
      [0.2, expect.closeTo(0.16, 12), 0],
    ]);
  });

  it('measures vulnerability as the uniform sweep does: the orthogonal reference model itself scores exactly 1', () => {
    const a = uniform([at(0.1, undefined, SQUARE, 0.1), at(0.1, 0.8, AXES, 0.4, { b: [0, 0, 0.05, 0.05] })]);
    const [square, axes] = adversarialTrainingCells(a)[0]!.points;
    expect(axes!.relativeVulnerability).toBe(1);
    expect(axes!.vulnerability).toBe(axes!.baselineVulnerability);
    // the square's attack on f0 also moves f2's output, so it is more vulnerable than the reference
    expect(square!.relativeVulnerability).toBeGreaterThan(1);
    const direct = modelVulnerability(a, a.models[0]!);
    expect(square).toMatchObject({
      relativeVulnerability: direct.relative,
      vulnerability: direct.vulnerability,
    });
  });

  it('keeps the attacks sized by each example’s norm apart, as a second series beside the first', () => {
    const a = uniform([
      at(0.1, undefined, SQUARE, 0.1),
      at(0.1, 0.4, AXES_AND_SHORT, 0.2),
      at(0.1, 0.8, AXES, 0.3, { perExample: true }),
      at(0.1, 0.4, SHORT, 0.4, { perExample: true }),
    ]);
    const [cell] = adversarialTrainingCells(a);
    expect(cell!.points.map((p) => [p.attack, p.model])).toEqual([
      [0, 0],
      [0.4, 1],
    ]);
    expect(cell!.perExample.map((p) => [p.attack, p.model, p.represented])).toEqual([
      [0.4, 3, 0],
      [0.8, 2, 2],
    ]);
    // one attack size under both norms is two points, not a clash
    expect(() =>
      uniform([at(0.1, undefined, SQUARE, 0.1), at(0.1, 0.4, AXES, 0.2), at(0.1, 0.4, AXES, 0.2, { perExample: true })]),
    ).not.toThrow();
  });

  it('gives each density the average input norm training sized its attacks by', () => {
    const cells = adversarialTrainingCells(uniform([at(0.3, 0.4, SQUARE, 0.1), at(0.1, 0.4, SQUARE, 0.1)]));
    expect(cells.map((c) => c.averageInputNorm)).toEqual([averageInputNorm([0.3, 0.3, 0.3, 0.3]), averageInputNorm([0.1, 0.1, 0.1, 0.1])]);
    // Jensen: E‖x‖ ≤ √E‖x‖² = √(F·p/3) for values uniform on [0, 1) active with probability p
    for (const c of cells) expect(c.averageInputNorm).toBeLessThan(Math.sqrt((4 * c.density) / 3));
    expect(cells[0]!.averageInputNorm).toBeGreaterThan(cells[1]!.averageInputNorm);
  });

  it('applies only to sweeps with an attacked model: none, and no derived cells, without one', () => {
    const a = uniform([at(0.1, undefined, SQUARE, 0.1), at(0.3, undefined, AXES, 0.2)]);
    expect(isAdversarialTraining(a)).toBe(false);
    expect(adversarialTrainingCells(a)).toEqual([]);
    expect(a.derived?.adversarialTrainingCells).toBeUndefined();
    expect(uniform([at(0.1, undefined, SQUARE, 0.1), at(0.1, 0.4, AXES, 0.2)]).derived?.adversarialTrainingCells).toHaveLength(1);
  });

  it('reads only the selected restart of each cell', () => {
    const a = uniform([at(0.1, 0.4, SQUARE, 0.3), { ...at(0.1, 0.4, AXES, 0.2), replica: 1 }], [1]);
    expect(adversarialTrainingCells(a)[0]!.points).toEqual([expect.objectContaining({ model: 1, featuresPerDimension: 1 })]);
  });

  it('refuses two selected models at one (density, attack size), in one line naming them', () => {
    // analyze derives the cells, so it is analyze that stops
    expect(() => uniform([at(0.1, 0.4, SQUARE, 0.3), { ...at(0.1, 0.4, AXES, 0.2), run: 7 }])).toThrow(
      /^adversarial-training: models 0 and 1 are both selected at 1−S = 0.1 with attack 0.4$/,
    );
  });
});
