// Adversarial training (Section 10.1, 'adversarial-training', analysis/adversarial-training.ts): what training
// under the analytic attack does to superposition, to the clean loss and to vulnerability, per density and
// attack size, for attacks sized by the average input norm (the ones the claim judges) and by each example's
// own norm. The first base seed's cells give the table and the prose; the claim's per-seed numbers give the
// across-seed summary. The rule's thresholds are the claim's own constants, so the text states the rule the
// check applied.

import type { AdversarialTrainingCell, AdversarialTrainingPoint } from '../../analysis/adversarial-training.ts';
import { ADVERSARIAL_TRAINING_RULES, judgeDensity } from '../../analysis/claims/checks/adversarial_training_late.ts';
import { s } from '../../analysis/claims/common.ts';
import { REPRESENTED_NORM } from '../../analysis/metrics.ts';
import type { SlotContext, SlotFn } from './context.ts';
import { describeImportance, recipeLabel, type ExperimentFacts } from './facts.ts';
import { fmt, joinAnd, mdTable, plural } from './format.ts';
import { fmtParam } from './params-view.ts';

const CLAIM = 'adversarial_training_late';

export function adversarialTrainingSlots(P: string, reference: string): Record<string, SlotFn> {
  const R = ADVERSARIAL_TRAINING_RULES;
  const quarter = `${fmt(R.reduction * 100)} %`;
  const withSweep =
    (fn: (f: ExperimentFacts, cells: AdversarialTrainingCell[], ctx: SlotContext) => string): SlotFn =>
    (ctx) => {
      const f = ctx.experiment(P);
      if (f === undefined) return undefined;
      const cells = f.report.analysis.derived?.adversarialTrainingCells ?? [];
      return cells.length > 0 ? fn(f, cells, ctx) : `*(The analysis of \`${P}\` holds no model trained under attack.)*`;
    };
  const sizes = (points: readonly AdversarialTrainingPoint[]): number[] =>
    [...new Set(points.map((p) => p.attack).filter((a) => a > 0))].sort((a, b) => a - b);
  const unattacked = (cell: AdversarialTrainingCell): AdversarialTrainingPoint | undefined => cell.points.find((p) => p.attack === 0);
  /** "1.5 features per dimension", "1 feature per dimension" */
  const perDimension = (x: number): string => `${fmt(x)} ${fmt(x) === '1' ? 'feature' : 'features'} per dimension`;
  /** the batch of an experiment's first run, as configured */
  const batchOf = (ctx: SlotContext, id: string): string | undefined => {
    const v = ctx.params.runs.find((r) => r.experiment === id)?.settings.get('batch');
    return v === undefined ? undefined : fmtParam(v);
  };

  return {
    [`${P}.setup`]: withSweep((f, cells, ctx) => {
      const seeds = f.report.seeds.length;
      const average = sizes(cells.flatMap((c) => c.points));
      const example = sizes(cells.flatMap((c) => c.perExample));
      const batch = batchOf(ctx, P);
      const referenceBatch = batchOf(ctx, reference);
      const batchNote =
        batch === undefined || referenceBatch === undefined || batch === referenceBatch
          ? ''
          : ` (with ${batch} examples per step, where Section 5.3 uses ${referenceBatch})`;
      return (
        `We trained the uniform-superposition model of Section 5.3 (${f.features} features, ${f.hidden} hidden dimensions, ${describeImportance(f.importance)}, a ReLU output) ` +
        `with the ${recipeLabel(f, ctx.params, P)} recipe${batchNote} at ${plural(cells.length, 'density', 'densities')} 1−S = ${joinAnd(cells.map((c) => fmt(c.density)))}: ` +
        `once without attack and once under each attack size a = ${joinAnd(average.map((a) => fmt(a)))} times the average input norm` +
        `${example.length > 0 ? `, and again at a = ${joinAnd(example.map((a) => fmt(a)))} times each example's own norm` : ''}; ` +
        `one model per setting, on ${plural(seeds, 'base seed', 'base seeds')}. ` +
        `The average input norm E‖x‖₂ is ${joinAnd(cells.map((c) => `${fmt(c.averageInputNorm)} at 1−S = ${fmt(c.density)}`))}, so the same fraction a is a shorter step at a sparser density.`
      );
    }),
    [`${P}.rule`]: () =>
      `The check takes the excess ‖W‖²/m − 1 over a model without superposition and, at every density whose model trained without attack stores at least ${fmt(R.minFeaturesPerDimension)} features per dimension, ` +
      `asks for two things of the attacks sized by the average input norm: that none of at most ${fmt(R.smallAttack)} × the norm removes ${quarter} or more of that excess (the paper's "only"), ` +
      `and that some attack of at most ${fmt(R.paperAttack)} × does (its "at ~80 %").`,
    [`${P}.table`]: withSweep((_f, cells) => {
      const rows: string[][] = [];
      for (const cell of cells) {
        const series: Array<['average' | 'example', string, readonly AdversarialTrainingPoint[]]> = [
          ['average', 'average', cell.points],
          ['example', 'each example', cell.perExample],
        ];
        for (const [which, label, points] of series) {
          const outcome = judgeDensity(cell, which);
          for (const p of points) {
            const left = outcome.remaining.find((r) => r.attack === p.attack)?.share;
            rows.push([
              fmt(cell.density),
              fmt(p.attack),
              p.attack === 0 ? '—' : label,
              fmt(p.featuresPerDimension),
              String(p.represented),
              p.attack === 0 && outcome.judged ? '1' : left === undefined ? '—' : fmt(left),
              fmt(p.evalLoss),
              fmt(p.relativeVulnerability),
            ]);
          }
        }
      }
      return mdTable(
        ['1−S', 'attack a', 'a × which norm', '‖W‖²/m', 'represented', 'excess left', 'clean held-out loss', 'relative vulnerability'],
        rows,
      );
    }),
    [`${P}.summary`]: withSweep((_f, cells) => {
      const parts = cells.map((cell) => {
        const base = unattacked(cell);
        const last = cell.points.at(-1);
        if (base === undefined || last === undefined) return `At 1−S = ${fmt(cell.density)} no model was trained without attack`;
        const outcome = judgeDensity(cell);
        const head =
          `At 1−S = ${fmt(cell.density)} the model trained without attack stores ${perDimension(base.featuresPerDimension)} ` +
          `(${base.represented} features represented), with relative vulnerability ${fmt(base.relativeVulnerability)}`;
        const first = cell.points.find((p) => p.attack === outcome.firstReducing);
        const where = !outcome.judged
          ? ', too little superposition for the check to judge'
          : first === undefined
            ? `; no attack of the sweep removes ${quarter} of its excess`
            : `; the smallest attack that removes ${quarter} of its excess is ${fmt(first.attack)} (${perDimension(first.featuresPerDimension)}, ${first.represented} represented)`;
        const end =
          last === base
            ? ''
            : `. Under the largest attack, ${fmt(last.attack)}, it stores ${perDimension(last.featuresPerDimension)} (${last.represented} represented), ` +
              `with relative vulnerability ${fmt(last.relativeVulnerability)}, at ${fmt(last.evalLoss / base.evalLoss)} times the clean held-out loss of the model trained without attack`;
        return `${head}${where}${end}`;
      });
      return `${parts.join('. ')}.`;
    }),
    [`${P}.vulnerability`]: withSweep((_f, cells) => {
      let everyLower = true;
      const parts = cells.flatMap((cell) => {
        const base = unattacked(cell);
        const attacked = cell.points.filter((p) => p.attack > 0);
        if (base === undefined || attacked.length === 0) return [];
        if (!attacked.some((p) => p.relativeVulnerability < base.relativeVulnerability)) everyLower = false;
        const below = attacked.find((p) => p.relativeVulnerability < 1);
        return [
          `at 1−S = ${fmt(cell.density)} from ${fmt(base.relativeVulnerability)} without attack to ` +
            (below === undefined
              ? `no less than ${fmt(Math.min(...attacked.map((p) => p.relativeVulnerability)))}`
              : `below the orthogonal model's 1 first at a = ${fmt(below.attack)} (${fmt(below.relativeVulnerability)})`),
        ];
      });
      if (parts.length === 0) return '';
      const negative = cells.flatMap((c) => [...c.points, ...c.perExample]).filter((p) => p.relativeVulnerability < 0).length;
      const negativeNote =
        negative === 0
          ? ''
          : ` For ${plural(negative, 'model', 'models')} it is negative: even the worst single-feature attack at the evaluation budget lowers the clean-target loss, as it can when the trained model's outputs fall short of the inputs and a push along a feature's direction brings some of them closer.`;
      const lead = everyLower
        ? 'the training makes the model less vulnerable: relative vulnerability falls'
        : 'the training does not make the model less vulnerable at every density: relative vulnerability goes';
      return `Measured against the orthogonal model at the paper's evaluation budget, ${lead} ${parts.join('; ')}.${negativeNote}`;
    }),
    [`${P}.shrink`]: withSweep((f, cells) => {
      const below = cells.flatMap((c) =>
        [...c.points, ...c.perExample].filter((p) => p.attack > 0 && p.featuresPerDimension < 1).map((p) => ({ cell: c, p })),
      );
      if (below.length === 0) return 'No trained model falls below one feature per dimension.';
      const lowest = below.reduce((a, b) => (b.p.featuresPerDimension < a.p.featuresPerDimension ? b : a));
      const fewest = Math.min(...below.map((b) => b.p.represented));
      return (
        `${plural(below.length, 'trained model stores', 'trained models store')} fewer than one feature per dimension, as few as ${fmt(lowest.p.featuresPerDimension)} ` +
        `(1−S = ${fmt(lowest.cell.density)}, a = ${fmt(lowest.p.attack)}), and represent as few as ${plural(fewest, 'feature', 'features')} with ‖Wᵢ‖ > ${fmt(REPRESENTED_NORM)} in ${f.hidden} dimensions. ` +
        `Under such attacks the model does not settle on m orthogonal features, the solution without superposition: it shrinks its weights and drops features, so part of the fall in ‖W‖²/m is lost features rather than features pulled apart.`
      );
    }),
    [`${P}.per_example`]: withSweep((_f, cells) => {
      const parts: string[] = [];
      const differs: string[] = [];
      let compared = 0;
      for (const cell of cells) {
        const example = judgeDensity(cell, 'example');
        if (!example.judged || example.remaining.length === 0) continue;
        const average = judgeDensity(cell);
        const pairs = example.remaining.map((r) => {
          const same = average.remaining.find((q) => q.attack === r.attack);
          return `${fmt(r.share)} at a = ${fmt(r.attack)}${same === undefined ? '' : ` (${fmt(same.share)} with the average norm)`}`;
        });
        parts.push(`at 1−S = ${fmt(cell.density)} they leave ${joinAnd(pairs)} of the excess`);
        compared++;
        const passes = (o: typeof example): boolean => o.lateEnough && o.reducedByPaperAttack;
        if (passes(example) !== passes(average)) differs.push(`1−S = ${fmt(cell.density)}`);
      }
      if (compared === 0) return 'No density has attacks sized by each example’s norm to compare.';
      const verdict =
        differs.length === 0
          ? `Judged by the same rule, they give the same outcome as the attacks sized by the average norm at ${compared === 1 ? 'the one density' : `all ${compared} densities`}, so the reading of "the input norm" does not decide the verdict.`
          : `Judged by the same rule, they would give a different outcome at ${joinAnd(differs)} (of ${plural(compared, 'density', 'densities')}), so there the reading of "the input norm" matters.`;
      return `Sized by each example's own norm instead, ${parts.join('; ')}. ${verdict}`;
    }),
    [`${P}.seeds`]: (ctx) => {
      const f = ctx.experiment(P);
      const claim = f?.report.claims.find((c) => c.id === CLAIM);
      if (f === undefined) return undefined;
      if (claim === undefined) return `(No check \`${CLAIM}\` was reported for \`${P}\`.)`;
      const cells = f.report.analysis.derived?.adversarialTrainingCells ?? [];
      /** "0.2 on 2 seeds", "no attack of the sweep on 1 seed", over the seeds that judged the density */
      const tallyOf = (values: ReadonlyArray<number | undefined>): string => {
        const found = values.filter((v): v is number => v !== undefined);
        const listed = [...new Set(found)]
          .sort((a, b) => a - b)
          .map((v) => `${fmt(v)} on ${plural(found.filter((x) => x === v).length, 'seed', 'seeds')}`);
        const none = values.length - found.length;
        if (none > 0) listed.push(`none of the sweep on ${plural(none, 'seed', 'seeds')}`);
        return joinAnd(listed);
      };
      const perDensity = cells.map((cell) => {
        const k = `s=${s(cell.density)}`;
        const judged = claim.seeds.filter((o) => o.numbers[`${k}:pass`] !== undefined);
        const where = `at 1−S = ${fmt(cell.density)}`;
        if (judged.length === 0) return `${where}, not judged on any seed (too little superposition without attack)`;
        const unjudged = claim.seeds.length - judged.length;
        const example =
          cell.perExample.length > 0
            ? ` (each example's norm: ${tallyOf(judged.map((o) => o.numbers[`${k}:example_first_reducing`]))})`
            : '';
        return `${where}, ${tallyOf(judged.map((o) => o.numbers[`${k}:first_reducing`]))}${example}${unjudged > 0 ? `, not judged on ${unjudged}` : ''}`;
      });
      return `Over the ${plural(claim.seeds.length, 'base seed', 'base seeds')}, the smallest attack sized by the average norm that removed ${quarter} of the excess was, ${perDensity.join('; ')}.`;
    },
  };
}
