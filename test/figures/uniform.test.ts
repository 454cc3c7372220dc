import { describe, expect, it } from 'vitest';
import { expectPointsOffFrame, expectValidAndRounded, overlappingTexts, render, rows } from './spec-checks.ts';
import { validateVegaLite } from '../../figures/schema.ts';
import { round6 } from '../../figures/types.ts';
import uniformDimensionality from '../../figures/kinds/uniform-dimensionality.ts';
import uniformDStar from '../../figures/kinds/uniform-dstar.ts';
import { superpositionFixture, UNIFORM_DENSITIES, UNIFORM_FEATURES, uniformFixture } from './fixtures.ts';

/** Number of path items in the mark group of the given layer index. */
function layerItems(svg: string, layer: number): number {
  const m = svg.match(new RegExp(`<g class="[^"]*layer_${layer}_marks[^"]*"[^>]*>(.*?)</g>`));
  return (m?.[1] ?? '').match(/<(path|line|text)\b/g)?.length ?? 0;
}

describe('uniform-dimensionality frame', () => {
  it('draws the unlearned features (Dᵢ = 0) whole, above the x axis', async () => {
    await expectPointsOffFrame(uniformDimensionality.build(uniformFixture(), {}));
  });

  it('prints the fraction labels apart where their lines are closer than a line of text (2/5 and 3/8)', async () => {
    const spec = uniformDimensionality.build(uniformFixture(), {});
    const reference = (d: Record<string, unknown>) => d['kind'] === 'reference';
    expect(await overlappingTexts(spec, reference)).toEqual([]);
    // at their lines' own heights they would touch
    const atLines = JSON.parse(JSON.stringify(spec).replaceAll('"field":"labelAt"', '"field":"value"')) as typeof spec;
    expect(await overlappingTexts(atLines, reference)).toEqual(['2/5 / 3/8']);
    // labels with room stay on their lines
    const labels = rows(spec).filter(reference);
    for (const r of labels.filter((r) => ['1', '1/2'].includes(r['label'] as string))) expect(r['labelAt']).toBe(r['value']);
  });
});

describe('uniform-dstar', () => {
  it('is a valid spec with one D* point per density and reference lines at 1 and 1/2', async () => {
    const spec = uniformDStar.build(uniformFixture(), {});
    expectValidAndRounded(spec);
    const dstar = rows(spec).filter((r) => r['kind'] === 'dstar');
    expect(dstar.map((r) => r['x'])).toEqual(UNIFORM_DENSITIES.map((d) => round6(1 / d)));
    expect(dstar[0]?.['dStar']).toBe(1);
    expect(dstar[1]?.['dStar']).toBe(0.5);
    expect(
      rows(spec)
        .filter((r) => r['kind'] === 'reference')
        .map((r) => r['value']),
    ).toEqual([1, 0.5]);
    const svg = await render(spec);
    expect(svg).toContain('<svg');
    expect(layerItems(svg, 0)).toBe(2); // reference rules
    expect(svg).toContain('>1/2</text>');
    expect(svg).toContain('mark-line');
    expect(svg).toContain('1/(1−S)');
  });

  it('needs a ReLU model', () => {
    const a = uniformFixture();
    expect(() => uniformDStar.build({ ...a, models: a.models.map((m) => ({ ...m, activation: 'linear' as const })) }, {})).toThrow(
      /no selected ReLU model/,
    );
  });
});

describe('uniform-dimensionality', () => {
  it('draws every feature of every density as a dot, the D* line and six labelled fractions', async () => {
    const spec = uniformDimensionality.build(uniformFixture(), {});
    expectValidAndRounded(spec);
    const features = rows(spec).filter((r) => r['kind'] === 'feature');
    expect(features).toHaveLength(UNIFORM_DENSITIES.length * UNIFORM_FEATURES);
    const halves = features.filter((r) => r['density'] === 0.5 && r['D'] === 0.5);
    expect(halves).toHaveLength(20);
    // the sideways spread stays within ±3 % (log) of 1/(1 − S)
    for (const r of features) {
      const ratio = (r['x'] as number) * (r['density'] as number);
      expect(ratio).toBeGreaterThan(10 ** -0.031);
      expect(ratio).toBeLessThan(10 ** 0.031);
    }
    const svg = await render(spec);
    expect(layerItems(svg, 0)).toBe(6);
    for (const label of ['1', '3/4', '2/3', '1/2', '2/5', '3/8']) expect(svg).toContain(`>${label}</text>`);
    expect(layerItems(svg, 2)).toBe(UNIFORM_DENSITIES.length * UNIFORM_FEATURES);
    expect(svg).toContain('mark-line');
  });

  it('works on any experiment with ReLU models (e.g. 20 → 5)', () => {
    expect(validateVegaLite(uniformDimensionality.build(superpositionFixture(), {})).valid).toBe(true);
  });
});
