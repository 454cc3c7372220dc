// The content-addressed cache, in the spirit of Bazel's action cache and DVC's run cache:
//   cache/objects/<2 hex>/<62 hex>   file contents, named by their sha256
//   cache/actions/<key>.json         one manifest per node run: what went in, what came out
//   cache/nodes/<node id>.json       the key of the run the node's workspace folder holds: the latest one
//                                    run or restored (for `ls`, `explain`, and run-node's input check)
//   cache/workspace/<dir hash>.json  what each workspace copy's files were when last hashed (see digestWorkspace)
// A manifest is written only after all its objects are stored, so a failed or interrupted run leaves
// no entry. Every object is checked against its digest when it is read back.
//
// With a shared store (store.ts) behind it, the cache sits in front of it: a key missing here is looked up
// there, its record checked and each object verified against its digest as it is copied in (a damaged or
// tampered one is refused, and the node runs here instead); every result, new or found here, is published
// there, objects first and the record last, created once. A new result whose bytes differ from the record
// another machine published under the same key fails the node (E_NONDETERMINISTIC): a stage that is not
// deterministic, or machines that differ in something the key does not capture. A store that cannot be
// read or written mid-run costs sharing, not the run: one warning, and the local cache carries on.

import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { PipelineError } from './errors.ts';
import { exists, listFiles, replaceDir, tempSibling, writeFileAtomic } from './fs-atomic.ts';
import { digestFile, digestJson, sha256 } from './hash.ts';
import type { SharedStore } from './store.ts';

/** Everything that determines a node's result; its canonical JSON digest is the cache key. */
export interface KeyMaterial {
  /** bump to invalidate every cache entry when the cache format changes */
  format: number;
  node: string;
  params: Record<string, unknown>;
  /** upstream node id → (output file → sha256) */
  inputs: Record<string, Record<string, string>>;
  code: string;
  toolchain: Record<string, string>;
  seed: number;
  /** for a stage that reads the runs upstream of it (readsRuns): node id → cache key of each */
  runs?: Record<string, string>;
  /** for one shard of a node that splits (node-key.ts shardKey): which one; the node's own key has none */
  shard?: { index: number; count: number };
}

export interface OutputEntry {
  digest: string;
  size: number;
}

export interface Manifest extends KeyMaterial {
  key: string;
  /** file → sha256 of each source file in the code digest */
  codeFiles: Record<string, string>;
  outputs: Record<string, OutputEntry>;
  createdAt: string;
  seconds: number;
}

export const CACHE_FORMAT = 1;

/** What a workspace file was when it was last hashed: its digest is trusted while all of this is unchanged. */
interface WorkspaceEntry {
  digest: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export class Cache {
  /** the keys whose run this cache copied from the shared store (lookup), for the run's messages */
  readonly pulled = new Set<string>();
  /** the keys known to be in the shared store (found or published there by this process) */
  private readonly shared = new Set<string>();
  /** objects the shared store holds damaged or lacks, found by pull: publish puts good copies there */
  private readonly unsound = new Set<string>();

  /** `warn` gets one line per damaged record found (stderr by default); `store`: the shared store behind it, if any. */
  constructor(
    readonly dir: string,
    private readonly warn: (line: string) => void = (line) => void process.stderr.write(`warning: ${line}\n`),
    readonly store?: SharedStore,
  ) {}

  objectPath(digest: string): string {
    return join(this.dir, 'objects', digest.slice(0, 2), digest.slice(2));
  }

  actionPath(key: string): string {
    return join(this.dir, 'actions', `${key}.json`);
  }

  private nodePath(id: string): string {
    return join(this.dir, 'nodes', `${id}.json`);
  }

  private workspacePath(dir: string): string {
    return join(this.dir, 'workspace', `${sha256(resolve(dir)).slice(0, 32)}.json`);
  }

  /**
   * The sha256 of every file below the workspace folder `dir`, or undefined when it does not exist. A file
   * whose size, modification and change times and inode are those it had when it was last hashed keeps
   * that digest; any other is hashed again (git's index and DVC's state database skip unchanged files the
   * same way). Cache objects themselves are always verified when read.
   */
  async digestWorkspace(dir: string): Promise<Record<string, string> | undefined> {
    if (!(await exists(dir))) return undefined;
    const indexPath = this.workspacePath(dir);
    let known: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(await readFile(indexPath, 'utf8'));
      if (isRecord(parsed)) known = parsed;
    } catch {
      // no index yet, or a damaged one: hash every file
    }
    const digests: Record<string, string> = {};
    const index: Record<string, WorkspaceEntry> = {};
    let changed = false;
    for (const file of await listFiles(dir)) {
      const path = join(dir, file);
      const st = await stat(path);
      const e = Object.hasOwn(known, file) ? known[file] : undefined;
      const same =
        isRecord(e) &&
        typeof e.digest === 'string' &&
        e.size === st.size &&
        e.mtimeMs === st.mtimeMs &&
        e.ctimeMs === st.ctimeMs &&
        e.ino === st.ino;
      const entry: WorkspaceEntry = same
        ? (e as unknown as WorkspaceEntry)
        : { digest: await digestFile(path), size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
      if (!same) changed = true;
      digests[file] = entry.digest;
      index[file] = entry;
    }
    if (changed || Object.keys(known).length !== Object.keys(index).length) await writeFileAtomic(indexPath, JSON.stringify(index));
    return digests;
  }

  /** Forget what the workspace folder `dir` held when last hashed, so that its next digest hashes every file. */
  async forgetWorkspace(dir: string): Promise<void> {
    await rm(this.workspacePath(dir), { force: true });
  }

  /** A fresh empty directory inside the cache for a node to write its outputs into. */
  async tempDir(label: string): Promise<string> {
    const dir = tempSibling(join(this.dir, 'tmp', label.replace(/[^A-Za-z0-9_.-]/g, '_')));
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async storeObject(path: string): Promise<OutputEntry> {
    return this.storeBytes(await readFile(path));
  }

  private async storeBytes(data: Buffer): Promise<OutputEntry> {
    const digest = sha256(data);
    const target = this.objectPath(digest);
    // An existing object is reused only when it is intact (a corrupt one is replaced).
    if (!(await exists(target)) || (await digestFile(target)) !== digest) await writeFileAtomic(target, data);
    return { digest, size: data.byteLength };
  }

  /** The bytes of an object, verified against its digest. */
  async readObject(digest: string): Promise<Buffer> {
    const path = this.objectPath(digest);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch {
      throw new PipelineError('E_CACHE_MISSING', `cache object ${digest} is missing (${path}); the node will rerun`);
    }
    const actual = sha256(data);
    if (actual !== digest) {
      throw new PipelineError('E_CACHE_CORRUPT', `cache object ${path} is corrupt: its sha256 is ${actual}, expected ${digest}`);
    }
    return data;
  }

  /** Store every file of `dir` and record the run. Returns the manifest. */
  async commit(
    dir: string,
    material: KeyMaterial & { key: string; codeFiles: Record<string, string>; seconds: number },
  ): Promise<Manifest> {
    const outputs: Record<string, OutputEntry> = {};
    for (const file of await listFiles(dir)) outputs[file] = await this.storeObject(join(dir, file));
    return this.record(material, outputs);
  }

  /**
   * Take the files of the workspace folder `dir` as the run of `material.key` when they are exactly
   * `expected` (file → sha256, what a committed lock file records for that key), each verified as it is
   * stored: outputs that arrived without this cache (`dvc pull`, a copied folder). Returns the manifest,
   * or why the folder is not that run (and nothing is recorded).
   */
  async adopt(
    dir: string,
    material: KeyMaterial & { key: string; codeFiles: Record<string, string>; seconds: number },
    expected: Record<string, string>,
  ): Promise<{ manifest: Manifest } | { why: string }> {
    const files = (await exists(dir)) ? await listFiles(dir) : [];
    const missing = Object.keys(expected).filter((file) => !files.includes(file));
    const extra = files.filter((file) => !Object.hasOwn(expected, file));
    if (missing.length > 0 || extra.length > 0)
      return { why: [...missing.map((f) => `${f} is missing`), ...extra.map((f) => `${f} is not in the lock`)].join(', ') };
    const outputs: Record<string, OutputEntry> = {};
    for (const file of files) {
      const data = await readFile(join(dir, file));
      const digest = sha256(data);
      if (digest !== expected[file]) return { why: `${file} has the sha256 ${digest.slice(0, 12)}, not ${expected[file]!.slice(0, 12)}` };
      outputs[file] = await this.storeBytes(data);
    }
    return { manifest: await this.record(material, outputs) };
  }

  /** Record a run whose objects are stored: in the shared store first, if any, then here. */
  private async record(
    material: KeyMaterial & { key: string; codeFiles: Record<string, string>; seconds: number },
    outputs: Record<string, OutputEntry>,
  ): Promise<Manifest> {
    let manifest: Manifest = { ...material, outputs, createdAt: new Date().toISOString() };
    let text = `${JSON.stringify(manifest, null, 2)}\n`;
    // published before it is recorded here: a result that contradicts the store's leaves no entry anywhere
    const published = await this.publish(manifest, text, 'fail');
    if (published !== undefined) ({ manifest, text } = published);
    await writeFileAtomic(this.actionPath(material.key), text);
    // a shard is not the node's run: the pointer keeps naming the run the workspace holds
    if (manifest.shard === undefined) await this.pointTo(manifest);
    return manifest;
  }

  /**
   * Put a run in the shared store (objects, then the record, created once) unless it is there already.
   * Returns the run the store holds when it is the same result (the record first published, which this
   * cache then keeps too, so every machine shows the same run), or undefined when there is no store or it
   * failed (one warning). When the store's record of the key has other outputs, `onConflict` says what
   * happens: 'fail' throws E_NONDETERMINISTIC (a new result), 'warn' keeps this cache's (an earlier one).
   */
  private async publish(
    manifest: Manifest,
    text: string,
    onConflict: 'fail' | 'warn',
  ): Promise<{ manifest: Manifest; text: string } | undefined> {
    const store = this.store;
    if (store === undefined || this.shared.has(manifest.key)) return undefined;
    const short = manifest.key.slice(0, 12);
    try {
      let held = await store.getRecord(manifest.key);
      const objects = Object.values(manifest.outputs).filter((entry) => held === undefined || this.unsound.has(entry.digest));
      for (const entry of objects) await store.putObject(entry.digest, await this.readObject(entry.digest));
      held ??= (await store.putRecord(manifest.key, text)).text;
      const theirs = checkRecord<Manifest>(held, (value) => manifestProblem(value, manifest.key));
      if (theirs.why !== undefined) {
        this.warn(
          `shared store ${store.url}: its record of ${manifest.node} (${short}) is damaged (${theirs.why}); this machine's result is kept here`,
        );
        return undefined;
      }
      const differing = differingOutputs(manifest.outputs, theirs.value.outputs);
      if (differing.length > 0) {
        const what =
          `${manifest.node} (${short}): this machine's result differs from the one in the shared store ${store.url} ` +
          `(${differing.join('; ')}): the stage is not deterministic, or the machines differ in something its key does not capture`;
        if (onConflict === 'fail') throw new PipelineError('E_NONDETERMINISTIC', `${what}; nothing was cached for it`);
        this.warn(`${what}; this machine keeps its own`);
        this.shared.add(manifest.key);
        return undefined;
      }
      this.shared.add(manifest.key);
      return { manifest: theirs.value, text: held };
    } catch (error) {
      if (error instanceof PipelineError && error.code === 'E_NONDETERMINISTIC') throw error;
      this.warn(
        `shared store ${store.url}: could not publish ${manifest.node} (${short}): ${(error as Error).message}; it stays in the local cache`,
      );
      return undefined;
    }
  }

  /**
   * A run the shared store holds for `key`, copied into this cache (record checked, every object verified
   * against its digest), or undefined when the store has none or what it has is unusable (one warning).
   */
  private async pull(key: string): Promise<Manifest | undefined> {
    const store = this.store;
    if (store === undefined) return undefined;
    const short = key.slice(0, 12);
    try {
      const text = await store.getRecord(key);
      if (text === undefined) return undefined;
      const record = checkRecord<Manifest>(text, (value) => manifestProblem(value, key));
      if (record.why !== undefined) {
        this.warn(`shared store ${store.url}: its record of ${short} is damaged (${record.why}); not using it, the node runs here`);
        return undefined;
      }
      const manifest = record.value;
      // the record's own account of what went in must hash to the key it is filed under
      if (digestJson(keyMaterialOf(manifest)) !== key) {
        this.warn(
          `shared store ${store.url}: its record of ${short} describes another key (its inputs do not hash to it); not using it, the node runs here`,
        );
        return undefined;
      }
      for (const [file, entry] of Object.entries(manifest.outputs)) {
        const target = this.objectPath(entry.digest);
        if ((await exists(target)) && (await digestFile(target)) === entry.digest) continue;
        const data = await store.getObject(entry.digest);
        const why =
          data === undefined
            ? 'is missing'
            : sha256(data) === entry.digest
              ? undefined
              : `is damaged or altered (its sha256 is ${sha256(data)})`;
        if (why !== undefined) {
          this.unsound.add(entry.digest);
          this.warn(`shared store ${store.url}: object ${entry.digest} (${manifest.node} ${file}) ${why}; refused, the node runs here`);
          return undefined;
        }
        await writeFileAtomic(target, data!);
      }
      await writeFileAtomic(this.actionPath(key), text);
      this.pulled.add(key);
      this.shared.add(key);
      return manifest;
    } catch (error) {
      this.warn(`shared store ${store.url}: could not read the run of ${short}: ${(error as Error).message}; the node runs here`);
      return undefined;
    }
  }

  /** Make the node's pointer name this run (unless it already does). */
  private async pointTo(manifest: Manifest): Promise<void> {
    const path = this.nodePath(manifest.node);
    const current = await readFile(path, 'utf8').catch(() => '');
    const wanted = `${JSON.stringify({ key: manifest.key, createdAt: manifest.createdAt }, null, 2)}\n`;
    if (current !== wanted) await writeFileAtomic(path, wanted);
  }

  /**
   * The manifest of a key, or undefined when the node never ran with it, an object is gone, or the record
   * is damaged (truncated, not JSON, the wrong shape or another key's): a damaged record is reported once,
   * moved aside, and the node reruns as on a miss. Never throws for what it finds in the file.
   */
  async lookup(key: string): Promise<Manifest | undefined> {
    const local = await this.lookupLocal(key);
    if (local === undefined) return this.pull(key);
    // a result this machine has and the shared store lacks (computed before the store was used) is shared too
    await this.publish(local, await readFile(this.actionPath(key), 'utf8'), 'warn');
    return local;
  }

  /**
   * Whether the run of `key` is where the machines of a run find it, without copying it here: in the shared
   * store when there is one (what a worker reads), else in this cache. What a coordinator asks before it
   * queues a shard; the record is checked by whoever pulls it.
   */
  async has(key: string): Promise<boolean> {
    if (this.store === undefined) return (await this.lookupLocal(key)) !== undefined;
    return (await this.store.getRecord(key).catch(() => undefined)) !== undefined;
  }

  private async lookupLocal(key: string): Promise<Manifest | undefined> {
    const path = this.actionPath(key);
    const manifest = await this.readRecord<Manifest>(path, (value) => manifestProblem(value, key));
    if (manifest === undefined) return undefined;
    for (const entry of Object.values(manifest.outputs)) {
      if (!(await exists(this.objectPath(entry.digest)))) return undefined;
    }
    return manifest;
  }

  async latest(nodeId: string): Promise<Manifest | undefined> {
    const pointer = await this.readRecord<{ key: string }>(this.nodePath(nodeId), pointerProblem);
    return pointer === undefined ? undefined : this.lookupLocal(pointer.key);
  }

  /**
   * A JSON record of the cache checked by `problem`; undefined when absent or damaged. A damaged one is
   * renamed to <name>.damaged-<time> (kept for a post-mortem, out of every later read) with one warning.
   */
  private async readRecord<T>(path: string, problem: (value: unknown) => string | undefined): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const record = checkRecord<T>(text, problem);
    if (record.why === undefined) return record.value;
    const why = record.why;
    const aside = `${path}.damaged-${Date.now()}`;
    await rename(path, aside).catch(() => rm(path, { force: true }));
    this.warn(
      `cache record ${relative(process.cwd(), path) || path} is damaged: ${why}; moved it to ${basename(aside)} and treating it as a miss (the node will rerun)`,
    );
    return undefined;
  }

  /** Remove a run record (used when one of its objects turned out corrupt). */
  async forget(key: string): Promise<void> {
    await rm(this.actionPath(key), { force: true });
  }

  /**
   * Write a run's outputs, each verified against its digest, into `dir` (a temporary folder of the
   * caller's): how the merge of a sharded node reads its shards, which never go into the workspace.
   */
  async extract(manifest: Manifest, dir: string): Promise<void> {
    for (const [file, entry] of Object.entries(manifest.outputs))
      await writeFileAtomic(join(dir, file), await this.readObject(entry.digest));
  }

  /**
   * Make `target` hold exactly the manifest's outputs. Does nothing when it already does; otherwise
   * rebuilds it from verified objects in a temporary sibling and swaps it in.
   */
  async materialize(manifest: Manifest, target: string): Promise<'unchanged' | 'restored'> {
    // the node pointer names the run the workspace holds, which a later run-node checks its inputs against
    await this.pointTo(manifest);
    if (matches(await this.digestWorkspace(target), manifest.outputs)) return 'unchanged';
    const staging = tempSibling(target);
    try {
      for (const [file, entry] of Object.entries(manifest.outputs)) {
        const path = join(staging, file);
        await writeFileAtomic(path, await this.readObject(entry.digest));
      }
      await mkdir(staging, { recursive: true });
      await replaceDir(staging, target);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    // the files were written from verified objects: record them with their digests for later runs
    const index: Record<string, WorkspaceEntry> = {};
    for (const [file, entry] of Object.entries(manifest.outputs)) {
      const st = await stat(join(target, file));
      index[file] = { digest: entry.digest, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
    }
    await writeFileAtomic(this.workspacePath(target), JSON.stringify(index));
    return 'restored';
  }
}

/** A run's output files and the sha256 of each: what its downstream keys, the lock file and DVC's listing name. */
export function outputDigests(manifest: Manifest): Record<string, string> {
  return Object.fromEntries(Object.entries(manifest.outputs).map(([file, entry]) => [file, entry.digest]));
}

/** The fields of a manifest its key is the digest of (node-key.ts computeKey). */
export function keyMaterialOf(manifest: Manifest): KeyMaterial {
  const { format, node, params, inputs, code, toolchain, seed, runs, shard } = manifest;
  return {
    format,
    node,
    params,
    inputs,
    code,
    toolchain,
    seed,
    ...(runs === undefined ? {} : { runs }),
    ...(shard === undefined ? {} : { shard: { index: shard.index, count: shard.count } }),
  };
}

/** The outputs two runs of one key disagree on, as 'file: digest ≠ digest' (or 'file: only in one'). */
function differingOutputs(ours: Record<string, OutputEntry>, theirs: Record<string, OutputEntry>): string[] {
  const files = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])].sort();
  return files.flatMap((file) => {
    const a = Object.hasOwn(ours, file) ? ours[file]!.digest : undefined;
    const b = Object.hasOwn(theirs, file) ? theirs[file]!.digest : undefined;
    if (a === b) return [];
    if (a === undefined || b === undefined) return [`${file}: only in ${a === undefined ? "the store's" : "this machine's"}`];
    return [`${file}: ${a.slice(0, 12)} here ≠ ${b.slice(0, 12)} there`];
  });
}

/** Whether a folder's digests are exactly the outputs of a manifest. */
function matches(actual: Record<string, string> | undefined, outputs: Record<string, OutputEntry>): boolean {
  if (!actual) return false;
  const wanted = Object.keys(outputs);
  if (Object.keys(actual).length !== wanted.length) return false;
  return wanted.every((file) => actual[file] === outputs[file]!.digest);
}

/** A sha256 in hex: an object's digest or a cache key. */
export const DIGEST = /^[0-9a-f]{64}$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A cache record's text parsed and checked by `problem`: its value, or why it is unusable. */
export function checkRecord<T>(
  text: string,
  problem: (value: unknown) => string | undefined,
): { value: T; why?: undefined } | { why: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { why: text.trim() === '' ? 'it is empty' : `it is not JSON (${(error as Error).message})` };
  }
  const why = problem(value);
  return why === undefined ? { value: value as T } : { why };
}

/** Why a parsed action record is not a usable manifest for `key`, or undefined when it is. */
export function manifestProblem(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return 'it is not an object';
  if (value.key !== key) return `it records the key ${JSON.stringify(value.key)}, not ${key}`;
  if (value.format !== CACHE_FORMAT) return `its format is ${JSON.stringify(value.format)}, not ${CACHE_FORMAT}`;
  for (const field of ['node', 'code', 'createdAt'] as const) if (typeof value[field] !== 'string') return `'${field}' is not a string`;
  if (typeof value.seconds !== 'number' || !Number.isFinite(value.seconds)) return "'seconds' is not a number";
  for (const field of ['params', 'inputs', 'codeFiles', 'toolchain'] as const)
    if (!isRecord(value[field])) return `'${field}' is not an object`;
  if (!isRecord(value.outputs)) return "'outputs' is not an object";
  if (value.shard !== undefined && !isShardRef(value.shard)) return "'shard' is not a shard (index < count, whole numbers)";
  for (const [file, entry] of Object.entries(value.outputs)) {
    // a record may come from a shared store: its file names must stay inside the output folder
    if (!isSafeOutputName(file)) return `output name ${JSON.stringify(file)} is not a relative path inside the output folder`;
    if (!isRecord(entry) || typeof entry.digest !== 'string' || !DIGEST.test(entry.digest)) return `output '${file}' has no sha256 digest`;
    if (typeof entry.size !== 'number' || !Number.isSafeInteger(entry.size) || entry.size < 0) return `output '${file}' has no size`;
  }
  return undefined;
}

/** { index, count }: shard `index` of `count` (2 or more), as a record names one. */
export function isShardRef(value: unknown): value is { index: number; count: number } {
  if (!isRecord(value) || Object.keys(value).length !== 2) return false;
  const { index, count } = value;
  return (
    Number.isSafeInteger(index) &&
    Number.isSafeInteger(count) &&
    (index as number) >= 0 &&
    (index as number) < (count as number) &&
    (count as number) >= 2
  );
}

/** A relative POSIX path of non-empty segments, none of them '.' or '..' (what listFiles gives). */
export function isSafeOutputName(file: string): boolean {
  return file.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && !/[\\\0]/.test(part));
}

/** Why a parsed node pointer (cache/nodes/<id>.json) is not usable, or undefined when it is. */
export function pointerProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'it is not an object';
  return typeof value.key === 'string' && DIGEST.test(value.key) ? undefined : "'key' is not a sha256 key";
}
