import { describe, expect, it } from 'vitest';
import pentagonToDigon from '../../analysis/claims/checks/pentagon_to_digon.ts';
import { classifyGeometry, lossCrossing, relativeDensity, relativeDensityCells } from '../../analysis/nonuniform.ts';
import type { ModelAnalysis } from '../../analysis/types.ts';
import { experiment, model, polar, polygon } from './fixtures.ts';

const checkPentagonToDigon = pentagonToDigon.check;

/** two digons: features 0–3 on a cross, feature 4 (the varied one) at the origin */
const DIGONS = [polar(90), polar(270), polar(0), polar(180), [0, 0]];

/** a restart at base density 0.05 and relative density rho, with its (expected) loss */
function restart(W: number[][], rho: number, loss: number, replica = 0): ModelAnalysis {
  const m = model({ W, density: 0.05, replica, evalLoss: loss });
  return { ...m, featureDensity: [0.05, 0.05, 0.05, 0.05, 0.05 * rho], expectedLoss: loss };
}

describe('classifyGeometry', () => {
  it('calls a regular pentagon, turned any way and at any radius, a pentagon', () => {
    expect(classifyGeometry(polygon(5), 4)).toBe('pentagon');
    expect(classifyGeometry(polygon(5, 1.15, 37), 4)).toBe('pentagon');
  });

  it('accepts a pentagon whose varied feature pushes its neighbours up to 36° off the regular gaps', () => {
    // gaps 104°, 104°, 50.67° × 3: every gap within 72° ± 36°
    const W = [polar(0), polar(104), polar(154.67), polar(205.33), polar(256)];
    expect(classifyGeometry(W, 0)).toBe('pentagon');
    // a gap of 110° is a hole too wide for a pentagon
    expect(classifyGeometry([polar(0), polar(110), polar(160), polar(210), polar(250)], 0)).toBe('other');
  });

  it('calls a cross of two antipodal pairs with the varied feature dropped two digons', () => {
    expect(classifyGeometry(DIGONS, 4)).toBe('digons');
    // bent by 15°: still within the ±20° rules
    expect(classifyGeometry([polar(90), polar(285), polar(10), polar(180), [0.1, 0]], 4)).toBe('digons');
  });

  it('calls it other when a regular feature is dropped, the pairs are bent too far, or fewer features are kept', () => {
    expect(classifyGeometry([[0, 0], polar(270), polar(0), polar(180), polar(90)], 4)).toBe('other');
    expect(classifyGeometry([polar(90), polar(300), polar(0), polar(180), [0, 0]], 4)).toBe('other');
    expect(classifyGeometry([polar(0), polar(180), [0, 0], [0, 0], [0, 0]], 4)).toBe('other');
  });
});

describe('relativeDensityCells and lossCrossing', () => {
  const models = [
    restart(DIGONS, 0.2, 1.0, 0),
    restart(polygon(5), 0.2, 1.2, 1),
    restart(DIGONS, 0.4, 2.2, 0),
    restart(polygon(5), 0.4, 2.0, 1),
    restart(polygon(5), 0.4, 2.1, 2),
    restart(polygon(5), 1, 3.0, 0),
  ];

  it('reads ρ off the varied feature and groups restarts by it, ascending', () => {
    expect(relativeDensity(models[2]!)).toBeCloseTo(0.4, 12);
    expect(relativeDensity(model({ W: polygon(5) }))).toBeNull();
    const cells = relativeDensityCells(models);
    expect(cells.map((c) => c.rho.toFixed(2))).toEqual(['0.20', '0.40', '1.00']);
    expect(cells.map((c) => c.members)).toEqual([[0, 1], [2, 3, 4], [5]]);
  });

  it('keeps the lowest-loss restart and the best loss of each geometry', () => {
    const [a, b, c] = relativeDensityCells(models);
    expect([a?.selected, a?.geometry, a?.best.pentagon?.loss, a?.best.digons?.loss]).toEqual([0, 'digons', 1.2, 1.0]);
    expect([b?.selected, b?.geometry, b?.counts]).toEqual([3, 'pentagon', { pentagon: 2, digons: 1, other: 0 }]);
    expect(c?.best.digons).toBeNull();
  });

  it('interpolates the crossing on a log-ρ axis: Δ = +0.2 at 0.2 and −0.2 at 0.4 meet at √(0.2·0.4)', () => {
    const crossing = lossCrossing(relativeDensityCells(models));
    expect(crossing?.rho).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(crossing?.below).toBeCloseTo(0.2, 12);
    expect(crossing?.above).toBeCloseTo(0.4, 12);
    expect([crossing?.signChanges, crossing?.cellsWithBoth]).toEqual([1, 2]);
  });

  it('gives no crossing when the digons never lose', () => {
    expect(
      lossCrossing(
        relativeDensityCells([
          restart(DIGONS, 0.2, 1, 0),
          restart(polygon(5), 0.2, 2, 1),
          restart(DIGONS, 0.4, 1, 0),
          restart(polygon(5), 0.4, 2, 1),
        ]),
      ),
    ).toBeNull();
  });
});

describe('pentagon_to_digon', () => {
  const grid = [0.2, 0.25, 0.3, 0.4, 0.6, 1];
  /** digon loss grows faster with ρ than the pentagon's; they cross where 1 + 2ρ·k = 1.4 + ρ·k */
  function sweep(crossAt: number): ModelAnalysis[] {
    const k = 0.4 / crossAt;
    return grid.flatMap((rho) => [restart(DIGONS, rho, 1 + 2 * k * rho, 0), restart(polygon(5), rho, 1.4 + k * rho, 1)]);
  }

  it('passes with a pentagon at ρ = 1, digons at ρ ≤ 0.267 and curves crossing at 0.35', () => {
    const r = checkPentagonToDigon(experiment(sweep(0.35), { importance: [1, 1, 1, 1, 1] }));
    expect(r?.status).toBe('pass');
    expect(r?.numbers['crossingRho']).toBeGreaterThan(0.3);
    expect(r?.numbers['crossingRho']).toBeLessThan(0.4);
  });

  it('fails when the curves cross farther than a factor 1.5 from the paper’s 0.4', () => {
    const r = checkPentagonToDigon(experiment(sweep(0.22), { importance: [1, 1, 1, 1, 1] }));
    expect(r?.status).toBe('fail');
    expect(r?.numbers['crossingRho']).toBeLessThan(0.267);
  });

  it('fails when the sparse fits keep the varied feature', () => {
    const models = grid.map((rho) => restart(polygon(5), rho, 1));
    const r = checkPentagonToDigon(experiment(models, { importance: [1, 1, 1, 1, 1] }));
    expect(r?.status).toBe('fail');
    expect(r?.numbers['sparseDigons']).toBe(0);
  });

  it('does not apply to an experiment without per-feature densities', () => {
    expect(checkPentagonToDigon(experiment([model({ W: polygon(5) })]))).toBeNull();
  });
});
