// The methods a reader needs to reimplement the runs: which base seeds each experiment uses and why, how the
// restarts are ranked, each run's initial spread and optimizer constants, and how the exact expected loss is
// computed. Every number comes from the code or the parameters.

import { EXPECTED_LOSS_BUDGET, EXPECTED_LOSS_MAX_FEATURES } from '../../analysis/expected-loss.ts';
import type { SlotFn } from './context.ts';
import { escapeMd, fmt, fmtExact, joinAnd, mdTable, superscript } from './format.ts';
import { orderedExperimentIds } from './context.ts';
import { num } from './params-view.ts';
import { UNIFORM_BITS } from '../../data/synthetic.ts';

export function methodsSlots(): Record<string, SlotFn> {
  return {
    'methods.seeds_table': (ctx) => {
      const all = Array.isArray(ctx.params.baseSeeds) ? ctx.params.baseSeeds.length : 0;
      const rows = orderedExperimentIds(ctx.input).map((id) => {
        const e = ctx.input.experiments[id]!;
        // the work of one seed's training, a function of the parameters (its time is in the run record)
        let examples = 0;
        for (const m of e.analysis.models) {
          const run = ctx.input.training.find((t) => t.experiment === id && t.run === m.run);
          if (run !== undefined) examples += run.steps * run.batch;
        }
        return [`\`${id}\``, `${e.seeds.length} of ${all}`, e.seeds.join(', '), fmt(examples / 1e6)];
      });
      return mdTable(['experiment', 'base seeds', 'which', "one seed's training examples (millions)"], rows);
    },
    'methods.capped_seeds': (ctx) => {
      const all = Array.isArray(ctx.params.baseSeeds) ? ctx.params.baseSeeds.length : 0;
      const capped = orderedExperimentIds(ctx.input).filter((id) => (ctx.input.experiments[id]?.seeds.length ?? all) < all);
      if (capped.length === 0) return `Every experiment is trained and judged on all ${all} base seeds.`;
      const small = ctx.input.experiments['uniform-small'];
      return `Every experiment is trained and judged on all ${all} base seeds except ${joinAnd(capped.map((id) => `\`${id}\` (${ctx.input.experiments[id]!.seeds.length})`))}, whose training on one seed is among the longest of the pipeline (many examples, the table's last column, or large models, the experiments table above; how long each node took is in the run record, Section 18): fewer seeds keep the cold run within its time budget, so their claims rest on fewer seeds${small !== undefined && small.seeds.length === all ? ', and the smaller `uniform-small` repeats the uniform-superposition claims on every seed' : ''}.`;
    },
    'methods.ranking_table': (ctx) => {
      const rows = orderedExperimentIds(ctx.input).map((id) => {
        const a = ctx.input.experiments[id]!.analysis;
        const restarts = Math.max(...a.models.map((m) => m.replica + 1));
        const samples = num(ctx.params.experiments.find(([name]) => name === id)?.[1]['eval_samples']);
        return [
          `\`${id}\``,
          `${a.features} → ${a.hidden}`,
          String(restarts),
          a.ranking === 'expected' ? 'exact expected loss' : `held-out loss on ${samples ?? '?'} samples per model`,
        ];
      });
      return mdTable(['experiment', 'features → hidden', 'restarts per cell', 'restarts ranked by'], rows);
    },
    'methods.training_table': (ctx) => {
      const rows = ctx.input.training.map((t) => {
        const o = t.optimizer;
        const constants =
          o.kind === 'sgd'
            ? 'no momentum'
            : o.kind === 'rmsprop'
              ? `α = ${fmtExact(o.alpha)}, ε = ${fmtExact(o.eps)}, no momentum`
              : `β₁ = ${fmtExact(o.beta1)}, β₂ = ${fmtExact(o.beta2)}, ε = ${fmtExact(o.eps)}`;
        const decay = o.kind === 'adamw' ? `${fmtExact(o.weightDecay)}, decoupled, on W and b` : 'none';
        return [
          `\`${t.experiment}\``,
          String(t.run),
          fmt(t.initW, 4),
          t.initB === 0 ? '0 (b starts at zero)' : fmt(t.initB, 4),
          escapeMd(o.kind),
          fmtExact(o.lr),
          constants,
          decay,
        ];
      });
      return mdTable(
        ['experiment', 'run', 'initial W: std', 'initial b: std', 'optimizer', 'learning rate', 'constants', 'weight decay'],
        rows,
      );
    },
    'methods.stream': () => {
      const bits = UNIFORM_BITS;
      return `four 32-bit sfc32 generators side by side, seeded from the model's own seed; a word w gives the uniform u = ⌊w / 2${superscript(32 - bits)}⌋ · 2${superscript(-bits)}, so a feature of density p is kept with probability ⌈p·2^${bits}⌉ / 2^${bits}, within ${fmt(2 ** -bits)} of p`;
    },
    'methods.expected_loss': () =>
      `For an experiment with at most ${EXPECTED_LOSS_MAX_FEATURES} features the analysis enumerates every pattern of active features with its exact probability: an independent feature is active with its density p, a correlated set is active (all members at once) with the density of its first member, and an anticorrelated set is active with that density and then has exactly one member on, chosen uniformly. Given a pattern, the active values are independent and uniform on [0, 1), and each output's squared error is a piecewise quadratic in them with one kink (the ReLU). One active value is integrated exactly, piece by piece; the others with composite two-point Gauss–Legendre quadrature, which is exact for a linear model and converges with the square of the panel width across a kink. Each pattern gets nodes in proportion to its probability (${EXPECTED_LOSS_BUDGET.total} in all, at least ${EXPECTED_LOSS_BUDGET.perPattern} per pattern, at most ${EXPECTED_LOSS_BUDGET.maxPanels} panels per integrated value). A test checks the result against the closed forms of the phase-change configurations and against the moments of a linear model to rounding, and against a large held-out sample for ReLU models with and without feature sets`,
  };
}
