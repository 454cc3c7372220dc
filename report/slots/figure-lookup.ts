// Figures: {{figure "<experiment>-<suffix>"}} names a figure by experiment id and id suffix.

import type { ExperimentReport, RenderedFigure, ReportInput } from '../types.ts';
import type { SlotContext } from './context.ts';
import { recipeLabel } from './facts.ts';
import { plural } from './format.ts';

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

/** Each figure's experiment, by figure id. */
export function figureOwners(input: ReportInput): Map<string, ExperimentReport> {
  const owner = new Map<string, ExperimentReport>();
  for (const e of Object.values(input.experiments)) for (const f of e.figures) owner.set(f.id, e);
  return owner;
}

/**
 * What a figure shows, before its caption: the experiment, its size, recipe and the base seed drawn, e.g.
 * "`uniform-paper`: 400 features in 30 hidden dimensions, notebook recipe, base seed 20221014." Figures of
 * different experiments share their captions' wording, and this line is what tells them apart.
 */
export function figureLead(ctx: SlotContext): (figure: RenderedFigure) => string {
  const owner = figureOwners(ctx.input);
  return (figure) => {
    const id = owner.get(figure.id)?.id;
    const f = id === undefined ? undefined : ctx.experiment(id);
    if (id === undefined || f === undefined) return '';
    const seed = f.report.seeds[0];
    return (
      `\`${id}\`: ${plural(f.features, 'feature', 'features')} in ${plural(f.hidden, 'hidden dimension', 'hidden dimensions')}, ` +
      `${recipeLabel(f, ctx.params, id)} recipe${seed === undefined ? '' : `, base seed ${seed}`}.`
    );
  };
}
