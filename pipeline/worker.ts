// A worker of the distributed executor (`<entry> worker --redis URL --store URL`): takes node jobs from the
// queue of its checkout's code (queue.ts) and runs each with this checkout's own `reproduce <node>`, in a
// child process, against the shared store. That run restores everything upstream from the store, checks
// that this checkout computes the key the coordinator asked for (`--expect-key`: the same code, parameters
// and toolchain), runs the node and publishes its result to the store.
//
// The node's work happens in the child process, so the worker's own event loop stays free to renew the
// job's lock in Redis however long the node computes (an inline processor doing the work itself would
// stall the lock, and BullMQ would hand the job to another worker). A run takes its checkout's run lock
// (run-lock.ts), so `--concurrency N` runs its jobs in N lanes, each a checkout of its own (worker-lanes.ts).
//
// What a failure means for the job: a job refused on sight (checkJob), a node this checkout does not
// have, a key that differs, or a node that fails on its own is final (BullMQ's UnrecoverableError: no
// retry, the coordinator stops); a child that was killed, found the disk full or the cache locked is
// retried with backoff, here or elsewhere.

import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { buildDag } from './dag.ts';
import { loadParams } from './params.ts';
import { checkJob, describePart, pingRedis, queueName, redactUrl, type NodeJob, type NodeJobResult } from './queue.ts';
import { sourceDigests } from './runner.ts';
import { prepareLanes } from './worker-lanes.ts';
import { openStore } from './store.ts';
import type { PipelineDefinition } from './types.ts';

/** How much of a failed child's stderr a job's failure reason keeps. */
const REASON_LINES = 3;
/** How often a job may lose its worker (a machine that died, a process that hung) before it fails. */
const ATTEMPTS_AFTER_STALL = 3;

export interface WorkerOptions {
  redis: string;
  store: string;
  /** the project's CLI entry (what the child process runs) */
  entry: string;
  /**
   * How long a job's lock in Redis lasts unless renewed (renewed at half of it while the job runs): how
   * soon the job of a worker that died or hangs goes to another worker. Default 30 s.
   */
  lockSeconds?: number;
  /** stop after this many seconds without a job (a CI matrix job or a batch allocation that must end); default: never */
  idleSeconds?: number;
  /** jobs run at once, each in a lane of its own (worker-lanes.ts); default 1 */
  concurrency?: number;
  log: (line: string) => void;
}

/** Runs until SIGINT or SIGTERM; a job in progress is given back to the queue (its child is stopped). */
export async function runWorker<P>(definition: PipelineDefinition<P>, options: WorkerOptions): Promise<void> {
  const { redis, store, entry, log } = options;
  const lockMs = Math.round((options.lockSeconds ?? 30) * 1000);
  await openStore(store);
  await pingRedis(redis);
  const name = queueName(definition.name, await sourceDigests(definition));
  const self = `${hostname()}:${process.pid}`;
  const children = new Set<ReturnType<typeof spawn>>();
  const concurrency = options.concurrency ?? 1;
  // BullMQ hands out at most `concurrency` jobs at once, so a free lane is always there for the next one
  const freeLanes = await prepareLanes(definition.root, concurrency);

  let busy = 0;
  let idleSince = Date.now();
  const processJob = async (job: Job<NodeJob, NodeJobResult>): Promise<NodeJobResult> => {
    busy += 1;
    const lane = freeLanes.pop()!;
    try {
      return await runJob(job, lane);
    } finally {
      freeLanes.push(lane);
      busy -= 1;
      idleSince = Date.now();
    }
  };
  const runJob = async (job: Job<NodeJob, NodeJobResult>, lane: string): Promise<NodeJobResult> => {
    const checked = checkJob(job.data);
    if ('why' in checked) throw new UnrecoverableError(`job ${job.id} refused: ${checked.why}`);
    const { node, key, force, part } = checked.job;
    // the node must be one of this checkout's DAG, as its params.yaml defines it, before anything runs
    const dag = buildDag(definition, await loadParams(definition));
    if (!dag.byId.has(node)) throw new UnrecoverableError(`job ${job.id} refused: this checkout has no node ${node}`);
    const where = lane === definition.root ? '' : ` in lane ${relative(definition.root, lane)}`;
    const what = `${node}${describePart(part)}`;
    log(`worker ${self}: ${what} (${key.slice(0, 12)}), attempt ${job.attemptsMade + 1}${where}`);
    const partArgs =
      part === undefined
        ? []
        : part.kind === 'shard'
          ? ['--shard', `${part.index + 1}/${part.count}`]
          : ['--merge-shards', `${part.count}`];
    const args = ['reproduce', node, '--jobs', '1', '--store', store, '--expect-key', key, ...partArgs, ...(force ? ['--force'] : [])];
    const { code, signal, stderr } = await runChild(join(lane, relative(definition.root, entry)), lane, args, children);
    if (code === 0) {
      const hit = new RegExp(`^${node.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s+cache hit`, 'm').test(stderr);
      log(`worker ${self}: ${what} (${key.slice(0, 12)}) done${where}`);
      return { status: hit ? 'hit' : 'ran', worker: self };
    }
    const reason = `${what} on worker ${self}: ${lastLines(stderr) || (signal !== null ? `killed by ${signal}` : `exit code ${code}`)}`;
    // 74: a file system error here, 75: the checkout's lock held, a signal: this machine's trouble, retried
    if (signal !== null || code === 74 || code === 75) throw new Error(reason);
    throw new UnrecoverableError(reason);
  };

  const worker = new Worker<NodeJob, NodeJobResult>(name, processJob, {
    connection: { url: redis, maxRetriesPerRequest: null },
    concurrency,
    lockDuration: lockMs,
    // every worker checks this often for jobs whose lock ran out (their worker died or hangs) and queues them again
    stalledInterval: lockMs,
    // a job may lose its worker this often before it counts as failed
    maxStalledCount: ATTEMPTS_AFTER_STALL,
  });
  // BullMQ reconnects by itself; what went wrong (a lost connection, a job whose lock another worker took over) is one line each
  worker.on('error', (error) => log(`worker ${self}: ${error.message}`));
  worker.on('failed', (job, error) => log(`worker ${self}: ${job?.data.node ?? 'a job'} failed: ${error.message}`));
  await worker.waitUntilReady();
  const at = concurrency === 1 ? '' : `, ${concurrency} at once`;
  log(`worker ${self}: taking jobs from queue ${name} on ${redactUrl(redis)}${at}; results go to ${store}`);

  await new Promise<void>((resolve) => {
    const stop = (why: string): void => {
      log(`worker ${self}: ${why}: stopping`);
      clearInterval(idleCheck);
      for (const child of children) child.kill('SIGTERM');
      resolve();
    };
    const idleMs = options.idleSeconds === undefined ? Infinity : options.idleSeconds * 1000;
    const idleCheck = setInterval(() => {
      if (busy === 0 && Date.now() - idleSince >= idleMs) stop(`no job for ${options.idleSeconds} s`);
    }, 250);
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await worker.close(true);
}

/** Runs `<entry> …args` in the checkout; its stderr goes to ours as it comes and is kept for the job's reason. */
function runChild(
  entry: string,
  cwd: string,
  args: string[],
  children: Set<ReturnType<typeof spawn>>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const loader =
      entry.endsWith('.ts') && !process.execArgv.some((a) => a.includes('tsx')) ? ['--import', import.meta.resolve('tsx')] : [];
    const child = spawn(process.execPath, [...process.execArgv, ...loader, entry, ...args], { cwd, stdio: ['ignore', 'inherit', 'pipe'] });
    children.add(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stderr });
    });
  });
}

function lastLines(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .filter((line) => line.startsWith('error'))
    .slice(-REASON_LINES)
    .join(' / ');
}
