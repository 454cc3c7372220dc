// Superposition as a phase change ('phase-n2m1'): the grid of cells reduced by the paper's protocol
// (analysis/phase.ts), compared with the closed-form winner map. Thresholds are the analysis' own.

import { PHASE_TOLERANCES } from '../../analysis/claims.ts';
import {
  PHASES,
  PHASE_LABELS,
  PHASE_THRESHOLDS,
  TRIPLE_POINT,
  phaseCounts,
  superpositionBoundary,
  type PhaseCell,
} from '../../analysis/phase.ts';
import { FULL_NORM, FULL_SUPERPOSITION } from '../../figures/phase-colour.ts';
import { withExperiment, type SlotFn } from './context.ts';
import { recipeLabel, type ExperimentFacts } from './facts.ts';
import { fmt, joinAnd, plural } from './format.ts';
import { agreementPhrase, gridConfusion, gridPhrase, onBoundary } from './phase-grid.ts';

export function phaseSlots(P: string): Record<string, SlotFn> {
  const withFacts = withExperiment(P);
  const cellsOf = (f: ExperimentFacts): PhaseCell[] => f.report.analysis.derived?.phaseCells ?? [];
  const label = (p: (typeof PHASES)[number]): string => PHASE_LABELS[p];
  const slots: Record<string, SlotFn> = {
    [`${P}.features`]: withFacts((f) => String(f.features)),
    [`${P}.hidden`]: withFacts((f) => String(f.hidden)),
    [`${P}.recipe`]: withFacts((f, ctx) => recipeLabel(f, ctx.params, P)),
    [`${P}.grid`]: withFacts((f) => gridPhrase(cellsOf(f), f.report.analysis.models.length)),
    'phase.colour_map': () =>
      `the hue runs from blue, where the superposition score is 0 and the extra feature has the neuron to itself, to red, where the score reaches ${fmt(FULL_SUPERPOSITION)} or more and the extra feature shares its direction, and the colour fades to a light grey as ‖Wₑₓₜᵣₐ‖ falls from ${fmt(FULL_NORM)} to 0 and the feature is no longer learned (the key beside the map shows every combination)`,
    'phase.configurations': () =>
      'give the neuron to the first feature and leave the extra one at its mean, with loss r(s/3 − s²/4); give it to the extra feature instead, s/3 − s²/4; or store both as an antipodal pair, which only errs when both are active at once, (1 + r)s²/6',
    [`${P}.thresholds`]: () =>
      `‖Wₑₓₜᵣₐ‖ < ${fmt(PHASE_THRESHOLDS.representedNorm)} counts as not represented, a superposition score of at least ${fmt(PHASE_THRESHOLDS.superposition)} as superposition, and anything else as a dedicated neuron`,
    [`${P}.theory_summary`]: () =>
      `Setting the losses equal gives the superposition boundary s = 4r/(2 + 5r) for r < 1 and s = 4/(5 + 2r) for r > 1: it is ${fmt(superpositionBoundary(0.1))} at both r = 0.1 and r = 10 and rises to ${fmt(TRIPLE_POINT.s)} at r = 1, where all three losses meet. Above that triple point the vertical line r = 1 separates the two single-feature solutions.`,
    [`${P}.agreement_summary`]: withFacts((f) => {
      const cells = cellsOf(f);
      if (cells.length === 0) return 'No model of this experiment has its own importance, so there is no grid to compare.';
      const counts = phaseCounts(cells.map((c) => c.phase));
      const theory = phaseCounts(cells.map((c) => c.theory));
      return `${agreementPhrase(cells)} land in the phase the closed forms predict, against the a-priori bar of ${fmt(PHASE_TOLERANCES.agreement * 100)} %. The trained grid has ${joinAnd(PHASES.map((p) => `${counts[p]} ${label(p)}`))} cells; the theory expects ${joinAnd(PHASES.map((p) => `${theory[p]} ${label(p)}`))}.`;
    }),
    [`${P}.confusion_table`]: withFacts((f) => gridConfusion(cellsOf(f), PHASES, label)),
    [`${P}.disagreement_summary`]: withFacts((f) => {
      const cells = cellsOf(f);
      const wrong = cells.filter((c) => c.phase !== c.theory);
      if (wrong.length === 0) return 'Every cell agrees with the theory.';
      const edge = wrong.filter((c) => onBoundary(cells, c)).length;
      const list = wrong
        .map(
          (c) =>
            `(r = ${fmt(c.r)}, 1−S = ${fmt(c.density)}): ${label(c.theory)} → ${label(c.phase)}, ‖Wₑₓₜᵣₐ‖ = ${fmt(c.norm)}, score ${fmt(c.superposition)}`,
        )
        .join('; ');
      return `Of the ${plural(wrong.length, 'cell', 'cells')} that disagree, ${edge} ${edge === 1 ? 'touches' : 'touch'} a theoretical boundary (a neighbouring cell has another predicted phase) and ${wrong.length - edge} ${wrong.length - edge === 1 ? 'lies' : 'lie'} inside a region. Theory → trained, with the averaged norm and superposition score of the extra feature: ${list}.`;
    }),
  };
  return slots;
}
