// Runs one node in this process: the command behind every DVC stage, and what the scheduler's child
// processes execute. It reads its inputs from the workspace (as DVC provides them), computes the
// key, and either restores a cached result or runs the stage into a temporary directory, stores it
// in the cache and only then puts it into the workspace.

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Cache, type Manifest } from './cache.ts';
import { openStore, STORE_ENV } from './store.ts';
import { buildDag, parseNodeId, unknownNodeError, type DagNode } from './dag.ts';
import { fileSystemProblem } from './fs-problem.ts';
import { isPipelineError, PipelineError } from './errors.ts';
import type { RunReply, RunRequest } from './node-pool.ts';
import { SourceSnapshot } from './code-digest.ts';
import { computeKey, nodeCode, outDirOf, runsUpstream, shardKey, workspaceInputs, type NodeKey } from './node-key.ts';
import { loadParams, restrictParams } from './params.ts';
import { createReporter, type ProgressReporter } from './progress.ts';
import type { NodePart, PipelineDefinition, ProgressUpdate, RunRecord, ShardRef, StageContext } from './types.ts';

/** Messages a child process sends to the scheduler over IPC. */
export type ChildMessage = { type: 'progress'; node: string; update: ProgressUpdate } | { type: 'log'; message: string };

export interface RunNodeResult {
  status: 'hit' | 'ran';
  manifest: Manifest;
}

/** The project's local cache (what `ls`, `show`, `verify` and the exports read). */
export function cacheOf<P>(definition: PipelineDefinition<P>): Cache {
  return new Cache(join(definition.root, 'cache'));
}

/**
 * The cache a run builds with: the local one, in front of the shared store that PIPELINE_STORE names
 * (`--store URL` sets it, so that every process of the run uses the same store), if any.
 */
export async function runCacheOf<P>(definition: PipelineDefinition<P>): Promise<Cache> {
  const url = process.env[STORE_ENV];
  if (url === undefined || url === '') return cacheOf(definition);
  return new Cache(join(definition.root, 'cache'), undefined, await openStore(url));
}

/** Sends progress to the parent when there is one, else draws it here. */
function childReporter(): ProgressReporter {
  if (typeof process.send !== 'function') return createReporter();
  const send = (message: ChildMessage): void => void process.send!(message);
  return {
    update: (node, update) => send({ type: 'progress', node, update }),
    finish: () => {},
    log: (message) => send({ type: 'log', message }),
    close: () => {},
  };
}

export async function runNodeById<P>(
  definition: PipelineDefinition<P>,
  id: string,
  options: {
    expectKey?: string;
    force?: boolean;
    /**
     * In a reused process: the digest of every project source as the process found it when it started
     * (before it imported any stage). A node whose code differs from it would run the modules loaded
     * then under a key computed from the files now, so it is refused (E_STALE_PROCESS) and the scheduler
     * runs it in a fresh process.
     */
    loadedCode?: ReadonlyMap<string, string>;
    /**
     * One part of a node whose stage splits into shards (a distributed job): a shard, cached under its own
     * key and kept out of the workspace, or the merge of every shard into the node's result.
     */
    part?: NodePart;
  } = {},
): Promise<RunNodeResult> {
  const params = await loadParams(definition);
  const dag = buildDag(definition, params);
  const node = dag.byId.get(id);
  if (!node) throw unknownNodeError(id, [...dag.byId.keys()]);
  const toolchain = definition.toolchain(params);
  const cache = await runCacheOf(definition);
  const inputs = await workspaceInputs(definition.root, node, dag.byId, cache);
  // the runs upstream that a readsRuns stage cites: the ones the workspace holds (the node pointers)
  const upstreamRuns = node.definition.readsRuns === true ? await latestRuns(cache, runsUpstream(dag, node)) : [];
  const runKeys = new Map(upstreamRuns.map((r) => [r.node, r.key]));
  const { key, material, codeFiles } = await computeKey(definition, params, node, inputs, toolchain, undefined, (u) => runKeys.get(u), dag);
  if (options.expectKey !== undefined && options.expectKey !== key) {
    throw new PipelineError(
      'E_KEY',
      `${id}: its key changed after the run started (${key.slice(0, 12)} ≠ ${options.expectKey.slice(0, 12)}): code, parameters or inputs were edited while the pipeline ran; run it again`,
    );
  }
  const loaded = options.loadedCode;
  const changed = loaded === undefined ? undefined : Object.keys(codeFiles).find((file) => loaded.get(file) !== codeFiles[file]);
  if (changed !== undefined) throw new PipelineError('E_STALE_PROCESS', `${id}: ${changed} changed since this process loaded the code`);
  const reporter = childReporter();
  const target = join(definition.root, outDirOf(node));
  const nodeKey: NodeKey = { key, material, codeFiles };
  const part = options.part;
  const context = (outDir: string, shard?: ShardRef): StageContext<P> => ({
    node: { stage: node.stage, item: node.item, id: node.id },
    params: restrictParams(params, node.definition.paramKeys(params, node.item)),
    seed: material.seed,
    toolchain,
    input: (stage, item) => inputDir(definition.root, dag.byId, node, stage, item),
    items: dag.items,
    inputItems: (stage) => upstreamItems(node, stage),
    ...(shard === undefined ? {} : { shard }),
    outDir,
    root: definition.root,
    log: (message) => reporter.log(`${id}: ${message}`),
    progress: (update) => reporter.update(id, update),
    runs: async () => {
      if (node.definition.readsRuns !== true)
        throw new PipelineError('E_DAG', `stage '${node.stage}' reads ctx.runs() but does not declare readsRuns`);
      return upstreamRuns;
    },
  });
  /** Runs `write` into a temporary folder and caches what it wrote as the run of `run.key`. */
  const compute = async (run: NodeKey, label: string, write: (outDir: string) => Promise<number | void>): Promise<Manifest> => {
    const outDir = await cache.tempDir(label);
    try {
      const started = performance.now();
      // what `write` returns: seconds spent elsewhere on this result (the shards a merge found cached)
      const elsewhere = (await write(outDir)) ?? 0;
      const seconds = (performance.now() - started) / 1000 + elsewhere;
      return await cache.commit(outDir, { ...run.material, key: run.key, codeFiles: run.codeFiles, seconds });
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  };
  /** One shard, cached under its own key and never put into the workspace (only its merge is). */
  const runShard = async (index: number, count: number, force: boolean): Promise<RunNodeResult> => {
    const shard = shardKey(nodeKey, index, count);
    const label = `${id} shard ${index + 1}/${count}`;
    const cached = force ? undefined : await cache.lookup(shard.key);
    if (cached) {
      reporter.log(`${label}: cache hit (${shard.key.slice(0, 12)})${cache.pulled.has(shard.key) ? ' from the shared store' : ''}`);
      return { status: 'hit', manifest: cached };
    }
    const manifest = await compute(shard, `${id}.shard-${index}`, (outDir) => node.definition.run(context(outDir, { index, count })));
    reporter.log(`${label}: ran in ${manifest.seconds.toFixed(1)} s (${shard.key.slice(0, 12)})`);
    return { status: 'ran', manifest };
  };
  /** Every shard's outputs (run here where none is cached) merged into `outDir`; returns the seconds of those that ran elsewhere. */
  const mergeShards = async (outDir: string, count: number): Promise<number> => {
    const parts: string[] = [];
    let seconds = 0;
    try {
      for (let index = 0; index < count; index += 1) {
        const { status, manifest } = await runShard(index, count, false);
        const dir = await cache.tempDir(`${id}.part-${index}`);
        parts.push(dir);
        await cache.extract(manifest, dir);
        // a shard run here is in this run's own time already; one found cached ran elsewhere
        if (status === 'hit') seconds += manifest.seconds;
      }
      await node.definition.shards!.merge(context(outDir), parts);
      return seconds;
    } finally {
      for (const dir of parts) await rm(dir, { recursive: true, force: true });
    }
  };
  try {
    if (part !== undefined) await checkPart(node, part, context(definition.root));
    if (part?.kind === 'shard') return await runShard(part.index, part.count, options.force === true);
    const cached = options.force ? undefined : await cache.lookup(key);
    if (cached) {
      try {
        await cache.materialize(cached, target);
        reporter.log(`${id}: cache hit (${key.slice(0, 12)})${cache.pulled.has(key) ? ' from the shared store' : ''}`);
        return { status: 'hit', manifest: cached };
      } catch (error) {
        if (!(error instanceof PipelineError) || !error.code.startsWith('E_CACHE')) throw error;
        reporter.log(`${id}: ${error.message}`);
        await cache.forget(key);
      }
    }
    const manifest = await compute(nodeKey, id, (outDir) =>
      part?.kind === 'merge' ? mergeShards(outDir, part.count) : node.definition.run(context(outDir)),
    );
    await cache.materialize(manifest, target);
    const how =
      part?.kind === 'merge'
        ? `merged from ${part.count} shards, ${manifest.seconds.toFixed(1)} s of work`
        : `ran in ${manifest.seconds.toFixed(1)} s`;
    reporter.log(`${id}: ${how} (${key.slice(0, 12)})`);
    return { status: 'ran', manifest };
  } finally {
    reporter.finish(id);
    reporter.close();
  }
}

/**
 * A part asked for (a worker's job) must be one this checkout splits the node into: a stage that declares
 * shards, and the count its inputs give here (which the part's key and the merge both depend on).
 */
export async function checkPart<P>(
  node: DagNode<P>,
  part: NodePart,
  ctx: Pick<StageContext<P>, 'node' | 'params' | 'input'>,
): Promise<void> {
  const shards = node.definition.shards;
  if (shards === undefined) throw new PipelineError('E_USAGE', `${node.id}: stage '${node.stage}' does not split into shards`);
  const count = await shards.count(ctx);
  if (count !== part.count)
    throw new PipelineError('E_KEY', `${node.id}: its inputs split it into ${count} shard(s) here, not the ${part.count} asked for`);
}

/**
 * The digest of every source file the DAG's nodes run, as it is now: what a pool process records when it
 * starts, before any stage module is imported, to refuse later nodes whose code has changed since.
 */
export async function sourceDigests<P>(definition: PipelineDefinition<P>): Promise<Map<string, string>> {
  const params = await loadParams(definition);
  const dag = buildDag(definition, params);
  const sources = new SourceSnapshot(definition.root);
  const digests = new Map<string, string>();
  for (const node of dag.nodes)
    for (const [file, digest] of Object.entries((await nodeCode(definition, node, params, sources)).files)) digests.set(file, digest);
  return digests;
}

/**
 * The loop of a pool process (pipeline/node-pool.ts): runs each node the scheduler sends, one at a time,
 * and answers when it is cached or has failed; returns when the scheduler closes the channel. A node
 * whose code changed since this process started is answered 'stale' (and the process ends), so that a
 * fresh process, which loads the code anew, runs it.
 */
export async function serveNodes<P>(definition: PipelineDefinition<P>, loadedCode: ReadonlyMap<string, string>): Promise<void> {
  // the scheduler may be gone (killed): then there is nobody to answer, and nothing to wait for
  const reply = (message: RunReply): void => {
    if (process.connected) process.send!(message);
  };
  let busy = false;
  return new Promise((resolve) => {
    process.on('message', (request: RunRequest) => {
      if (request.type !== 'run') return;
      busy = true;
      runNodeById(definition, request.id, {
        expectKey: request.key,
        force: request.force,
        loadedCode,
        ...(request.part === undefined ? {} : { part: request.part }),
      }).then(
        (result) => {
          busy = false;
          reply({ type: 'done', id: request.id, status: result.status, maxRssKiB: process.resourceUsage().maxRSS });
        },
        (error: Error) => {
          busy = false;
          if (isPipelineError(error) && error.code === 'E_STALE_PROCESS') {
            reply({ type: 'stale', id: request.id });
            process.disconnect();
            return;
          }
          // a full or read-only disk is the user's to fix: one line naming the path, no stack
          const fs = fileSystemProblem(error);
          if (fs !== undefined) {
            reply({ type: 'failed', id: request.id, message: `[E_FS] ${fs}`, code: 'E_FS' });
            return;
          }
          // a bug (not a PipelineError) keeps its stack on stderr, as an uncaught error in a node process would
          if (!isPipelineError(error)) process.stderr.write(`${error.stack ?? String(error)}\n`);
          reply({
            type: 'failed',
            id: request.id,
            message: isPipelineError(error) ? `[${error.code}] ${error.message}` : error.message.split('\n')[0]!,
          });
        },
      );
    });
    process.once('disconnect', () => {
      // The channel closes when the scheduler lets an idle process go, or when it dies. A node still running
      // has lost the run it belongs to: stop now (its temporary folder is swept by the next run) rather than
      // train on for nobody.
      if (busy) process.exit(1);
      resolve();
    });
  });
}

async function latestRuns<P>(cache: Cache, nodes: DagNode<P>[]): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  for (const node of nodes) {
    const manifest = await cache.latest(node.id);
    if (manifest) runs.push({ node: node.id, key: manifest.key, seconds: manifest.seconds, createdAt: manifest.createdAt });
  }
  return runs;
}

function upstreamItems<P>(node: DagNode<P>, stage: string): string[] {
  return node.upstream
    .map(parseNodeId)
    .filter((u) => u.stage === stage && u.item !== undefined)
    .map((u) => u.item!);
}

/** The folder of an upstream node's outputs that `node` reads as ctx.input(stage, item). */
export function inputDir<P>(
  root: string,
  byId: Map<string, DagNode<P>>,
  node: DagNode<P>,
  stage: string,
  item: string | undefined,
): string {
  // Without an item, a per-item stage's input is the upstream node of the same item.
  const own = item === undefined && node.item !== undefined && node.upstream.includes(`${stage}@${node.item}`);
  const id = item === undefined ? (own ? `${stage}@${node.item}` : stage) : `${stage}@${item}`;
  if (!node.upstream.includes(id)) {
    throw new PipelineError(
      'E_DAG',
      `${node.id} reads '${id}', which is not among its declared needs (${node.upstream.join(', ') || 'none'})`,
    );
  }
  return join(root, outDirOf(byId.get(id)!));
}
