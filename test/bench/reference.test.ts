// How the bench talks to a reference script (bench/reference.ts): the jobs and check batches it hands over,
// the JSON lines it reads back, the progress it passes on and how a failure reads. A node script stands in
// for python, so no framework is needed; bench/torch_reference.py and bench/jax_reference.py print the same
// lines (their docstrings), and the bench checks their models against core/models/ on every run.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalCase } from '../../bench/model-check.ts';
import { findPython, runReferenceScript, type ReferenceResultLine } from '../../bench/reference.ts';
import { makeWorkloads, referenceJob } from '../../bench/workloads.ts';

const temp = mkdtempSync(join(tmpdir(), 'tms-reference-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// prints one line of each kind, echoing what it was given
const FAKE = `
import { readFileSync } from 'node:fs';
const argv = process.argv.slice(2);
const arg = (flag) => argv[argv.indexOf(flag) + 1];
const jobs = JSON.parse(readFileSync(arg('--jobs'), 'utf8'));
const cases = argv.includes('--eval') ? JSON.parse(readFileSync(arg('--eval'), 'utf8')) : [];
const say = (o) => console.log(JSON.stringify(o));
say({ kind: 'env', version: 'fake 1', threads: Number(arg('--threads')), platforms: process.env.JAX_PLATFORMS ?? null });
say({ kind: 'peak', threads: 1, gflops: 10, size: 8, method: 'fake' });
say({ kind: 'check', ok: true, max_rel_err: 1e-7 });
for (const c of cases) say({ kind: 'eval', model: c.model, loss: [c.instances], gradients: {} });
console.error('[fake] progress line');
console.log('not json');
for (const j of jobs) say({ kind: 'result', workload: j.workload, model: j.model, steps: j.steps, seconds: 0.5, steps_per_s: j.steps / 0.5, cores_used: 1, final_loss: 0.1, threads: 1, variant: 'fake', runs: 1 });
say({ kind: 'usage', cpu_seconds: 1.5 });
`;

describe('runReferenceScript', () => {
  it('hands over the jobs and check batches and reads every kind of line back', async () => {
    const script = join(temp, 'fake.mjs');
    writeFileSync(script, FAKE);
    const jobs = makeWorkloads({ smoke: true }).map(referenceJob);
    const logs: string[] = [];
    const run = await runReferenceScript<{ version: string; threads: number; platforms: string | null }, ReferenceResultLine, never>({
      python: process.execPath,
      script,
      args: ['--threads', '1'],
      jobs,
      evalCases: [evalCase('untied-abs')],
      env: { ...process.env, JAX_PLATFORMS: 'cpu' },
      onLog: (line) => logs.push(line),
    });
    expect(run.error).toBeUndefined();
    expect(run.exitCode).toBe(0);
    expect(run.env).toMatchObject({ version: 'fake 1', threads: 1, platforms: 'cpu' });
    expect(run.peaks).toHaveLength(1);
    expect(run.check).toMatchObject({ ok: true });
    expect(run.evals).toEqual([{ kind: 'eval', model: 'untied-abs', loss: [2], gradients: {} }]);
    expect(run.results.map((r) => [r.workload, r.model, r.steps_per_s])).toEqual([
      ['A/sched', 'relu-output', 6],
      ['P/sched', 'relu-hidden', 6],
      ['V/sched', 'untied-abs', 6],
    ]);
    expect(run.cpuSeconds).toBe(1.5);
    expect(logs.sort()).toEqual(['[fake] progress line', 'not json']); // stdout and stderr interleave in no fixed order
  });

  it('passes no --eval without check batches, and reports a failed script by its last stderr line', async () => {
    const script = join(temp, 'fails.mjs');
    writeFileSync(
      script,
      "if (process.argv.includes('--eval')) console.error('got --eval'); console.error('Traceback ...'); console.error('ValueError: boom'); process.exit(3);\n",
    );
    const run = await runReferenceScript({ python: process.execPath, script, args: [], jobs: [], env: process.env });
    expect(run.exitCode).toBe(3);
    expect(run.error).toBe('fails.mjs exited 3: ValueError: boom');
    expect(run.results).toEqual([]);
  });

  it('reports a python that does not start', async () => {
    const run = await runReferenceScript({ python: join(temp, 'no-python'), script: 'x.py', args: [], jobs: [], env: process.env });
    expect(run.error).toMatch(/ENOENT/);
  });
});

describe('findPython', () => {
  it('says why each candidate failed, skipping empty and repeated ones', () => {
    const missing = join(temp, 'no-python');
    const { found, tried } = findPython('jax', [undefined, '', missing, missing]);
    expect(found).toBeNull();
    expect(tried).toEqual([`${missing}: not found`]);
  });
});
