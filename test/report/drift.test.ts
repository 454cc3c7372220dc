import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimsFile } from '../../report/claims-file.ts';
import { compareClaims, compareReports, formatReportDrift } from '../../report/drift.ts';
import { extractReport, ReportBaselineError } from '../../report/git-baseline.ts';
import { makeFixture } from './fixtures.ts';
import { writeReport } from './report-dirs.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tms-drift-test-'));
  made.push(dir);
  return dir;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('the claims file', () => {
  it('holds every claim of every experiment with its verdict, counts and per-seed numbers, keys sorted', () => {
    const input = makeFixture();
    const file = claimsFile(input.experiments);
    const intro = input.experiments.intro!;
    expect(Object.keys(file.experiments)).toEqual(Object.keys(input.experiments).sort());
    expect(Object.keys(file.experiments.intro!)).toEqual(intro.claims.map((c) => c.id).sort());
    const pentagon = intro.claims.find((c) => c.id === 'intro_pentagon')!;
    expect(file.experiments.intro!.intro_pentagon).toEqual({
      verdict: pentagon.verdict,
      passed: pentagon.passed,
      judged: pentagon.judged,
      expected: pentagon.expected,
      seeds: pentagon.seeds.map((s) => ({ seed: s.seed, status: s.status, numbers: s.numbers })),
    });
  });
});

describe('compareClaims', () => {
  const baseline = claimsFile(makeFixture().experiments);

  it('finds nothing between a file and itself', () => {
    expect(compareClaims(clone(baseline), baseline)).toEqual([]);
  });

  it('reports a flipped verdict, a changed seed, a number beyond the tolerance and a claim on one side only', () => {
    const current = clone(baseline);
    const pentagon = current.experiments.intro!.intro_pentagon!;
    pentagon.verdict = 'holds';
    pentagon.passed = 2;
    pentagon.seeds[0]!.status = 'pass';
    const [name, value] = Object.entries(pentagon.seeds[1]!.numbers)[0]!;
    pentagon.seeds[1]!.numbers[name] = value * (1 + 1e-6); // inside 1e-4: no change
    const [name2, value2] = Object.entries(pentagon.seeds[0]!.numbers)[0]!;
    pentagon.seeds[0]!.numbers[name2] = value2 + 0.01 * Math.max(1, Math.abs(value2));
    delete current.experiments.intro!.intro_dense;
    current.experiments.intro!.made_up = { ...pentagon };
    const changes = compareClaims(current, baseline);
    expect(changes).toContainEqual({ kind: 'missing', experiment: 'intro', claim: 'intro_dense' });
    expect(changes).toContainEqual({ kind: 'extra', experiment: 'intro', claim: 'made_up' });
    expect(changes).toContainEqual({
      kind: 'verdict',
      experiment: 'intro',
      claim: 'intro_pentagon',
      baseline: 'does-not-hold (0/2)',
      current: 'holds (2/2)',
    });
    expect(changes).toContainEqual({
      kind: 'seed',
      experiment: 'intro',
      claim: 'intro_pentagon',
      seed: 20221014,
      baseline: 'fail',
      current: 'pass',
    });
    const numbers = changes.filter((c) => c.kind === 'number' && c.claim === 'intro_pentagon');
    expect(numbers).toEqual([
      {
        kind: 'number',
        experiment: 'intro',
        claim: 'intro_pentagon',
        seed: 20221014,
        name: name2,
        baseline: value2,
        current: pentagon.seeds[0]!.numbers[name2],
      },
    ]);
  });
});

describe('compareReports', () => {
  it('passes two identical reports', () => {
    const a = writeReport(join(tempDir(), 'a'));
    const b = writeReport(join(tempDir(), 'b'));
    const drift = compareReports(a, b);
    expect(drift.ok).toBe(true);
    expect(formatReportDrift(drift, 'HEAD')).toContain('report drift against HEAD: none');
  });

  it('fails on changed text, with the changed lines of report.md, and on a changed SVG', () => {
    const base = writeReport(join(tempDir(), 'base'));
    const cur = writeReport(join(tempDir(), 'cur'), {
      md: '# Report\n\nline one\nline 2\nline three\n',
      svg: '<svg width="11" height="10"></svg>',
    });
    const drift = compareReports(cur, base);
    expect(drift.ok).toBe(false);
    expect(drift.figures.ok).toBe(false);
    expect(drift.claims).toEqual([]);
    expect(drift.text.map((t) => t.file)).toEqual(['report.md', 'report.html']);
    expect(drift.text[0]!.hunks).toHaveLength(1);
    expect(drift.text[0]!.hunks[0]!.lines).toEqual([' line one', '-line two', '+line 2', ' line three']);
    const text = formatReportDrift(drift, 'HEAD');
    expect(text).toContain('text: report.md differs (1 place(s), 2 changed line(s))');
    expect(text).toContain('  -line two\n  +line 2');
  });
});

describe('extractReport', () => {
  it("gives a revision's committed report, and one clear error for a revision without one", () => {
    const repo = tempDir();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    writeFileSync(join(repo, 'README.md'), 'no report yet\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    writeReport(join(repo, 'reports', 'replication'));
    git('add', '.');
    git('commit', '-q', '-m', 'report');
    // the working tree moves on; the revision's report stays what was committed
    writeFileSync(join(repo, 'reports', 'replication', 'report.md'), 'edited\n');
    const head = extractReport(repo, 'HEAD');
    expect(readFileSync(join(head.dir, 'report.md'), 'utf8')).toBe('# Report\n\nline one\nline two\nline three\n');
    expect(readFileSync(join(head.dir, 'figures', 'f.svg'), 'utf8')).toBe('<svg width="10" height="10"></svg>');
    const drift = compareReports(join(repo, 'reports', 'replication'), head.dir);
    expect(drift.text.map((t) => t.file)).toEqual(['report.md']);
    head.remove();
    expect(() => extractReport(repo, 'HEAD~1')).toThrow(ReportBaselineError);
    expect(() => extractReport(repo, 'HEAD~1')).toThrow(/has no committed reports\/replication\//);
    expect(() => extractReport(repo, 'no-such-branch')).toThrow(/git rev-parse/);
  });
});
