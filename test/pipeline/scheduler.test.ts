// The engine end to end on a tiny project: hits, misses, invalidation by parameter and by code,
// failures that leave nothing cached, corrupt objects, and `explain`.

import { spawn } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Cache } from '../../pipeline/cache.ts';
import type { PipelineDefinition } from '../../pipeline/types.ts';
import { reproduce, type ReproduceSummary } from '../../pipeline/scheduler.ts';
import { sha256 } from '../../pipeline/hash.ts';
import { runNodeById, sourceDigests } from '../../pipeline/runner.ts';
import { explainDifferences, pipelineStatus } from '../../pipeline/status.ts';
import { LineReporter } from '../../pipeline/progress.ts';
import { createFixtureProject, type FixtureProject } from './fixture-project.ts';

let project: FixtureProject;
let definition: PipelineDefinition<unknown>;

const quiet = () => new LineReporter(0, () => {});

async function run(extra: { force?: boolean; targets?: string[]; jobs?: number } = {}): Promise<ReproduceSummary> {
  return reproduce(definition, {
    jobs: extra.jobs ?? 2,
    targets: extra.targets ?? [],
    force: extra.force ?? false,
    entry: project.entry,
    reporter: quiet(),
  });
}

function statuses(summary: ReproduceSummary): Record<string, string> {
  return Object.fromEntries(summary.outcomes.map((o) => [o.node, o.status]));
}

beforeEach(async () => {
  project = await createFixtureProject();
  definition = ((await import(join(project.root, 'definition.ts'))) as { definition: PipelineDefinition<unknown> }).definition;
});

afterEach(async () => {
  await rm(project.root, { recursive: true, force: true });
});

describe('reproduce', () => {
  it('runs every node once, then hits the cache for all of them', async () => {
    const first = await run();
    expect(statuses(first)).toEqual({ 'make@a': 'ran', 'make@b': 'ran', sum: 'ran' });
    expect(JSON.parse(await readFile(join(project.root, 'artifacts/sum/sum.json'), 'utf8'))).toBe(6);
    const second = await run();
    expect(statuses(second)).toEqual({ 'make@a': 'hit', 'make@b': 'hit', sum: 'hit' });
    expect(await project.runs()).toHaveLength(3);
  });

  it('runs the nodes in a pool of at most --jobs reused processes, none of them the scheduler', async () => {
    await project.setParams({ a: 1, b: 2, c: 3, d: 4 });
    expect(statuses(await run({ jobs: 2 }))).toEqual({ 'make@a': 'ran', 'make@b': 'ran', 'make@c': 'ran', 'make@d': 'ran', sum: 'ran' });
    const pids = await project.pids();
    expect(pids).toHaveLength(5);
    expect(new Set(pids).size).toBeLessThanOrEqual(2);
    expect(pids).not.toContain(String(process.pid));
    await project.setParams({ a: 2, b: 2, c: 3, d: 4 });
    await run({ jobs: 1 });
    expect(new Set((await project.pids()).slice(5)).size).toBe(1);
  });

  it("reports the run's peak memory, the largest of its processes' (a node that holds 600 MiB shows)", async () => {
    const small = await run();
    expect(small.peakMemoryMiB).toBeGreaterThan(10);
    expect(small.peakMemoryMiB).toBeLessThan(600);
    await project.setParams({ a: 997, b: 2 });
    expect((await run()).peakMemoryMiB).toBeGreaterThan(600);
  });

  it('refuses, in a reused process, a node whose code changed since the process loaded it; a fresh process runs it', async () => {
    const { definition: fixture } = (await import(join(project.root, 'definition.ts'))) as { definition: PipelineDefinition<unknown> };
    const loaded = await sourceDigests(fixture);
    expect(loaded.get('stages/helper.js')).toBeDefined();
    await writeFile(join(project.root, 'stages', 'helper.js'), 'export const helper = 2;\n');
    await expect(runNodeById(fixture, 'make@a', { loadedCode: loaded })).rejects.toMatchObject({
      code: 'E_STALE_PROCESS',
      message: /stages\/helper\.js changed since this process loaded the code/,
    });
    expect(await project.runs()).toEqual([]);
    await expect(runNodeById(fixture, 'make@a', { loadedCode: await sourceDigests(fixture) })).resolves.toMatchObject({ status: 'ran' });
  });

  it('runs a queued node with the code as it is when the node starts, in a process that loaded that code', async () => {
    await project.setParams({ a: 998, b: 2 });
    const running = run({ jobs: 1 });
    for (let i = 0; i < 200 && !(await project.runs()).includes('make@a'); i += 1) await new Promise((r) => setTimeout(r, 25));
    // make@b waits in the queue (one job) while the code both nodes import changes
    await writeFile(join(project.root, 'stages', 'helper.js'), 'export const helper = 3;\n');
    const summary = await running;
    expect(statuses(summary)).toEqual({ 'make@a': 'ran', 'make@b': 'ran', sum: 'ran' });
    const cache = new Cache(join(project.root, 'cache'));
    const helper = (await cache.latest('make@b'))!.codeFiles['stages/helper.js'];
    expect(helper).toBe(sha256('export const helper = 3;\n'));
    // the second node ran in a fresh process, not in the one that had loaded the old code
    const pids = await project.pids();
    expect(new Set(pids.slice(0, 2)).size).toBe(2);
  });

  it('reruns exactly the nodes that read a changed parameter, and their downstream', async () => {
    await run();
    await project.setParams({ a: 5, b: 2 });
    const summary = await run();
    expect(statuses(summary)).toEqual({ 'make@a': 'ran', 'make@b': 'hit', sum: 'ran' });
    expect(JSON.parse(await readFile(join(project.root, 'artifacts/sum/sum.json'), 'utf8'))).toBe(14);
  });

  it('reruns only the stage whose own toolchain entry changed (StageDefinition.toolchain)', async () => {
    await run();
    process.env.FIXTURE_SUM_TOOL = '2.0.0';
    try {
      expect(statuses(await run())).toEqual({ 'make@a': 'hit', 'make@b': 'hit', sum: 'ran' });
    } finally {
      delete process.env.FIXTURE_SUM_TOOL;
    }
    expect(statuses(await run())).toEqual({ 'make@a': 'hit', 'make@b': 'hit', sum: 'hit' });
  });

  it('stops at a node whose output did not change (content-addressed inputs)', async () => {
    await run();
    // A code change that leaves make@a's output identical reruns make@a but not sum.
    await writeFile(join(project.root, 'stages', 'sum.js'), 'export const sum = 1; // unchanged behaviour\n');
    await writeFile(join(project.root, 'stages', 'helper.js'), 'export const helper = 1; // a comment\n');
    const summary = await run();
    expect(statuses(summary)).toEqual({ 'make@a': 'ran', 'make@b': 'ran', sum: 'ran' });
    await writeFile(join(project.root, 'stages', 'helper.js'), 'export const helper = 1; // another comment\n');
    expect(statuses(await run())).toEqual({ 'make@a': 'ran', 'make@b': 'ran', sum: 'hit' });
  });

  it('leaves no cache entry and no temporary files for a failed node, and recovers after the fix', async () => {
    await project.setParams({ a: 1, b: 2 }, true);
    await expect(run()).rejects.toThrow(/sum failed/);
    const cache = new Cache(join(project.root, 'cache'));
    expect(await cache.latest('sum')).toBeUndefined();
    expect(await readdir(join(project.root, 'cache', 'tmp'))).toEqual([]);
    await project.setParams({ a: 1, b: 2 }, false);
    expect(statuses(await run())).toEqual({ 'make@a': 'hit', 'make@b': 'hit', sum: 'ran' });
  });

  it('restores a deleted workspace copy from the cache without running', async () => {
    await run();
    await rm(join(project.root, 'artifacts'), { recursive: true });
    expect(statuses(await run())).toEqual({ 'make@a': 'hit', 'make@b': 'hit', sum: 'hit' });
    expect(JSON.parse(await readFile(join(project.root, 'artifacts/sum/sum.json'), 'utf8'))).toBe(6);
    expect(await project.runs()).toHaveLength(3);
  });

  it('detects a corrupt cache object and reruns the node instead of using it', async () => {
    await run();
    const cache = new Cache(join(project.root, 'cache'));
    const manifest = (await cache.latest('sum'))!;
    const digest = manifest.outputs['sum.json']!.digest;
    await writeFile(join(project.root, 'cache', 'objects', digest.slice(0, 2), digest.slice(2)), '999');
    await rm(join(project.root, 'artifacts', 'sum'), { recursive: true });
    await expect(cache.readObject(digest)).rejects.toThrow(/corrupt/);
    expect(statuses(await run())).toEqual({ 'make@a': 'hit', 'make@b': 'hit', sum: 'ran' });
    expect(JSON.parse(await readFile(join(project.root, 'artifacts/sum/sum.json'), 'utf8'))).toBe(6);
  });

  it('starts the stale node with the most estimated work first, not the first in DAG order', async () => {
    await project.setParams({ a: 1, b: 5, c: 3 });
    await run({ jobs: 1 });
    expect(await project.runs()).toEqual(['make@b', 'make@c', 'make@a', 'sum']);
  });

  it('builds only the requested target and what it needs; --force reruns it', async () => {
    expect(statuses(await run({ targets: ['make@b'] }))).toEqual({ 'make@b': 'ran' });
    expect(statuses(await run({ targets: ['make@b'], force: true }))).toEqual({ 'make@b': 'ran' });
    expect(await project.runs()).toEqual(['make@b', 'make@b']);
  });
});

describe('the run record', () => {
  const cli = (...args: string[]): Promise<{ code: number | null; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), project.entry, ...args], { cwd: project.root });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
  const record = (): Promise<string> => readFile(join(project.root, 'reports/run-record.md'), 'utf8');

  it("is written by reproduce beside the outputs, with this run's results and times, and says why a run stopped", async () => {
    const first = await cli('reproduce', '--jobs', '1');
    expect(first.code).toBe(0);
    // the summary stays the last line; the record is named before it
    expect(first.stderr.trimEnd().split('\n').at(-1)).toMatch(/^3 ran, 0 cache hits, 3 nodes in/);
    expect(first.stderr).toContain('reports/run-record.md');
    const ran = await record();
    expect(ran).toMatch(/^- commit: `(unknown|[0-9a-f]{40}(-dirty)?)`$/m);
    expect(ran).toMatch(/^- started \d{4}-\d\d-\d\dT[\d:.]+Z, finished \d{4}-\d\d-\d\dT[\d:.]+Z \([\d.]+ s\)$/m);
    expect(ran).toMatch(/^\| `make@a` \| ran \| [\d.]+ \| `[0-9a-f]{12}` \|$/m);
    expect(ran).toMatch(/^\| `sum` \| ran \| [\d.]+ \| `[0-9a-f]{12}` \|$/m);
    expect(ran).toContain('- 3 ran (');
    // a warm run replaces it, and the outputs' bytes never depend on it
    const output = await readFile(join(project.root, 'artifacts/sum/sum.json'), 'utf8');
    expect((await cli('reproduce')).code).toBe(0);
    expect(await record()).toMatch(/^\| `sum` \| cache hit \| [\d.]+ \| `[0-9a-f]{12}` \|$/m);
    expect(await readFile(join(project.root, 'artifacts/sum/sum.json'), 'utf8')).toBe(output);
    // a failed run records the failure's line
    await project.setParams({ a: 1, b: 2 }, true);
    expect((await cli('reproduce')).code).not.toBe(0);
    expect(await record()).toMatch(/^- stopped: .*deliberate failure/m);
  });
});

describe('interruption', () => {
  it('leaves no cache entry for an interrupted node, exits 130, and cleans its temporaries on the next run', async () => {
    await project.setParams({ a: 1, b: 999 });
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), project.entry, 'reproduce', '--jobs', '2'], {
      cwd: project.root,
      stdio: 'ignore',
    });
    // wait until the slow node has started and the quick one is cached (on a busy machine that takes a while)
    const cache = new Cache(join(project.root, 'cache'));
    for (let i = 0; i < 400 && !((await project.runs()).includes('make@b') && (await cache.latest('make@a')) !== undefined); i += 1) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await project.runs()).toContain('make@b');
    expect(await cache.latest('make@a')).toBeDefined();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
    expect(await cache.latest('make@b')).toBeUndefined();
    expect(await cache.latest('sum')).toBeUndefined();
    await project.setParams({ a: 1, b: 2 });
    expect(statuses(await run())).toEqual({ 'make@a': 'hit', 'make@b': 'ran', sum: 'ran' });
    expect(await readdir(join(project.root, 'cache', 'tmp'))).toEqual([]);
  });
});

describe('explain', () => {
  it('names the parameter, input and code changes since the last run', async () => {
    await run();
    await project.setParams({ a: 3, b: 2 });
    await writeFile(join(project.root, 'stages', 'helper.js'), 'export const helper = 2;\n');
    const status = await pipelineStatus(definition);
    const cache = new Cache(join(project.root, 'cache'));
    const makeA = status.entries.find((e) => e.node.id === 'make@a')!;
    expect(makeA.state).toBe('stale');
    const reasons = explainDifferences(makeA, await cache.latest('make@a'));
    expect(reasons).toContain('parameter values.a changed: 1 → 3');
    expect(reasons).toContain('code changed: stages/helper.js');
    const sum = status.entries.find((e) => e.node.id === 'sum')!;
    expect(sum.state).toBe('blocked');
    await run();
    const after = await pipelineStatus(definition);
    expect(after.entries.every((e) => e.state === 'fresh')).toBe(true);
  });
});
