// A node's cache key: its identity, the parameters it reads, the digests of its inputs, its code
// digest, the toolchain and its seed. Never mtimes.

import { join } from 'node:path';
import { CACHE_FORMAT, type Cache, type KeyMaterial } from './cache.ts';
import { codeDigest, type CodeDigest, type SourceSnapshot } from './code-digest.ts';
import { upstreamClosure, type Dag, type DagNode } from './dag.ts';
import { PipelineError } from './errors.ts';
import { digestJson } from './hash.ts';
import { pickParams } from './params.ts';
import type { PipelineDefinition } from './types.ts';

export function outDirOf<P>(node: DagNode<P>): string {
  return node.definition.outDir?.(node.item) ?? join('artifacts', node.stage, ...(node.item === undefined ? [] : [node.item]));
}

/**
 * The code digest of a node: read afresh unless the caller passes the snapshot of the sources it shares
 * between the nodes of one command (files may change between two commands in one process).
 */
export async function nodeCode<P>(
  definition: PipelineDefinition<P>,
  node: DagNode<P>,
  params: P,
  snapshot?: SourceSnapshot,
): Promise<CodeDigest> {
  const itemFiles = (await node.definition.itemFiles?.(node.item, params)) ?? [];
  return codeDigest(definition.root, [node.definition.file, ...itemFiles], snapshot);
}

export interface NodeKey {
  key: string;
  material: KeyMaterial;
  codeFiles: Record<string, string>;
}

/** The nodes upstream of `node`, transitively, in DAG order: whose runs a `readsRuns` stage sees. */
export function runsUpstream<P>(dag: Dag<P>, node: DagNode<P>): DagNode<P>[] {
  return upstreamClosure(dag, [node.id]).filter((n) => n.id !== node.id);
}

/**
 * A node's key. `runKeys` (node id → key of the run the workspace holds, for every node upstream of it)
 * is required for a stage that reads them (readsRuns) and ignored for any other, whose key it leaves as is.
 */
export async function computeKey<P>(
  definition: PipelineDefinition<P>,
  params: P,
  node: DagNode<P>,
  inputs: Record<string, Record<string, string>>,
  toolchain: Record<string, string>,
  snapshot: SourceSnapshot | undefined,
  runKeys: (id: string) => string | undefined,
  dag: Dag<P>,
): Promise<NodeKey> {
  const code = await nodeCode(definition, node, params, snapshot);
  let runs: Record<string, string> | undefined;
  if (node.definition.readsRuns === true) {
    runs = {};
    for (const upstream of runsUpstream(dag, node)) {
      const key = runKeys(upstream.id);
      if (key === undefined) throw new PipelineError('E_INPUT', `${node.id}: '${upstream.id}', upstream of it, has no cached run yet`);
      runs[upstream.id] = key;
    }
  }
  const material: KeyMaterial = {
    format: CACHE_FORMAT,
    node: node.id,
    params: pickParams(params, node.definition.paramKeys(params, node.item)),
    inputs,
    code: code.digest,
    // a stage without its own toolchain entries keeps exactly the pipeline's (and so its keys)
    toolchain: node.definition.toolchain === undefined ? toolchain : { ...toolchain, ...node.definition.toolchain() },
    seed: definition.seed(params, node),
    ...(runs === undefined ? {} : { runs }),
  };
  return { key: digestJson(material), material, codeFiles: code.files };
}

/** The most shards a node may split into (a job each, and a folder each in its merge). */
export const MAX_SHARDS = 4096;

/**
 * The key of one shard of a node that splits into `count`: the node's own material with the shard named,
 * so that it follows everything the node's key follows and no two shards (or counts) share one.
 */
export function shardKey(node: NodeKey, index: number, count: number): NodeKey {
  const material: KeyMaterial = { ...node.material, shard: { index, count } };
  return { key: digestJson(material), material, codeFiles: node.codeFiles };
}

/** Input digests read from the workspace (how a node run by DVC, or alone, sees its inputs). */
export async function workspaceInputs<P>(
  root: string,
  node: DagNode<P>,
  byId: Map<string, DagNode<P>>,
  cache: Cache,
): Promise<Record<string, Record<string, string>>> {
  const inputs: Record<string, Record<string, string>> = {};
  for (const id of node.upstream) {
    const upstream = byId.get(id)!;
    const dir = outDirOf(upstream);
    const digests = await cache.digestWorkspace(join(root, dir));
    if (!digests) {
      throw new PipelineError(
        'E_INPUT',
        `${node.id}: input ${dir}/ of '${id}' is missing; run 'npm run reproduce' (or 'dvc repro') to build it`,
      );
    }
    // the folder must be what its node's cached run produced: a hand-edited or damaged input would
    // otherwise be trusted, and a new cache entry built on it
    const recorded = await cache.latest(id);
    if (recorded !== undefined) {
      const files = new Set([...Object.keys(recorded.outputs), ...Object.keys(digests)]);
      const differing = [...files].filter((f) => !Object.hasOwn(recorded.outputs, f) || recorded.outputs[f]!.digest !== digests[f]);
      if (differing.length > 0)
        throw new PipelineError(
          'E_INPUT',
          `${node.id}: its input ${dir}/${differing[0]} is not what '${id}' produced (${differing.length} file(s) differ: edited or damaged); ` +
            "restore it with 'npm run -s pipeline -- verify --repair', or rebuild it with 'npm run reproduce'",
        );
    }
    inputs[id] = digests;
  }
  return inputs;
}
