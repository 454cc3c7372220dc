import { describe, expect, it } from 'vitest';
import { buildL1Sweep } from '../../../figures/kinds/l1-sweep.ts';
import { renderSvg } from '../../../figures/render.ts';
import { validateVegaLite } from '../../../figures/schema.ts';
import { expectPointsOffFrame } from '../spec-checks.ts';
import { axis, experiment, l1Model as at, polygon } from '../../analysis/fixtures.ts';

const SWEEP = experiment([
  at(0.1, undefined, polygon(3), 0.2),
  at(0.1, 0.1, [axis(2, 0), axis(2, 1), [0, 0]], 0.5),
  at(0.03, undefined, polygon(3), 0.1),
  at(0.03, 0.1, [axis(2, 0), [0, 0], [0, 0]], 0.4),
]);

describe('the l1-sweep figure', () => {
  it('draws two counts and a loss ratio per (density, λ), λ = 0 first, the ratio 1 at λ = 0', async () => {
    const spec = buildL1Sweep(SWEEP);
    expect(validateVegaLite(spec).errors).toEqual([]);
    const rows = (spec as { data: { values: Record<string, unknown>[] } }).data.values;
    expect(rows).toHaveLength(2 * 2 * 3);
    const loss = rows.filter((r) => r['panel'] === 'loss');
    expect(loss.map((r) => [r['density'], r['lambda'], r['ratio']])).toEqual([
      ['1 − S = 0.1', '0', 1],
      ['1 − S = 0.1', '0.1', 2.5],
      ['1 − S = 0.03', '0', 1],
      ['1 − S = 0.03', '0.1', 4],
    ]);
    const superposed = rows.filter((r) => r['measure'] === 'in superposition').map((r) => r['count']);
    expect(superposed).toEqual([3, 0, 3, 0]);
    expect(await renderSvg(spec)).toContain('<svg');
  });

  it('draws a count of 0 or of every feature whole, inside the frame', async () => {
    await expectPointsOffFrame(buildL1Sweep(SWEEP));
  });

  it('refuses an experiment without a λ sweep, in one line naming it', () => {
    expect(() => buildL1Sweep(experiment([at(0.1, undefined, polygon(3), 0.2)]))).toThrow(
      /^figure l1-sweep: experiment 'test' has no L1 sweep/,
    );
  });
});
