// `verify`: check everything the cache and the workspace hold, without trusting any fingerprint.
//   - every object against the sha256 it is named by;
//   - every run record (cache/actions) for its shape, and for the objects it names;
//   - every node's workspace folder against its latest cached run, every file hashed afresh;
//   - leftovers of interrupted writes, and damaged records that earlier runs set aside.
// With `repair`, what can be repaired is: a corrupt object is deleted (the node that needs it reruns), a
// damaged or incomplete record is set aside, a workspace folder that differs is restored from verified
// objects, leftovers are removed. Nothing is repaired by guessing: a folder whose run has no intact
// record is reported and left for the next `reproduce` to rebuild.

import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { checkRecord, manifestProblem, type Manifest } from './cache.ts';
import { buildDag } from './dag.ts';
import { exists, listFiles } from './fs-atomic.ts';
import { digestFile } from './hash.ts';
import { outDirOf } from './node-key.ts';
import { loadParams } from './params.ts';
import { cacheOf } from './runner.ts';
import { sweepPlaces, sweepTemporaries } from './sweep.ts';
import type { PipelineDefinition } from './types.ts';

export interface VerifyProblem {
  /** what is wrong, in one line, naming the path */
  what: string;
  /** what `--repair` did about it, or undefined when it was not asked to (or cannot) */
  repaired?: string;
}

export interface VerifyReport {
  objects: number;
  records: number;
  folders: number;
  problems: VerifyProblem[];
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

export async function verify<P>(
  definition: PipelineDefinition<P>,
  options: { repair: boolean; log?: (line: string) => void },
): Promise<VerifyReport> {
  const root = definition.root;
  const show = (path: string): string => relative(root, path) || path;
  const problems: VerifyProblem[] = [];
  const cache = cacheOf(definition);
  const params = await loadParams(definition);
  const dag = buildDag(definition, params);

  /** A problem whose repair is deleting the file: done only under --repair. */
  const discard = async (path: string, what: string, after: string): Promise<void> => {
    if (options.repair) await rm(path, { recursive: true, force: true });
    problems.push({ what, ...(options.repair ? { repaired: after } : {}) });
  };
  // leftovers first: they are not data, and they would only be counted as damage below
  for (const path of await sweepTemporaries(sweepPlaces(definition, dag, cache.dir), false))
    await discard(path, `${show(path)} is a leftover of an interrupted write`, 'removed');

  // records an earlier run found damaged and set aside (cache.ts): kept for a post-mortem until now
  for (const sub of ['actions', 'nodes']) {
    for (const name of (await entries(join(cache.dir, sub))).sort()) {
      if (!/\.damaged-\d+$/.test(name)) continue;
      const path = join(cache.dir, sub, name);
      await discard(path, `${show(path)} is a damaged record set aside by an earlier run`, 'removed');
    }
  }

  // objects: each named by its digest
  let objects = 0;
  const objectsDir = join(cache.dir, 'objects');
  for (const prefix of (await entries(objectsDir)).sort()) {
    for (const rest of (await entries(join(objectsDir, prefix))).sort()) {
      if (rest.includes('.tmp-')) continue;
      const path = join(objectsDir, prefix, rest);
      objects += 1;
      const actual = await digestFile(path);
      if (actual === prefix + rest) continue;
      await discard(
        path,
        `object ${show(path)} is corrupt (its sha256 is ${actual.slice(0, 12)}…)`,
        'deleted; the nodes that need it will rerun',
      );
    }
  }

  // run records: their shape, and every object they name present
  let records = 0;
  const actionsDir = join(cache.dir, 'actions');
  for (const name of (await entries(actionsDir)).sort()) {
    if (!name.endsWith('.json')) continue;
    records += 1;
    const key = name.slice(0, -'.json'.length);
    const path = join(actionsDir, name);
    const record = checkRecord<Manifest>(await readFile(path, 'utf8'), (value) => manifestProblem(value, key));
    let why = record.why;
    if (record.why === undefined) {
      const missing: string[] = [];
      for (const [file, entry] of Object.entries(record.value.outputs))
        if (!(await exists(cache.objectPath(entry.digest)))) missing.push(file);
      if (missing.length > 0) why = `${missing.length} of its outputs have no object (first: '${missing[0]}')`;
    }
    if (why === undefined) continue;
    await discard(path, `run record ${show(path)} is unusable: ${why}`, 'removed; the node will rerun');
  }

  // workspace folders: every file hashed afresh against the node's latest run
  let folders = 0;
  for (const node of dag.nodes) {
    const target = join(root, outDirOf(node));
    const manifest = await cache.latest(node.id);
    if (manifest === undefined) continue; // never ran (or its record was just found unusable): reproduce builds it
    folders += 1;
    const files = await listFiles(target).catch(() => undefined);
    if (files === undefined) continue; // not restored yet: reproduce restores it
    const wanted = Object.keys(manifest.outputs);
    const differing: string[] = [];
    for (const file of new Set([...wanted, ...files])) {
      const entry = Object.hasOwn(manifest.outputs, file) ? manifest.outputs[file] : undefined;
      if (entry === undefined || !files.includes(file) || (await digestFile(join(target, file))) !== entry.digest) differing.push(file);
    }
    if (differing.length === 0) continue;
    const problem: VerifyProblem = {
      what: `${show(target)} differs from its cached run (${node.id}): ${differing.length} file(s), first '${differing[0]}'`,
    };
    if (options.repair) {
      await cache.forgetWorkspace(target);
      try {
        await cache.materialize(manifest, target);
        problem.repaired = 'restored from the cache';
      } catch (error) {
        problem.repaired = `not restored (${(error as Error).message}); the next reproduce reruns the node`;
      }
    }
    problems.push(problem);
  }
  return { objects, records, folders, problems };
}
