// What a figure is: a pure function from one experiment's analysis to a Vega-Lite spec that carries its
// data inline. Rendering (render.ts), schema checks (schema.ts) and the drift gate (drift.ts) only ever see
// the spec, so a figure module knows nothing about files or SVG.

import type { TopLevelSpec } from 'vega-lite';
import type { ExperimentAnalysis, ModelAnalysis } from '../analysis/types.ts';

/** A complete Vega-Lite specification (JSON-serialisable, data inline in `data.values`). */
export type VegaLiteSpec = TopLevelSpec;

/** One row of a figure's inline data: flat fields of numbers (rounded), strings or booleans. */
export type DataRow = Record<string, number | string | boolean | null>;

export interface FigureDefinition {
  /** file-name-safe identifier, e.g. 'intro-geometry', 'superposition-relu' */
  id: string;
  /** one-line title for the report */
  title: string;
  /** a sentence or two under the figure: what is drawn and how to read the colours */
  caption: string;
  /** pure: the same analysis always gives the same spec */
  build(analysis: ExperimentAnalysis): VegaLiteSpec;
}

/** Identity helper that lets TypeScript check a figure definition object in place. */
export function defineFigure(definition: FigureDefinition): FigureDefinition {
  return definition;
}

/**
 * Rounds to 6 significant digits so that float noise far below what a figure can show never reaches
 * the spec or the SVG. −0 becomes 0; non-finite values are kept (JSON writes them as null).
 */
export function round6(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  const r = Number(x.toPrecision(6));
  return r === 0 ? 0 : r;
}

/**
 * Panel labels "1 − S = 0.189" for a list of densities: 3 significant digits, more where two
 * densities would otherwise print the same (a facet merges panels that share a label).
 */
export function densityLabels(densities: readonly number[]): string[] {
  for (let digits = 3; digits <= 17; digits++) {
    const labels = densities.map((d) => `1 − S = ${formatDensity(d, digits)}`);
    if (new Set(labels).size === labels.length || digits === 17) return labels;
  }
  /* c8 ignore next */
  return densities.map((d) => `1 − S = ${d}`);
}

/**
 * Unique panel labels for models shown side by side: the density label, plus the run group where two
 * models share a density (e.g. two run groups of one activation).
 */
export function panelLabels(models: readonly ModelAnalysis[]): string[] {
  const labels = densityLabels(models.map((m) => m.density));
  if (new Set(labels).size === labels.length) return labels;
  return labels.map((label, k) => `${label} · run ${models[k]?.run ?? k}`);
}

function formatDensity(d: number, digits: number): string {
  return String(Number(d.toPrecision(digits)));
}
