import { describe, expect, it } from 'vitest';
import grid from '../../../figures/kinds/superposition-grid.ts';
import { renderSvg } from '../../../figures/render.ts';
import { validateVegaLite } from '../../../figures/schema.ts';
import type { VegaLiteSpec } from '../../../figures/types.ts';
import { axis, experiment, model, zeros } from '../../analysis/fixtures.ts';

// The large layout of the superposition grid (more than 40 features, e.g. 80 → 20): no hairline per
// cell, a frame per matrix, and the WᵀW cells that would render white (|value| < 0.02) left out.

type Row = Record<string, unknown>;

function rowsOf(spec: VegaLiteSpec): Row[] {
  return (spec as { data: { values: Row[] } }).data.values;
}

function heatSpec(spec: VegaLiteSpec): Record<string, unknown> {
  return (spec as unknown as { vconcat: Array<{ spec: Record<string, unknown> }> }).vconcat[0]!.spec;
}

/** 80 → 20, hand-built: a dense model (f0–f19 on the axes, f20 tiny, f21 = 0.2·e1) and a sparse one (f0–f39 in antipodal pairs i, i+20) */
function large() {
  const dense = zeros(80, 20);
  for (let i = 0; i < 20; i++) dense[i] = axis(20, i);
  dense[20] = axis(20, 0).map((v) => v * 0.01); // WᵀW entries 0.01 (with f0) and 0.0001 (itself): white
  dense[21] = axis(20, 1).map((v) => v * 0.2); // 0.2 with f1, 0.04 itself: drawn
  const sparse = zeros(80, 20);
  for (let i = 0; i < 20; i++) {
    sparse[i] = axis(20, i);
    sparse[i + 20] = axis(20, i, -1);
  }
  return experiment(
    [
      model({ W: dense, density: 1, b: new Array<number>(80).fill(0) }),
      model({ W: sparse, density: 0.001, b: new Array<number>(80).fill(-0.01) }),
    ],
    { importance: Array.from({ length: 80 }, (_, i) => 0.9 ** i) },
  );
}

describe('superposition-grid, large layout (80 features)', () => {
  const spec = grid.build(large(), { activation: 'relu' });
  const cells = rowsOf(spec).filter((r) => r['kind'] === 'cell');

  it('leaves out the WᵀW cells within 0.02 of zero and keeps every bias cell', () => {
    const gramCells = (density: number) => cells.filter((r) => r['density'] === density && r['col'] !== 'b');
    // dense: 20 unit diagonal entries, f21's 0.04 and its two 0.2 overlaps with f1
    expect(gramCells(1)).toHaveLength(23);
    expect(gramCells(1).find((r) => r['row'] === '1' && r['col'] === '21')?.['value']).toBeCloseTo(0.2, 12);
    expect(gramCells(1).some((r) => r['row'] === '0' && r['col'] === '20')).toBe(false);
    // sparse: 40 unit diagonal entries and the −1 of each antipodal pair, both ways
    expect(gramCells(0.001)).toHaveLength(80);
    expect(gramCells(0.001).filter((r) => r['value'] === -1)).toHaveLength(40);
    for (const d of [1, 0.001]) expect(cells.filter((r) => r['density'] === d && r['col'] === 'b')).toHaveLength(80);
    // every feature keeps its bar
    expect(rowsOf(spec).filter((r) => r['kind'] === 'feature')).toHaveLength(160);
  });

  it('draws a frame round each matrix instead of a hairline round each cell', () => {
    const heat = heatSpec(spec);
    expect(heat['mark']).toEqual({ type: 'rect', aria: false });
    expect(heat['view']).toMatchObject({ stroke: expect.any(String) });
  });

  it('is a valid Vega-Lite spec that renders', async () => {
    expect(validateVegaLite(spec).errors).toEqual([]);
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
  });
});

describe('superposition-grid, 20 features', () => {
  it('keeps every cell and the hairline round each (the 20 → 5 layout is unchanged)', () => {
    const W = zeros(20, 5);
    for (let i = 0; i < 5; i++) W[i] = axis(5, i);
    const spec = grid.build(experiment([model({ W, density: 1 })]), { activation: 'relu' });
    // F·F WᵀW entries, zeros included, and F biases
    expect(rowsOf(spec).filter((r) => r['kind'] === 'cell')).toHaveLength(20 * 21);
    const heat = heatSpec(spec);
    expect(heat['mark']).toMatchObject({ type: 'rect', stroke: expect.any(String) });
    expect(heat['view']).toBeUndefined();
  });
});
