// The distributed executor end to end, with real parts: a Redis server of the test's own (append-only,
// password), BullMQ, worker processes in checkouts of their own (as on other machines) and a file://
// store. A coordinator runs nothing itself; every node runs exactly once on some worker; the outputs are
// byte-identical to the local executor's. A worker on other code takes nothing, a worker whose checkout
// computes another key refuses the job, a malformed job is refused without a retry, and an unreachable or
// refusing Redis is one line.

import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueName } from '../../pipeline/queue.ts';
import { sourceDigests } from '../../pipeline/runner.ts';
import type { PipelineDefinition } from '../../pipeline/types.ts';
import { TestCluster, type WorkerProcess } from './cluster.ts';
import { fixtureProjectAt, runFixtureCli, type FixtureProject } from './fixture-project.ts';
import { REDIS_SERVER } from './redis-server.ts';

const VALUES = { a: 1, b: 2, c: 3, d: 4 };
const NODES = ['make@a', 'make@b', 'make@c', 'make@d', 'sum'];
const FOLDERS = ['make/a', 'make/b', 'make/c', 'make/d', 'sum'];

let cluster: TestCluster;
const checkout = (values: Record<string, number> = VALUES): Promise<FixtureProject> => cluster.checkout(values);
const startWorker = (project: FixtureProject): Promise<WorkerProcess> => cluster.startWorker(project);

beforeEach(async () => {
  if (REDIS_SERVER !== undefined) cluster = await TestCluster.start();
});

afterEach(async () => {
  if (REDIS_SERVER !== undefined) await cluster.stop();
});

describe.skipIf(REDIS_SERVER === undefined)('the BullMQ executor', () => {
  it('runs every node exactly once on three workers, none on the coordinator, byte-identical to the local executor', async () => {
    const coordinator = await checkout();
    const pool = await Promise.all([checkout(), checkout(), checkout()]);
    const running = await Promise.all(pool.map(startWorker));
    const result = await cluster.coordinate(coordinator);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^5 ran, 0 cache hits, 5 nodes/);
    expect(result.stderr).toMatch(/sum: ran on worker [^\s]+:\d+/);
    expect(await coordinator.runs()).toEqual([]);
    expect(await readFile(join(coordinator.root, 'reports', 'run-record.md'), 'utf8')).toContain('every ready node queued for workers');
    const ranOnWorkers = (await Promise.all(pool.map((p) => p.runs()))).flat();
    expect(ranOnWorkers.sort()).toEqual(NODES);
    // the same bytes as the local executor computes
    const local = await checkout();
    expect((await runFixtureCli(local, ['reproduce'])).code).toBe(0);
    expect(await cluster.artifacts(coordinator, FOLDERS)).toEqual(await cluster.artifacts(local, FOLDERS));
    // a second coordinator finds everything in the store: no job at all
    const again = await checkout();
    const second = await cluster.coordinate(again);
    expect(second.stderr.trimEnd().split('\n').at(-1)).toMatch(/^0 ran, 5 cache hits \(5 from the shared store\)/);
    for (const worker of running) expect(await cluster.stopWorker(worker)).toBe(0);
    expect((await Promise.all(pool.map((p) => p.runs()))).flat()).toHaveLength(NODES.length);
  });

  it('splits a node whose stage declares shards into a job per shard and a merge job, byte-identical to the local whole run', async () => {
    // make@a and make@b split into three shards each (fixture-project.ts); make@c runs whole
    const values = { a: 3000, b: 6000, c: 3 };
    const coordinator = await checkout(values);
    // one shard is in the store already (a worker's job of an earlier, interrupted run): it is not queued again
    const earlier = await checkout(values);
    const one = await runFixtureCli(earlier, ['reproduce', 'make@a', '--shard', '2/3', '--store', cluster.store]);
    expect(one.code, one.stderr).toBe(0);
    expect(await earlier.runs()).toEqual(['make@a shard 2/3']);
    const pool = await Promise.all([checkout(values), checkout(values), checkout(values)]);
    await Promise.all(pool.map(startWorker));
    const result = await cluster.coordinate(coordinator);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/make@a: running \([0-9a-f]{12}, 2 of its 3 shards to run\)/);
    expect(result.stderr).toMatch(/make@b: running \([0-9a-f]{12}, 3 of its 3 shards to run\)/);
    expect(result.stderr).toMatch(/make@b shard 3\/3: ran on worker/);
    expect(result.stderr).toMatch(/make@b \(merge of 3 shards\): ran on worker/);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^4 ran, 0 cache hits, 4 nodes/);
    // each shard ran exactly once, somewhere; each merge found every shard cached and ran none itself
    const ran = (await Promise.all(pool.map((p) => p.runs()))).flat().sort();
    expect(ran).toEqual([
      'make@a merge',
      'make@a shard 1/3',
      'make@a shard 3/3',
      'make@b merge',
      'make@b shard 1/3',
      'make@b shard 2/3',
      'make@b shard 3/3',
      'make@c',
      'sum',
    ]);
    const local = await checkout(values);
    expect((await runFixtureCli(local, ['reproduce'])).code).toBe(0);
    expect((await local.runs()).sort()).toEqual(['make@a', 'make@b', 'make@c', 'sum']);
    const folders = ['make/a', 'make/b', 'make/c', 'sum'];
    expect(await cluster.artifacts(coordinator, folders)).toEqual(await cluster.artifacts(local, folders));
    expect((await cluster.artifacts(coordinator, ['sum']))['sum/sum.json']).toBe('18006');
    // the store holds the six shards and the four nodes, and nothing that no record names
    const store = await cluster.storeContents();
    expect(store.records).toBe(10);
    expect(store.objects).toEqual(store.referenced);
  });

  it('runs jobs side by side in one worker with --concurrency 2, each in a lane of its own, byte-identical', async () => {
    // four 1.5-second nodes, so that the worker has two in hand at once
    const slow = { a: 998, b: 998, c: 998, d: 998 };
    const coordinator = await checkout(slow);
    const project = await checkout(slow);
    // lanes copy what git tracks or would track: the fixture's outputs, cache and logs are not sources
    await writeFile(join(project.root, '.gitignore'), 'cache/\nartifacts/\nreports/\n*.log\n');
    execFileSync('git', ['init', '-q'], { cwd: project.root });
    const worker = await cluster.startWorker(project, 30, ['--concurrency', '2']);
    expect(worker.stderr()).toContain(', 2 at once; results go to');
    const result = await cluster.coordinate(coordinator);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^5 ran, 0 cache hits, 5 nodes/);
    // a second job started before the first was done
    const events = worker
      .stderr()
      .split('\n')
      .filter((line) => / attempt 1| done/.test(line));
    const firstDone = events.findIndex((line) => line.includes(' done'));
    expect(events.slice(0, firstDone).length, events.join('\n')).toBe(2);
    expect(worker.stderr()).toMatch(/attempt 1 in lane \.cache\/worker-lanes\/1/);
    // every node ran exactly once, in the checkout or its lane
    const lane = fixtureProjectAt(join(project.root, '.cache', 'worker-lanes', '1'));
    expect([...(await project.runs()), ...(await lane.runs())].sort()).toEqual(NODES);
    const local = await checkout(slow);
    expect((await runFixtureCli(local, ['reproduce'])).code).toBe(0);
    expect(await cluster.artifacts(coordinator, FOLDERS)).toEqual(await cluster.artifacts(local, FOLDERS));
    expect(await cluster.stopWorker(worker)).toBe(0);
  });

  it('lets a worker started with --idle-exit end by itself, exit code 0, once no job came for that long (5 s)', async () => {
    const coordinator = await checkout();
    const worker = await cluster.startWorker(await checkout(), 30, ['--idle-exit', '5']);
    const result = await cluster.coordinate(coordinator);
    expect(result.code, result.stderr).toBe(0);
    const ended = Date.now();
    expect(await worker.exited).toBe(0);
    expect(Date.now() - ended).toBeLessThan(15_000);
    expect(worker.stderr()).toMatch(/no job for 5 s: stopping/);
    expect((await worker.project.runs()).sort()).toEqual(NODES);
  });

  it('gives no work to a worker whose checkout holds other code: it listens on another queue', async () => {
    const coordinator = await checkout();
    const other = await checkout();
    await writeFile(join(other.root, 'stages', 'helper.js'), 'export const helper = 2;\n');
    const same = await checkout();
    const [foreign, own] = [await startWorker(other), await startWorker(same)];
    const queueOf = (w: WorkerProcess): string => /taking jobs from queue (\S+)/.exec(w.stderr())![1]!;
    expect(queueOf(foreign)).not.toBe(queueOf(own));
    const result = await cluster.coordinate(coordinator);
    expect(result.code, result.stderr).toBe(0);
    expect(await other.runs()).toEqual([]);
    expect((await same.runs()).sort()).toEqual(NODES);
  });

  it("fails the run, without a retry, when a worker's checkout computes another key for the node (other parameters)", async () => {
    const coordinator = await checkout();
    const differing = await checkout({ ...VALUES, a: 5 });
    const worker = await startWorker(differing);
    const result = await cluster.coordinate(coordinator, ['make@a']);
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
    const queue = new Queue(queueName(definition.name, await sourceDigests(definition)), { connection: { url: cluster.redis.url } });
    try {
      const bad = [
        { node: '../../etc', key: 'f'.repeat(64), force: false },
        { node: 'make@a', key: 'not-a-key', force: false },
        { node: 'make@a', key: 'f'.repeat(64), force: false, script: 'rm -rf /' },
        { node: 'make@zzz', key: 'f'.repeat(64), force: false },
        { node: 'make@a', key: 'f'.repeat(64), force: false, part: { kind: 'shard', index: 3, count: 3 } },
        { node: 'make@a', key: 'f'.repeat(64), force: false, part: { kind: 'merge', count: 3, path: '/etc' } },
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
    const closed = await cluster.coordinate(project, [], { PIPELINE_REDIS: 'redis://127.0.0.1:1' });
    expect(closed.code).toBe(2);
    expect(closed.stderr.trim()).toMatch(
      /^error \[E_REDIS\]: --redis redis:\/\/127\.0\.0\.1:1: cannot use it \(.*\); is the server running/,
    );
    const wrong = await cluster.coordinate(project, [], { PIPELINE_REDIS: `redis://:wrong@127.0.0.1:${cluster.redis.port}` });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`--redis redis://:***@127.0.0.1:${cluster.redis.port}`);
    expect(wrong.stderr).not.toContain('wrong@');
    const noStore = await runFixtureCli(project, ['reproduce', '--executor', 'bullmq', '--redis', cluster.redis.url]);
    expect(noStore.code).toBe(2);
    expect(noStore.stderr.trim()).toBe(
      'error [E_USAGE]: --executor bullmq needs --store URL (or PIPELINE_STORE): the shared store through which results travel',
    );
    expect(await project.runs()).toEqual([]);
  });
});
