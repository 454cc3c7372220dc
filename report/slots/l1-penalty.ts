// The L1-penalty sweep ('l1-penalty', analysis/l1-sweep.ts): what the penalty does to the 20 → 5 model's
// superposition at each λ, and where (at which λ and which loss) superposition is gone. The first base
// seed's cells give the table; the claim's per-seed numbers give the across-seed summary.

import { noSuperposition } from '../../analysis/claims/checks/no_superposition_L1.ts';
import type { L1SweepCell } from '../../analysis/l1-sweep.ts';
import { representedFeatures } from '../../analysis/metrics.ts';
import type { SlotContext, SlotFn } from './context.ts';
import { at, describeImportance, recipeLabel, type ExperimentFacts } from './facts.ts';
import { featureList, fmt, joinAnd, mdTable, plural } from './format.ts';

const CLAIM = 'no_superposition_L1';

export function l1PenaltySlots(P: string): Record<string, SlotFn> {
  const withSweep =
    (fn: (f: ExperimentFacts, cells: L1SweepCell[], ctx: SlotContext) => string): SlotFn =>
    (ctx) => {
      const f = ctx.experiment(P);
      const cells = f?.report.analysis.derived?.l1SweepCells;
      return f && cells && cells.length > 0 ? fn(f, cells, ctx) : undefined;
    };
  const lambdas = (cells: readonly L1SweepCell[]): number[] =>
    [...new Set(cells.flatMap((c) => c.points.map((p) => p.l1)))].sort((a, b) => a - b);

  return {
    [`${P}.setup`]: withSweep((f, cells, ctx) => {
      const seeds = f.report.seeds.length;
      return `We trained the ReLU output model of Section 3 (${f.features} features, ${f.hidden} hidden dimensions, ${describeImportance(f.importance)}) with the ${recipeLabel(f, ctx.params, P)} recipe at ${plural(cells.length, 'density', 'densities')} 1−S = ${joinAnd(cells.map((c) => fmt(c.density)))}, where the unpenalised model is in superposition, adding λ Σₖ |hₖ| to each example's loss (reduced like the reconstruction error, a mean over the batch and the features) with λ = ${joinAnd(lambdas(cells).map((l) => fmt(l)))}: one model per λ and density, on ${plural(seeds, 'base seed', 'base seeds')}. λ = 0 is the unpenalised model, trained by the same code as Section 3's. The loss we report is the reconstruction error alone on held-out samples; the penalty is a training device, not part of the error.`;
    }),
    [`${P}.table`]: withSweep((f, cells) => {
      const rows: string[][] = [];
      for (const cell of cells) {
        const base = cell.points[0]?.evalLoss ?? Number.NaN;
        for (const p of cell.points) {
          const m = at(f.report.analysis.models, p.model, 'models');
          rows.push([
            fmt(cell.density),
            fmt(p.l1),
            String(p.represented),
            String(p.superposed),
            featureList(representedFeatures(m.norms)),
            fmt(p.dStar),
            fmt(p.evalLoss / base),
          ]);
        }
      }
      return mdTable(['1−S', 'λ', 'represented', 'in superposition', 'features represented', 'D*', 'held-out loss ÷ λ = 0'], rows);
    }),
    [`${P}.summary`]: withSweep((f, cells) => {
      const parts = cells.map((cell) => {
        const first = cell.points[0];
        const free = cell.points.find((p) => noSuperposition(p, f.hidden));
        if (first === undefined) return '';
        const head = `At 1−S = ${fmt(cell.density)} the unpenalised model represents ${first.represented} features, ${first.superposed} of them in superposition`;
        if (free === undefined) return `${head}, and no λ of the sweep removes the superposition`;
        const kept = representedFeatures(at(f.report.analysis.models, free.model, 'models').norms);
        const topM = kept.length === f.hidden && kept.every((i, k) => i === k);
        return `${head}; the smallest λ that leaves none is ${fmt(free.l1)}, where the model keeps ${plural(kept.length, 'feature', 'features')} (${featureList(kept)}), all orthogonal${topM ? `: exactly the no-superposition solution of Section 3, the ${f.hidden} most important features` : ''}, at ${fmt(free.evalLoss / first.evalLoss)} times the unpenalised held-out loss`;
      });
      return `${parts.filter((p) => p !== '').join('. ')}. Past that point the penalty keeps shrinking the model: at λ = ${fmt(lambdas(cells).at(-1) ?? Number.NaN)} it represents ${joinAnd(cells.map((c) => `${c.points.at(-1)?.represented ?? 0} at 1−S = ${fmt(c.density)}`))}.`;
    }),
    [`${P}.seeds`]: (ctx) => {
      const f = ctx.experiment(P);
      const claim = f?.report.claims.find((c) => c.id === CLAIM);
      if (f === undefined || claim === undefined) return undefined;
      const cells = f.report.analysis.derived?.l1SweepCells ?? [];
      const perDensity = cells.map((cell) => {
        const key = `s=${String(Number(cell.density.toPrecision(3)))}:lambda_free`;
        const values = claim.seeds.map((o) => o.numbers[key]).filter((v): v is number => v !== undefined);
        const distinct = [...new Set(values)].sort((a, b) => a - b);
        const where = `at 1−S = ${fmt(cell.density)}`;
        if (values.length === 0) return `${where}, no λ of the sweep on any seed`;
        const onSome =
          values.length === claim.seeds.length
            ? ''
            : ` (on ${values.length} of ${claim.seeds.length} seeds; on the others no λ of the sweep)`;
        return `${where}, λ = ${joinAnd(distinct.map((v) => `${fmt(v)} on ${plural(values.filter((x) => x === v).length, 'seed', 'seeds')}`))}${onSome}`;
      });
      return `Over the ${plural(claim.seeds.length, 'base seed', 'base seeds')}, the smallest λ free of superposition was, ${perDensity.join('; ')}.`;
    },
  };
}
