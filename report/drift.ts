// The report's drift gate: the report of the working tree (reports/replication/) against a baseline — the
// committed report, or any git revision's (report/git-baseline.ts). Three comparisons:
//   - figures: figures/drift.ts (spec data within a tolerance, SVG byte for byte);
//   - claims (claims.json): every verdict and per-seed result exactly, every claim number within the
//     same tolerance, claims present on one side only;
//   - text: report.md and report.html byte for byte, with the changed lines of report.md.
// Pure over the two directories: no process exit, no output; formatReportDrift makes the text.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { structuredPatch } from 'diff';
import { compareFigures, DEFAULT_DRIFT_TOLERANCE, formatDriftReport, numericDeviation, type DriftReport } from '../figures/drift.ts';
import type { ClaimsFile } from './claims-file.ts';

/** The report's files the gate compares as text. */
export const TEXT_FILES = ['report.md', 'report.html'] as const;
export const CLAIMS_FILE = 'claims.json';

export type ClaimChange =
  | { kind: 'missing' | 'extra'; experiment: string; claim: string }
  | { kind: 'verdict'; experiment: string; claim: string; baseline: string; current: string }
  | { kind: 'seed'; experiment: string; claim: string; seed: number; baseline: string; current: string }
  | {
      kind: 'number';
      experiment: string;
      claim: string;
      seed: number;
      name: string;
      baseline: number | null;
      current: number | null;
    };

export interface TextChange {
  file: string;
  /** absent on one side */
  missing?: 'baseline' | 'current';
  /** report.md only: its changed hunks in unified form (report.html follows from the same text) */
  hunks: Array<{ baselineStart: number; currentStart: number; lines: string[] }>;
}

export interface ReportDrift {
  ok: boolean;
  figures: DriftReport;
  claims: ClaimChange[];
  text: TextChange[];
}

function readText(dir: string, file: string): string | undefined {
  const path = join(dir, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function readClaims(dir: string): ClaimsFile | undefined {
  const text = readText(dir, CLAIMS_FILE);
  return text === undefined ? undefined : (JSON.parse(text) as ClaimsFile);
}

/** Every difference in verdicts, per-seed results and numbers between two claims files. */
export function compareClaims(current: ClaimsFile, baseline: ClaimsFile, tolerance = DEFAULT_DRIFT_TOLERANCE): ClaimChange[] {
  const changes: ClaimChange[] = [];
  const experiments = [...new Set([...Object.keys(baseline.experiments), ...Object.keys(current.experiments)])].sort();
  for (const experiment of experiments) {
    const b = baseline.experiments[experiment] ?? {};
    const c = current.experiments[experiment] ?? {};
    for (const claim of [...new Set([...Object.keys(b), ...Object.keys(c)])].sort()) {
      const before = b[claim];
      const after = c[claim];
      if (!before || !after) {
        changes.push({ kind: before ? 'missing' : 'extra', experiment, claim });
        continue;
      }
      const verdict = (v: typeof before): string => `${v.verdict} (${v.passed}/${v.judged})`;
      if (verdict(before) !== verdict(after)) {
        changes.push({ kind: 'verdict', experiment, claim, baseline: verdict(before), current: verdict(after) });
      }
      const seeds = [...new Set([...before.seeds.map((s) => s.seed), ...after.seeds.map((s) => s.seed)])].sort((x, y) => x - y);
      for (const seed of seeds) {
        const sb = before.seeds.find((s) => s.seed === seed);
        const sc = after.seeds.find((s) => s.seed === seed);
        if (sb?.status !== sc?.status) {
          changes.push({ kind: 'seed', experiment, claim, seed, baseline: sb?.status ?? 'absent', current: sc?.status ?? 'absent' });
        }
        const names = [...new Set([...Object.keys(sb?.numbers ?? {}), ...Object.keys(sc?.numbers ?? {})])].sort();
        for (const name of names) {
          const x = sb?.numbers[name] ?? null;
          const y = sc?.numbers[name] ?? null;
          if (x !== null && y !== null && numericDeviation(x, y) <= tolerance) continue;
          if (x === null && y === null) continue;
          changes.push({ kind: 'number', experiment, claim, seed, name, baseline: x, current: y });
        }
      }
    }
  }
  return changes;
}

/** The report of `currentDir` against the one in `baselineDir` (both laid out as reports/replication/). */
export function compareReports(currentDir: string, baselineDir: string, tolerance = DEFAULT_DRIFT_TOLERANCE): ReportDrift {
  const figures = compareFigures(join(currentDir, 'figures'), join(baselineDir, 'figures'), { tolerance });
  const claimsBefore = readClaims(baselineDir);
  const claimsAfter = readClaims(currentDir);
  const claims: ClaimChange[] =
    claimsBefore && claimsAfter
      ? compareClaims(claimsAfter, claimsBefore, tolerance)
      : claimsBefore === claimsAfter
        ? []
        : [{ kind: claimsBefore ? 'missing' : 'extra', experiment: '*', claim: CLAIMS_FILE }];
  const text: TextChange[] = [];
  for (const file of TEXT_FILES) {
    const before = readText(baselineDir, file);
    const after = readText(currentDir, file);
    if (before === after) continue;
    if (before === undefined || after === undefined) {
      text.push({ file, missing: before === undefined ? 'baseline' : 'current', hunks: [] });
      continue;
    }
    const hunks =
      file === 'report.md'
        ? structuredPatch('baseline', 'current', before, after, '', '', { context: 1 }).hunks.map((h) => ({
            baselineStart: h.oldStart,
            currentStart: h.newStart,
            lines: h.lines,
          }))
        : [];
    text.push({ file, hunks });
  }
  return { ok: figures.ok && claims.length === 0 && text.length === 0, figures, claims, text };
}

/** What changed about a claim, and its value before and after (the text report and the drift view). */
export function claimChangeParts(c: ClaimChange): { what: string; baseline: string; current: string } {
  switch (c.kind) {
    case 'missing':
      return { what: 'claim', baseline: 'present', current: 'absent' };
    case 'extra':
      return { what: 'claim', baseline: 'absent', current: 'present' };
    case 'verdict':
      return { what: 'verdict', baseline: c.baseline, current: c.current };
    case 'seed':
      return { what: `seed ${c.seed}`, baseline: c.baseline, current: c.current };
    case 'number':
      return { what: `seed ${c.seed}: ${c.name}`, baseline: String(c.baseline ?? 'absent'), current: String(c.current ?? 'absent') };
  }
}

function claimLine(c: ClaimChange): string {
  const { what, baseline, current } = claimChangeParts(c);
  return `${c.claim} in ${c.experiment}: ${what} ${baseline} → ${current}`;
}

/** How many changed lines of the text to print before summarising the rest. */
const TEXT_LINES_SHOWN = 60;

/** The gate's plain-text verdict: each part that drifted, the claim changes and the first changed lines. */
export function formatReportDrift(drift: ReportDrift, baselineName: string): string {
  const out: string[] = [];
  out.push(`report drift against ${baselineName}: ${drift.ok ? 'none' : 'the report changed'}`);
  out.push(formatDriftReport(drift.figures));
  out.push(
    drift.claims.length === 0
      ? 'claims: every verdict, per-seed result and number as in the baseline'
      : `claims: ${drift.claims.length} change(s)\n${drift.claims.map((c) => `  ${claimLine(c)}`).join('\n')}`,
  );
  if (drift.text.length === 0) out.push('text: report.md and report.html as in the baseline');
  for (const t of drift.text) {
    if (t.missing) {
      out.push(`text: ${t.file} is missing from the ${t.missing === 'baseline' ? 'baseline' : 'current report'}`);
      continue;
    }
    const changed = t.hunks.flatMap((h) => h.lines.filter((l) => l.startsWith('+') || l.startsWith('-')));
    out.push(`text: ${t.file} differs${t.hunks.length > 0 ? ` (${t.hunks.length} place(s), ${changed.length} changed line(s))` : ''}`);
    let shown = 0;
    for (const h of t.hunks) {
      if (shown >= TEXT_LINES_SHOWN) break;
      out.push(`  @@ baseline line ${h.baselineStart}, current line ${h.currentStart}`);
      for (const line of h.lines) {
        if (shown >= TEXT_LINES_SHOWN) break;
        out.push(`  ${line.length > 240 ? `${line.slice(0, 240)}…` : line}`);
        shown++;
      }
    }
    if (changed.length > shown) out.push(`  … and more (${changed.length} changed lines in all)`);
  }
  return out.join('\n');
}
