// Would more restarts change the regime a privileged-basis density shows? The paper keeps the lowest-loss
// of 1,000 fits per density; we train far fewer. For every (run, density) cell and every k up to the
// restarts trained, the model the first k restarts (replicas 0 … k − 1, the order they were drawn in)
// would have selected, its loss and its regime (features represented, monosemantic neurons). Where the
// regime of the best-of-k model stops changing long before the last restart, more restarts are unlikely
// to change what the report shows; where it changes late, the count is less settled.

import { lossForRanking } from './metrics.ts';
import { neuronRegime, sameRegime, type NeuronRegime } from './neurons.ts';
import type { ModelAnalysis } from './types.ts';

export interface RegimeStep extends NeuronRegime {
  /** restarts considered: replicas 0 … k − 1 */
  restarts: number;
  /** position in the experiment's models of the best of them (lowest loss, ties → lowest replica) */
  model: number;
  replica: number;
  /** its loss (the exact expected loss where the analysis has one, else the held-out loss) */
  loss: number;
}

export interface RegimeConvergenceCell {
  run: number;
  density: number;
  /** one step per k = 1 … the cell's restarts */
  steps: RegimeStep[];
  /** the last k whose best-of-k regime differs from that of k − 1 (1 when the first restart's regime is never replaced) */
  lastRegimeChange: number;
  /** the first k whose best-of-k model is the best of all restarts (its replica + 1) */
  bestFoundAt: number;
}

type CellModel = Pick<ModelAnalysis, 'run' | 'density' | 'replica' | 'evalLoss' | 'expectedLoss' | 'W'>;

/**
 * The best-of-k curve of every (run, density) cell of the models that `include` accepts (all when left
 * out), in order of first appearance; `model` positions index the whole list.
 */
export function regimeConvergence<M extends CellModel>(
  models: readonly M[],
  include: (m: M) => boolean = () => true,
): RegimeConvergenceCell[] {
  const cells = new Map<string, number[]>();
  models.forEach((m, i) => {
    if (!include(m)) return;
    const key = `${m.run}|${m.density}`;
    const list = cells.get(key);
    if (list === undefined) cells.set(key, [i]);
    else list.push(i);
  });
  const out: RegimeConvergenceCell[] = [];
  for (const positions of cells.values()) {
    const byReplica = [...positions].sort((a, b) => (models[a] as CellModel).replica - (models[b] as CellModel).replica);
    const first = models[byReplica[0] as number] as CellModel;
    const steps: RegimeStep[] = [];
    let best = -1;
    for (const i of byReplica) {
      const m = models[i] as CellModel;
      // strictly lower wins, so a tie keeps the earlier (lower) replica, as selectLowestLoss does
      if (best < 0 || lossForRanking(m) < lossForRanking(models[best] as CellModel)) best = i;
      const chosen = models[best] as CellModel;
      const regime =
        steps.length > 0 && steps[steps.length - 1]?.model === best ? (steps[steps.length - 1] as RegimeStep) : neuronRegime(chosen.W);
      steps.push({
        restarts: steps.length + 1,
        model: best,
        replica: chosen.replica,
        loss: lossForRanking(chosen),
        represented: regime.represented,
        monosemantic: regime.monosemantic,
      });
    }
    let lastRegimeChange = 1;
    steps.forEach((step, k) => {
      const prev = steps[k - 1];
      if (prev !== undefined && !sameRegime(prev, step)) lastRegimeChange = step.restarts;
    });
    const final = steps[steps.length - 1] as RegimeStep;
    const bestFoundAt = (steps.find((step) => step.model === final.model) as RegimeStep).restarts;
    out.push({ run: first.run, density: first.density, steps, lastRegimeChange, bestFoundAt });
  }
  return out;
}
