// A stage that cites the runs upstream of it (readsRuns) must have their keys in its own key: otherwise an
// upstream node that reruns with a new key but the same output bytes leaves it a cache hit that cites the
// old key (the report's "Drawn by … (cache key …)" lines went stale that way).

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDag, type Dag } from '../../pipeline/dag.ts';
import { computeKey, runsUpstream } from '../../pipeline/node-key.ts';
import { loadParams } from '../../pipeline/params.ts';
import type { PipelineDefinition } from '../../pipeline/types.ts';
import { createFixtureProject, type FixtureProject } from './fixture-project.ts';

let project: FixtureProject;
let definition: PipelineDefinition<unknown>;
let dag: Dag<unknown>;
let params: unknown;

beforeEach(async () => {
  project = await createFixtureProject();
  definition = ((await import(join(project.root, 'definition.ts'))) as { definition: PipelineDefinition<unknown> }).definition;
  params = await loadParams(definition);
  dag = buildDag(definition, params);
});

afterEach(async () => {
  await rm(project.root, { recursive: true, force: true });
});

describe('computeKey and the runs upstream', () => {
  const inputs = { 'make@a': { 'value.json': 'a'.repeat(64) }, 'make@b': { 'value.json': 'b'.repeat(64) } };
  const keyWith = async (readsRuns: boolean, runKeys: Record<string, string>): Promise<string> => {
    const sum = dag.byId.get('sum')!;
    const node = { ...sum, definition: { ...sum.definition, readsRuns } };
    return (await computeKey(definition, params, node, inputs, { node: 'v20' }, undefined, (id) => runKeys[id], dag)).key;
  };

  it('lists the nodes upstream, transitively, in DAG order', () => {
    expect(runsUpstream(dag, dag.byId.get('sum')!).map((n) => n.id)).toEqual(['make@a', 'make@b']);
    expect(runsUpstream(dag, dag.byId.get('make@a')!)).toEqual([]);
  });

  it('changes the key of a stage that reads them when an upstream key changes, outputs alike', async () => {
    const before = await keyWith(true, { 'make@a': '1'.repeat(64), 'make@b': '2'.repeat(64) });
    const after = await keyWith(true, { 'make@a': '3'.repeat(64), 'make@b': '2'.repeat(64) });
    expect(after).not.toBe(before);
  });

  it('leaves every other stage keyed by its inputs alone', async () => {
    const before = await keyWith(false, { 'make@a': '1'.repeat(64) });
    const after = await keyWith(false, {});
    expect(after).toBe(before);
  });

  it('refuses to key a stage that reads them while an upstream node has no run', async () => {
    await expect(keyWith(true, { 'make@a': '1'.repeat(64) })).rejects.toThrow("sum: 'make@b', upstream of it, has no cached run yet");
  });
});
