import { describe, expect, it } from 'vitest';
import { buildNonuniformGeometry } from '../../figures/kinds/nonuniform-geometry.ts';
import { buildNonuniformLoss } from '../../figures/kinds/nonuniform-loss.ts';
import { rhoLabels } from '../../figures/nonuniform.ts';
import { expectPointsOffFrame, expectValidAndRounded, overlappingTexts, render, rows } from './spec-checks.ts';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { nonuniformFixture, uniformFixture } from './fixtures.ts';

describe('nonuniform-pentagon-geometry', () => {
  it('draws the lowest-loss fit per ρ, canonicalised: the varied feature straight up', async () => {
    const spec = buildNonuniformGeometry(nonuniformFixture());
    expectValidAndRounded(spec);
    const data = rows(spec);
    expect(new Set(data.map((r) => r['panel']))).toEqual(new Set(['ρ = 0.2 · two digons', 'ρ = 0.4 · pentagon', 'ρ = 1 · pentagon']));
    // the pentagons were turned by 44° and 50°; drawn, their varied feature points up at its norm 1.1
    for (const r of data.filter((r) => r['role'] === 'varied feature' && r['panel'] !== 'ρ = 0.2 · two digons')) {
      expect([r['x'], r['y']]).toEqual([0, 1.1]);
    }
    // the digons: feature 0 (the first kept) up, and the varied feature at the origin
    const digons = data.filter((r) => r['panel'] === 'ρ = 0.2 · two digons');
    expect(digons.find((r) => r['feature'] === 0)).toMatchObject({ x: 0, y: 1 });
    expect(digons.find((r) => r['feature'] === 4)).toMatchObject({ x: 0, y: 0 });
    const svg = await render(spec);
    expect(svg).toContain('rgb(214,39,40)');
  });

  it('needs models with per-feature densities', () => {
    expect(() => buildNonuniformGeometry(uniformFixture())).toThrow(/hidden must be 2|extra_relative_density/);
  });

  it('labels ρ with enough digits to keep panels apart', () => {
    expect(rhoLabels([0.2, 0.2001])).toEqual(['ρ = 0.2', 'ρ = 0.2001']);
  });
});

describe('nonuniform-pentagon-loss', () => {
  it('plots every restart by geometry, the two best-loss curves and both transition markers', async () => {
    const spec = buildNonuniformLoss(nonuniformFixture());
    expectValidAndRounded(spec);
    const data = rows(spec);
    expect(data.filter((r) => r['kind'] === 'restart')).toHaveLength(6);
    expect(data.filter((r) => r['kind'] === 'best' && r['geometry'] === 'two digons').map((r) => r['loss'])).toEqual([
      1.0e-3, 1.6e-3, 3.0e-3,
    ]);
    const markers = data.filter((r) => r['kind'] === 'marker');
    expect(markers.find((r) => r['label'] === 'paper')?.['rho']).toBe(0.4);
    // Δ = +0.2e-3 at 0.2 and −0.2e-3 at 0.4: the crossing is at √(0.2·0.4)
    expect(markers.find((r) => r['label'] === 'crossing')?.['rho']).toBeCloseTo(Math.sqrt(0.08), 5);
    const svg = await render(spec);
    expect(svg).toContain('two digons');
    expect(svg).toContain('mark-line');
  });

  it('drops a marker label a line when the one left of it would run into it', async () => {
    const marker = (d: Record<string, unknown>) => d['kind'] === 'marker';
    const apart = buildNonuniformLoss(nonuniformFixture());
    expect(
      rows(apart)
        .filter(marker)
        .map((r) => r['labelY']),
    ).toEqual([4, 4]);
    // the same restarts with every ρ a little larger: the crossing moves right, just left of ρ = 0.4
    const fixture = nonuniformFixture();
    const scale = 0.39 / Math.sqrt(0.08);
    const near: ExperimentAnalysis = {
      ...fixture,
      derived: {
        ...fixture.derived,
        relativeDensityCells: (fixture.derived?.relativeDensityCells ?? []).map((c) => ({ ...c, rho: c.rho * scale })),
      } as ExperimentAnalysis['derived'],
    };
    const spec = buildNonuniformLoss(near);
    expect(
      rows(spec)
        .filter(marker)
        .map((r) => [r['label'], r['labelY']]),
    ).toEqual([
      ['paper', 17],
      ['crossing', 4],
    ]);
    expect(await overlappingTexts(spec, marker)).toEqual([]);
  });

  it('draws the lowest and highest losses whole, inside the frame', async () => {
    await expectPointsOffFrame(buildNonuniformLoss(nonuniformFixture()));
  });
});
