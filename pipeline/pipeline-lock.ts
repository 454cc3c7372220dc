// The pipeline's lock file (PipelineDefinition.lockFile, committed beside dvc.lock): for every node, the
// cache key of the run its workspace folder holds and the sha256 of each of its files. It is what makes
// outputs that arrive without the pipeline's cache usable — `dvc pull` on a fresh clone, a copied
// artifacts/ folder: a node whose key is the one recorded here, and whose folder holds exactly the
// recorded files, is adopted into the cache (every file verified against its digest) instead of rerun.
// A key binds code, parameters, inputs and toolchain, so outputs made by anything else are never adopted.
// The file holds nothing of the run that wrote it (no times, no host): the same inputs write the same
// bytes on any machine, and CI checks that a clean clone's run leaves the committed one unchanged.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DIGEST, isRecord, isSafeOutputName, outputDigests, type Manifest } from './cache.ts';
import { writeFileAtomic } from './fs-atomic.ts';

export interface LockEntry {
  key: string;
  /** output file → sha256 */
  outputs: Record<string, string>;
}

const FORMAT = 1;

/**
 * The entries of the lock file at `path` by node id; none when it does not exist yet. A damaged file
 * (a merge conflict, a hand edit) adopts nothing: `warn` gets one line, and the run rewrites it.
 */
export async function readPipelineLock(path: string, warn: (line: string) => void): Promise<Map<string, LockEntry>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return new Map();
  }
  try {
    return parsePipelineLock(text);
  } catch (error) {
    warn(`${path}: ${(error as Error).message}; no output is adopted from it, and this run writes it anew`);
    return new Map();
  }
}

/** The entries of a lock file's text; throws with the first problem (naming the node and the field). */
export function parsePipelineLock(text: string): Map<string, LockEntry> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`it is not JSON (${(error as Error).message})`);
  }
  if (!isRecord(value) || value.format !== FORMAT || !isRecord(value.nodes)) throw new Error(`it is not a format-${FORMAT} lock file`);
  const entries = new Map<string, LockEntry>();
  for (const [node, entry] of Object.entries(value.nodes)) {
    if (!isRecord(entry) || typeof entry.key !== 'string' || !DIGEST.test(entry.key))
      throw new Error(`nodes.${node}.key is not a sha256 key`);
    if (!isRecord(entry.outputs)) throw new Error(`nodes.${node}.outputs is not an object`);
    for (const [file, digest] of Object.entries(entry.outputs)) {
      // the names come from a file anyone can edit: they must stay inside the node's output folder
      if (!isSafeOutputName(file)) throw new Error(`nodes.${node}.outputs names ${JSON.stringify(file)}, outside the output folder`);
      if (typeof digest !== 'string' || !DIGEST.test(digest)) throw new Error(`nodes.${node}.outputs.${file} is not a sha256 digest`);
    }
    entries.set(node, { key: entry.key, outputs: entry.outputs as Record<string, string> });
  }
  return entries;
}

/**
 * The lock file's text after a run: the runs `resolved` (node id → the run its folder now holds) replace
 * their entries, the other nodes of the DAG (`nodes`, in order) keep theirs, and nodes that left the DAG
 * are dropped.
 */
export function pipelineLockText(
  previous: ReadonlyMap<string, LockEntry>,
  nodes: readonly string[],
  resolved: ReadonlyMap<string, Manifest>,
): string {
  const entries: Record<string, LockEntry> = {};
  for (const node of nodes) {
    const manifest = resolved.get(node);
    const entry = manifest === undefined ? previous.get(node) : { key: manifest.key, outputs: outputDigests(manifest) };
    if (entry !== undefined) entries[node] = entry;
  }
  return `${JSON.stringify({ format: FORMAT, nodes: entries }, null, 2)}\n`;
}

/** Write the lock file when its text changed (a run with nothing new leaves it, and its times, alone). */
export async function writePipelineLock(root: string, file: string, text: string): Promise<void> {
  const path = join(root, file);
  if ((await readFile(path, 'utf8').catch(() => undefined)) !== text) await writeFileAtomic(path, text);
}
