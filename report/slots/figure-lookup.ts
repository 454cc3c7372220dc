// Figures: {{figure:<experiment>-<suffix>}} names a figure by experiment id and id suffix.

import type { RenderedFigure, ReportInput } from '../types.ts';

export interface FigureRef {
  experiment: string;
  suffix: string;
}

/** split 'seed-superposition-relu' into experiment 'seed-superposition' and suffix 'relu' */
export function parseFigureKey(key: string): FigureRef | undefined {
  const cut = key.lastIndexOf('-');
  if (cut <= 0 || cut === key.length - 1) return undefined;
  return { experiment: key.slice(0, cut), suffix: key.slice(cut + 1) };
}

/**
 * The figure of an experiment whose id ends in the suffix: `undefined` when the experiment is absent,
 * `null` when the experiment is present but has no such figure.
 */
export function findFigure(input: ReportInput, ref: FigureRef): RenderedFigure | null | undefined {
  const exp = input.experiments[ref.experiment];
  if (!exp) return undefined;
  return exp.figures.find((f) => f.id.endsWith(ref.suffix)) ?? null;
}
