// Slot context: the input plus memoised facts. Slot functions are pure functions of the input.

import type { ClaimVerdict } from '../../analysis/verdicts.ts';
import type { ReportInput } from '../types.ts';
import { experimentFacts, recipeLabel, type ExperimentFacts } from './facts.ts';
import { readParams, type ParamsView } from './params-view.ts';

/** one claim, judged over the base seeds, with the experiment and recipe it belongs to, in report order */
export interface ClaimRow {
  experiment: string;
  recipe: string;
  claim: ClaimVerdict;
}

/** The experiments of the input in the order the report presents them: params.yaml's. */
export function orderedExperimentIds(input: ReportInput): string[] {
  return Object.keys(input.experiments);
}

export interface SlotContext {
  input: ReportInput;
  /**
   * the experiments of the input that the template never names (no {{#if has.<id>}}, no figure): the
   * report gives each of them a generic section (report/build.ts, report/slots/further.ts)
   */
  unplaced: string[];
  /** facts about one experiment, or undefined when it is not in the input */
  experiment(id: string): ExperimentFacts | undefined;
  params: ParamsView;
  claims: ClaimRow[];
}

export function createSlotContext(input: ReportInput, unplaced: readonly string[] = []): SlotContext {
  const memo = new Map<string, ExperimentFacts>();
  const params = readParams(input.params);
  const ctx: SlotContext = {
    input,
    unplaced: [...unplaced],
    params,
    claims: [],
    experiment(id) {
      const report = input.experiments[id];
      if (!report) return undefined;
      let f = memo.get(id);
      if (!f) {
        f = experimentFacts(report);
        memo.set(id, f);
      }
      return f;
    },
  };
  for (const id of orderedExperimentIds(input)) {
    const report = input.experiments[id];
    if (!report) continue;
    const recipe = recipeLabel(ctx.experiment(id), params, id);
    for (const claim of report.claims) ctx.claims.push({ experiment: id, recipe, claim });
  }
  return ctx;
}

export type SlotFn = (ctx: SlotContext) => string | undefined;
export type FlagFn = (ctx: SlotContext) => boolean;

/**
 * Turns a description of experiment `id` into a slot that is absent (undefined) when the experiment is
 * not in the input, so that build.ts names the slot if the template forgot its {{#if has.<id>}} guard.
 */
export function withExperiment(id: string): (fn: (f: ExperimentFacts, ctx: SlotContext) => string) => SlotFn {
  return (fn) => (ctx) => {
    const f = ctx.experiment(id);
    return f ? fn(f, ctx) : undefined;
  };
}
