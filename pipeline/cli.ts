// The engine's command line. A project calls runCli(definition, argv) from its entry file; every
// command reads the same definition, so `reproduce`, `run-node` (what dvc.yaml calls) and the
// inspection commands can never disagree about the DAG.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Cache } from './cache.ts';
import { checkDvcYaml, writeDvcYaml } from './dvc.ts';
import { isPipelineError, PipelineError } from './errors.ts';
import { binarySummary, isBinary } from './output-view.ts';
import { MAX_SHARDS } from './node-key.ts';
import { runNodeById, serveNodes, sourceDigests } from './runner.ts';
import { outcomeCells, runFacts, writeRunRecord } from './run-record.ts';
import { acquireRunLock } from './run-lock.ts';
import { reproduce, type ReproduceSummary } from './scheduler.ts';
import { explainDifferences, pipelineStatus } from './status.ts';
import { unknownNodeError } from './dag.ts';
import { fileSystemProblem } from './fs-problem.ts';
import type { NodePart, PipelineDefinition } from './types.ts';
import { EXECUTORS, type NodeExecutor } from './executor.ts';
import { checkRedisUrl, pingRedis, queueName } from './queue.ts';
import { openStore, STORE_ENV } from './store.ts';
import { verify, type VerifyProblem } from './verify.ts';

export const USAGE = `usage: <entry> <command> [options]

commands:
  reproduce [node…] [--jobs N] [--force]   build every node (or the given ones and what they need)
  ls                                       list the nodes: state, key, size, time of the cached run
  show <node> [file] [--raw | --summary]   a node's manifest (inputs, parameters, code, toolchain,
                                           timings, outputs), or one output file's contents; a binary
                                           file is summarised in a terminal (--summary: always,
                                           --raw: never)
  explain <node>                           why the node would rerun: what changed since its last run
  run-node <node> [--force]                run one node (the command behind each dvc.yaml stage)
  verify [--repair]                        hash every cache object, run record and workspace copy
                                           afresh and report what is damaged (--repair: delete or
                                           restore it, so the next reproduce rebuilds what is lost)
  verify --store URL [--repair]            the same for a shared store, and objects no record names
                                           (older than an hour: a write that died half-way)
  dvc-yaml --write | --check               generate dvc.yaml, or fail if it is out of sync

reproduce, run-node and verify --repair take cache/run.lock: while another run holds it they wait for
it, or with --no-wait stop at once (exit code 75)

reproduce and run-node --store URL: share results with other machines through a content-addressed store
(file:///path: a folder, local or on a shared file system; or set PIPELINE_STORE=URL): a node whose key the
store holds is copied from it (every object verified) instead of run, and every result is published to it

  reproduce --executor bullmq --redis URL --store URL
                                           run as a coordinator: the nodes to run become jobs on a
                                           Redis queue (BullMQ), taken by workers; their results come
                                           back through the store (also: PIPELINE_REDIS=URL);
                                           every node that is ready is queued (--jobs N: at most N);
                                           a node whose stage declares shards is queued as a job per
                                           shard, then one that merges them into the node's result
  worker --redis URL --store URL [--concurrency N] [--lock-seconds S] [--idle-exit S]
                                           take those jobs, in a checkout of the same code, until
                                           SIGINT/SIGTERM or S seconds without a job (--idle-exit),
                                           N at once (default 1), each in a lane of its own (a copy of
                                           the checkout); a job whose worker died or hangs goes to
                                           another after --lock-seconds (30)
  reproduce <node> --expect-key K (--shard I/N | --merge-shards N)
                                           what a worker runs for one job (I, N: shard I of N)
`;

/** What every command shares, printed after the commands (a project adds its own commands between). */
export const USAGE_FOOTER = `every command: --debug prints the stack of an unexpected error

exit codes: 0 done; 1 a node failed, or verify found damage; 2 bad input (usage, parameters, node
names); 70 an internal error (a bug: rerun with --debug and report it); 74 a file system error (read-only,
full, no permission, failing); 75 another run holds the cache's lock (--no-wait); 130 interrupted
`;

interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/** The options a command takes: those with a value (`--jobs 2`, `--jobs=2`) and switches (`--force`). */
export interface CommandOptions {
  values?: readonly string[];
  switches?: readonly string[];
}

/**
 * A command's arguments: positionals, and the options it declares. Any other option is refused with one
 * line naming the command and what it takes (a mistyped `--forse` must not silently do nothing).
 */
export function parseArgs(argv: readonly string[], command: string, options: CommandOptions = {}): ParsedArgs {
  const values = options.values ?? [];
  const switches = options.switches ?? [];
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const takes = (): string => [...values.map((v) => `--${v} <value>`), ...switches.map((f) => `--${f}`)].join(', ') || 'no options';
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (values.includes(name)) {
      const value = inline ?? argv[(i += 1)];
      if (value === undefined) throw new PipelineError('E_USAGE', `--${name} needs a value`);
      flags.set(name, value);
    } else if (switches.includes(name) && inline === undefined) {
      flags.set(name, true);
    } else {
      const why = switches.includes(name) ? `--${name} takes no value` : `unknown option '${arg}' for '${command}'`;
      throw new PipelineError('E_USAGE', `${why} (it takes ${takes()})`);
    }
  }
  return { positional, flags };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatSummary(summary: ReproduceSummary): string {
  const rows = [
    ['node', 'result', 'run time'],
    ...summary.outcomes.map((o) => {
      const { result, seconds } = outcomeCells(o);
      return [o.node, result, seconds === '' ? '-' : `${seconds} s`];
    }),
  ];
  const ran = summary.outcomes.filter((o) => o.status === 'ran').length;
  const hits = summary.outcomes.filter((o) => o.status === 'hit').length;
  const shared = summary.outcomes.filter((o) => o.fromStore === true).length;
  const adopted = summary.outcomes.filter((o) => o.adopted === true).length;
  const sources = [shared > 0 ? `${shared} from the shared store` : '', adopted > 0 ? `${adopted} adopted from the workspace` : ''].filter(
    Boolean,
  );
  return `${table(rows)}\n${ran} ran, ${hits} cache hits${sources.length > 0 ? ` (${sources.join(', ')})` : ''}, ${summary.outcomes.length} nodes in ${summary.seconds.toFixed(1)} s; peak memory ${Math.round(summary.peakMemoryMiB)} MiB (the largest process)`;
}

/** --store URL: the shared store of this run, handed to the processes it starts through the environment. */
function useStore(flag: string | true | undefined): void {
  if (typeof flag === 'string') process.env[STORE_ENV] = flag;
}

/** The shared store a command needs (--store, else PIPELINE_STORE), or one line saying it is missing. */
function storeUrl(flag: string | true | undefined, who: string): string {
  useStore(flag);
  const url = process.env[STORE_ENV];
  if (url === undefined || url === '')
    throw new PipelineError('E_USAGE', `${who} needs --store URL (or ${STORE_ENV}): the shared store through which results travel`);
  return url;
}

/** --redis, else PIPELINE_REDIS (which keeps a password off the command line, where other users can see it). */
function redisUrl(flag: string | true | undefined): string | undefined {
  return typeof flag === 'string' ? flag : process.env.PIPELINE_REDIS;
}

/**
 * The part of a sharded node a worker's job runs: `--shard K/N` (shard K of N, counted from 1) or
 * `--merge-shards N`; undefined for neither.
 */
function partOf(shard: string | true | undefined, merge: string | true | undefined): NodePart | undefined {
  if (shard !== undefined && merge !== undefined) throw new PipelineError('E_USAGE', '--shard and --merge-shards exclude each other');
  const bounded = (n: number): boolean => Number.isSafeInteger(n) && n >= 2 && n <= MAX_SHARDS;
  if (merge !== undefined) {
    const count = Number(merge);
    if (!bounded(count))
      throw new PipelineError('E_USAGE', `--merge-shards must be a shard count from 2 to ${MAX_SHARDS}, got '${String(merge)}'`);
    return { kind: 'merge', count };
  }
  if (shard === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(String(shard));
  const [k, n] = match === null ? [NaN, NaN] : [Number(match[1]), Number(match[2])];
  if (!bounded(n) || !(Number.isSafeInteger(k) && k >= 1 && k <= n))
    throw new PipelineError('E_USAGE', `--shard must be K/N, shard K (1 … N) of N (2 … ${MAX_SHARDS}), got '${String(shard)}'`);
  return { kind: 'shard', index: k - 1, count: n };
}

/** The executor a reproduce asked for: undefined for the local pool (the default), or the BullMQ coordinator's. */
async function chooseExecutor<P>(
  definition: PipelineDefinition<P>,
  kind: string | true | undefined,
  redisFlag: string | true | undefined,
): Promise<((log: (line: string) => void) => NodeExecutor) | undefined> {
  if (kind === undefined || kind === 'local') {
    if (redisFlag !== undefined) throw new PipelineError('E_USAGE', '--redis goes with --executor bullmq');
    return undefined;
  }
  if (kind !== 'bullmq') throw new PipelineError('E_USAGE', `--executor must be one of ${EXECUTORS.join(', ')}, got '${String(kind)}'`);
  storeUrl(undefined, '--executor bullmq');
  const redis = checkRedisUrl(redisUrl(redisFlag));
  await openStore(process.env[STORE_ENV]!);
  await pingRedis(redis);
  const name = queueName(definition.name, await sourceDigests(definition));
  const { BullmqExecutor } = await import('./executor-bullmq.ts');
  return (log) => new BullmqExecutor(redis, name, log);
}

/** A verify's problems, one line each, then its summary line; the exit code: 1 while a problem is left unrepaired. */
function reportProblems(problems: VerifyProblem[], what: string, repair: boolean, hint: string, err: (text: string) => void): number {
  for (const p of problems) err(`${p.what}${p.repaired === undefined ? '' : ` — ${p.repaired}`}`);
  const open = problems.filter((p) => p.repaired === undefined).length;
  const outcome =
    problems.length === 0 ? 'all intact' : `${problems.length} problem(s)${repair ? `, ${problems.length - open} repaired` : `; ${hint}`}`;
  err(`${what}: ${outcome}`);
  return open > 0 ? 1 : 0;
}

export async function runCli<P>(definition: PipelineDefinition<P>, cliArgs: string[], entry: string): Promise<number> {
  const debug = cliArgs.includes('--debug');
  const argv = cliArgs.filter((arg) => arg !== '--debug');
  const [command, ...rest] = argv;
  const out = (text: string): void => void process.stdout.write(`${text}\n`);
  const err = (text: string): void => void process.stderr.write(`${text}\n`);
  // `show … | head` closes the pipe early: that is the reader being done, not an error worth a stack trace
  process.stdout.once('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    switch (command) {
      case 'reproduce': {
        const args = parseArgs(rest, command, {
          values: ['jobs', 'store', 'executor', 'redis', 'expect-key', 'shard', 'merge-shards'],
          switches: ['force', 'no-wait'],
        });
        useStore(args.flags.get('store'));
        const executor = await chooseExecutor(definition, args.flags.get('executor'), args.flags.get('redis'));
        const expectKey = args.flags.get('expect-key');
        const part = partOf(args.flags.get('shard'), args.flags.get('merge-shards'));
        const jobsFlag = args.flags.get('jobs');
        // locally, a node process per core; for workers elsewhere, every node that is ready goes to the queue
        const jobs = jobsFlag === undefined ? (executor === undefined ? availableParallelism() : Infinity) : Number(jobsFlag);
        if (!(Number.isInteger(jobs) || jobs === Infinity) || jobs < 1)
          throw new PipelineError('E_USAGE', `--jobs must be a whole number ≥ 1, got '${String(jobsFlag)}'`);
        const release = await acquireRunLock(join(definition.root, 'cache'), 'reproduce', err, { wait: !args.flags.has('no-wait') });
        const startedAt = new Date();
        const record = async (summary: ReproduceSummary, failure?: string): Promise<void> => {
          if (definition.runRecord === undefined) return;
          const facts = runFacts(definition.root, startedAt, jobs, failure);
          await writeRunRecord(definition.root, definition.runRecord, definition.name, facts, summary);
        };
        const summary = await reproduce(definition, {
          jobs,
          targets: args.positional,
          force: args.flags.has('force'),
          entry,
          ...(executor === undefined ? {} : { executor }),
          ...(typeof expectKey === 'string' ? { expectKey } : {}),
          ...(part === undefined ? {} : { part }),
        }).catch(async (error: Error & { summary?: ReproduceSummary }) => {
          if (error.summary) {
            err(formatSummary(error.summary));
            await record(error.summary, error.message.split('\n')[0]);
          }
          throw error;
        });
        await record(summary);
        release();
        if (definition.runRecord !== undefined) err(`(this run's commit, times and host: ${definition.runRecord})`);
        err(formatSummary(summary));
        return 0;
      }
      case 'run-node': {
        const args = parseArgs(rest, command, { values: ['expect-key', 'store'], switches: ['force', 'no-wait'] });
        useStore(args.flags.get('store'));
        const id = args.positional[0];
        if (!id) throw new PipelineError('E_USAGE', 'run-node needs a node id, e.g. train@intro');
        const expectKey = args.flags.get('expect-key');
        await acquireRunLock(join(definition.root, 'cache'), `run-node ${id}`, err, { wait: !args.flags.has('no-wait') });
        await runNodeById(definition, id, { force: args.flags.has('force'), ...(typeof expectKey === 'string' ? { expectKey } : {}) });
        return 0;
      }
      case 'worker': {
        const args = parseArgs(rest, command, { values: ['redis', 'store', 'lock-seconds', 'idle-exit', 'concurrency'] });
        if (args.positional.length > 0) throw new PipelineError('E_USAGE', `worker takes no arguments, got ${args.positional.join(' ')}`);
        const store = storeUrl(args.flags.get('store'), 'worker');
        const redis = checkRedisUrl(redisUrl(args.flags.get('redis')));
        const lockFlag = args.flags.get('lock-seconds');
        const lockSeconds = lockFlag === undefined ? 30 : Number(lockFlag);
        if (!Number.isFinite(lockSeconds) || lockSeconds < 1)
          throw new PipelineError('E_USAGE', `--lock-seconds must be a number of seconds ≥ 1, got '${String(lockFlag)}'`);
        const idleFlag = args.flags.get('idle-exit');
        const idleSeconds = idleFlag === undefined ? undefined : Number(idleFlag);
        if (idleSeconds !== undefined && !(Number.isFinite(idleSeconds) && idleSeconds > 0))
          throw new PipelineError('E_USAGE', `--idle-exit must be a number of seconds > 0, got '${String(idleFlag)}'`);
        const concurrencyFlag = args.flags.get('concurrency');
        const concurrency = concurrencyFlag === undefined ? 1 : Number(concurrencyFlag);
        if (!Number.isInteger(concurrency) || concurrency < 1)
          throw new PipelineError('E_USAGE', `--concurrency must be a whole number ≥ 1, got '${String(concurrencyFlag)}'`);
        const { runWorker } = await import('./worker.ts');
        const idle = idleSeconds === undefined ? {} : { idleSeconds };
        await runWorker(definition, { redis, store, entry, lockSeconds, concurrency, ...idle, log: err });
        return 0;
      }
      case 'serve-nodes': {
        // internal: a pool process of `reproduce` (pipeline/node-pool.ts), driven over IPC
        if (typeof process.send !== 'function') throw new PipelineError('E_USAGE', 'serve-nodes is started by reproduce, not by hand');
        await serveNodes(definition, await sourceDigests(definition));
        return 0;
      }
      case 'ls':
      case 'status': {
        parseArgs(rest, command);
        const status = await pipelineStatus(definition);
        const rows = [['node', 'state', 'key', 'size', 'run time', 'created']];
        for (const e of status.entries) {
          const m = e.manifest;
          const current = m && e.key === m.key;
          const size = current ? Object.values(m.outputs).reduce((s, o) => s + o.size, 0) : undefined;
          rows.push([
            e.node.id,
            e.state,
            e.key?.slice(0, 12) ?? '-',
            size === undefined ? '-' : formatBytes(size),
            current ? `${m.seconds.toFixed(1)} s` : '-',
            current ? m.createdAt : '-',
          ]);
        }
        out(table(rows));
        return 0;
      }
      case 'show': {
        const args = parseArgs(rest, command, { switches: ['raw', 'summary'] });
        const [id, file] = args.positional;
        if (!id) throw new PipelineError('E_USAGE', 'show needs a node id, e.g. train@intro');
        const status = await pipelineStatus(definition);
        const entry = status.entries.find((e) => e.node.id === id);
        if (!entry)
          throw unknownNodeError(
            id,
            status.entries.map((e) => e.node.id),
          );
        const manifest = entry.manifest;
        if (!manifest) throw new PipelineError('E_NOT_CACHED', `${id} has no cached run yet; run 'npm run reproduce'`);
        if (file === undefined) {
          if (manifest.key !== entry.key)
            err(`note: ${id} is ${entry.state}; showing its latest run (${manifest.key.slice(0, 12)}), not the current key`);
          out(JSON.stringify(manifest, null, 2));
          return 0;
        }
        // an own output only: a file named like an inherited property (`constructor`) is not an output
        const output = Object.hasOwn(manifest.outputs, file) ? manifest.outputs[file] : undefined;
        if (!output)
          throw new PipelineError('E_NO_FILE', `${id} has no output '${file}' (outputs: ${Object.keys(manifest.outputs).join(', ')})`);
        const bytes = await new Cache(join(definition.root, 'cache')).readObject(output.digest);
        const summarise = !args.flags.has('raw') && isBinary(bytes) && (args.flags.has('summary') || process.stdout.isTTY === true);
        if (summarise) out(binarySummary(file, bytes, output.digest, definition.describeOutput?.(file, bytes)));
        else process.stdout.write(bytes);
        return 0;
      }
      case 'explain': {
        const [id] = parseArgs(rest, command).positional;
        if (!id) throw new PipelineError('E_USAGE', 'explain needs a node id, e.g. train@intro');
        const status = await pipelineStatus(definition);
        const entry = status.entries.find((e) => e.node.id === id);
        if (!entry)
          throw unknownNodeError(
            id,
            status.entries.map((e) => e.node.id),
          );
        if (entry.state === 'fresh' || entry.state === 'cached') {
          out(
            `${id} is up to date: its key ${entry.key!.slice(0, 12)} is cached${entry.state === 'cached' ? ' (the workspace copy will be restored)' : ''}; nothing would rerun`,
          );
          return 0;
        }
        const latest = await new Cache(join(definition.root, 'cache')).latest(id);
        out(`${id} would rerun because:`);
        for (const reason of explainDifferences(entry, latest)) out(`  - ${reason}`);
        return 0;
      }
      case 'verify': {
        const args = parseArgs(rest, command, { values: ['store'], switches: ['repair', 'no-wait'] });
        const repair = args.flags.has('repair');
        const storeFlag = args.flags.get('store');
        if (typeof storeFlag === 'string') {
          // the shared store, not this checkout: other machines write to it meanwhile, so no lock is taken
          const store = await openStore(storeFlag);
          const { verifyStore } = await import('./verify-store.ts');
          const report = await verifyStore(store, { repair });
          const what = `verified ${report.objects} objects and ${report.records} run records in ${store.url}`;
          return reportProblems(report.problems, what, repair, "'verify --store URL --repair' deletes them", err);
        }
        if (repair) await acquireRunLock(join(definition.root, 'cache'), 'verify --repair', err, { wait: !args.flags.has('no-wait') });
        const report = await verify(definition, { repair });
        const what = `verified ${report.objects} objects, ${report.records} run records and ${report.folders} workspace folders`;
        return reportProblems(report.problems, what, repair, "'verify --repair' deletes or restores them", err);
      }
      case 'dvc-yaml': {
        const args = parseArgs(rest, command, { switches: ['write', 'check'] });
        if (args.flags.has('write')) {
          await writeDvcYaml(definition);
          err('dvc.yaml written');
          return 0;
        }
        const problem = await checkDvcYaml(definition);
        if (problem) {
          err(problem);
          return 1;
        }
        err('dvc.yaml is in sync with the pipeline definition');
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
        out(`${USAGE}\n${USAGE_FOOTER}`);
        return 0;
      default:
        throw new PipelineError(
          'E_USAGE',
          `unknown command '${command}' (commands: reproduce, ls, show, explain, run-node, verify, dvc-yaml, worker; 'help' lists them)`,
        );
    }
  } catch (error) {
    if (debug && error instanceof Error) err(error.stack ?? String(error));
    if (isPipelineError(error)) {
      err(`error [${error.code}]: ${error.message}`);
      if (error.code === 'E_INTERRUPTED') return 130;
      if (error.code === 'E_LOCKED') return 75;
      if (error.code === 'E_FS') return 74;
      return ['E_PARAMS', 'E_USAGE', 'E_NODE', 'E_BACKEND', 'E_STORE', 'E_REDIS'].includes(error.code) ? 2 : 1;
    }
    const fs = fileSystemProblem(error);
    if (fs !== undefined) {
      err(`error [E_FS]: ${fs}`);
      return 74;
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    err(`error [E_INTERNAL]: ${message}${debug ? '' : ' (an internal error: rerun with --debug for the stack, and report it)'}`);
    return 70;
  }
}
