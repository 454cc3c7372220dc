// `reproduce`: walks the DAG in order, computes each node's key from its upstream results, restores
// cache hits into the workspace, and runs the stale nodes in a pool of at most `jobs` child processes
// (TensorFlow.js backends are single-threaded in Node, so processes are how two cores get used; each
// process runs one node at a time and is reused, pipeline/node-pool.ts).
// Of the stale nodes that are ready, the one with the most estimated work ahead of it (its critical
// path, from the definition's estimateCost) starts first: a long training node started last would
// otherwise run alone at the end while the cores that finished the short ones sit idle.
// A failed node stops new work; nodes already running finish and are cached.

import { join } from 'node:path';
import { outputDigests, type Manifest } from './cache.ts';
import { buildDag, criticalPathWeights, upstreamClosure, type DagNode } from './dag.ts';
import { PipelineError } from './errors.ts';
import { exists } from './fs-atomic.ts';
import { SourceSnapshot } from './code-digest.ts';
import { DvcCache } from './dvc-cache.ts';
import { computeKey, MAX_SHARDS, nodeCode, outDirOf, shardKey, type NodeKey } from './node-key.ts';
import { describePart } from './queue.ts';
import type { NodeExecutor, NodeRun } from './executor.ts';
import { NodePool, NodeProcessDied } from './node-pool.ts';
import { loadParams, restrictParams } from './params.ts';
import { pipelineLockText, readPipelineLock, writePipelineLock, type LockEntry } from './pipeline-lock.ts';
import { createReporter, type ProgressReporter } from './progress.ts';
import { checkPart, inputDir, runCacheOf, type ChildMessage } from './runner.ts';
import { sweepPlaces, sweepTemporaries } from './sweep.ts';
import type { NodePart, PipelineDefinition, StageContext } from './types.ts';

export type NodeStatus = 'hit' | 'ran' | 'failed' | 'skipped';

export interface NodeOutcome {
  node: string;
  status: NodeStatus;
  key: string | undefined;
  /** seconds of the run that produced the result (for a hit: the original run) */
  seconds: number;
  /** a hit copied from the shared store (--store), not found in the local cache */
  fromStore?: true;
  /** a hit taken from the workspace folder, which held what the lock file records for its key (after `dvc pull`) */
  adopted?: true;
}

export interface ReproduceOptions {
  jobs: number;
  /** node ids to build (with everything upstream); all nodes when empty */
  targets: string[];
  /** rerun the targets even when cached */
  force: boolean;
  /** the CLI entry that understands `serve-nodes` (the pool processes) */
  entry: string;
  reporter?: ProgressReporter;
  /** where the nodes that must run are run (the scheduler closes it at the end); default: the local pool */
  executor?: (log: (line: string) => void) => NodeExecutor;
  /**
   * With one target: the key it must have, else the run stops (E_KEY) before it runs (a worker running a
   * coordinator's job: a different key means other code, parameters or toolchain).
   */
  expectKey?: string;
  /**
   * With one target whose stage splits into shards: run only this part of it (a worker's job): one shard,
   * cached under its own key and not put into the workspace, or the merge of all of them into the node.
   */
  part?: NodePart;
}

export interface ReproduceSummary {
  outcomes: NodeOutcome[];
  seconds: number;
  /** the peak resident memory of the largest process of the run, the scheduler's or a node process's (MiB) */
  peakMemoryMiB: number;
}

export async function reproduce<P>(definition: PipelineDefinition<P>, options: ReproduceOptions): Promise<ReproduceSummary> {
  const started = performance.now();
  const params = await loadParams(definition);
  const dag = buildDag(definition, params);
  const nodes = options.targets.length > 0 ? upstreamClosure(dag, options.targets) : dag.nodes;
  const toolchain = definition.toolchain(params);
  // every node counts 1 besides its estimate, so that a tie falls to the longer chain of stages; estimated
  // only once a node has to run (a warm run needs no estimate)
  let weights: Map<string, number> | undefined;
  const weightOf = (id: string): number => {
    weights ??= criticalPathWeights(nodes, (node) => 1 + (definition.estimateCost?.(params, node) ?? 0));
    return weights.get(id)!;
  };
  // Every node's code is resolved before anything runs, so that a definition naming a module that does
  // not exist stops the run with its one line now, not halfway through (nor inside a pool process).
  const code = new SourceSnapshot(definition.root);
  for (const node of nodes) await nodeCode(definition, node, params, code);
  const cache = await runCacheOf(definition);
  const reporter = options.reporter ?? createReporter();
  // what interrupted runs left: temporaries in the cache, beside the output folders and the project's own files
  const swept = await sweepTemporaries(sweepPlaces(definition, dag, cache.dir));
  if (swept.length > 0) reporter.log(`removed ${swept.length} leftover temporar${swept.length === 1 ? 'y' : 'ies'} of interrupted runs`);

  // outputs that came without the cache (dvc pull) are adopted when the lock file vouches for them; a
  // worker's job (--expect-key) neither reads nor writes the lock: it is the coordinator's run
  const lockFile = options.expectKey === undefined ? definition.lockFile : undefined;
  const lock: ReadonlyMap<string, LockEntry> =
    lockFile === undefined ? new Map() : await readPipelineLock(join(definition.root, lockFile), (line) => reporter.log(line));
  const adopted = new Set<string>();
  // DVC's cache gets every output too (hard links), so that dvc status is clean and dvc push has them
  const dvcCache = await DvcCache.open(definition.root, (line) => reporter.log(line));
  const manifests = new Map<string, Manifest>();
  const outcomes = new Map<string, NodeOutcome>();
  const running = new Set<Promise<void>>();
  if (options.expectKey !== undefined && options.targets.length !== 1)
    throw new PipelineError('E_USAGE', `--expect-key needs exactly one target node, got ${options.targets.length}`);
  if (options.part !== undefined && options.targets.length !== 1)
    throw new PipelineError('E_USAGE', `--shard and --merge-shards need exactly one target node, got ${options.targets.length}`);
  const partOf = options.part === undefined ? undefined : dag.byId.get(options.targets[0]!);
  // a stage without shards is refused before anything upstream of it runs
  if (partOf !== undefined && partOf.definition.shards === undefined)
    throw new PipelineError('E_USAGE', `${partOf.id}: stage '${partOf.stage}' does not split into shards`);
  const pool: NodeExecutor =
    options.executor?.((line) => reporter.log(line)) ??
    new NodePool(
      options.entry,
      definition.root,
      (message: ChildMessage) =>
        message.type === 'progress' ? reporter.update(message.node, message.update) : reporter.log(message.message),
      (id) => reporter.finish(id),
    );
  let failure: Error | undefined;

  const onSignal = (signal: NodeJS.Signals): void => {
    reporter.log(`received ${signal}: stopping ${running.size} running node(s); nothing partial is cached`);
    failure = new PipelineError(
      'E_INTERRUPTED',
      `interrupted by ${signal}; finished nodes stay cached, the interrupted ones left nothing behind`,
    );
    pool.kill('SIGTERM');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const ready = (node: DagNode<P>): boolean => node.upstream.every((u) => manifests.has(u));
  // the run each node upstream resolved to (hit or ran), which a readsRuns stage cites
  const runKeyOf = (id: string): string | undefined => manifests.get(id)?.key;
  const pending = [...nodes];
  const queue: Array<{ node: DagNode<P>; key: string; forced: boolean }> = [];
  try {
    for (let round = 0; ; round++) {
      // The sources as they are now, read once for all the nodes resolved in this round (a later round, after
      // a node finished, reads them again, so a key always follows the files the pool process will see); the
      // first round uses the snapshot the code check above has just read.
      const sources = round === 0 ? code : new SourceSnapshot(definition.root);
      // Resolve every node whose inputs are known: a hit is restored at once (which may make its
      // downstream nodes ready in turn), a miss joins the run queue.
      for (let resolved = true; resolved && !failure;) {
        resolved = false;
        for (const node of pending.filter(ready)) {
          pending.splice(pending.indexOf(node), 1);
          resolved = true;
          const inputs = Object.fromEntries(node.upstream.map((u) => [u, outputDigests(manifests.get(u)!)]));
          const nodeKey = await computeKey(definition, params, node, inputs, toolchain, sources, runKeyOf, dag);
          const { key } = nodeKey;
          checkExpected(node, key);
          if (options.part !== undefined && node.id === options.targets[0]) await checkPart(node, options.part, countContext(node));
          const forced = options.force && (options.targets.length === 0 || options.targets.includes(node.id));
          const cached = forced ? undefined : await restore(node, nodeKey);
          if (cached) await settle(node, cached, hitOutcome(node, cached));
          else queue.push({ node, key, forced });
        }
      }
      while (!failure && queue.length > 0 && running.size < options.jobs) start(takeHeaviest(queue));
      if (running.size === 0) break;
      await Promise.race(running);
    }
  } finally {
    await pool.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // what the workspace folders now hold, for the next clone (a failed run records what it finished)
    if (lockFile !== undefined) {
      const text = pipelineLockText(
        lock,
        dag.nodes.map((n) => n.id),
        manifests,
      );
      await writePipelineLock(definition.root, lockFile, text);
    }
    reporter.close();
  }
  for (const node of nodes) {
    if (!outcomes.has(node.id)) outcomes.set(node.id, { node: node.id, status: 'skipped', key: undefined, seconds: 0 });
  }
  const summary = {
    outcomes: nodes.map((n) => outcomes.get(n.id)!),
    seconds: (performance.now() - started) / 1000,
    peakMemoryMiB: Math.max(pool.peakMemoryKiB, process.resourceUsage().maxRSS) / 1024,
  };
  if (failure) throw Object.assign(failure, { summary });
  return summary;

  function checkExpected(node: DagNode<P>, key: string): void {
    if (options.expectKey === undefined || node.id !== options.targets[0] || key === options.expectKey) return;
    throw new PipelineError(
      'E_KEY',
      `${node.id}: this checkout computes the key ${key.slice(0, 12)}, not the ${options.expectKey.slice(0, 12)} asked for: its parameters, code or toolchain differ`,
    );
  }

  function hitOutcome(node: DagNode<P>, manifest: Manifest): NodeOutcome {
    const { key } = manifest;
    const from = cache.pulled.has(key) ? { fromStore: true as const } : adopted.has(key) ? { adopted: true as const } : {};
    return { node: node.id, status: 'hit', key, seconds: manifest.seconds, ...from };
  }

  /** A node's result is known: downstream nodes may use it, and DVC's cache gets it. */
  async function settle(node: DagNode<P>, manifest: Manifest, outcome: NodeOutcome): Promise<void> {
    // DVC's copy is a convenience: a failure costs `dvc status` its word on this output, not the run
    await dvcCache
      ?.add(cache, manifest)
      .catch((error: Error) => reporter.log(`${node.id}: not put into DVC's cache (${error.message}); 'dvc commit' puts it there`));
    manifests.set(node.id, manifest);
    outcomes.set(node.id, outcome);
  }

  /** Removes and returns the queued node with the largest critical-path weight (the earliest on a tie). */
  function takeHeaviest<Q extends { node: DagNode<P> }>(waiting: Q[]): Q {
    let best = 0;
    for (let k = 1; k < waiting.length; k += 1) {
      if (weightOf(waiting[k]!.node.id) > weightOf(waiting[best]!.node.id)) best = k;
    }
    return waiting.splice(best, 1)[0]!;
  }

  async function restore(node: DagNode<P>, nodeKey: NodeKey): Promise<Manifest | undefined> {
    const { key } = nodeKey;
    const cached = (await cache.lookup(key)) ?? (await adopt(node, nodeKey));
    if (!cached) return undefined;
    try {
      const how = await cache.materialize(cached, join(definition.root, outDirOf(node)));
      const from = cache.pulled.has(key)
        ? ' from the shared store'
        : adopted.has(key)
          ? ` adopted from the workspace (${lockFile} vouches for it)`
          : '';
      reporter.log(`${node.id}: cache hit ${key.slice(0, 12)}${from}${how === 'restored' ? ' (restored into the workspace)' : ''}`);
      return cached;
    } catch (error) {
      if (!(error instanceof PipelineError) || !error.code.startsWith('E_CACHE')) throw error;
      reporter.log(`${node.id}: ${error.message}`);
      await cache.forget(key);
      return undefined;
    }
  }

  /**
   * The node's workspace folder as its run, when the lock file records this key and exactly these files.
   * Never for outputs that git carries (outputsInGit): they are the committed baseline a regenerated
   * result is checked against (the report's drift gate), so they are always computed, never vouched for.
   */
  async function adopt(node: DagNode<P>, { key, material, codeFiles }: NodeKey): Promise<Manifest | undefined> {
    const entry = lock.get(node.id);
    if (entry === undefined || entry.key !== key || node.definition.outputsInGit === true) return undefined;
    const dir = join(definition.root, outDirOf(node));
    const result = await cache.adopt(dir, { ...material, key, codeFiles, seconds: 0 }, entry.outputs);
    if ('why' in result) {
      // an absent folder is the usual case (nothing pulled): only a folder that differs is worth a line
      if (await exists(dir)) reporter.log(`${node.id}: not adopted from the workspace (${result.why}); it runs`);
      return undefined;
    }
    adopted.add(key);
    return result.manifest;
  }

  /**
   * For an executor that splits shards: the node's shard count from its stage (read from its inputs, which
   * the workspace now holds) and the shards not cached here or in the shared store; undefined for a node
   * that runs whole (no shards declared, a count of 1, or a local executor).
   */
  async function shardsToRun(node: DagNode<P>, nodeKey: NodeKey, forced: boolean): Promise<NodeRun['shards']> {
    const shards = node.definition.shards;
    if (!pool.splitsShards || shards === undefined) return undefined;
    const count = await shards.count(countContext(node));
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS)
      throw new PipelineError(
        'E_DAG',
        `${node.id}: stage '${node.stage}' splits it into ${count} shards (allowed: a whole number from 1 to ${MAX_SHARDS})`,
      );
    if (count === 1) return undefined;
    const missing: number[] = [];
    for (let index = 0; index < count; index += 1) {
      if (forced || !(await cache.has(shardKey(nodeKey, index, count).key))) missing.push(index);
    }
    return { count, missing };
  }

  /** What a stage's shards.count reads: the node, its parameters, and its inputs (in the workspace by now). */
  function countContext(node: DagNode<P>): Pick<StageContext<P>, 'node' | 'params' | 'input'> {
    return {
      node: { stage: node.stage, item: node.item, id: node.id },
      params: restrictParams(params, node.definition.paramKeys(params, node.item)),
      input: (stage, item) => inputDir(definition.root, dag.byId, node, stage, item),
    };
  }

  function start({ node, key: queuedKey, forced }: { node: DagNode<P>; key: string; forced: boolean }): void {
    let key = queuedKey;
    const task = (async () => {
      // A node may wait in the queue while files change: its key is taken again from the files as they are
      // when it starts, so that it runs the code the pool process will load (and may now be cached).
      const inputs = Object.fromEntries(node.upstream.map((u) => [u, outputDigests(manifests.get(u)!)]));
      const nodeKey = await computeKey(definition, params, node, inputs, toolchain, new SourceSnapshot(definition.root), runKeyOf, dag);
      key = nodeKey.key;
      checkExpected(node, key);
      const cached = key === queuedKey || forced ? undefined : await restore(node, nodeKey);
      if (cached) return settle(node, cached, hitOutcome(node, cached));
      const part = options.part !== undefined && node.id === options.targets[0] ? options.part : undefined;
      const shards = part === undefined ? await shardsToRun(node, nodeKey, forced) : undefined;
      const split = shards === undefined ? '' : `, ${shards.missing.length} of its ${shards.count} shards to run`;
      reporter.log(`${node.id}${describePart(part)}: running (${key.slice(0, 12)}${split})`);
      // a shard's result is cached under its own key (and goes nowhere else: only the merge makes the node's)
      const resultKey = part?.kind === 'shard' ? shardKey(nodeKey, part.index, part.count).key : key;
      let outcome: 'hit' | 'ran';
      try {
        outcome = await pool.run({
          id: node.id,
          key,
          force: forced,
          ...(part === undefined ? {} : { part }),
          ...(shards === undefined ? {} : { shards }),
        });
      } catch (error) {
        if (!(error instanceof NodeProcessDied)) throw error;
        // a process that died after it stored the result (a kill between the manifest and its answer) has
        // still cached it: the node is done, not failed (unless it was forced: the entry may be the old one)
        if (forced || (await cache.lookup(resultKey)) === undefined)
          throw new PipelineError('E_RUN', `${error.message}. Nothing was cached for it.`);
        reporter.log(`${node.id}: its process ended after the result was cached (${resultKey.slice(0, 12)}); keeping it`);
        outcome = 'ran';
      }
      if (part?.kind === 'shard') {
        outcomes.set(node.id, { node: node.id, status: outcome, key: resultKey, seconds: 0 });
        return;
      }
      const manifest = await cache.lookup(key);
      if (!manifest) throw new PipelineError('E_RUN', `${node.id}: finished without a cache entry for ${key.slice(0, 12)}`);
      // the outputs go into this workspace if they are not there yet: a node run elsewhere (a worker of the
      // distributed executor), or a pool process that died before (or while) it put them there
      await cache.materialize(manifest, join(definition.root, outDirOf(node)));
      // 'hit': the pool process found the key cached (another run stored it meanwhile)
      await settle(node, manifest, { node: node.id, status: outcome, key, seconds: manifest.seconds });
    })().catch((error: Error) => {
      outcomes.set(node.id, { node: node.id, status: 'failed', key, seconds: 0 });
      failure ??= error;
    });
    const tracked: Promise<void> = task.finally(() => running.delete(tracked));
    running.add(tracked);
  }
}
