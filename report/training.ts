// How every run of params.yaml starts and steps (initial spread, optimizer constants), for the methods.

import { initialSpread, optimizerConfig, resolveRecipe, type Params } from '../experiments/params.ts';
import type { RunTraining } from './types.ts';

export function runTraining(params: Pick<Params, 'recipes' | 'experiments'>): RunTraining[] {
  return Object.entries(params.experiments).flatMap(([experiment, e]) =>
    e.runs.map((run, r) => {
      const recipe = resolveRecipe(params, run);
      const spread = initialSpread(recipe, e, run);
      return {
        experiment,
        run: r,
        initW: spread.W,
        initB: spread.b,
        optimizer: optimizerConfig(recipe),
        steps: recipe.steps,
        batch: recipe.batch,
      };
    }),
  );
}
