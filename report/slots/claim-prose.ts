// Claim prose: built from the ClaimResult's pass flag, sentences and numbers.

import type { ClaimResult } from '../../analysis/types.ts';
import type { ExperimentReport } from '../types.ts';
import { withExperiment, type SlotFn } from './context.ts';
import { escapeMd, fmt, sentence } from './format.ts';

export function claimNumbers(c: ClaimResult): string {
  return Object.entries(c.numbers).map(([k, v]) => `\`${k.replace(/`/g, "'")}\` = ${fmt(v)}`).join('; ');
}

/** a failing claim's numbers are printed inline up to this many, else only in the claims section */
const INLINE_NUMBERS = 8;

function findClaim(report: ExperimentReport, id: string): ClaimResult | undefined {
  return report.claims.find((c) => c.id === id);
}

/** One or two sentences on a claim: passes quietly, fails loudly with the paper's claim and our numbers. */
export function claimProse(report: ExperimentReport, id: string): string {
  const c = findClaim(report, id);
  if (!c) return `(No check \`${id}\` was reported for \`${report.id}\`.)`;
  if (c.pass) return `Check \`${id}\` passes: ${sentence(escapeMd(c.observed))}`;
  const count = Object.keys(c.numbers).length;
  const numbers = count > INLINE_NUMBERS
    ? ` (All ${count} numbers behind this check are listed in the section "Claims checked".)`
    : count > 0 ? ` (${claimNumbers(c)}.)` : '';
  return `**Check \`${id}\` fails.** The paper: ${sentence(escapeMd(c.expected))} We measured: ${sentence(escapeMd(c.observed))}${numbers}`;
}

/** one slot `<experiment>.claim.<id>` per claim id: the claim's prose, absent when the experiment is */
export function claimSlots(experiment: string, ids: readonly string[]): Record<string, SlotFn> {
  const withFacts = withExperiment(experiment);
  const slots: Record<string, SlotFn> = {};
  for (const id of ids) slots[`${experiment}.claim.${id}`] = withFacts((f) => claimProse(f.report, id));
  return slots;
}
