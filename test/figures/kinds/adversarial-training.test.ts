import { describe, expect, it } from 'vitest';
import type { AdversarialTrainingCell } from '../../../analysis/adversarial-training.ts';
import figure from '../../../figures/kinds/adversarial-training.ts';
import { sweep } from '../../analysis/adversarial-training-fixtures.ts';
import { experiment } from '../../analysis/fixtures.ts';
import { expectPointsOffFrame, expectValidAndRounded, render, rows } from '../spec-checks.ts';

const ATTACKS = [undefined, 0.4, 0.8];
/** φ = ‖W‖²/m per attack size 0, 0.4, 0.8 at two densities, and at 1−S = 0.3 per size 0.8 sized by each example's norm */
const SWEEP = sweep({ 0.3: [2, 1.9, 1.5], 0.1: [2, 2, 1] }, ATTACKS, { 0.3: [1.2] }, [0.8]);

/** the relative-vulnerability axis of the right panel */
function relativeScale(spec: object): Record<string, unknown> {
  const right = (spec as { hconcat: Array<{ layer: Array<{ encoding: { y: { scale: Record<string, unknown> } } }> }> }).hconcat[1]!;
  return right.layer[1]!.encoding.y.scale;
}

describe('the adversarial-training figure', () => {
  it('draws features per dimension and relative vulnerability per (density, attack size), densest first', async () => {
    const spec = figure.build(SWEEP, {});
    expectValidAndRounded(spec);
    const points = rows(spec).filter((r) => r['kind'] === 'point');
    const average = points.filter((r) => r['norm'] === 'average input norm');
    expect(average.map((r) => [r['density'], r['attack'], r['featuresPerDimension']])).toEqual([
      ['1 − S = 0.3', 0, 2],
      ['1 − S = 0.3', 0.4, 1.9],
      ['1 − S = 0.3', 0.8, 1.5],
      ['1 − S = 0.1', 0, 2],
      ['1 − S = 0.1', 0.4, 2],
      ['1 − S = 0.1', 0.8, 1],
    ]);
    const cells = SWEEP.derived?.adversarialTrainingCells ?? [];
    expect(average.map((r) => r['relative'])).toEqual(
      cells.flatMap((c) => c.points.map((p) => expect.closeTo(p.relativeVulnerability, 5))),
    );
    // the per-example series starts from the same unattacked model; 1−S = 0.1 has none
    const example = points.filter((r) => r['norm'] !== 'average input norm');
    expect(example.map((r) => [r['density'], r['attack'], r['featuresPerDimension']])).toEqual([
      ['1 − S = 0.3', 0, 2],
      ['1 − S = 0.3', 0.8, 1.2],
    ]);
    expect(rows(spec).filter((r) => r['kind'] === 'reference')).toEqual([{ kind: 'reference', value: 1 }]);
    const svg = await render(spec);
    expect(svg).toContain('features per dimension ‖W‖²/m');
    expect(svg).toContain('relative vulnerability');
  });

  it('draws the points at attack 0 and at the largest attack whole, inside the frame', async () => {
    await expectPointsOffFrame(figure.build(SWEEP, {}));
  });

  it('puts relative vulnerability on a log axis when it is positive and spans a decade, a linear one otherwise', async () => {
    expect(relativeScale(figure.build(SWEEP, {}))['type']).toBeUndefined();
    const cells: AdversarialTrainingCell[] = (SWEEP.derived?.adversarialTrainingCells ?? []).map((c) => ({
      ...c,
      points: c.points.map((p, k) => ({ ...p, relativeVulnerability: 4 ** k })),
    }));
    const wide = figure.build({ ...SWEEP, derived: { ...SWEEP.derived, adversarialTrainingCells: cells } }, {});
    expectValidAndRounded(wide);
    expect(relativeScale(wide)['type']).toBe('log');
    expect(await render(wide)).toContain('<svg');
    // a model whose worst attack lowers the loss has a negative value, which only a linear axis can show
    const negative = cells.map((c, k) =>
      k === 0 ? { ...c, points: c.points.map((p, j) => (j === 2 ? { ...p, relativeVulnerability: -0.5 } : p)) } : c,
    );
    const withNegative = figure.build({ ...SWEEP, derived: { ...SWEEP.derived, adversarialTrainingCells: negative } }, {});
    expect(relativeScale(withNegative)['type']).toBeUndefined();
    expect((relativeScale(withNegative)['domain'] as number[])[0]).toBeLessThan(-0.5);
    expect(await render(withNegative)).toContain('<svg');
  });

  it('refuses an experiment without an adversarial-training sweep, in one line naming it', () => {
    expect(() => figure.build(experiment([]), {})).toThrow(
      /^figure adversarial-training: experiment 'test' has no adversarial-training sweep/,
    );
  });
});
