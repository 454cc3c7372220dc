import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import introGeometry from '../../figures/kinds/intro-geometry.ts';
import { compileToVega, renderSvg } from '../../figures/render.ts';
import { validateVegaLite } from '../../figures/schema.ts';
import superpositionGrid from '../../figures/kinds/superposition-grid.ts';
import { densityLabels, figureText, round6, type FigureDefinition, type FigureOptions, type VegaLiteSpec } from '../../figures/types.ts';
import {
  INTRO_DENSITIES,
  introFixture,
  introSweepFixture,
  seedSuperpositionFixture,
  SUPERPOSITION_DENSITIES,
  SUPERPOSITION_FEATURES,
  superpositionFixture,
} from './fixtures.ts';

/** Items (self-closing elements) inside every mark group whose class list contains `cls`. */
function countItems(svg: string, cls: string): number {
  // a mark group holds only its marks, each self-closing or holding its <title> (figures/render.ts)
  const groups = svg.matchAll(
    /<g class="([^"]*)"[^>]*>((?:<(?:path|line|text)\b[^>]*\/>|<(path|line|text)\b[^>]*><title>[^<]*<\/title><\/\3>)*)/g,
  );
  let n = 0;
  for (const g of groups) {
    if (!(g[1] ?? '').split(' ').includes(cls)) continue;
    n += (g[2] ?? '').match(/<(?:path|line)\b/g)?.length ?? 0;
  }
  return n;
}

function titles(svg: string): string[] {
  return [...svg.matchAll(/<g class="mark-text role-title-text"[^>]*><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
}

function dataRows(spec: VegaLiteSpec): Record<string, unknown>[] {
  const data = (spec as { data?: { values?: Record<string, unknown>[] } }).data;
  return data?.values ?? [];
}

/** Every scenegraph item of the marks whose name matches, with its datum, after running the view. */
async function sceneItems(spec: VegaLiteSpec, name: RegExp) {
  const view = new vega.View(vega.parse(compileToVega(spec, { onWarning: () => {} })), { renderer: 'none' });
  await view.runAsync();
  const items: { x: number; y: number; width: number; height: number; fill: unknown; datum: Record<string, unknown> }[] = [];
  const visit = (node: { marktype?: string; name?: string; items?: unknown[] }, dx: number, dy: number) => {
    for (const raw of node.items ?? []) {
      const item = raw as {
        x?: number;
        y?: number;
        width?: number;
        height?: number;
        fill?: unknown;
        datum?: Record<string, unknown>;
        items?: unknown[];
      };
      if (node.name !== undefined && name.test(node.name)) {
        items.push({
          x: dx + (item.x ?? 0),
          y: dy + (item.y ?? 0),
          width: item.width ?? 0,
          height: item.height ?? 0,
          fill: item.fill,
          datum: item.datum ?? {},
        });
      }
      if (item.items) {
        const ox = node.marktype === 'group' ? dx + (item.x ?? 0) : dx;
        const oy = node.marktype === 'group' ? dy + (item.y ?? 0) : dy;
        for (const child of item.items) visit(child as never, ox, oy);
      }
    }
  };
  visit((view.scenegraph() as unknown as { root: never }).root, 0, 0);
  view.finalize();
  return items;
}

function expectValid(spec: VegaLiteSpec) {
  const result = validateVegaLite(spec);
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}

async function renderQuietly(spec: VegaLiteSpec): Promise<string> {
  const warnings: string[] = [];
  const svg = await renderSvg(spec, { onWarning: (m) => warnings.push(m) });
  expect(warnings).toEqual([]);
  return svg;
}

function expectRounded(spec: VegaLiteSpec) {
  for (const row of dataRows(spec)) {
    for (const value of Object.values(row)) {
      if (typeof value === 'number') expect(value).toBe(round6(value));
    }
  }
}

describe('figure definitions', () => {
  const definitions: [FigureDefinition, FigureOptions][] = [
    [introGeometry, {}],
    [superpositionGrid, { activation: 'relu' }],
    [superpositionGrid, { activation: 'linear' }],
  ];
  it('have file-safe kinds, and a title and a caption for each of their options', () => {
    expect(definitions.map(([d]) => d.kind)).toEqual(['intro-geometry', 'superposition-grid', 'superposition-grid']);
    for (const [d, options] of definitions) {
      expect(d.kind).toMatch(/^[a-z0-9-]+$/);
      expect(figureText(d.title, options).length).toBeGreaterThan(10);
      expect(figureText(d.caption, options).length).toBeGreaterThan(40);
    }
    // the grid's title and caption name the activation it is drawn for
    expect(definitions.map(([d, options]) => figureText(d.title, options))).toEqual([
      'Features of a 2-D ReLU output model across sparsity',
      'ReLU output models: WᵀW, b and feature norms across sparsity',
      'Linear models: WᵀW, b and feature norms across sparsity',
    ]);
    expect(figureText(superpositionGrid.caption, { activation: 'relu' })).toMatch(/^Each column is the lowest-loss ReLU output model/);
    expect(figureText(superpositionGrid.caption, { activation: 'linear' })).toMatch(/^Each column is the lowest-loss linear model/);
  });

  it('labels panels with 3 significant digits, more where two densities would collide', () => {
    expect(densityLabels([1, 20 ** (-5 / 9), 0.05])).toEqual(['1 − S = 1', '1 − S = 0.189', '1 − S = 0.05']);
    expect(densityLabels([0.1001, 0.1002])).toEqual(['1 − S = 0.1001', '1 − S = 0.1002']);
  });
});

describe('intro-geometry', () => {
  it('5 → 2 at 3 densities: valid spec, one panel per selected model, a segment and a point per feature', async () => {
    const spec = introGeometry.build(introFixture(), {});
    expectValid(spec);
    expectRounded(spec);
    expect(dataRows(spec)).toHaveLength(3 * 5);
    const svg = await renderQuietly(spec);
    expect(titles(svg)).toEqual(INTRO_DENSITIES.map((d) => `1 − S = ${d}`));
    expect(countItems(svg, 'child_layer_0_marks')).toBe(15); // rules
    expect(countItems(svg, 'child_layer_1_marks')).toBe(15); // points
    expect(svg).toContain('<svg');
  });

  it('wraps 10 densities into 2 rows of 5 square panels, densest first', async () => {
    const analysis = introSweepFixture(10);
    const spec = introGeometry.build(analysis, {});
    expectValid(spec);
    const svg = await renderQuietly(spec);
    expect(titles(svg)).toHaveLength(10);
    expect(titles(svg)[5]).toBe('1 − S = 0.189');
    const points = await sceneItems(spec, /layer_1_marks$/);
    expect(points).toHaveLength(50);
    const origin = (panel: number) => {
      const p = points.find((q) => q.datum['panel'] === titles(svg)[panel] && q.datum['x'] === 0 && q.datum['y'] === 0)!;
      return { x: p.x, y: p.y };
    };
    expect(origin(5).x).toBeCloseTo(origin(0).x, 6); // panel 6 starts the second row, under panel 1
    expect(origin(5).y).toBeGreaterThan(origin(0).y + 150);
    expect(origin(4).y).toBeCloseTo(origin(0).y, 6); // panel 5 ends the first row
    expect(origin(4).x).toBeGreaterThan(origin(0).x + 4 * 150);
  });

  it('draws positive hidden coordinates up and right, with axes fixed to ±1.5', async () => {
    const spec = introGeometry.build(introFixture(), {});
    const points = await sceneItems(spec, /layer_1_marks$/);
    const dense = points.filter((p) => p.datum['panel'] === '1 − S = 1');
    const at = (feature: number) => dense.find((p) => p.datum['feature'] === feature)!;
    const origin = at(2); // unlearned feature: drawn at the origin
    expect(at(0).x).toBeGreaterThan(origin.x + 40); // W_0 = (1, 0): right
    expect(at(0).y).toBeCloseTo(origin.y, 6);
    expect(at(1).y).toBeLessThan(origin.y - 40); // W_1 = (0, 1): up (SVG y grows downwards)
    // 1 unit = 150 px / 3 units = 50 px
    expect(at(0).x - origin.x).toBeCloseTo(50, 6);
  });

  it('works for the seed write-up shape and rejects a model that is not 2-D', () => {
    const seed = { ...introFixture(), experiment: 'seed-intro' };
    expect(validateVegaLite(introGeometry.build(seed, {})).valid).toBe(true);
    expect(() => introGeometry.build(superpositionFixture(), {})).toThrow(/hidden must be 2/);
  });
});

describe('superposition grid', () => {
  const F = SUPERPOSITION_FEATURES;
  const D = SUPERPOSITION_DENSITIES.length;

  for (const activation of ['relu', 'linear'] as const) {
    it(`${activation}, 20 → 5 at 7 densities: valid spec, F×(F+1) cells and F bars per density`, async () => {
      const spec = superpositionGrid.build(superpositionFixture(), { activation });
      expectValid(spec);
      expectRounded(spec);
      const svg = await renderQuietly(spec);
      expect(titles(svg)).toEqual(SUPERPOSITION_DENSITIES.map((d) => `1 − S = ${d}`));
      expect(countItems(svg, 'concat_0_child_marks')).toBe(D * F * (F + 1));
      expect(countItems(svg, 'concat_1_child_marks')).toBe(D * F);
    });
  }

  it('uses the selected (lowest-loss) replica of each density', () => {
    const analysis = superpositionFixture();
    const spec = superpositionGrid.build(analysis, { activation: 'relu' });
    const selected = analysis.selected.map((i) => analysis.models[i]!).filter((m) => m.activation === 'relu');
    const rows = dataRows(spec).filter((r) => r['kind'] === 'feature' && r['panel'] === '1 − S = 0.01');
    const model = selected.find((m) => m.density === 0.01)!;
    expect(rows.map((r) => r['norm'])).toEqual(model.norms.map(round6));
  });

  it('puts feature 0 on top in the heatmap and the bars, and b in a column right of WᵀW', async () => {
    const spec = superpositionGrid.build(superpositionFixture(), { activation: 'relu' });
    const cells = (await sceneItems(spec, /concat_0_child_marks$/)).filter((c) => c.datum['panel'] === '1 − S = 0.1');
    const cell = (row: string, col: string) => cells.find((c) => c.datum['row'] === row && c.datum['col'] === col)!;
    expect(cell('0', '0').y).toBeLessThan(cell('1', '0').y);
    expect(cell('19', '0').y).toBe(Math.max(...cells.map((c) => c.y)));
    expect(cell('0', '0').x).toBeLessThan(cell('0', '1').x);
    expect(cell('0', 'b').x).toBeGreaterThan(cell('0', '19').x + cell('0', '19').width); // a gap before b
    const bars = (await sceneItems(spec, /concat_1_child_marks$/)).filter((c) => c.datum['panel'] === '1 − S = 0.1');
    const bar = (f: string) => bars.find((b) => b.datum['feature'] === f)!;
    expect(bar('0').y).toBeLessThan(bar('1').y);
    expect(bar('19').y).toBe(Math.max(...bars.map((b) => b.y)));
  });

  it('colours cells purple → white → orange clamped to [−1, 1] and bars black → blue by min(1, superposition)', async () => {
    const analysis = superpositionFixture();
    // out-of-range entries must clamp to the end colours
    const dense = analysis.models[analysis.selected[D]!]!; // the first ReLU cell: density 1
    // W_0·W_1 = −2.5 (W_1 is the second axis) and W_0·W_0 = 7.25
    dense.W[0] = [1, -2.5, 0, 0, 0];
    dense.b[3] = 3;
    const spec = superpositionGrid.build(analysis, { activation: 'relu' });
    const cells = await sceneItems(spec, /concat_0_child_marks$/);
    const cellFills = (test: (v: number) => boolean) =>
      new Set(cells.filter((c) => test(c.datum['value'] as number)).map((c) => String(c.fill)));
    expect(cellFills((v) => v >= 1)).toEqual(new Set(['rgb(255, 102, 0)'])); // orange (1, 0.4, 0)
    expect(cellFills((v) => v <= -1)).toEqual(new Set(['rgb(102, 0, 255)'])); // purple (0.4, 0, 1)
    expect(cellFills((v) => v === 0)).toEqual(new Set(['rgb(255, 255, 255)']));
    const bars = await sceneItems(spec, /concat_1_child_marks$/);
    const barFills = (test: (s: number) => boolean) =>
      new Set(bars.filter((b) => test(b.datum['superposition'] as number)).map((b) => String(b.fill)));
    expect(barFills((s) => s === 0)).toEqual(new Set(['rgb(0, 0, 0)'])); // orthogonal: black
    expect(barFills((s) => s >= 1)).toEqual(new Set(['rgb(0, 136, 255)'])); // superposed: blue
    const half = bars.find((b) => (b.datum['superposition'] as number) > 0.3 && (b.datum['superposition'] as number) < 0.7)!;
    const s = half.datum['superposition'] as number;
    expect(String(half.fill)).toBe(`rgb(0, ${Math.round(136 * s)}, ${Math.round(255 * s)})`); // linear in RGB
  });

  it('works for the seed write-up, whose linear model exists only at density 1', async () => {
    const analysis = seedSuperpositionFixture();
    const linear = superpositionGrid.build(analysis, { activation: 'linear' });
    expectValid(linear);
    const svg = await renderQuietly(linear);
    expect(titles(svg)).toEqual(['1 − S = 1']);
    expect(countItems(svg, 'concat_1_child_marks')).toBe(F);
    const relu = superpositionGrid.build(analysis, { activation: 'relu' });
    expect(titles(await renderQuietly(relu))).toHaveLength(D);
  });

  it('names the activation when an experiment has none of its models', () => {
    const noLinear: ExperimentAnalysis = { ...introFixture() };
    expect(() => superpositionGrid.build(noLinear, { activation: 'linear' })).toThrow(/no selected model with activation 'linear'/);
  });
});
