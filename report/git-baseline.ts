// A git revision's report, for the drift gate: `git archive` of reports/replication/ at that revision,
// unpacked into a temporary directory (the working tree's own copy is the report being checked).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the report lives in the repository (the report stage's output directory). */
export const REPORT_PATH = 'reports/replication';

export class ReportBaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportBaselineError';
  }
}

function git(root: string, args: string[]): Buffer {
  try {
    return execFileSync('git', args, { cwd: root, maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr =
      String((error as { stderr?: Buffer }).stderr ?? '')
        .trim()
        .split('\n')[0] ?? '';
    throw new ReportBaselineError(`git ${args.join(' ')} failed in ${root}${stderr ? `: ${stderr}` : ''}`);
  }
}

/**
 * The report of revision `rev` in a fresh temporary directory laid out as reports/replication/; `remove`
 * deletes it. Fails with one line when `root` is not a git repository, the revision is unknown or it has
 * no committed report.
 */
export function extractReport(root: string, rev: string): { dir: string; commit: string; remove: () => void } {
  const commit = git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])
    .toString()
    .trim();
  if (git(root, ['ls-tree', '--name-only', commit, '--', REPORT_PATH]).length === 0) {
    throw new ReportBaselineError(`revision ${rev} (${commit.slice(0, 12)}) has no committed ${REPORT_PATH}/`);
  }
  const tar = git(root, ['archive', '--format=tar', commit, '--', REPORT_PATH]);
  const unpacked = mkdtempSync(join(tmpdir(), 'tms-report-baseline-'));
  const remove = (): void => rmSync(unpacked, { recursive: true, force: true });
  try {
    execFileSync('tar', ['-x', '-C', unpacked], { input: tar, stdio: ['pipe', 'ignore', 'pipe'] });
  } catch (error) {
    remove();
    throw new ReportBaselineError(`could not unpack the report of ${rev}: ${(error as Error).message.split('\n')[0]}`);
  }
  return { dir: join(unpacked, REPORT_PATH), commit, remove };
}
