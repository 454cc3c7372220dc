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
