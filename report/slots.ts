// Every value the report template can print, computed from ReportInput by pure functions.
//
// The template (report/template.md) names slots such as {{intro.dense_summary}}; build.ts looks each
// name up in SLOTS and calls its function. A slot function returns the Markdown text to insert, or
// `undefined` when the data it describes is absent (its experiment is not in this run): build.ts turns
// that into an error naming the slot, so the template must guard such slots with {{#if has.<id>}}.
// Conditions for those guards live in FLAGS. Sentences whose truth depends on a result (“all five
// features are represented at …” vs “no model represents all five”) are built from the data.
//
// This file only assembles the registries; the slot groups, one per report section, and what they
// share (formatting, facts, the params view, claim prose, the slot context) live in report/slots/.

import type { FlagFn, SlotFn } from './slots/context.ts';
import { byActivation } from './slots/facts.ts';
import { introSlots } from './slots/intro.ts';
import { superpositionSlots } from './slots/superposition.ts';
import { scaledSuperpositionSlots } from './slots/superposition-80-20.ts';
import { uniformSlots } from './slots/uniform.ts';
import { uniformSizeSlots } from './slots/uniform-sizes.ts';
import { phaseSlots } from './slots/phase.ts';
import { seedPhaseSlots } from './slots/seed-phase.ts';
import { phaseN3m2Slots } from './slots/phase-n3m2.ts';
import { correlatedMethodSlots, correlatedSlots } from './slots/correlated.ts';
import { dynamicsSlots } from './slots/dynamics.ts';
import { privilegedBasisSlots } from './slots/privileged-basis.ts';
import { absSlots } from './slots/abs.ts';
import { adversarialSlots } from './slots/adversarial.ts';
import { adversarialTrainingSlots } from './slots/adversarial-training.ts';
import { l1PenaltySlots } from './slots/l1-penalty.ts';
import { nonlinearCompressionFlags, nonlinearCompressionSlots } from './slots/nonlinear-compression.ts';
import { crossingFindingSlots, nonuniformSlots } from './slots/nonuniform.ts';
import { glanceSlots } from './slots/glance.ts';
import { changesSlots } from './slots/changes.ts';
import { crossCheckSlots } from './slots/crosscheck.ts';
import { methodsSlots } from './slots/methods.ts';
import { compareSlots } from './slots/compare.ts';
import { claimsSlots } from './slots/claims.ts';
import { discussionSlots } from './slots/discussion.ts';
import { reportSlots } from './slots/report-wide.ts';

// What report/build.ts and the report tests use, so that they import the registries and their helpers
// from one place.
export { createSlotContext, type FlagFn, type SlotContext, type SlotFn } from './slots/context.ts';
export { escapeMd, featureList, fmt } from './slots/format.ts';
export { figureLead, figureOwners, findFigure, parseFigureKey, type FigureRef } from './slots/figure-lookup.ts';

// ------------------------------------------------------------------------------------------------
// Registries.

export const SLOTS: Readonly<Record<string, SlotFn>> = Object.freeze({
  ...introSlots('intro'),
  ...introSlots('seed-intro'),
  ...superpositionSlots('superposition'),
  ...superpositionSlots('seed-superposition'),
  ...scaledSuperpositionSlots('superposition-80-20', 'superposition'),
  ...uniformSlots('uniform'),
  ...uniformSlots('uniform-paper'),
  ...uniformSlots('uniform-small'),
  ...uniformSizeSlots('uniform', 'uniform-paper'),
  ...phaseSlots('phase-n2m1'),
  ...seedPhaseSlots('seed-phase-n2m1'),
  ...phaseN3m2Slots('phase-n3m2'),
  ...correlatedSlots('correlated-pairs'),
  ...correlatedSlots('anticorrelated-pairs'),
  ...correlatedSlots('correlated-collapse'),
  ...correlatedSlots('correlated-local'),
  ...correlatedMethodSlots(),
  ...dynamicsSlots('dynamics'),
  ...dynamicsSlots('dynamics-correlated'),
  ...privilegedBasisSlots('privileged-basis'),
  ...absSlots('abs-demo', 'abs-sweep'),
  ...adversarialSlots(['uniform-small', 'uniform']),
  ...adversarialTrainingSlots('adversarial-training', 'uniform-small'),
  ...l1PenaltySlots('l1-penalty'),
  ...nonlinearCompressionSlots(),
  ...nonuniformSlots('nonuniform-pentagon'),
  ...nonuniformSlots('nonuniform-crossing'),
  ...crossingFindingSlots(),
  ...glanceSlots(),
  ...discussionSlots(),
  ...changesSlots(),
  ...crossCheckSlots(),
  ...methodsSlots(),
  ...compareSlots(),
  ...claimsSlots(),
  ...reportSlots(),
});

/** `has.<id>`: experiment id is in this run (build.ts applies it to every experiment that has a module). */
export const has =
  (id: string): FlagFn =>
  (ctx) =>
    ctx.experiment(id) !== undefined;
const hasActivation =
  (id: string, act: string): FlagFn =>
  (ctx) => {
    const f = ctx.experiment(id);
    return f !== undefined && byActivation(f, act).length > 0;
  };

/**
 * The conditions beyond `has.<experiment>`, which holds for any experiment that has a module
 * (report/build.ts resolves those, so no experiment is listed here); an entry here overrides it.
 */
export const FLAGS: Readonly<Record<string, FlagFn>> = Object.freeze({
  'has.uniform_sizes': (ctx) => has('uniform')(ctx) && has('uniform-paper')(ctx),
  'has.dynamics': (ctx) => ctx.experiment('dynamics')?.report.analysis.dynamics !== undefined,
  'has.dynamics-correlated': (ctx) => ctx.experiment('dynamics-correlated')?.report.analysis.dynamics !== undefined,
  'has.superposition.linear': hasActivation('superposition', 'linear'),
  'has.superposition.relu': hasActivation('superposition', 'relu'),
  'has.seed-superposition.linear': hasActivation('seed-superposition', 'linear'),
  'has.seed-superposition.relu': hasActivation('seed-superposition', 'relu'),
  'has.compare_intro': (ctx) => has('intro')(ctx) && has('seed-intro')(ctx),
  'has.compare_superposition': (ctx) => has('superposition')(ctx) && has('seed-superposition')(ctx),
  'has.failures': (ctx) => ctx.claims.some((r) => r.claim.verdict !== 'holds'),
  'has.further_experiments': (ctx) => ctx.unplaced.length > 0,
  ...nonlinearCompressionFlags(),
});

/** every slot name the template may use, sorted */
export function slotNames(): string[] {
  return Object.keys(SLOTS).sort();
}
