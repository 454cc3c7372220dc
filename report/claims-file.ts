// reports/replication/claims.json: every claim's verdict, per-seed result and numbers as data beside the
// report, so that the drift gate (report/drift.ts) can compare verdicts exactly and numbers within a
// tolerance, and a reader can load the results without parsing the text.

import type { ClaimStatus } from '../analysis/types.ts';
import type { Verdict } from '../analysis/verdicts.ts';
import type { ExperimentReport } from './types.ts';

export interface ClaimRecord {
  verdict: Verdict;
  passed: number;
  judged: number;
  /** what the paper says */
  expected: string;
  seeds: Array<{ seed: number; status: ClaimStatus; numbers: Record<string, number> }>;
}

export interface ClaimsFile {
  /** experiment id → claim id → its record; keys sorted, so the same results give the same bytes */
  experiments: Record<string, Record<string, ClaimRecord>>;
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function claimsFile(experiments: Readonly<Record<string, ExperimentReport>>): ClaimsFile {
  const out: ClaimsFile['experiments'] = {};
  for (const e of Object.values(experiments)) {
    const claims: Record<string, ClaimRecord> = {};
    for (const c of e.claims) {
      claims[c.id] = {
        verdict: c.verdict,
        passed: c.passed,
        judged: c.judged,
        expected: c.expected,
        seeds: c.seeds.map((s) => ({ seed: s.seed, status: s.status, numbers: sortedKeys(s.numbers) })),
      };
    }
    out[e.id] = sortedKeys(claims);
  }
  return { experiments: sortedKeys(out) };
}

/** The file's text: two-space JSON with a final newline. */
export function claimsFileText(experiments: Readonly<Record<string, ExperimentReport>>): string {
  return `${JSON.stringify(claimsFile(experiments), null, 2)}\n`;
}
