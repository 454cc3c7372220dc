// The distributed executor end to end, with real parts: a Redis server of the test's own (append-only,
// password), BullMQ, worker processes in checkouts of their own (as on other machines) and a file://
// store. A coordinator runs nothing itself; every node runs exactly once on some worker; the outputs are
// byte-identical to the local executor's. A worker on other code takes nothing, a worker whose checkout
// computes another key refuses the job, a malformed job is refused without a retry, and an unreachable or
// refusing Redis is one line.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueName } from '../../pipeline/queue.ts';
import { sourceDigests } from '../../pipeline/runner.ts';
import type { PipelineDefinition } from '../../pipeline/types.ts';
import { createFixtureProject, runFixtureCli, type CliResult, type FixtureProject } from './fixture-project.ts';
import { REDIS_SERVER, startRedis, type TestRedis } from './redis-server.ts';

const VALUES = { a: 1, b: 2, c: 3, d: 4 };
const NODES = ['make@a', 'make@b', 'make@c', 'make@d', 'sum'];

interface WorkerProcess {
  project: FixtureProject;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

let redis: TestRedis;
let storeDir: string;
let store: string;
const projects: FixtureProject[] = [];
const workers: WorkerProcess[] = [];

async function checkout(values: Record<string, number> = VALUES): Promise<FixtureProject> {
  const project = await createFixtureProject();
  await project.setParams(values);
  projects.push(project);
  return project;
}

/** A worker in its own checkout; resolves once it listens on its queue. */
async function startWorker(project: FixtureProject): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), project.entry, 'worker', '--store', store], {
    cwd: project.root,
    env: { ...process.env, PIPELINE_REDIS: redis.url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const worker = { project, child, stderr: () => stderr, exited };
  workers.push(worker);
  for (let i = 0; i < 300 && !stderr.includes('taking jobs from queue'); i += 1) {
    if (child.exitCode !== null) throw new Error(`the worker exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(stderr).toContain('taking jobs from queue');
  return worker;
}

async function stopWorker(worker: WorkerProcess): Promise<number | null> {
  worker.child.kill('SIGTERM');
  return worker.exited;
}

const coordinate = (project: FixtureProject, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
  runFixtureCli(project, ['reproduce', '--jobs', '4', '--executor', 'bullmq', '--store', store, ...args], {
    env: { PIPELINE_REDIS: redis.url, ...env },
  });

async function artifacts(project: FixtureProject): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const node of ['make/a', 'make/b', 'make/c', 'make/d', 'sum'])
    for (const file of await readdir(join(project.root, 'artifacts', node)))
      files[`${node}/${file}`] = await readFile(join(project.root, 'artifacts', node, file), 'utf8');
  return files;
}

beforeEach(async () => {
  if (REDIS_SERVER === undefined) return;
  redis = await startRedis();
  storeDir = join(await mkdtemp(join(tmpdir(), 'tms-dist-')), 'store');
  store = pathToFileURL(storeDir).href;
});

afterEach(async () => {
  for (const worker of workers.splice(0)) if (worker.child.exitCode === null) await stopWorker(worker);
  for (const project of projects.splice(0)) await rm(project.root, { recursive: true, force: true });
  if (REDIS_SERVER === undefined) return;
  await redis.stop();
  await rm(join(storeDir, '..'), { recursive: true, force: true });
});

describe.skipIf(REDIS_SERVER === undefined)('the BullMQ executor', () => {
  it('runs every node exactly once on three workers, none on the coordinator, byte-identical to the local executor', async () => {
    const coordinator = await checkout();
    const pool = await Promise.all([checkout(), checkout(), checkout()]);
    const running = await Promise.all(pool.map(startWorker));
    const result = await coordinate(coordinator);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^5 ran, 0 cache hits, 5 nodes/);
    expect(result.stderr).toMatch(/sum: ran on worker [^\s]+:\d+/);
    expect(await coordinator.runs()).toEqual([]);
    const ranOnWorkers = (await Promise.all(pool.map((p) => p.runs()))).flat();
    expect(ranOnWorkers.sort()).toEqual(NODES);
    // the same bytes as the local executor computes
    const local = await checkout();
    expect((await runFixtureCli(local, ['reproduce'])).code).toBe(0);
    expect(await artifacts(coordinator)).toEqual(await artifacts(local));
    // a second coordinator finds everything in the store: no job at all
    const again = await checkout();
    const second = await coordinate(again);
    expect(second.stderr.trimEnd().split('\n').at(-1)).toMatch(/^0 ran, 5 cache hits \(5 from the shared store\)/);
    for (const worker of running) expect(await stopWorker(worker)).toBe(0);
    expect((await Promise.all(pool.map((p) => p.runs()))).flat()).toHaveLength(NODES.length);
  });

  it('gives no work to a worker whose checkout holds other code: it listens on another queue', async () => {
    const coordinator = await checkout();
    const other = await checkout();
    await writeFile(join(other.root, 'stages', 'helper.js'), 'export const helper = 2;\n');
    const same = await checkout();
    const [foreign, own] = [await startWorker(other), await startWorker(same)];
    const queueOf = (w: WorkerProcess): string => /taking jobs from queue (\S+)/.exec(w.stderr())![1]!;
    expect(queueOf(foreign)).not.toBe(queueOf(own));
    const result = await coordinate(coordinator);
    expect(result.code, result.stderr).toBe(0);
    expect(await other.runs()).toEqual([]);
    expect((await same.runs()).sort()).toEqual(NODES);
  });

  it("fails the run, without a retry, when a worker's checkout computes another key for the node (other parameters)", async () => {
    const coordinator = await checkout();
    const differing = await checkout({ ...VALUES, a: 5 });
    const worker = await startWorker(differing);
    const result = await coordinate(coordinator, ['make@a']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /make@a failed on a worker: make@a on worker \S+: error \[E_KEY\]: make@a: this checkout computes the key [0-9a-f]{12}, not the [0-9a-f]{12} asked for/,
    );
    expect(await differing.runs()).toEqual([]);
    expect(worker.stderr().match(/make@a \([0-9a-f]{12}\), attempt/g)).toHaveLength(1);
  });

  it('refuses a job that is not a node job, at once and for good', async () => {
    const project = await checkout();
    await startWorker(project);
    const definition = ((await import(join(project.root, 'definition.ts'))) as { definition: PipelineDefinition<unknown> }).definition;
    const queue = new Queue(queueName(definition.name, await sourceDigests(definition)), { connection: { url: redis.url } });
    try {
      const bad = [
        { node: '../../etc', key: 'f'.repeat(64), force: false },
        { node: 'make@a', key: 'not-a-key', force: false },
        { node: 'make@a', key: 'f'.repeat(64), force: false, script: 'rm -rf /' },
        { node: 'make@zzz', key: 'f'.repeat(64), force: false },
      ];
      const jobs = await Promise.all(bad.map((data, i) => queue.add('node', data as never, { jobId: `bad-${i}`, attempts: 3 })));
      for (const job of jobs) {
        for (let i = 0; i < 200 && (await job.getState()) !== 'failed'; i += 1) await new Promise((r) => setTimeout(r, 50));
        const done = (await queue.getJob(job.id!))!;
        expect(await done.getState()).toBe('failed');
        expect(done.attemptsMade).toBe(1);
        expect(done.failedReason).toMatch(/refused: /);
      }
    } finally {
      await queue.close();
    }
    expect(await project.runs()).toEqual([]);
  });

  it('stops with one line when Redis cannot be reached or refuses the credentials, or a flag is missing', async () => {
    const project = await checkout();
    const closed = await coordinate(project, [], { PIPELINE_REDIS: 'redis://127.0.0.1:1' });
    expect(closed.code).toBe(2);
    expect(closed.stderr.trim()).toMatch(
      /^error \[E_REDIS\]: --redis redis:\/\/127\.0\.0\.1:1: cannot use it \(.*\); is the server running/,
    );
    const wrong = await coordinate(project, [], { PIPELINE_REDIS: `redis://:wrong@127.0.0.1:${redis.port}` });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`--redis redis://:***@127.0.0.1:${redis.port}`);
    expect(wrong.stderr).not.toContain('wrong@');
    const noStore = await runFixtureCli(project, ['reproduce', '--executor', 'bullmq', '--redis', redis.url]);
    expect(noStore.code).toBe(2);
    expect(noStore.stderr.trim()).toBe(
      'error [E_USAGE]: --executor bullmq needs --store URL (or PIPELINE_STORE): the shared store through which results travel',
    );
    expect(await project.runs()).toEqual([]);
  });
});
