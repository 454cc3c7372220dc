// The distributed executor: `reproduce --executor bullmq --redis URL --store URL` makes the run a
// coordinator. It walks the DAG as always (hits restored from the local cache or the shared store); each
// node it would run becomes a BullMQ job instead, taken by a worker (worker.ts) on any machine with a
// checkout of the same code. The worker publishes the result to the shared store, where the scheduler then
// finds it as a hit and continues the DAG.
//
// The job id is the node's cache key, so a key already queued or running (another coordinator's, or this
// one's before it was killed and rerun) is waited for, not queued twice. A job a worker could not finish
// for reasons outside the node (its machine died, a full disk) is retried with backoff; a node that fails
// on its own, or a job a worker refuses, fails at once and the run stops as a local failure would.

import { hostname } from 'node:os';
import { Queue, QueueEvents, type Job } from 'bullmq';
import { PipelineError } from './errors.ts';
import type { ExecutorOutcome, NodeExecutor, NodeRun } from './executor.ts';
import { describePart, redactUrl, type NodeJob, type NodeJobResult } from './queue.ts';

/** A retried job waits 2 s, then 4 s, then 8 s before its next try. */
const ATTEMPTS = 4;
const BACKOFF_MS = 2000;
/** finished jobs are kept a day, for inspection (a later run with the same key replaces them) */
const KEEP_SECONDS = 24 * 3600;

export class BullmqExecutor implements NodeExecutor {
  readonly peakMemoryKiB = 0;
  /** the workers are many: a node that splits runs as its shards, a job each */
  readonly splitsShards = true;
  private readonly queue: Queue<NodeJob, NodeJobResult>;
  private readonly events: QueueEvents;

  constructor(
    private readonly redis: string,
    readonly name: string,
    private readonly log: (line: string) => void,
  ) {
    const connection = { url: redis };
    this.stopped.catch(() => {}); // an interruption with no node waiting is not an error of its own
    this.queue = new Queue(name, { connection });
    this.events = new QueueEvents(name, { connection });
    // BullMQ reconnects on its own; a lost connection is worth one line each time, not a crash
    const report = (error: Error): void => log(`redis ${redactUrl(redis)}: ${error.message}`);
    this.queue.on('error', report);
    this.events.on('error', report);
  }

  private started: Promise<void> | undefined;
  private stop: (reason: Error) => void = () => {};
  /** rejects when the run is interrupted, so that no node waits for its job any longer */
  private readonly stopped = new Promise<never>((_, reject) => (this.stop = reject));

  /** Connected, and the events of finished jobs subscribed (once, on the first node to run). */
  private ready(): Promise<void> {
    this.started ??= (async () => {
      await this.queue.waitUntilReady();
      await this.events.waitUntilReady();
      this.log(`coordinator ${hostname()}: nodes to run go to queue ${this.name} on ${redactUrl(this.redis)}`);
    })();
    return this.started;
  }

  /**
   * A node that splits (its stage declares shards) is a job per shard not yet cached anywhere, then, once
   * every one is done, a job that merges them (on whichever worker takes it) into the node's result.
   */
  async run({ id, key, force, shards }: NodeRun): Promise<ExecutorOutcome> {
    await this.ready();
    if (shards === undefined) return this.runJob({ node: id, key, force });
    const { count, missing } = shards;
    await Promise.all(missing.map((index) => this.runJob({ node: id, key, force, part: { kind: 'shard', index, count } })));
    return this.runJob({ node: id, key, force, part: { kind: 'merge', count } });
  }

  private async runJob(data: NodeJob): Promise<ExecutorOutcome> {
    const job = await this.enqueue(data);
    const what = `${data.node}${describePart(data.part)}`;
    this.log(`${what}: queued (job ${job.id!.slice(0, 12)}), waiting for a worker`);
    let result: NodeJobResult;
    try {
      result = await Promise.race([job.waitUntilFinished(this.events), this.stopped]);
    } catch (error) {
      if (error instanceof PipelineError) throw error;
      throw new PipelineError('E_RUN', `${what} failed on a worker: ${(error as Error).message}. Nothing was cached for it.`);
    }
    this.log(`${what}: ${result.status === 'hit' ? 'found cached' : 'ran'} on worker ${result.worker}`);
    return result.status;
  }

  /**
   * The job of a key: the one already waiting or running (another coordinator's), or a new one. A finished
   * job of the key is replaced: the coordinator asks only for keys the shared store lacks, so an old
   * success no longer holds, and an old failure is to be tried again.
   */
  private async enqueue(data: NodeJob): Promise<Job<NodeJob, NodeJobResult>> {
    // a shard is a job of its own; the merge is the node's job (its result is the node's)
    const part = data.part?.kind === 'shard' ? `.shard-${data.part.index + 1}-of-${data.part.count}` : '';
    // a forced node reruns even where the key has a job (and a result): a job of its own
    const jobId = `${data.key}${part}${data.force ? `.forced.${Date.now()}` : ''}`;
    const existing = await this.queue.getJob(jobId);
    if (existing !== undefined) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed') return existing;
      await existing.remove();
    }
    return this.queue.add('node', data, {
      jobId,
      attempts: ATTEMPTS,
      backoff: { type: 'exponential', delay: BACKOFF_MS },
      removeOnComplete: { age: KEEP_SECONDS },
      removeOnFail: { age: KEEP_SECONDS },
    });
  }

  /**
   * Stops waiting (an interrupted run): the jobs already queued stay queued and their workers finish them
   * into the store, where a rerun of the coordinator finds them (or waits for the ones still running).
   */
  kill(): void {
    this.stop(new PipelineError('E_INTERRUPTED', 'interrupted; its job stays queued, and a rerun picks up its result'));
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
  }
}
