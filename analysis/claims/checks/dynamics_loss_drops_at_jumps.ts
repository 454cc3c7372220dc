// The claim `dynamics_loss_drops_at_jumps`, one of the learning-dynamics claims
// (analysis/claims/dynamics.ts holds what they share).

import type { ModelDynamics } from '../../types.ts';
import { f, notJudged, passOrFail, put, type ClaimCheck } from '../common.ts';
import { DYNAMICS_TOLERANCES } from '../dynamics.ts';
import { defineClaim } from '../define.ts';

/**
 * Which models dynamics_loss_drops_at_jumps judges. 'pooled' (since the checks were reviewed against the
 * paper): every model of the seed whose snapshots allow the comparison, their jump intervals and their
 * other intervals of the same stage pooled; the paper describes what training does in this setting, not
 * one model. 'shown' (the first rule): the one model the section shows.
 */
export type DynamicsScope = 'pooled' | 'shown';

/** The models whose jumps and same-stage intervals can be compared (both sets non-empty, both means finite). */
function comparable(models: readonly ModelDynamics[]): ModelDynamics[] {
  return models.filter((m) => {
    const d = m.lossDrops;
    return m.jumps.length > 0 && d.periodOtherIntervals > 0 && Number.isFinite(d.jumpMeanDrop) && Number.isFinite(d.periodOtherMeanDrop);
  });
}

/** dynamics_loss_drops_at_jumps with the given scope (the registered check pools; 'shown' is kept for the table of changes). */
export function dynamicsLossDropsCheck(scope: DynamicsScope): ClaimCheck {
  return (a) => {
    const dyn = a.dynamics;
    const shown = dyn?.models[dyn.shown];
    if (dyn === undefined || shown === undefined) return null;
    const considered = scope === 'shown' ? [shown] : dyn.models;
    const usable = comparable(considered);
    const jumpIntervals = usable.reduce((n, m) => n + m.lossDrops.jumpIntervals, 0);
    const otherIntervals = usable.reduce((n, m) => n + m.lossDrops.periodOtherIntervals, 0);
    // means per interval over the pooled intervals (each model's mean weighted by its number of intervals)
    const jumpDrop = usable.reduce((acc, m) => acc + m.lossDrops.jumpMeanDrop * m.lossDrops.jumpIntervals, 0) / jumpIntervals;
    const otherDrop =
      usable.reduce((acc, m) => acc + m.lossDrops.periodOtherMeanDrop * m.lossDrops.periodOtherIntervals, 0) / otherIntervals;
    const jumps = considered.reduce((n, m) => n + m.jumps.length, 0);
    const numbers: Record<string, number> = {
      models: considered.length,
      comparableModels: usable.length,
      jumps,
      jumpIntervals,
      otherIntervalsInPeriod: otherIntervals,
    };
    put(numbers, 'jumpMeanDrop', jumpDrop);
    put(numbers, 'otherMeanDropInPeriod', otherDrop);
    const what = scope === 'shown' ? 'in the model shown' : `over every restart whose snapshots allow the comparison, pooled`;
    const expected = `(Our check; the paper states it in words only.) During training, features' dimensionalities jump between levels and the loss drops at each jump (checked ${what}: the mean held-out loss drop per snapshot interval inside jumps exceeds ${DYNAMICS_TOLERANCES.dropRatio === 1 ? '' : `${DYNAMICS_TOLERANCES.dropRatio} × `}the mean drop in the other intervals between the first jump and the last).`;
    if (usable.length === 0) {
      const reason =
        jumps === 0
          ? `no feature of the ${considered.length === 1 ? 'model' : `${considered.length} restarts`} jumps, so there is no jump at which to compare the loss`
          : `the ${jumps} jump${jumps === 1 ? '' : 's'} cover every interval between the first jump and the last${considered.length === 1 ? '' : ' of each restart'}, so there is no other interval of the same stage to compare with`;
      return notJudged('dynamics_loss_drops_at_jumps', expected, reason, numbers);
    }
    const e = (x: number): string => x.toExponential(2);
    return {
      id: 'dynamics_loss_drops_at_jumps',
      expected,
      observed: `${usable.length === 1 && considered.length === 1 ? 'The model shown has' : `${usable.length} of ${considered.length} restarts have`} ${plural(jumps, 'jump')} covering ${plural(jumpIntervals, 'snapshot interval')}, where the held-out loss falls by ${e(jumpDrop)} per interval on average, against ${e(otherDrop)} in the ${plural(otherIntervals, 'other interval')} of the same stage (ratio ${f(jumpDrop / otherDrop, 2)}).`,
      status: passOrFail(jumpDrop > DYNAMICS_TOLERANCES.dropRatio * otherDrop),
      numbers,
      headline: {
        label: 'loss drop per interval inside jumps ÷ elsewhere in the same stage',
        value: jumpDrop / otherDrop,
        paper: '> 1 (the loss drops at each jump)',
      },
    };
  };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** dynamics_loss_drops_at_jumps (ours): the held-out loss falls faster inside the jumps of Dᵢ than in the other intervals of the same stage. */
const checkDynamicsLossDrops: ClaimCheck = dynamicsLossDropsCheck('pooled');

export default defineClaim({
  id: 'dynamics_loss_drops_at_jumps',
  title: 'the loss drops when feature dimensionalities jump (ours)',
  check: checkDynamicsLossDrops,
});
