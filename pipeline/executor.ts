// Where `reproduce` runs the nodes it cannot restore: the local pool of child processes (node-pool.ts, the
// default) or workers on other machines through a queue (executor-bullmq.ts). The scheduler sees only this.

/** How a node ended where it ran: it ran, or its key turned out to be cached there already. */
export type ExecutorOutcome = 'hit' | 'ran';

export interface NodeExecutor {
  /** Runs one node whose key is `key`; resolves once its result is cached (locally, or in the shared store). */
  run(id: string, key: string, force: boolean): Promise<ExecutorOutcome>;
  /** Stops the running nodes at once (an interrupted run): they fail and leave nothing cached. */
  kill(signal: NodeJS.Signals): void;
  /** Releases processes and connections once the run is over. */
  close(): void | Promise<void>;
  /** The largest peak resident memory of a process that ran a node here (KiB; 0 when none ran here). */
  readonly peakMemoryKiB: number;
}

export const EXECUTORS = ['local', 'bullmq'] as const;
export type ExecutorKind = (typeof EXECUTORS)[number];
