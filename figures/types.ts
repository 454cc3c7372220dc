// What a figure is: a pure function from one experiment's analysis to a Vega-Lite spec that carries its
// data inline. Rendering (render.ts), schema checks (schema.ts) and the drift gate (drift.ts) only ever see
// the spec, so a figure module knows nothing about files or SVG.

import type { TopLevelSpec } from 'vega-lite';
import type { ExperimentAnalysis, ModelAnalysis } from '../analysis/types.ts';

/** A complete Vega-Lite specification (JSON-serialisable, data inline in `data.values`). */
export type VegaLiteSpec = TopLevelSpec;

/** One row of a figure's inline data: flat fields of numbers (rounded), strings or booleans. */
export type DataRow = Record<string, number | string | boolean | null>;

/** The options an experiment passes to a figure kind beside `kind` (experiments/types.ts FigureRef). */
export type FigureOptions = Readonly<Record<string, string>>;

/**
 * A figure kind: figures/kinds/<kind>.ts default-exports one, its `kind` equal to the file stem, and an
 * experiment draws it by naming the kind (no list of kinds anywhere; stages/declarations.ts finds it).
 */
export interface FigureDefinition {
  /** the file stem under figures/kinds/, e.g. 'intro-geometry' */
  kind: string;
  /** the options the kind takes beside `kind`, each with its allowed values (none when absent) */
  options?: Readonly<Record<string, readonly string[]>>;
  /** one-line title for the report (a function where it depends on the options) */
  title: string | ((options: FigureOptions) => string);
  /** a sentence or two under the figure: what is drawn and how to read the colours */
  caption: string | ((options: FigureOptions) => string);
  /** pure: the same analysis and options always give the same spec */
  build(analysis: ExperimentAnalysis, options: FigureOptions): VegaLiteSpec;
}

/** Identity helper that lets TypeScript check a figure definition object in place. */
export function defineFigure(definition: FigureDefinition): FigureDefinition {
  return definition;
}

/** A title or caption for the options it is drawn with. */
export function figureText(text: string | ((options: FigureOptions) => string), options: FigureOptions): string {
  return typeof text === 'string' ? text : text(options);
}

/**
 * Checks the options an experiment passes to a figure kind; `who` (e.g. "experiments/intro.ts: figures[0]")
 * starts the one-line error naming the option and its allowed values.
 */
export function checkFigureOptions(definition: FigureDefinition, options: FigureOptions, who: string): void {
  const allowed = definition.options ?? {};
  for (const [key, value] of Object.entries(options)) {
    const values = allowed[key];
    if (values === undefined) {
      const keys = Object.keys(allowed);
      throw new Error(
        `${who}: figure kind '${definition.kind}' takes no option '${key}' (options: ${keys.length ? keys.join(', ') : 'none'})`,
      );
    }
    if (!values.includes(value))
      throw new Error(`${who}: ${key}: '${value}' is not allowed for figure kind '${definition.kind}' (allowed: ${values.join(', ')})`);
  }
  for (const key of Object.keys(allowed)) {
    if (!(key in options))
      throw new Error(`${who}: figure kind '${definition.kind}' needs the option '${key}' (allowed: ${allowed[key]!.join(', ')})`);
  }
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
