// What the cache knows about each node right now, without running anything: its current key (when
// its inputs are known), whether that key is cached, and the manifest of its latest run. `ls`,
// `show` and `explain` are views of this.

import { join } from 'node:path';
import { outputDigests, type KeyMaterial, type Manifest } from './cache.ts';
import { buildDag, type Dag, type DagNode } from './dag.ts';
import { SourceSnapshot } from './code-digest.ts';
import { computeKey, outDirOf } from './node-key.ts';
import { loadParams } from './params.ts';
import { cacheOf } from './runner.ts';
import type { PipelineDefinition } from './types.ts';

export type NodeState =
  /** cached under its current key, and the workspace holds that result */
  | 'fresh'
  /** cached under its current key; the workspace copy is missing or differs (restored on the next run) */
  | 'cached'
  /** its current key has never run: it would run */
  | 'stale'
  /** an upstream node is stale, so its inputs (and key) are not known yet */
  | 'blocked';

export interface NodeStatusEntry<P> {
  node: DagNode<P>;
  state: NodeState;
  key: string | undefined;
  material: KeyMaterial | undefined;
  codeFiles: Record<string, string> | undefined;
  /** manifest of the current key when cached, else of the latest run of this node */
  manifest: Manifest | undefined;
  outDir: string;
}

export interface PipelineStatus<P> {
  params: P;
  dag: Dag<P>;
  entries: NodeStatusEntry<P>[];
}

export async function pipelineStatus<P>(definition: PipelineDefinition<P>): Promise<PipelineStatus<P>> {
  const params = await loadParams(definition);
  const dag = buildDag(definition, params);
  const toolchain = definition.toolchain(params);
  const cache = cacheOf(definition);
  const sources = new SourceSnapshot(definition.root);
  const known = new Map<string, Manifest>();
  const entries: NodeStatusEntry<P>[] = [];
  for (const node of dag.nodes) {
    const outDir = outDirOf(node);
    const latest = await cache.latest(node.id);
    if (!node.upstream.every((u) => known.has(u))) {
      entries.push({ node, state: 'blocked', key: undefined, material: undefined, codeFiles: undefined, manifest: latest, outDir });
      continue;
    }
    const inputs = Object.fromEntries(node.upstream.map((u) => [u, outputDigests(known.get(u)!)]));
    const { key, material, codeFiles } = await computeKey(
      definition,
      params,
      node,
      inputs,
      toolchain,
      sources,
      (id) => known.get(id)?.key,
      dag,
    );
    const cached = await cache.lookup(key);
    let state: NodeState = 'stale';
    if (cached) {
      known.set(node.id, cached);
      const workspace = await cache.digestWorkspace(join(definition.root, outDir));
      const matches =
        workspace !== undefined &&
        Object.keys(workspace).length === Object.keys(cached.outputs).length &&
        Object.entries(cached.outputs).every(([file, entry]) => workspace[file] === entry.digest);
      state = matches ? 'fresh' : 'cached';
    }
    entries.push({ node, state, key, material, codeFiles, manifest: cached ?? latest, outDir });
  }
  return { params, dag, entries };
}

/** Why a node would rerun: every difference between its current key material and its latest run. */
export function explainDifferences<P>(entry: NodeStatusEntry<P>, latest: Manifest | undefined): string[] {
  if (entry.state === 'blocked') return [`its inputs are not built yet: an upstream node is stale (${entry.node.upstream.join(', ')})`];
  if (!entry.material || !entry.codeFiles) return [];
  if (!latest) return ['it has never run (no cached run of this node)'];
  if (latest.key === entry.key) return [];
  const reasons: string[] = [];
  const now = entry.material;
  for (const key of union(Object.keys(now.params), Object.keys(latest.params))) {
    const a = JSON.stringify(latest.params[key]);
    const b = JSON.stringify(now.params[key]);
    if (a !== b) reasons.push(`parameter ${key} changed: ${a ?? '(unset)'} → ${b ?? '(unset)'}`);
  }
  for (const up of union(Object.keys(now.inputs), Object.keys(latest.inputs))) {
    const before = latest.inputs[up] ?? {};
    const after = now.inputs[up] ?? {};
    const files = union(Object.keys(before), Object.keys(after)).filter((f) => before[f] !== after[f]);
    if (files.length > 0) reasons.push(`input from ${up} changed: ${files.join(', ')}`);
  }
  for (const file of union(Object.keys(entry.codeFiles), Object.keys(latest.codeFiles))) {
    const before = latest.codeFiles[file];
    const after = entry.codeFiles[file];
    if (before === after) continue;
    reasons.push(
      before === undefined ? `code file added: ${file}` : after === undefined ? `code file removed: ${file}` : `code changed: ${file}`,
    );
  }
  for (const key of union(Object.keys(now.toolchain), Object.keys(latest.toolchain))) {
    if (now.toolchain[key] !== latest.toolchain[key]) {
      reasons.push(`toolchain ${key} changed: ${latest.toolchain[key] ?? '(unset)'} → ${now.toolchain[key] ?? '(unset)'}`);
    }
  }
  if (now.seed !== latest.seed) reasons.push(`seed changed: ${latest.seed} → ${now.seed}`);
  if (now.format !== latest.format) reasons.push(`cache format changed: ${latest.format} → ${now.format}`);
  if (reasons.length === 0) reasons.push('its key differs from the latest run for a reason not recorded in the manifest');
  return reasons;
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}
