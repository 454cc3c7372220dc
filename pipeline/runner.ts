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
import { computeKey, nodeCode, outDirOf, runsUpstream, workspaceInputs } from './node-key.ts';
import { loadParams, restrictParams } from './params.ts';
import { createReporter, type ProgressReporter } from './progress.ts';
import type { PipelineDefinition, ProgressUpdate, RunRecord } from './types.ts';

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
  try {
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
    const outDir = await cache.tempDir(id);
    try {
      const started = performance.now();
      await node.definition.run({
        node: { stage: node.stage, item: node.item, id: node.id },
        params: restrictParams(params, node.definition.paramKeys(params, node.item)),
        seed: material.seed,
        toolchain,
        input: (stage, item) => inputDir(definition.root, dag.byId, node, stage, item),
        items: dag.items,
        inputItems: (stage) => upstreamItems(node, stage),
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
      const seconds = (performance.now() - started) / 1000;
      const manifest = await cache.commit(outDir, { ...material, key, codeFiles, seconds });
      await cache.materialize(manifest, target);
      reporter.log(`${id}: ran in ${seconds.toFixed(1)} s (${key.slice(0, 12)})`);
      return { status: 'ran', manifest };
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  } finally {
    reporter.finish(id);
    reporter.close();
  }
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
      runNodeById(definition, request.id, { expectKey: request.key, force: request.force, loadedCode }).then(
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

function inputDir<P>(root: string, byId: Map<string, DagNode<P>>, node: DagNode<P>, stage: string, item: string | undefined): string {
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
