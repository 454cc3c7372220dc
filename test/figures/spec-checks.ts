// Checks shared by the figure tests: a spec is schema-valid with rounded inline data, and renders
// without a Vega warning.

import { expect } from 'vitest';
import { renderSvg } from '../../figures/render.ts';
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
