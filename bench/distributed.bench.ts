// The distributed executor's costs and gains (npm run bench:distributed; needs redis-server):
//   1. queue overhead: jobs/s of a BullMQ round trip (add → a worker's no-op → completed) on a Redis of
//      its own on loopback, one job at a time and eight at once;
//   2. workers: the same part of the DAG (--experiments, real training settings) built cold three ways on
//      this machine, in copies of the working tree with empty caches and an empty file:// store: the local
//      executor on one core (taskset -c 0), one worker on that core, two workers on a core each (each
//      worker a "machine" of one core; the coordinator is idle meanwhile), and one worker taking two jobs at
//      once in two lanes (--concurrency 2) on both cores. Ratios in one run;
//   3. one large train node (--node, with what it needs), which splits into shards: built cold by one
//      worker and by two, a core each, against the local executor on one core;
//   4. an estimate of the whole DAG's cold wall time on N machines of this kind, from the run time of
//      every node in this checkout's cache (`npm run reproduce` first): list scheduling in the scheduler's
//      order, two jobs at a time per machine, as --jobs 2 does; once with every node a job of its own, once
//      with each node that splits as its shards (an equal share of its time each) and their merge, every
//      job paying the start-up measured in 2.
//
//   npm run bench:distributed
//   npm run bench:distributed -- --experiments intro,phase-n2m1 --node train@phase-n2m1/20221014 --jobs 2000 --out reports/bench

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { parse, stringify } from 'yaml';
import { parseArgs } from '../pipeline/cli.ts';
import { buildDag, criticalPathWeights } from '../pipeline/dag.ts';
import { outDirOf } from '../pipeline/node-key.ts';
import { loadParams, restrictParams } from '../pipeline/params.ts';
import { pipelineStatus } from '../pipeline/status.ts';
import { pipeline } from '../stages/index.ts';
import { startRedis } from './redis-server.ts';
import { copyWorkingTree, PROJECT_ROOT } from './working-tree.ts';

/** Jobs per second of add → no-op processor → completed, for `count` jobs at `concurrency`. */
async function queueThroughput(url: string, count: number, concurrency: number): Promise<number> {
  const name = `bench-${concurrency}-${Date.now()}`;
  const connection = { url };
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  let completed = 0;
  const all = new Promise<void>((done) =>
    events.on('completed', () => {
      completed += 1;
      if (completed === count) done();
    }),
  );
  const worker = new Worker(name, async () => 'ok', { connection: { url, maxRetriesPerRequest: null }, concurrency });
  await worker.waitUntilReady();
  const started = performance.now();
  for (let i = 0; i < count; i += 200)
    await queue.addBulk(
      Array.from({ length: Math.min(200, count - i) }, (_, k) => ({ name: 'job', data: { n: i + k }, opts: { jobId: `j${i + k}` } })),
    );
  await all;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return count / seconds;
}

/** A copy of the working tree whose params.yaml keeps only `experiments` (real training settings). */
async function narrowedCopy(experiments: string[]): Promise<string> {
  const dir = await copyWorkingTree(['reports/replication/']);
  const path = join(dir, 'params.yaml');
  const params = parse(await readFile(path, 'utf8')) as { experiments: Record<string, unknown> };
  for (const id of Object.keys(params.experiments)) if (!experiments.includes(id)) delete params.experiments[id];
  await writeFile(path, stringify(params));
  return dir;
}

function cli(dir: string, args: string[], cpu?: number): ChildProcess {
  const command = [process.execPath, '--import', import.meta.resolve('tsx'), join(dir, 'main.ts'), ...args];
  const [file, ...rest] = cpu === undefined ? command : ['taskset', '-c', String(cpu), ...command];
  return spawn(file!, rest, { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
}

async function finished(child: ChildProcess, what: string): Promise<string> {
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`${what} failed (exit ${code}):\n${stderr.split('\n').slice(-15).join('\n')}`);
  return stderr;
}

/**
 * Wall seconds of a cold build of `experiments` with `workers` workers (0: the local executor), each on a
 * core of its own; with `concurrency` above 1, the workers are not pinned and take that many jobs at once.
 */
async function coldBuild(
  experiments: string[],
  workers: number,
  redis: string,
  concurrency = 1,
  targets: string[] = [],
): Promise<{ seconds: number; jobs: number }> {
  const coordinator = await narrowedCopy(experiments);
  const storeDir = await mkdtemp(join(tmpdir(), 'tms-bench-store-'));
  const store = pathToFileURL(join(storeDir, 'store')).href;
  const helpers: string[] = [];
  const running: ChildProcess[] = [];
  try {
    const started = performance.now();
    let jobs = 0;
    if (workers === 0) {
      await finished(cli(coordinator, ['reproduce', ...targets, '--jobs', '1'], 0), 'the local build');
    } else {
      for (let w = 0; w < workers; w += 1) {
        const dir = await narrowedCopy(experiments);
        helpers.push(dir);
        // lanes copy what git tracks or would track
        if (concurrency > 1) spawnSync('git', ['init', '-q'], { cwd: dir });
        const args = ['worker', '--redis', redis, '--store', store, '--concurrency', String(concurrency)];
        const child = cli(dir, args, concurrency > 1 ? undefined : w);
        running.push(child);
        let log = '';
        child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
        while (!log.includes('taking jobs from queue')) {
          if (child.exitCode !== null) throw new Error(`a worker exited: ${log}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const run = cli(coordinator, ['reproduce', ...targets, '--jobs', '8', '--executor', 'bullmq', '--redis', redis, '--store', store]);
      jobs = (await finished(run, 'the coordinator')).split('\n').filter((line) => line.includes(': queued (job ')).length;
    }
    return { seconds: (performance.now() - started) / 1000, jobs };
  } finally {
    for (const child of running) child.kill('SIGTERM');
    await Promise.all(running.map((child) => new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)))));
    for (const dir of [coordinator, storeDir, ...helpers]) await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The cold wall time of the whole DAG on `machines` machines running `slots` nodes each, from every node's
 * measured run time: list scheduling with the scheduler's priority (the longest chain ahead first).
 */
function simulate(nodes: Array<{ id: string; upstream: string[]; seconds: number }>, machines: number, slots: number): number {
  const weights = criticalPathWeights(nodes, (n) => n.seconds);
  const done = new Map<string, number>();
  const free = Array.from({ length: machines * slots }, () => 0);
  const pending = [...nodes];
  while (pending.length > 0) {
    const ready = pending.filter((n) => n.upstream.every((u) => done.has(u)));
    ready.sort((a, b) => weights.get(b.id)! - weights.get(a.id)!);
    const node = ready[0]!;
    pending.splice(pending.indexOf(node), 1);
    const slot = free.indexOf(Math.min(...free));
    const start = Math.max(free[slot]!, ...node.upstream.map((u) => done.get(u)!));
    free[slot] = start + node.seconds;
    done.set(node.id, start + node.seconds);
  }
  return Math.max(...done.values());
}

/** Every node as a job, and each node that splits as its shards (its time shared equally) and a merge. */
async function shardedJobs(
  nodes: Array<{ id: string; upstream: string[]; seconds: number }>,
  startSeconds: number,
): Promise<{ jobs: Array<{ id: string; upstream: string[]; seconds: number }>; split: number; shards: number }> {
  const params = await loadParams(pipeline);
  const dag = buildDag(pipeline, params);
  const jobs: Array<{ id: string; upstream: string[]; seconds: number }> = [];
  let split = 0;
  let shards = 0;
  for (const node of nodes) {
    const dagNode = dag.byId.get(node.id)!;
    const count =
      dagNode.definition.shards === undefined || node.seconds === 0
        ? 1
        : await dagNode.definition.shards.count({
            node: { stage: dagNode.stage, item: dagNode.item, id: dagNode.id },
            params: restrictParams(params, dagNode.definition.paramKeys(params, dagNode.item)),
            input: (stage, item) => join(PROJECT_ROOT, outDirOf(dag.byId.get(`${stage}@${item ?? dagNode.item}`)!)),
          });
    if (count === 1) {
      jobs.push({ ...node, seconds: node.seconds + startSeconds });
      continue;
    }
    split += 1;
    shards += count;
    const parts = Array.from({ length: count }, (_, k) => ({
      id: `${node.id}#${k}`,
      upstream: node.upstream,
      seconds: node.seconds / count + startSeconds,
    }));
    jobs.push(...parts, { id: node.id, upstream: parts.map((p) => p.id), seconds: startSeconds });
  }
  return { jobs, split, shards };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), 'bench:distributed', { values: ['experiments', 'node', 'jobs', 'out'] });
  const experiments = String(args.flags.get('experiments') ?? 'intro,phase-n2m1').split(',');
  const large = String(args.flags.get('node') ?? 'train@phase-n2m1/20221014');
  const jobs = Number(args.flags.get('jobs') ?? 2000);
  const out = resolve(String(args.flags.get('out') ?? join(PROJECT_ROOT, 'reports', 'bench')));
  if (spawnSync('redis-server', ['--version']).status !== 0)
    throw new Error('bench:distributed needs redis-server (apt-get install redis-server)');
  const redis = await startRedis('everysec');
  try {
    process.stderr.write(`bench:distributed: queue round trips (${jobs} jobs)\n`);
    const serial = await queueThroughput(redis.url, jobs, 1);
    const parallel = await queueThroughput(redis.url, jobs, 8);
    process.stderr.write(`bench:distributed: ${experiments.join(', ')} cold: local on one core, 1 worker, 2 workers, 1 worker × 2 lanes\n`);
    const local = await coldBuild(experiments, 0, redis.url);
    const one = await coldBuild(experiments, 1, redis.url);
    const two = await coldBuild(experiments, 2, redis.url);
    const lanes = await coldBuild(experiments, 1, redis.url, 2);
    // what a job costs a worker besides its node's work: starting a process, the DAG, the key, the store
    const startSeconds = Math.max(0, (one.seconds - local.seconds) / one.jobs);
    const largeExperiment = /^train@([^/]+)\//.exec(large)?.[1] ?? experiments[0]!;
    process.stderr.write(`bench:distributed: ${large} cold: local on one core, 1 worker, 2 workers\n`);
    const nodeLocal = await coldBuild([largeExperiment], 0, redis.url, 1, [large]);
    const nodeOne = await coldBuild([largeExperiment], 1, redis.url, 1, [large]);
    const nodeTwo = await coldBuild([largeExperiment], 2, redis.url, 1, [large]);
    const status = await pipelineStatus(pipeline);
    const nodes = status.entries.map((e) => ({ id: e.node.id, upstream: e.node.upstream, seconds: e.manifest?.seconds ?? 0 }));
    const measured = status.entries.filter((e) => e.manifest !== undefined && e.manifest.key === e.key).length;
    const sharded = await shardedJobs(nodes, startSeconds);
    const whole = nodes.map((n) => ({ ...n, seconds: n.seconds + startSeconds }));
    const estimate = [1, 2, 4, 8, 16, 32].map((n) => ({
      machines: n,
      whole: simulate(whole, n, 2),
      sharded: simulate(sharded.jobs, n, 2),
    }));
    const chain = (list: typeof nodes): number => Math.max(...criticalPathWeights(list, (n) => n.seconds).values());
    const md = [
      '# The distributed executor: overhead and speed-up',
      '',
      `Measured ${new Date().toISOString()} on this machine (${spawnSync('nproc').stdout.toString().trim()} cores).`,
      '',
      '| queue round trip (add → no-op worker → completed) | jobs/s |',
      '|---|---:|',
      `| one job at a time | ${serial.toFixed(0)} |`,
      `| eight at once | ${parallel.toFixed(0)} |`,
      '',
      `Cold build of ${experiments.map((e) => `\`${e}\``).join(', ')} (every node, real settings; ${one.jobs} jobs), each worker a one-core "machine":`,
      '',
      '| executor | wall-clock | vs local |',
      '|---|---:|---:|',
      `| local, one core | ${local.seconds.toFixed(1)} s | 1.00× |`,
      `| 1 worker, one core | ${one.seconds.toFixed(1)} s | ${(local.seconds / one.seconds).toFixed(2)}× |`,
      `| 2 workers, a core each | ${two.seconds.toFixed(1)} s | ${(local.seconds / two.seconds).toFixed(2)}× (${(one.seconds / two.seconds).toFixed(2)}× over 1 worker) |`,
      `| 1 worker, --concurrency 2, both cores | ${lanes.seconds.toFixed(1)} s | ${(local.seconds / lanes.seconds).toFixed(2)}× (${(one.seconds / lanes.seconds).toFixed(2)}× over 1 worker) |`,
      '',
      `A job's start-up on a worker, from these: (1 worker − local) / jobs = ${startSeconds.toFixed(2)} s.`,
      '',
      `One large node, \`${large}\`, and what it needs, cold (${nodeOne.jobs} jobs: its shards, their merge, and the plan):`,
      '',
      '| executor | wall-clock | vs local |',
      '|---|---:|---:|',
      `| local, one core | ${nodeLocal.seconds.toFixed(1)} s | 1.00× |`,
      `| 1 worker, one core | ${nodeOne.seconds.toFixed(1)} s | ${(nodeLocal.seconds / nodeOne.seconds).toFixed(2)}× |`,
      `| 2 workers, a core each | ${nodeTwo.seconds.toFixed(1)} s | ${(nodeLocal.seconds / nodeTwo.seconds).toFixed(2)}× (${(nodeOne.seconds / nodeTwo.seconds).toFixed(2)}× over 1 worker) |`,
      '',
      `The whole DAG on N machines like this one (two jobs at a time each, ${startSeconds.toFixed(2)} s start-up per job), from the run times of the ${measured} of ${nodes.length} nodes cached for their current key. ` +
        `Nodes whole: ${nodes.length} jobs, the longest chain ${chain(whole).toFixed(0)} s. ` +
        `Split into shards: ${sharded.split} nodes as ${sharded.shards} shards and a merge each, ${sharded.jobs.length} jobs, the longest chain ${chain(sharded.jobs).toFixed(0)} s:`,
      '',
      '| machines | nodes whole | nodes split into shards |',
      '|---:|---:|---:|',
      ...estimate.map((e) => `| ${e.machines} | ${e.whole.toFixed(0)} s | ${e.sharded.toFixed(0)} s |`),
      '',
    ].join('\n');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'distributed.md'), md);
    process.stdout.write(md);
  } finally {
    await redis.stop();
  }
}

await main();
