import { describe, expect, it } from 'vitest';
import introGeometry from '../../figures/kinds/intro-geometry.ts';
import { narrowSpec } from '../../figures/narrow.ts';
import { svgWidth } from '../../figures/svg-size.ts';
import type { VegaLiteSpec } from '../../figures/types.ts';
import { introSweepFixture } from './fixtures.ts';
import { render } from './spec-checks.ts';

const spec = (s: object) => s as unknown as VegaLiteSpec;

describe('narrowSpec', () => {
  it('stacks a row of plots as a column, keeping everything else', () => {
    const row = spec({ data: { values: [] }, hconcat: [{ mark: 'point' }, { mark: 'line' }], spacing: 24, config: { x: 1 } });
    expect(narrowSpec(row)).toEqual({
      data: { values: [] },
      vconcat: [{ mark: 'point' }, { mark: 'line' }],
      spacing: 24,
      config: { x: 1 },
    });
  });

  it('gives a facet as many columns as fit a phone: 130 px panels 16 px apart, 2 of them; 300 px panels, 1', () => {
    const facet = (width: number, columns: number) =>
      spec({ facet: { field: 'p' }, columns, spacing: { column: 16 }, spec: { width, mark: 'point' } });
    expect((narrowSpec(facet(130, 6)) as { columns: number }).columns).toBe(2);
    expect((narrowSpec(facet(300, 3)) as { columns: number }).columns).toBe(1);
    expect((narrowSpec(facet(190, 5)) as { columns: number }).columns).toBe(2);
  });

  it('leaves alone what has nothing to restack: one plot, a column, a facet already in as few columns as fit', () => {
    expect(narrowSpec(spec({ mark: 'point' }))).toBeUndefined();
    expect(narrowSpec(spec({ vconcat: [{ mark: 'point' }] }))).toBeUndefined();
    expect(narrowSpec(spec({ facet: { field: 'p' }, columns: 1, spec: { width: 300, mark: 'point' } }))).toBeUndefined();
    expect(narrowSpec(spec({ facet: { field: 'p' }, columns: 2, spec: { width: 100, mark: 'point' } }))).toBeUndefined();
  });

  it('draws the intro figure narrower and taller, with the same data', async () => {
    const wide = introGeometry.build(introSweepFixture(5), {});
    const narrow = narrowSpec(wide)!;
    expect((narrow as { data: unknown }).data).toBe((wide as { data: unknown }).data);
    const [a, b] = [await render(wide), await render(narrow)];
    expect(svgWidth(b)).toBeLessThan(svgWidth(a));
    expect(svgWidth(b)).toBeLessThanOrEqual(600);
  });
});

describe('svgWidth', () => {
  it('reads the root element’s width, not an inner one’s', () => {
    expect(svgWidth('<svg class="marks" width="553" height="3"><rect width="9"/></svg>')).toBe(553);
    expect(svgWidth('<svg viewBox="0 0 1 1"><rect width="9"/></svg>')).toBeNaN();
  });
});
