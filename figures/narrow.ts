// The narrow variant of a wide figure, for a phone. The report shows each figure as an image with a minimum
// width and scrolls it sideways on a narrow screen, so a row of five panels is read a fifth at a time. A
// faceted figure drawn again with as many columns as fit NARROW_PLOT_WIDTH, or a row of plots (hconcat)
// drawn as a column (vconcat), shows the same spec and data stacked; the report offers it to screens up to
// NARROW_SCREEN wide (report/build.ts, a <picture> source). Pure: the same spec gives the same variant.

import type { VegaLiteSpec } from './types.ts';

/** The file name ending of a figure's narrow variant, beside its <id>.svg. */
export const NARROW_SVG_SUFFIX = '.narrow.svg';
/** the widest screen, in CSS pixels, that is shown the narrow variant */
export const NARROW_SCREEN = 600;
/** the width the panels of a narrow variant's row may take together, leaving room for axes and a legend */
const NARROW_PLOT_WIDTH = 420;
/** Vega-Lite's default spacing between the panels of a facet */
const DEFAULT_SPACING = 20;

/**
 * The spec restacked for a narrow screen, or undefined when it has nothing to restack (a single plot, a
 * column already, or a facet whose panels are already in as few columns as fit).
 */
export function narrowSpec(spec: VegaLiteSpec): VegaLiteSpec | undefined {
  const s = spec as unknown as Record<string, unknown>;
  if (Array.isArray(s['hconcat'])) {
    const { hconcat, ...rest } = s;
    return { ...rest, vconcat: hconcat } as unknown as VegaLiteSpec;
  }
  const columns = s['columns'];
  const inner = s['spec'] as Record<string, unknown> | undefined;
  if (s['facet'] === undefined || typeof columns !== 'number' || typeof inner?.['width'] !== 'number') return undefined;
  const spacing = s['spacing'];
  const gap =
    typeof spacing === 'number'
      ? spacing
      : typeof (spacing as { column?: unknown } | undefined)?.column === 'number'
        ? (spacing as { column: number }).column
        : DEFAULT_SPACING;
  const fit = Math.max(1, Math.floor((NARROW_PLOT_WIDTH + gap) / (inner['width'] + gap)));
  return fit < columns ? ({ ...s, columns: fit } as unknown as VegaLiteSpec) : undefined;
}
