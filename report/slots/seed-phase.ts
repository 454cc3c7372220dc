// The seed draft's phase-change protocol ('seed-phase-n2m1'), read its own way and the paper's.

import { agreementFraction } from '../../analysis/phase.ts';
import {
  SEED_CLASSES,
  SEED_CLASS_LABELS,
  SEED_DRAFT,
  SEED_RULE,
  seedCounts,
  type SeedCell,
  type SeedClass,
} from '../../analysis/seed-phase.ts';
import { withExperiment, type SlotContext, type SlotFn } from './context.ts';
import { sameDensity, type ExperimentFacts } from './facts.ts';
import { escapeMd, fmt, joinAnd } from './format.ts';
import { fmtParam } from './params-view.ts';
import { agreementPhrase, gridConfusion, gridPhrase } from './phase-grid.ts';

export function seedPhaseSlots(P: string): Record<string, SlotFn> {
  const withFacts = withExperiment(P);
  const cellsOf = (f: ExperimentFacts): SeedCell[] => f.report.analysis.derived?.seedCells ?? [];
  const label = (c: SeedClass): string => SEED_CLASS_LABELS[c];
  const raw = (ctx: SlotContext, key: string): string =>
    fmtParam(ctx.params.runs.find((r) => r.experiment === P)?.settings.get(key)).replace(/`/g, "'");
  const setting = (ctx: SlotContext, key: string): string => escapeMd(raw(ctx, key));
  const slots: Record<string, SlotFn> = {
    [`${P}.recipe_summary`]: withFacts(
      (_f, ctx) =>
        `initial weights W ~ N(0, 1)·${setting(ctx, 'init_scale')} and biases b ~ N(0, 1)·${setting(ctx, 'bias_scale')}, the ${setting(ctx, 'optimizer')} optimiser at learning rate ${setting(ctx, 'lr')}, ${setting(ctx, 'steps')} batches of ${setting(ctx, 'batch')} examples that share one mask (\`${raw(ctx, 'mask')}\`), and a loss summed over the batch (\`${raw(ctx, 'loss')}\`)`,
    ),
    [`${P}.draft_scale`]: () =>
      `The draft itself used a linear grid of ${fmt(SEED_DRAFT.densities, 4)} densities by ${fmt(SEED_DRAFT.importances, 4)} importances and trained ${fmt(SEED_DRAFT.repeats)} repeats of ${fmt(SEED_DRAFT.modelsPerRepeat, 6)} models`,
    [`${P}.grid`]: withFacts((f) => gridPhrase(cellsOf(f), f.report.analysis.models.length)),
    [`${P}.rule`]: withFacts((f) => {
      const n = Math.max(0, ...cellsOf(f).map((c) => c.models));
      return `a run is "first only" when |w1| > ${fmt(SEED_RULE.strong)} and |w2| < ${fmt(SEED_RULE.weak)}, "second only" when |w1| < ${fmt(SEED_RULE.weak)} and |w2| > ${fmt(SEED_RULE.strong)}, and a point takes a class when more than ${fmt(SEED_RULE.majority * n)} of its ${n} runs fall in it; every other point stays white, and no run is discarded`;
    }),
    [`${P}.agreement_summary`]: withFacts((f, ctx) => {
      const cells = cellsOf(f);
      if (cells.length === 0) return 'No model of this experiment has its own importance, so there is no grid to compare.';
      const counts = seedCounts(cells.map((c) => c.phase));
      const paper = f.report.analysis.derived?.phaseCells ?? [];
      const nb = ctx.experiment('phase-n2m1');
      const nbCells = nb ? (nb.report.analysis.derived?.phaseCells ?? []) : [];
      const same = paper.filter((c) =>
        nbCells.some((d) => sameDensity(d.density, c.density) && Math.abs(d.r - c.r) <= 1e-9 * c.r && d.phase === c.phase),
      ).length;
      return (
        `Read the draft's way, ${agreementPhrase(cells)} match the theory translated into its classes (the extra feature left out → first only, the extra feature on the neuron → second only, an antipodal pair → white); the map has ${joinAnd(SEED_CLASSES.map((c) => `${counts[c]} ${label(c)}`))} points. ` +
        `Read with the paper's protocol and our thresholds instead, the same models agree with the theory on ${agreementPhrase(paper)}` +
        (nb && nbCells.length > 0
          ? `, against ${fmt(agreementFraction(nbCells) * 100)} % for the notebook recipe, and the two recipes give the same phase on ${same} of the ${paper.length} cells.`
          : '.')
      );
    }),
    [`${P}.confusion_table`]: withFacts((f) => gridConfusion(cellsOf(f), SEED_CLASSES, label)),
  };
  return slots;
}
