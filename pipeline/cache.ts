// The content-addressed cache, in the spirit of Bazel's action cache and DVC's run cache:
//   cache/objects/<2 hex>/<62 hex>   file contents, named by their sha256
//   cache/actions/<key>.json         one manifest per node run: what went in, what came out
//   cache/nodes/<node id>.json       the key of the latest run of each node (for `ls` and `explain`)
//   cache/workspace/<dir hash>.json  what each workspace copy's files were when last hashed (see digestWorkspace)
// A manifest is written only after all its objects are stored, so a failed or interrupted run leaves
// no entry. Every object is checked against its digest when it is read back.

import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PipelineError } from './errors.ts';
import { exists, listFiles, replaceDir, tempSibling, writeFileAtomic } from './fs-atomic.ts';
import { digestFile, sha256 } from './hash.ts';

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
  constructor(readonly dir: string) {}

  private objectPath(digest: string): string {
    return join(this.dir, 'objects', digest.slice(0, 2), digest.slice(2));
  }

  private actionPath(key: string): string {
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
    let known: Record<string, WorkspaceEntry> = {};
    try {
      known = JSON.parse(await readFile(indexPath, 'utf8')) as Record<string, WorkspaceEntry>;
    } catch {
      // no index yet, or a damaged one: hash every file
    }
    const digests: Record<string, string> = {};
    const index: Record<string, WorkspaceEntry> = {};
    let changed = false;
    for (const file of await listFiles(dir)) {
      const path = join(dir, file);
      const st = await stat(path);
      const e = known[file];
      const same =
        e !== undefined &&
        typeof e.digest === 'string' &&
        e.size === st.size &&
        e.mtimeMs === st.mtimeMs &&
        e.ctimeMs === st.ctimeMs &&
        e.ino === st.ino;
      const entry = same ? e : { digest: await digestFile(path), size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
      if (!same) changed = true;
      digests[file] = entry.digest;
      index[file] = entry;
    }
    if (changed || Object.keys(known).length !== Object.keys(index).length) await writeFileAtomic(indexPath, JSON.stringify(index));
    return digests;
  }

  /** A fresh empty directory inside the cache for a node to write its outputs into. */
  async tempDir(label: string): Promise<string> {
    const dir = tempSibling(join(this.dir, 'tmp', label.replace(/[^A-Za-z0-9_.-]/g, '_')));
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async storeObject(path: string): Promise<OutputEntry> {
    const data = await readFile(path);
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
    const manifest: Manifest = { ...material, outputs, createdAt: new Date().toISOString() };
    await writeFileAtomic(this.actionPath(material.key), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFileAtomic(
      this.nodePath(material.node),
      `${JSON.stringify({ key: material.key, createdAt: manifest.createdAt }, null, 2)}\n`,
    );
    return manifest;
  }

  /** The manifest of a key, or undefined when the node never ran with it or an object is gone. */
  async lookup(key: string): Promise<Manifest | undefined> {
    const path = this.actionPath(key);
    if (!(await exists(path))) return undefined;
    const manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest;
    for (const entry of Object.values(manifest.outputs)) {
      if (!(await exists(this.objectPath(entry.digest)))) return undefined;
    }
    return manifest;
  }

  async latest(nodeId: string): Promise<Manifest | undefined> {
    const path = this.nodePath(nodeId);
    if (!(await exists(path))) return undefined;
    const { key } = JSON.parse(await readFile(path, 'utf8')) as { key: string };
    return this.lookup(key);
  }

  /** Remove a run record (used when one of its objects turned out corrupt). */
  async forget(key: string): Promise<void> {
    await rm(this.actionPath(key), { force: true });
  }

  /**
   * Make `target` hold exactly the manifest's outputs. Does nothing when it already does; otherwise
   * rebuilds it from verified objects in a temporary sibling and swaps it in.
   */
  async materialize(manifest: Manifest, target: string): Promise<'unchanged' | 'restored'> {
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

/** Whether a folder's digests are exactly the outputs of a manifest. */
function matches(actual: Record<string, string> | undefined, outputs: Record<string, OutputEntry>): boolean {
  if (!actual) return false;
  const wanted = Object.keys(outputs);
  if (Object.keys(actual).length !== wanted.length) return false;
  return wanted.every((file) => actual[file] === outputs[file]!.digest);
}
