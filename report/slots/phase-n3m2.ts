// The phase change one size up ('phase-n3m2'): three features in two dimensions, four configurations.

import { PHASE_TOLERANCES } from '../../analysis/claims.ts';
import { PHASE_THRESHOLDS, agreementFraction } from '../../analysis/phase.ts';
import {
  N3M2_LABELS,
  N3M2_ORTHOGONAL_TO,
  N3M2_PHASES,
  QUADRUPLE_POINT,
  n3m2Counts,
  n3m2ModelConfusion,
  type N3m2Cell,
  type N3m2Phase,
} from '../../analysis/phase-n3m2.ts';
import { withExperiment, type SlotFn } from './context.ts';
import { recipeLabel, type ExperimentFacts } from './facts.ts';
import { capitalise, fmt, joinAnd } from './format.ts';
import { agreementPhrase, gridConfusion, gridPhrase } from './phase-grid.ts';

export function phaseN3m2Slots(P: string): Record<string, SlotFn> {
  const withFacts = withExperiment(P);
  const cellsOf = (f: ExperimentFacts): N3m2Cell[] => f.report.analysis.derived?.n3m2Cells ?? [];
  const label = (p: N3m2Phase): string => `${N3M2_ORTHOGONAL_TO[p]} (${N3M2_LABELS[p]})`;
  const T = PHASE_THRESHOLDS;
  const slots: Record<string, SlotFn> = {
    [`${P}.recipe`]: withFacts((f, ctx) => recipeLabel(f, ctx.params, P)),
    [`${P}.grid`]: withFacts((f) => gridPhrase(cellsOf(f), f.report.analysis.models.length)),
    'phase-n3m2.configurations': () =>
      'W⊥[0,0,1] leaves the extra feature out and gives each normal feature a direction, r(s/3 − s²/4); W⊥[1,0,0] drops a normal feature instead, s/3 − s²/4; W⊥[1,1,0] stores the two normal features as an antipodal pair and gives the extra one the other direction, s²/3; and W⊥[0,1,1] pairs the extra feature antipodally with one normal feature, (1 + r)s²/6',
    'phase-n3m2.theory_summary': () =>
      `For r < 1 only the first and last compete, exactly as in the one-neuron case: the extra feature is left out above s = 4r/(2 + 5r) and joins a pair below it (s = ${fmt((4 * 0.1) / (2 + 5 * 0.1))} at r = ${fmt(0.1)}). For r > 1 the extra feature always keeps a direction of its own; what changes is how the normal features share the other one: one of them is dropped above s = 4/7 ≈ ${fmt(QUADRUPLE_POINT.s)} and the two form an antipodal pair below it. All four losses are equal at (r, s) = (1, 4/7), and the line r = 1 separates the two halves at every density.`,
    [`${P}.classifier`]: () =>
      `the extra feature is ignored when its averaged norm is below ${fmt(T.representedNorm)}; otherwise it is in a pair when its averaged superposition score is at least ${fmt(T.superposition)}; otherwise a normal feature counts as dropped when the averaged norm of the weaker normal feature is below ${fmt(T.representedNorm)}, and the normal features as an antipodal pair when it is not. With the extra feature on a direction of its own, two represented normal features have only the other direction left to share, so that last step needs no test of its own. The two normal features are interchangeable, which is why the rule looks at the weaker one rather than at a fixed index`,
    [`${P}.agreement_summary`]: withFacts((f) => {
      const cells = cellsOf(f);
      if (cells.length === 0) return 'No model of this experiment has its own importance, so there is no grid to compare.';
      const counts = n3m2Counts(cells.map((c) => c.phase));
      const theory = n3m2Counts(cells.map((c) => c.theory));
      const pass = agreementFraction(cells) >= PHASE_TOLERANCES.agreement;
      return `${capitalise(agreementPhrase(cells))} land in the configuration the closed forms predict, ${pass ? 'above' : 'below'} our a-priori bar of ${fmt(PHASE_TOLERANCES.agreement * 100)} % (the bar of the one-neuron check; the paper gives no number for this diagram). The trained grid has ${joinAnd(N3M2_PHASES.map((p) => `${counts[p]} ${N3M2_LABELS[p]}`))} cells; the theory expects ${joinAnd(N3M2_PHASES.map((p) => `${theory[p]} ${N3M2_LABELS[p]}`))}.`;
    }),
    [`${P}.confusion_table`]: withFacts((f) => gridConfusion(cellsOf(f), N3M2_PHASES, label)),
    [`${P}.models_summary`]: withFacts((f) => {
      const { counts, normalPairs, sameSignNormalPairs } = n3m2ModelConfusion(f.report.analysis.models);
      const total = (t: N3m2Phase): number => N3M2_PHASES.reduce((n, p) => n + counts[t][p], 0);
      const share = (t: N3m2Phase, p: N3m2Phase): string =>
        `${counts[t][p]} of ${total(t)} (${fmt((counts[t][p] / Math.max(1, total(t))) * 100)} %)`;
      return (
        `Classifying the kept models one by one shows what the cell averages blend. In the cells where the theory pairs the two normal features, ${share('normal-pair', 'extra-pair')} models pair the extra feature with a normal one instead and ${share('normal-pair', 'normal-pair')} pair the normal features; in the cells where the theory pairs the extra feature, ${share('extra-pair', 'normal-pair')} models pair the normal features instead. ` +
        `Both pairings cost little at these densities (a pair errs only when both of its features are active at once), so a model that has formed one pair has little to gain from swapping it for the other; this explanation is ours and untested. Either way, discarding the worst of ten models and averaging the rest does not single out the cheaper pairing. ` +
        `Where the theory drops a normal feature, ${share('normal-dropped', 'normal-pair')} models keep both normal features at a norm of at least ${fmt(T.representedNorm)}; of all ${normalPairs} models read as a normal pair, ${sameSignNormalPairs} have their two normal features pointing the same way rather than opposite, a shared direction with no antipodal cancellation that none of the four configurations describes.`
      );
    }),
  };
  return slots;
}
