// Checks shared by the figure tests: a spec is schema-valid with rounded inline data, renders without a
// Vega warning, and draws no point on its plot's frame.

import { expect } from 'vitest';
import * as vega from 'vega';
import { compileToVega, renderSvg } from '../../figures/render.ts';
import { validateVegaLite } from '../../figures/schema.ts';
import { round6, type VegaLiteSpec } from '../../figures/types.ts';

/** the inline data rows of a spec */
export function rows(spec: VegaLiteSpec): Record<string, unknown>[] {
  return (spec as { data?: { values?: Record<string, unknown>[] } }).data?.values ?? [];
}

export function expectValidAndRounded(spec: VegaLiteSpec): void {
  const result = validateVegaLite(spec);
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
  for (const row of rows(spec)) for (const v of Object.values(row)) if (typeof v === 'number') expect(v).toBe(round6(v));
}

export async function render(spec: VegaLiteSpec): Promise<string> {
  const warnings: string[] = [];
  const svg = await renderSvg(spec, { onWarning: (m) => warnings.push(m) });
  expect(warnings).toEqual([]);
  return svg;
}

/**
 * The point marks (symbols: scatter dots, a line's points) whose disc reaches the frame of the plot they
 * are drawn in, found in the rendered scenegraph: each as its mark's name and centre. A point there is half
 * hidden by the axis line or the plot's clip.
 */
export async function pointsOnFrame(spec: VegaLiteSpec): Promise<string[]> {
  const view = new vega.View(vega.parse(compileToVega(spec, { onWarning: () => {} })), { renderer: 'none' });
  await view.runAsync();
  const found: string[] = [];
  interface Item {
    x?: number;
    y?: number;
    size?: number;
    width?: number;
    height?: number;
    items?: Node[];
  }
  interface Node {
    marktype?: string;
    role?: string;
    name?: string;
    items?: Item[];
  }
  const visit = (node: Node, width: number, height: number) => {
    for (const item of node.items ?? []) {
      if (node.marktype === 'symbol' && !(node.role ?? '').startsWith('legend') && item.x !== undefined && item.y !== undefined) {
        const radius = Math.sqrt(item.size ?? 64) / 2;
        const fromSide = Math.min(Math.abs(item.x), Math.abs(item.x - width));
        const fromTopOrBottom = Math.min(Math.abs(item.y), Math.abs(item.y - height));
        if (fromSide < radius || fromTopOrBottom < radius) found.push(`${node.name ?? node.marktype} at (${item.x}, ${item.y})`);
      }
      // a group with a size (a plot, a facet cell) is the frame its marks are drawn in
      const sized = node.marktype === 'group' && item.width !== undefined && item.height !== undefined;
      for (const child of item.items ?? []) visit(child, sized ? item.width! : width, sized ? item.height! : height);
    }
  };
  visit((view.scenegraph() as unknown as { root: Node }).root, view.width(), view.height());
  view.finalize();
  return found;
}

/** The spec with every scale's `padding` removed: what a figure drew before it kept its points off the frame. */
export function withoutPadding(spec: VegaLiteSpec): VegaLiteSpec {
  return JSON.parse(JSON.stringify(spec), (key, value: unknown) => {
    if (key !== 'scale' || value === null || typeof value !== 'object') return value;
    const { padding: _, ...rest } = value as Record<string, unknown>;
    return rest;
  }) as VegaLiteSpec;
}

/** The figure keeps every point off its plot's frame, and would not without its scales' padding (so the check bites). */
export async function expectPointsOffFrame(spec: VegaLiteSpec): Promise<void> {
  expect(await pointsOnFrame(withoutPadding(spec))).not.toEqual([]);
  expect(await pointsOnFrame(spec)).toEqual([]);
}

/**
 * The pairs of text marks whose datum passes `which` and whose drawn boxes (vega's bounds of the rendered
 * text) overlap, each as the two texts.
 */
export async function overlappingTexts(spec: VegaLiteSpec, which: (datum: Record<string, unknown>) => boolean): Promise<string[]> {
  const view = new vega.View(vega.parse(compileToVega(spec, { onWarning: () => {} })), { renderer: 'none' });
  await view.runAsync();
  interface Box {
    x1: number;
    y1: number;
    x2: number;
    y2: number;
  }
  interface Node {
    marktype?: string;
    items?: Array<{ text?: unknown; datum?: Record<string, unknown>; bounds?: Box; x?: number; y?: number; items?: Node[] }>;
  }
  const boxes: { text: string; box: Box }[] = [];
  const visit = (node: Node, dx: number, dy: number) => {
    for (const item of node.items ?? []) {
      if (node.marktype === 'text' && item.bounds !== undefined && item.datum !== undefined && which(item.datum)) {
        const b = item.bounds;
        boxes.push({ text: String(item.text), box: { x1: b.x1 + dx, y1: b.y1 + dy, x2: b.x2 + dx, y2: b.y2 + dy } });
      }
      const inGroup = node.marktype === 'group';
      for (const child of item.items ?? []) visit(child, inGroup ? dx + (item.x ?? 0) : dx, inGroup ? dy + (item.y ?? 0) : dy);
    }
  };
  visit((view.scenegraph() as unknown as { root: Node }).root, 0, 0);
  view.finalize();
  const pairs: string[] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      if (a.box.x1 < b.box.x2 && b.box.x1 < a.box.x2 && a.box.y1 < b.box.y2 && b.box.y1 < a.box.y2) pairs.push(`${a.text} / ${b.text}`);
    }),
  );
  return pairs;
}
