// What each change to the checks did: the claims of one experiment judged over its base seeds by the old
// rule of every change that concerns them (analysis/claims/changes.ts), beside the verdict by the rule now
// in force, for the report's table of changes to the checks.

import { CHECK_CHANGES } from './claims/changes.ts';
import type { ClaimDefinition } from './claims/define.ts';
import type { ExperimentAnalysis } from './types.ts';
import { judgeClaim, type ClaimVerdict, type Verdict } from './verdicts.ts';

/** A verdict reduced to what the table prints. */
export interface VerdictCount {
  verdict: Verdict;
  passed: number;
  judged: number;
}

/** One claim of one experiment under one change: its verdict by the old rule (null for a new check) and by the current one. */
export interface ChangeOutcome {
  /** CheckChange.id */
  change: string;
  claim: string;
  old: VerdictCount | null;
  new: VerdictCount;
}

function count(v: ClaimVerdict): VerdictCount {
  return { verdict: v.verdict, passed: v.passed, judged: v.judged };
}

/**
 * Every (change, claim) pair that concerns this experiment's claims: `perSeed` holds each base seed's
 * analysis (in seed order), `current` the claims' verdicts by the rules in force, `claims` the experiment's
 * claim definitions (whose checks judge the models as they were chosen before a change of method).
 */
export function judgeChanges(
  experiment: string,
  perSeed: ReadonlyArray<{ seed: number; analysis: ExperimentAnalysis }>,
  current: readonly ClaimVerdict[],
  threshold: number,
  claims: readonly ClaimDefinition[],
): ChangeOutcome[] {
  const first = perSeed[0]?.analysis;
  if (first === undefined) return [];
  const out: ChangeOutcome[] = [];
  for (const change of CHECK_CHANGES) {
    if (!change.appliesTo(experiment, first)) continue;
    for (const verdict of current) {
      if (change.claims !== 'every' && !change.claims.includes(verdict.id)) continue;
      const old = change.old;
      let before: ClaimVerdict | null = null;
      if (old.kind !== 'new-check') {
        const check = old.kind === 'check' ? old.check : claims.find((c) => c.id === verdict.id)?.check;
        if (check === undefined) throw new Error(`no claim check '${verdict.id}'`);
        const results = perSeed.map(({ seed, analysis }) => ({
          seed,
          result: check(old.kind === 'models' ? old.transform(analysis) : analysis),
        }));
        before = judgeClaim(verdict.id, results, threshold);
      }
      out.push({ change: change.id, claim: verdict.id, old: before === null ? null : count(before), new: count(verdict) });
    }
  }
  return out;
}
