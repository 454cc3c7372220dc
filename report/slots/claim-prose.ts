// Claim prose: a claim's verdict over the base seeds, then what the seed the text describes showed.

import type { ClaimVerdict, SeedOutcome } from '../../analysis/verdicts.ts';
import type { DeclaredExperiment, ExperimentReport } from '../types.ts';
import { withExperiment, type SlotFn } from './context.ts';
import { escapeMd, fmt, plural, sentence } from './format.ts';

/** A seed's numbers as plain "name = value" text (codes around each name were thousands of page elements). */
export function claimNumbers(numbers: Record<string, number>): string {
  return Object.entries(numbers)
    .map(([k, v]) => `${escapeMd(k)} = ${fmt(v)}`)
    .join('; ');
}

/** The id of a claim's evidence in Section 14 (its folded details), for links from anywhere in the report. */
export function claimAnchor(experiment: string, id: string): string {
  return `claim-${experiment}-${id}`;
}

/** The claim's id as a link to its evidence. */
export function claimLink(experiment: string, id: string): string {
  return `[\`${id}\`](#${claimAnchor(experiment, id)})`;
}

/**
 * The verdict as a badge: a span the page styles by verdict, its words strong when the claim does not hold.
 * Plain HTML, so that it reads the same in a Markdown table and inside the HTML of a folded summary.
 */
export function verdictBadge(c: ClaimVerdict): string {
  const words = c.verdict === 'holds' ? 'holds' : c.verdict === 'does-not-hold' ? '<strong>does not hold</strong>' : 'not judged';
  return `<span class="verdict ${c.verdict}">${words}</span>`;
}

/** The claim's short title (its declaration's, carried in the verdict), or its id where the verdict has none. */
export function claimTitle(c: ClaimVerdict): string {
  return c.title ?? c.id;
}

/** "4 of 5 base seeds", with the seeds where the claim was not judged named apart */
export function tally(c: ClaimVerdict): string {
  const notJudged = c.seeds.length - c.judged;
  const base = `${c.passed} of ${plural(c.judged, 'base seed', 'base seeds')}${c.judged < c.seeds.length ? ' where it could be judged' : ''}`;
  return notJudged > 0 ? `${base} (not judged on ${notJudged} of ${c.seeds.length})` : base;
}

/** "holds", "does not hold" or "not judged", for sentences and tables */
export function verdictWords(c: ClaimVerdict): string {
  return c.verdict === 'holds' ? 'holds' : c.verdict === 'does-not-hold' ? 'does not hold' : 'could not be judged';
}

/** the rule, e.g. "at least 80 % of the judged seeds" */
export function ruleWords(threshold: number): string {
  return `passes on at least ${fmt(threshold * 100)} % of the base seeds where it can be judged`;
}

const STATUS_VERB: Record<SeedOutcome['status'], string> = { pass: 'passes', fail: 'fails', 'not-judged': 'is not judged' };

/** What one seed showed: its sentence, or why the claim could not be judged there. */
export function seedText(o: SeedOutcome): string {
  return sentence(escapeMd(o.status === 'not-judged' ? (o.reason ?? o.observed) : o.observed));
}

function findClaim(report: ExperimentReport, id: string): ClaimVerdict | undefined {
  return report.claims.find((c) => c.id === id);
}

/**
 * One or two sentences on a claim: its verdict over the seeds, then what the seed the section describes
 * (the first base seed) showed; a claim that does not hold says so loudly, with the paper's statement.
 */
export function claimProse(report: ExperimentReport, id: string): string {
  const c = findClaim(report, id);
  if (!c) return `(No check \`${id}\` was reported for \`${report.id}\`.)`;
  const shown = c.seeds[0];
  const here =
    shown === undefined ? '' : ` On the seed the text describes (${shown.seed}) it ${STATUS_VERB[shown.status]}: ${seedText(shown)}`;
  const check = `Check ${claimLink(report.id, id)}`;
  if (c.verdict === 'holds') return `${check} holds: it passes on ${tally(c)}.${here}`;
  if (c.verdict === 'not-judged') {
    return `${check} could not be judged on any of the ${plural(c.seeds.length, 'base seed', 'base seeds')}: ${sentence(escapeMd(shown?.reason ?? ''))}`;
  }
  return `**${check} does not hold: it passes on ${tally(c)}.** The paper: ${sentence(escapeMd(c.expected))}${here}`;
}

const CLAIM_SLOT = /^(.+)\.claim\.([^.]+)$/;

/**
 * The slot `<experiment>.claim.<id>` for any claim that experiment's module declares: the claim's prose,
 * absent when the experiment is not in the run. Undefined for any other name (an unknown slot), so a
 * misspelt claim or experiment still stops the report. No claim is listed here.
 */
export function claimProseSlot(name: string, declared: readonly DeclaredExperiment[]): SlotFn | undefined {
  const [, experiment, id] = CLAIM_SLOT.exec(name) ?? [];
  if (experiment === undefined || id === undefined) return undefined;
  if (!declared.some((e) => e.id === experiment && e.claims.includes(id))) return undefined;
  return withExperiment(experiment)((f) => claimProse(f.report, id));
}
