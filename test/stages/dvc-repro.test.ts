// `dvc repro` runs the same DAG through the same stage commands as `npm run reproduce`, and
// `dvc status` is clean afterwards. Needs DVC (pip install dvc); .ci/run installs it and fails when
// this test is skipped.

import { execFileSync, spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDvc } from '../pipeline/dvc-bin.ts';
import { copyProject, expectedNodeCount, runMain } from './project-copy.ts';

// DVC starts one Node process per stage, one after the other (≈ 3 s each), so the test runs a copy with
// three experiments that between them use every kind of run: a plain sweep (intro), a per-instance
// importance grid (phase-n2m1) and feature sets (correlated-pairs). The full DAG goes through
// `dvc repro` in .ci/run.
const EXPERIMENTS = ['intro', 'phase-n2m1', 'correlated-pairs'];

const dvc = findDvc('the dvc repro / dvc status test');

describe.skipIf(!dvc)('dvc repro', () => {
  let dir: string;
  const env = { ...process.env, DVC_NO_ANALYTICS: '1', CI: 'true' };
  const run = (args: string[]) => spawnSync(dvc!, args, { cwd: dir, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });

  beforeAll(async () => {
    dir = await copyProject({ experiments: EXPERIMENTS });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['add', '-A'], { cwd: dir });
    execFileSync('git', ['-c', 'user.email=ci@example.invalid', '-c', 'user.name=ci', 'commit', '-qm', 'copy'], { cwd: dir });
  }, 60_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reproduces the DAG through the stage commands and leaves dvc status clean', async () => {
    const repro = run(['repro']);
    expect(repro.status, `${repro.stdout}\n${repro.stderr}`).toBe(0);
    expect(repro.stdout).toMatch(/Running stage 'train\.intro\.20221015'/);
    expect(repro.stdout).toMatch(/Running stage 'verdicts\.intro'/);
    expect(repro.stdout).toMatch(/Running stage 'report'/);
    const status = run(['status', '-q']);
    expect(status.status, `${status.stdout}\n${status.stderr}`).toBe(0);
    // the engine's own view agrees: everything dvc built is a cache hit for `npm run reproduce`
    const ours = runMain(dir, ['reproduce']);
    expect(ours.status, ours.stderr).toBe(0);
    expect(ours.stderr).toMatch(new RegExp(`0 ran, ${await expectedNodeCount(dir)} cache hits`));
    // and after that dvc still sees nothing to do
    expect(run(['status', '-q']).status).toBe(0);
    // the report is a function of its inputs, not of when and how long its upstream nodes ran: recompute
    // one of them and then the report, and DVC finds every output, the report's included, as it recorded it
    const again = runMain(dir, ['reproduce', 'verdicts@intro', '--force']);
    expect(again.status, again.stderr).toBe(0);
    const report = runMain(dir, ['run-node', 'report', '--force']);
    expect(report.status, report.stderr).toBe(0);
    const after = run(['status', '-q']);
    expect(after.status, `${after.stdout}\n${after.stderr}`).toBe(0);
  }, 400_000);
});
