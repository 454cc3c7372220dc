// The one shared renderer: Vega-Lite spec → SVG text, deterministic to the byte. Same spec gives the same
// bytes in one process and across processes: SVG def ids (gradients, clips) are reset before every render,
// text width comes from vega's estimate rather than from whatever fonts a machine has, and vega's random
// source is a fixed-seed LCG. A mark's label becomes its <title> (labelsAsTitles).

import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { VegaLiteSpec } from './types.ts';

/** Fixed seed of vega's random source (vega uses it for jitter-like transforms; none of ours do). */
export const RENDER_RANDOM_SEED = 20221014;

// Runtime exports of vega 6 that its typings do not declare.
interface VegaRuntimeExtras {
  textMetrics: { canvas(use: boolean): unknown };
  setRandom(random: () => number): void;
  randomLCG(seed: number): () => number;
}
const vegaExtras = vega as unknown as VegaRuntimeExtras;

export interface RenderOptions {
  /** receives Vega-Lite compile warnings and Vega runtime warnings; default: written to stderr */
  onWarning?: (message: string) => void;
}

/** Compiles a Vega-Lite spec to a Vega spec (warnings go to `onWarning`). */
export function compileToVega(spec: VegaLiteSpec, options: RenderOptions = {}): vega.Spec {
  const warn = options.onWarning ?? defaultWarning;
  const logger = collectingLogger(warn);
  return compile(spec, { logger: logger as never }).spec as vega.Spec;
}

/** Renders a Vega-Lite spec to SVG text without a browser or canvas. */
export async function renderSvg(spec: VegaLiteSpec, options: RenderOptions = {}): Promise<string> {
  const vgSpec = compileToVega(spec, options);
  pinDeterminism();
  const view = new vega.View(vega.parse(vgSpec), {
    renderer: 'none',
    logger: collectingLogger(options.onWarning ?? defaultWarning) as never,
    logLevel: vega.Warn,
  });
  try {
    vega.resetSVGDefIds();
    return labelsAsTitles(await view.toSVG());
  } finally {
    view.finalize();
  }
}

// A mark that vega labels (its aria-label, from the spec's description of the datum) as one element.
const LABELLED_MARK = /<(path|rect|line|circle|ellipse|polygon|polyline|text|image)\b([^>]*?) aria-label="([^"]*)"([^>]*?)\s*\/>/g;

/**
 * Each labelled mark's label as its <title> instead: a viewer shows it as a tooltip when the figure is
 * opened on its own, and it stays the mark's accessible name (an aria-label gives no tooltip). Groups such
 * as axes keep their aria-label.
 */
export function labelsAsTitles(svg: string): string {
  return svg.replace(
    LABELLED_MARK,
    (_, tag: string, before: string, label: string, after: string) => `<${tag}${before}${after}><title>${label}</title></${tag}>`,
  );
}

/** Pins every process-wide vega setting that could change SVG bytes. Idempotent. */
export function pinDeterminism(): void {
  vegaExtras.textMetrics.canvas(false);
  vegaExtras.setRandom(vegaExtras.randomLCG(RENDER_RANDOM_SEED));
  vega.resetSVGDefIds();
}

function defaultWarning(message: string): void {
  process.stderr.write(`[figures] warning: ${message}\n`);
}

/** A logger with the vega-util interface whose warnings (and errors) go to one callback. */
function collectingLogger(warn: (message: string) => void) {
  let level = vega.Warn;
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      if (level >= vega.Error) warn(`error: ${text(args)}`);
      return logger;
    },
    warn(...args: unknown[]) {
      if (level >= vega.Warn) warn(text(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}
