// A pool of long-lived child processes, each running one node at a time (`<entry> serve-nodes`). Nodes run
// in child processes so that a crash or a kill of one node cannot take the scheduler down and so that
// single-threaded backends use every core; starting a fresh process per node, though, costs the loader,
// the imports and the parameter load each time (about a second on two cores, minutes over a DAG of two
// hundred nodes), which a reused process pays once.

import { fork, type ChildProcess } from 'node:child_process';
import { PipelineError } from './errors.ts';
import type { NodeRun } from './executor.ts';
import type { NodePart } from './types.ts';
import type { ChildMessage } from './runner.ts';

/** What the scheduler sends a pool process. */
export interface RunRequest {
  type: 'run';
  id: string;
  key: string;
  force: boolean;
  /** one part of a sharded node (runner.ts); absent: the whole node */
  part?: NodePart;
}

/**
 * What a pool process answers, besides the progress and log messages of the node it runs: 'stale' when
 * the node's code changed since the process loaded it (the process then exits and a fresh one runs it).
 * 'done' carries the process's peak resident memory so far (process.resourceUsage().maxRSS, KiB).
 */
export type RunReply =
  | { type: 'done'; id: string; status: 'hit' | 'ran'; maxRssKiB?: number }
  | { type: 'failed'; id: string; message: string; /** E_FS when a file system error stopped it (exit code 74) */ code?: string }
  | { type: 'stale'; id: string };

/** A pool process that ended while it ran a node (killed, crashed, out of memory). */
export class NodeProcessDied extends PipelineError {
  constructor(id: string | undefined, how: string) {
    super('E_RUN', `${id} failed (${how}); see its messages above`);
  }
}

/** How a node ended in its pool process: it ran, or the process found its key already cached. */
export type PoolOutcome = 'hit' | 'ran';

interface Worker {
  child: ChildProcess;
  /** the node it is running, with the promise to settle when it ends */
  running?: { request: RunRequest; resolve: (outcome: PoolOutcome) => void; reject: (error: Error) => void };
}

export class NodePool {
  private readonly workers = new Set<Worker>();
  private peakKiB = 0;

  constructor(
    /** the CLI entry that understands `serve-nodes` */
    private readonly entry: string,
    private readonly cwd: string,
    private readonly onMessage: (message: ChildMessage) => void,
    private readonly onNodeEnd: (id: string) => void,
  ) {}

  /** Runs one node in an idle process (starting one if none is idle); resolves when it is cached. */
  run({ id, key, force, part }: NodeRun): Promise<PoolOutcome> {
    const request: RunRequest = { type: 'run', id, key, force, ...(part === undefined ? {} : { part }) };
    return new Promise((resolve, reject) => this.dispatch(request, resolve, reject, false));
  }

  /** The local pool runs every node whole, in one process with every core. */
  readonly splitsShards = false;

  private dispatch(request: RunRequest, resolve: (outcome: PoolOutcome) => void, reject: (error: Error) => void, fresh: boolean): void {
    const worker = (fresh ? undefined : [...this.workers].find((w) => w.running === undefined && w.child.connected)) ?? this.start();
    worker.running = { request, resolve, reject };
    worker.child.send(request);
  }

  /** Stops every process: the running nodes fail and leave nothing cached (their temporaries are swept next run). */
  kill(signal: NodeJS.Signals): void {
    for (const w of this.workers) w.child.kill(signal);
  }

  /** Lets the idle processes exit (a process exits when its IPC channel closes). */
  close(): void {
    for (const w of this.workers) if (w.running === undefined && w.child.connected) w.child.disconnect();
  }

  get size(): number {
    return this.workers.size;
  }

  /** The largest peak resident memory any pool process has reported (KiB; 0 before the first node ends). */
  get peakMemoryKiB(): number {
    return this.peakKiB;
  }

  private start(): Worker {
    // A TypeScript entry needs the tsx loader; under `tsx` it is already in execArgv.
    const loader =
      this.entry.endsWith('.ts') && !process.execArgv.some((a) => a.includes('tsx')) ? ['--import', import.meta.resolve('tsx')] : [];
    const child = fork(this.entry, ['serve-nodes'], {
      cwd: this.cwd,
      execArgv: [...process.execArgv, ...loader],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker: Worker = { child };
    this.workers.add(worker);
    const settle = (result: Error | PoolOutcome): void => {
      const running = worker.running;
      if (running === undefined) return;
      worker.running = undefined;
      this.onNodeEnd(running.request.id);
      if (result instanceof Error) running.reject(result);
      else running.resolve(result);
    };
    child.on('message', (message: ChildMessage | RunReply) => {
      if (message.type === 'progress' || message.type === 'log') this.onMessage(message);
      else if (message.type === 'done') {
        this.peakKiB = Math.max(this.peakKiB, message.maxRssKiB ?? 0);
        settle(message.status);
      } else if (message.type === 'stale') {
        // the code changed since this process loaded it: run the node in a fresh process
        const running = worker.running!;
        worker.running = undefined;
        this.workers.delete(worker);
        this.dispatch(running.request, running.resolve, running.reject, true);
      } else
        settle(
          new PipelineError(
            message.code === 'E_FS' ? 'E_FS' : 'E_RUN',
            `${message.id} failed: ${message.message}. Nothing was cached for it.`,
          ),
        );
    });
    child.on('error', (error) => settle(error));
    child.on('exit', (code, signal) => {
      this.workers.delete(worker);
      const id = worker.running?.request.id;
      // the scheduler checks the cache: a process killed after it stored the result has still cached it
      settle(new NodeProcessDied(id, signal ?? `exit code ${code}`));
    });
    return worker;
  }
}
