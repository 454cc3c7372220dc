// The distributed executor under real faults, each in the middle of a node that takes six seconds on a
// worker: the worker's machine dies (SIGKILL to its process group; also in the middle of one shard of a
// node that splits), hangs past its lock (SIGSTOP, then
// SIGCONT), Redis is killed and started again from its append-only log, the coordinator is killed and run
// again. Every time the run completes; every output is byte-identical to the local executor's; each key's
// record is created once; the store holds exactly the objects its records name, and no temporaries.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestCluster, type WorkerProcess } from './cluster.ts';
import { runFixtureCli, type FixtureProject } from './fixture-project.ts';
import { REDIS_SERVER } from './redis-server.ts';

/** `slow` is the fixture's 6-second node (value 996). */
const VALUES = { a: 1, slow: 996 };
const FOLDERS = ['make/a', 'make/slow', 'sum'];
/** a dead worker's job goes to another after this long */
const LOCK_SECONDS = 2;

let cluster: TestCluster;

beforeEach(async () => {
  if (REDIS_SERVER !== undefined) cluster = await TestCluster.start();
});

afterEach(async () => {
  if (REDIS_SERVER !== undefined) await cluster.stop();
});

/** Waits until one of the workers has started the slow node; returns that one. */
async function workerOnSlowNode(workers: WorkerProcess[]): Promise<WorkerProcess> {
  for (let i = 0; i < 400; i += 1) {
    for (const worker of workers) if ((await worker.project.runs()).includes('make@slow')) return worker;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no worker started make@slow');
}

/** Two workers in checkouts of their own, with the short lock. */
async function twoWorkers(): Promise<WorkerProcess[]> {
  return [
    await cluster.startWorker(await cluster.checkout(VALUES), LOCK_SECONDS),
    await cluster.startWorker(await cluster.checkout(VALUES), LOCK_SECONDS),
  ];
}

/** What every fault test checks at the end: the outputs, and a store with nothing unreferenced in it. */
async function expectCompleteAndClean(coordinator: FixtureProject): Promise<void> {
  const local = await cluster.checkout(VALUES);
  expect((await runFixtureCli(local, ['reproduce'])).code).toBe(0);
  expect(await cluster.artifacts(coordinator, FOLDERS)).toEqual(await cluster.artifacts(local, FOLDERS));
  const contents = await cluster.storeContents();
  expect(contents.records).toBe(3);
  expect(contents.objects).toEqual(contents.referenced);
  expect(contents.temporaries).toEqual([]);
  expect(await coordinator.runs()).toEqual([]);
}

describe.skipIf(REDIS_SERVER === undefined)('the BullMQ executor under faults', () => {
  it("completes when a worker's machine dies mid-job: another worker takes the job once its lock runs out", async () => {
    const coordinator = await cluster.checkout(VALUES);
    const workers = await twoWorkers();
    const run = cluster.coordinate(coordinator);
    const victim = await workerOnSlowNode(workers);
    victim.signal('SIGKILL');
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    const survivor = workers.find((w) => w !== victim)!;
    expect(await survivor.project.runs()).toContain('make@slow');
    await expectCompleteAndClean(coordinator);
  }, 60_000);

  it("completes when a worker's machine dies mid-shard: the shard goes to another worker, then the merge runs", async () => {
    // make@split splits into three 6-second shards (fixture-project.ts, value 1996)
    const values = { a: 1, split: 1996 };
    const coordinator = await cluster.checkout(values);
    const workers = [
      await cluster.startWorker(await cluster.checkout(values), LOCK_SECONDS),
      await cluster.startWorker(await cluster.checkout(values), LOCK_SECONDS),
    ];
    const run = cluster.coordinate(coordinator);
    let victim: WorkerProcess | undefined;
    for (let i = 0; i < 400 && victim === undefined; i += 1) {
      for (const worker of workers) if ((await worker.project.runs()).some((r) => r.startsWith('make@split shard'))) victim = worker;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(victim).toBeDefined();
    const killedIn = (await victim!.project.runs()).find((r) => r.startsWith('make@split shard'))!;
    victim!.signal('SIGKILL');
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    const survivor = workers.find((w) => w !== victim)!;
    // the survivor ran the killed worker's shard again, every other shard once, and the merge
    expect(await survivor.project.runs()).toContain(killedIn);
    const all = [...(await victim!.project.runs()), ...(await survivor.project.runs())];
    expect(all.filter((r) => r.startsWith('make@split shard')).sort()).toEqual(
      [...['make@split shard 1/3', 'make@split shard 2/3', 'make@split shard 3/3'], killedIn].sort(),
    );
    expect(all.filter((r) => r === 'make@split merge')).toHaveLength(1);
    const local = await cluster.checkout(values);
    expect((await runFixtureCli(local, ['reproduce'])).code).toBe(0);
    const folders = ['make/a', 'make/split', 'sum'];
    expect(await cluster.artifacts(coordinator, folders)).toEqual(await cluster.artifacts(local, folders));
    // three shards, the two nodes and sum: each record once, nothing unreferenced, no temporaries
    const contents = await cluster.storeContents();
    expect(contents.records).toBe(6);
    expect(contents.objects).toEqual(contents.referenced);
    expect(contents.temporaries).toEqual([]);
  }, 90_000);

  it('completes when a worker hangs past its lock (SIGSTOP), and the hung worker, resumed, changes nothing', async () => {
    const coordinator = await cluster.checkout(VALUES);
    const workers = await twoWorkers();
    const run = cluster.coordinate(coordinator);
    const hung = await workerOnSlowNode(workers);
    hung.signal('SIGSTOP');
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    hung.signal('SIGCONT');
    // the resumed worker finishes its copy of the node: the same bytes, and the record stays the first one
    for (let i = 0; i < 300 && !/make@slow: ran in/.test(hung.stderr()); i += 1) await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 100 && !/Missing lock/.test(hung.stderr()); i += 1) await new Promise((r) => setTimeout(r, 50));
    // its result was the one already published (no conflict), and the job it had lost stayed finished
    expect(hung.stderr()).toMatch(/make@slow: ran in/);
    expect(hung.stderr()).not.toMatch(/differs|could not publish/);
    expect(hung.stderr()).toMatch(/Missing lock for job/);
    expect(hung.child.exitCode).toBeNull();
    await expectCompleteAndClean(coordinator);
  }, 60_000);

  it('completes when Redis is killed mid-run and started again from its append-only log', async () => {
    const coordinator = await cluster.checkout(VALUES);
    const worker = await cluster.startWorker(await cluster.checkout(VALUES), LOCK_SECONDS);
    const run = cluster.coordinate(coordinator);
    await workerOnSlowNode([worker]);
    await cluster.redis.kill();
    await new Promise((r) => setTimeout(r, 1000));
    await cluster.redis.start();
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    await expectCompleteAndClean(coordinator);
  }, 60_000);

  it('lets an interrupted coordinator (SIGINT) stop at once, exit code 130, while its job finishes on the worker for the rerun', async () => {
    const coordinator = await cluster.checkout(VALUES);
    const worker = await cluster.startWorker(await cluster.checkout(VALUES));
    const { child: first, exited } = cluster.spawnCoordinator(coordinator);
    await workerOnSlowNode([worker]);
    const interrupted = Date.now();
    first.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(Date.now() - interrupted).toBeLessThan(4000); // not after the node's 6 s
    for (let i = 0; i < 300 && !/make@slow: ran in/.test(worker.stderr()); i += 1) await new Promise((r) => setTimeout(r, 50));
    const result = await cluster.coordinate(coordinator);
    expect(result.code, result.stderr).toBe(0);
    expect((await worker.project.runs()).filter((node) => node === 'make@slow')).toHaveLength(1);
    await expectCompleteAndClean(coordinator);
  }, 60_000);

  it('completes when the coordinator is killed and run again: the running job is waited for, not queued twice', async () => {
    const coordinator = await cluster.checkout(VALUES);
    const worker = await cluster.startWorker(await cluster.checkout(VALUES));
    const { child: first } = cluster.spawnCoordinator(coordinator);
    await workerOnSlowNode([worker]);
    first.kill('SIGKILL');
    const result = await cluster.coordinate(coordinator);
    expect(result.code, result.stderr).toBe(0);
    expect((await worker.project.runs()).filter((node) => node === 'make@slow')).toHaveLength(1);
    await expectCompleteAndClean(coordinator);
  }, 60_000);
});
