// Where `reproduce` runs the nodes it cannot restore: the local pool of child processes (node-pool.ts, the
// default) or workers on other machines through a queue (executor-bullmq.ts). The scheduler sees only this.

/** How a node ended where it ran: it ran, or its key turned out to be cached there already. */
export type ExecutorOutcome = 'hit' | 'ran';

import type { NodePart } from './types.ts';

/** What the scheduler asks an executor to run. */
export interface NodeRun {
  id: string;
  key: string;
  force: boolean;
  /** one part of a sharded node (a worker's job, runner.ts); absent: the whole node */
  part?: NodePart;
  /**
   * For an executor that splits shards: the node's shard count (2 or more) and the shards neither this
   * cache nor the shared store holds yet (every one when forced), which it runs before their merge
   */
  shards?: { count: number; missing: number[] };
}

export interface NodeExecutor {
  /** Runs one node (or part); resolves once its result is cached (locally, or in the shared store). */
  run(request: NodeRun): Promise<ExecutorOutcome>;
  /** true: a node whose stage declares shards is given to run() as its shards (NodeRun.shards) */
  readonly splitsShards: boolean;
  /** Stops the running nodes at once (an interrupted run): they fail and leave nothing cached. */
  kill(signal: NodeJS.Signals): void;
  /** Releases processes and connections once the run is over. */
  close(): void | Promise<void>;
  /** The largest peak resident memory of a process that ran a node here (KiB; 0 when none ran here). */
  readonly peakMemoryKiB: number;
}

export const EXECUTORS = ['local', 'bullmq'] as const;
export type ExecutorKind = (typeof EXECUTORS)[number];
