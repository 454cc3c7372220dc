// Learning dynamics ('dynamics'): Dᵢ of every feature through the weight snapshots, the jumps and the
// loss around them (analysis/dynamics.ts). The jump definition and the ±0.03 fraction band are the
// analysis' own, so that the prose counts what the figure marks and the check compares.

import { FINAL_FRACTION_TOLERANCE, JUMP, finalDigons } from '../../analysis/dynamics.ts';
import { DIMENSIONALITY_FRACTIONS, dimensionalitySum, fractionHistogram, nearestFraction } from '../../analysis/geometry.ts';
import type { DynamicsAnalysis, ModelAnalysis, ModelDynamics } from '../../analysis/types.ts';
import type { SlotContext, SlotFn } from './context.ts';
import { at, describeImportance, recipeLabel, type ExperimentFacts } from './facts.ts';
import { fmt, joinAnd, mdTable, plural, restartPhrase } from './format.ts';

export function dynamicsSlots(P: string): Record<string, SlotFn> {
  /** the experiment's facts and its dynamics; undefined (slot absent) when either is missing */
  const withDynamics =
    (fn: (f: ExperimentFacts, dyn: DynamicsAnalysis, shown: ModelDynamics, ctx: SlotContext) => string): SlotFn =>
    (ctx) => {
      const f = ctx.experiment(P);
      const dyn = f?.report.analysis.dynamics;
      const shown = dyn?.models[dyn.shown];
      return f && dyn && shown ? fn(f, dyn, shown, ctx) : undefined;
    };
  const modelOf = (f: ExperimentFacts, d: ModelDynamics): ModelAnalysis => at(f.report.analysis.models, d.model, 'models');
  const finalDims = (d: ModelDynamics): number[] => d.dimensionality[d.dimensionality.length - 1] ?? [];
  const unlearned = (d: ModelDynamics): number => finalDims(d).filter((v) => Math.abs(v) <= FINAL_FRACTION_TOLERANCE).length;
  const stepsOf = (d: ModelDynamics): number => d.steps[d.steps.length - 1] ?? 0;
  const interval = (d: ModelDynamics): number => (d.steps.length > 1 ? (d.steps[1] ?? 0) - (d.steps[0] ?? 0) : 0);
  /** a mean that may have nothing to average (NaN) */
  const e = (x: number): string => (Number.isFinite(x) ? fmt(x) : '—');

  const slots: Record<string, SlotFn> = {
    [`${P}.setup`]: withDynamics((f, dyn, shown, ctx) => {
      const densities = [...new Set(dyn.models.map((d) => modelOf(f, d).density))];
      return `We trained ${f.features} features in ${f.hidden} hidden dimensions with ${describeImportance(f.importance)}, a ReLU output and the ${recipeLabel(f, ctx.params, P)} recipe, at density ${joinAnd(densities.map((d) => `1−S = ${fmt(d)} (1/(1−S) = ${fmt(1 / d)})`))}, with ${restartPhrase(dyn.models.length)}. Every ${fmt(interval(shown))} steps of the ${fmt(stepsOf(shown))}, the train stage copied W and b of every model into a snapshot file (${plural(shown.steps.length, 'snapshot', 'snapshots')} per model, the first being the initial weights), and the analysis measured each snapshot's Dᵢ and its held-out loss.`;
    }),
    [`${P}.jump_definition`]: withDynamics(
      (_f, _dyn, shown) =>
        `We call it a jump when a feature's Dᵢ changes by at least ${fmt(JUMP.threshold)} within ${fmt(JUMP.windowFraction * 100)} % of the run (${fmt(JUMP.windowFraction * stepsOf(shown))} steps): scanning each feature's snapshots forward, the first later snapshot within that window whose Dᵢ differs by ${fmt(JUMP.threshold)} or more ends a jump, and the scan resumes there. Both numbers were fixed before the experiment's models were trained, after a pilot run on other seeds than the ones reported.`,
    ),
    [`${P}.selection`]: withDynamics((f, dyn, shown) => {
      const m = modelOf(f, shown);
      const counts = dyn.models.map((d) => `${finalDigons(d)}`);
      return `The model shown is chosen by a rule fixed in advance: the one with the most final Dᵢ within ±${fmt(FINAL_FRACTION_TOLERANCE)} of 1/2, ties going to the lowest held-out loss. The ${plural(dyn.models.length, 'restart ends', 'restarts end')} with ${joinAnd(counts)} such features; the model shown is restart ${m.replica} (held-out loss ${e(m.evalLoss)}).`;
    }),
    [`${P}.final_summary`]: withDynamics((f, _dyn, shown) => {
      const dims = finalDims(shown);
      const digons = finalDigons(shown);
      const zero = unlearned(shown);
      const other = dims.length - digons - zero;
      const represented = dims.length - zero;
      return `At the end of training, ${digons} of its ${f.features} features have Dᵢ within ±${fmt(FINAL_FRACTION_TOLERANCE)} of 1/2, ${zero} are at 0 (not learned) and ${other} ${other === 1 ? 'lies' : 'lie'} elsewhere; ${digons === represented && represented > 0 ? `every learned feature is one half of an antipodal pair, ${fmt(digons / 2)} pairs in ${f.hidden} dimensions` : `${represented - digons} learned ${represented - digons === 1 ? 'feature is' : 'features are'} not in an antipodal pair`}. The Dᵢ add up to ${fmt(dimensionalitySum(dims), 4)} against m = ${f.hidden}. By fraction:`;
    }),
    [`${P}.final_table`]: withDynamics((_f, _dyn, shown) => {
      const dims = finalDims(shown);
      const h = fractionHistogram(dims, FINAL_FRACTION_TOLERANCE);
      const zero = unlearned(shown);
      const rows = DIMENSIONALITY_FRACTIONS.map((fr, k) => [fr.label, fr.structure, String(h.counts[k] ?? 0)]);
      rows.push(['0', 'not learned', String(zero)]);
      rows.push(['—', 'none of these', String(dims.length - h.matched - zero)]);
      return mdTable(['final Dᵢ', 'arrangement', 'features'], rows);
    }),
    [`${P}.jumps_summary`]: withDynamics((_f, _dyn, shown) => {
      const jumps = shown.jumps;
      if (jumps.length === 0) return 'The model shown has no jump: no feature changes its Dᵢ that fast.';
      const features = new Set(jumps.map((j) => j.feature)).size;
      const up = jumps.filter((j) => j.toD > j.fromD).length;
      const first = Math.min(...jumps.map((j) => j.fromStep));
      const last = Math.max(...jumps.map((j) => j.toStep));
      const toHalf = jumps.filter((j) => nearestFraction(j.toD, FINAL_FRACTION_TOLERANCE, [{ value: 0.5 }]) === 0).length;
      const durations = jumps.map((j) => j.toStep - j.fromStep).sort((a, b) => a - b);
      const window = JUMP.windowFraction * stepsOf(shown);
      const full = durations.filter((d) => d >= window).length;
      const median =
        durations.length % 2 === 1
          ? (durations[(durations.length - 1) / 2] ?? 0)
          : ((durations[durations.length / 2 - 1] ?? 0) + (durations[durations.length / 2] ?? 0)) / 2;
      const gradual =
        full * 2 > jumps.length && window > interval(shown)
          ? ': most of these moves are gradual climbs that cover the threshold only over the whole window, not steps from one snapshot to the next'
          : '';
      return `The model shown makes ${plural(jumps.length, 'jump', 'jumps')}, by ${plural(features, 'feature', 'features')}, between steps ${fmt(first)} and ${fmt(last)}; ${up} go up and ${jumps.length - up} down, and ${toHalf} land within ±${fmt(FINAL_FRACTION_TOLERANCE)} of 1/2. The median jump takes ${fmt(median)} steps, and ${full} of the ${jumps.length} reach the threshold only at the far end of the ${fmt(window)}-step window${gradual}.`;
    }),
    [`${P}.loss_summary`]: withDynamics((_f, _dyn, shown) => {
      const d = shown.lossDrops;
      if (shown.jumps.length === 0) return 'With no jump there is nothing to compare the loss against.';
      const ratio = d.jumpMeanDrop / d.periodOtherMeanDrop;
      const period =
        d.periodOtherIntervals > 0
          ? `In the ${plural(d.periodOtherIntervals, 'other interval', 'other intervals')} between the first jump and the last it falls by ${e(d.periodOtherMeanDrop)}${Number.isFinite(ratio) && d.periodOtherMeanDrop > 0 ? `, ${fmt(ratio)} times less` : ''}.`
          : 'Jumps cover every interval between the first jump and the last, so that stage has no interval without one.';
      return `Per snapshot interval of ${fmt(interval(shown))} steps, the held-out loss falls by ${e(d.jumpMeanDrop)} on average in the ${plural(d.jumpIntervals, 'interval', 'intervals')} that some jump spans. ${period} Over all ${plural(d.otherIntervals, 'interval', 'intervals')} without a jump, including the steep fall at the start of training before any feature moves, the mean drop is ${e(d.otherMeanDrop)}.`;
    }),
    [`${P}.restarts_table`]: withDynamics((f, dyn) => {
      const rows = dyn.models.map((d, k) => {
        const m = modelOf(f, d);
        const dims = finalDims(d);
        const digons = finalDigons(d);
        const zero = unlearned(d);
        return [
          `${m.replica}${k === dyn.shown ? ' (shown)' : ''}`,
          String(digons),
          String(zero),
          String(dims.length - digons - zero),
          fmt(dimensionalitySum(dims), 4),
          String(d.jumps.length),
          e(d.lossDrops.jumpMeanDrop),
          e(d.lossDrops.periodOtherMeanDrop),
          e(m.evalLoss),
        ];
      });
      return mdTable(
        [
          'restart',
          'Dᵢ at 1/2',
          'Dᵢ at 0',
          'elsewhere',
          'Σ Dᵢ',
          'jumps',
          'loss drop per interval, in jumps',
          'elsewhere, same stage',
          'held-out loss',
        ],
        rows,
      );
    }),
  };
  return slots;
}
