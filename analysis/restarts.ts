// Are there enough restarts? For every cell of an experiment, the model that the first k restarts would
// have selected (the lowest loss among replicas 0 … k − 1), for each k up to the number trained: how far
// its loss lies above the best of all restarts, and whether it is the same model. When the choice stops
// changing well before the last restart, more restarts would not change what the report shows.

import { lossForRanking, selectLowestLoss } from './metrics.ts';
import type { ModelAnalysis } from './types.ts';

export interface RestartStep {
  /** restarts considered: replicas 0 … k − 1 of every cell */
  restarts: number;
  /** cells whose selection with k restarts is the model selected with all of them */
  sameChoice: number;
  cells: number;
  /** the largest and the mean relative excess (L_k − L_all) / L_all over the cells */
  maxExcess: number;
  meanExcess: number;
}

type RankedModel = Pick<ModelAnalysis, 'run' | 'density' | 'replica' | 'evalLoss' | 'expectedLoss' | 'importance' | 'featureDensity'>;

/** The selection with the first k restarts of each cell, for k = 1 … the most restarts any cell has. */
export function restartCurve(models: readonly RankedModel[]): RestartStep[] {
  const all = selectLowestLoss(models);
  const most = Math.max(0, ...models.map((m) => m.replica + 1));
  const out: RestartStep[] = [];
  for (let k = 1; k <= most; k++) {
    // the same cells, in the same order of first appearance, restricted to their first k replicas
    const kept = models.map((m, i) => ({ m, i })).filter(({ m }) => m.replica < k);
    const chosen = selectLowestLoss(kept.map(({ m }) => m)).map((j) => kept[j]!.i);
    let same = 0;
    let maxExcess = 0;
    let sumExcess = 0;
    chosen.forEach((i, c) => {
      const best = all[c]!;
      if (i === best) same++;
      const excess = lossForRanking(models[i]!) / lossForRanking(models[best]!) - 1;
      maxExcess = Math.max(maxExcess, excess);
      sumExcess += excess;
    });
    out.push({ restarts: k, sameChoice: same, cells: all.length, maxExcess, meanExcess: sumExcess / all.length });
  }
  return out;
}
