// The file:// backend of the shared store (store.ts): a directory, on this disk or on a network file
// system that several machines mount (NFS, SMB, a CI cache volume).
//
//   <root>/store.json                  {"store": "pipeline", "format": N}: what the folder is
//   <root>/objects/<2 hex>/<62 hex>    file contents, named by their sha256
//   <root>/actions/<key>.json          one run record per key, created once
//   <root>/tmp/                        temporaries, renamed or linked into place
//
// Every write goes to a temporary in <root>/tmp (the same file system as its target), is fsynced, and is
// then put in place in one step: an object by rename (any complete copy of an object is as good as
// another), a record by link(2), which fails when the name exists, so of two machines creating the same
// record exactly one succeeds, also over NFS (link is atomic there, unlike open's O_EXCL on old
// servers). The folder is fsynced after, so that a record never survives a power cut without its name.

import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_FORMAT } from './cache.ts';
import { PipelineError } from './errors.ts';
import type { SharedStore, StoreEntry } from './store.ts';

const MARKER = 'store.json';

/** Opens (creating it if its parent exists) the store folder of a file:// URL. */
export async function openFileStore(url: string): Promise<SharedStore> {
  let root: string;
  try {
    root = fileURLToPath(url);
  } catch (error) {
    throw new PipelineError(
      'E_STORE',
      `--store ${url}: not a file URL with an absolute path (${(error as Error).message}), e.g. file:///srv/tms-store`,
    );
  }
  if (!isAbsolute(root)) throw new PipelineError('E_STORE', `--store ${url}: the path must be absolute, e.g. file:///srv/tms-store`);
  const parent = dirname(root);
  if (!(await isDirectory(parent)))
    throw new PipelineError('E_STORE', `--store ${url}: cannot reach ${parent} (no such folder; is the share mounted?)`);
  // a folder that holds other things is not taken over: the store is created only in a new or empty one
  const before = await readdir(root).catch(() => [] as string[]);
  await mkdir(join(root, 'tmp'), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new PipelineError('E_STORE', `--store ${url}: cannot create the store's folders in ${root} (${error.code ?? error.message})`);
  });
  const wanted = { store: 'pipeline', format: CACHE_FORMAT };
  const marker = join(root, MARKER);
  let text = await readFile(marker, 'utf8').catch(() => undefined);
  if (text === undefined && before.some((name) => name !== 'tmp'))
    throw new PipelineError(
      'E_STORE',
      `--store ${url}: ${root} is not empty and holds no ${MARKER}; point --store at an empty folder or an existing store`,
    );
  if (text === undefined) {
    await createOnce(join(root, 'tmp'), marker, `${JSON.stringify(wanted)}\n`).catch((error: NodeJS.ErrnoException) => {
      throw new PipelineError('E_STORE', `--store ${url}: cannot write to ${root} (${error.code ?? error.message})`);
    });
    text = await readFile(marker, 'utf8');
  }
  let found: unknown;
  try {
    found = JSON.parse(text);
  } catch {
    found = undefined;
  }
  const record = found as { store?: unknown; format?: unknown } | undefined;
  if (record?.store !== 'pipeline')
    throw new PipelineError(
      'E_STORE',
      `--store ${url}: ${marker} does not describe a pipeline store; point --store at an empty folder or an existing store`,
    );
  if (record.format !== CACHE_FORMAT)
    throw new PipelineError(
      'E_STORE',
      `--store ${url}: the store holds cache format ${JSON.stringify(record.format)}, this code writes format ${CACHE_FORMAT}; use another folder for this version`,
    );
  return new FileStore(url, root);
}

class FileStore implements SharedStore {
  constructor(
    readonly url: string,
    private readonly root: string,
  ) {}

  private objectPath(digest: string): string {
    return join(this.root, 'objects', digest.slice(0, 2), digest.slice(2));
  }

  private recordPath(key: string): string {
    return join(this.root, 'actions', `${key}.json`);
  }

  async getObject(digest: string): Promise<Buffer | undefined> {
    return readIfExists(this.objectPath(digest));
  }

  async putObject(digest: string, data: Uint8Array): Promise<void> {
    const target = this.objectPath(digest);
    const existing = await readIfExists(target);
    if (existing !== undefined && existing.equals(data)) return;
    // absent, or a damaged copy (which no reader accepts): put a whole one in its place
    const temp = await writeTemp(join(this.root, 'tmp'), data);
    try {
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target);
    } finally {
      await rm(temp, { force: true });
    }
    await syncDir(dirname(target));
  }

  async getRecord(key: string): Promise<string | undefined> {
    return (await readIfExists(this.recordPath(key)))?.toString('utf8');
  }

  async putRecord(key: string, text: string): Promise<{ created: boolean; text: string }> {
    const target = this.recordPath(key);
    const created = await createOnce(join(this.root, 'tmp'), target, text);
    return { created, text: created ? text : ((await this.getRecord(key)) ?? text) };
  }

  async *list(): AsyncIterable<StoreEntry> {
    const modified = async (path: string): Promise<Date> => (await stat(path)).mtime;
    for (const prefix of await names(join(this.root, 'objects')))
      for (const rest of await names(join(this.root, 'objects', prefix)))
        yield { kind: 'object', name: prefix + rest, modified: await modified(join(this.root, 'objects', prefix, rest)) };
    for (const file of await names(join(this.root, 'actions')))
      if (file.endsWith('.json'))
        yield { kind: 'record', name: file.slice(0, -'.json'.length), modified: await modified(join(this.root, 'actions', file)) };
    for (const file of await names(join(this.root, 'tmp')))
      yield { kind: 'temporary', name: file, modified: await modified(join(this.root, 'tmp', file)) };
  }

  async remove(entry: Pick<StoreEntry, 'kind' | 'name'>): Promise<void> {
    const path =
      entry.kind === 'object'
        ? this.objectPath(entry.name)
        : entry.kind === 'record'
          ? this.recordPath(entry.name)
          : join(this.root, 'tmp', entry.name);
    await rm(path, { force: true });
  }
}

/** Write `data` to a fresh fsynced file in `tmpDir`; returns its path. */
async function writeTemp(tmpDir: string, data: string | Uint8Array): Promise<string> {
  const temp = join(tmpDir, `${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return temp;
}

/** Create `target` with `data` unless it exists (link(2) from an fsynced temporary); whether this call created it. */
async function createOnce(tmpDir: string, target: string, data: string): Promise<boolean> {
  await mkdir(dirname(target), { recursive: true });
  const temp = await writeTemp(tmpDir, data);
  try {
    await link(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
  await syncDir(dirname(target));
  return true;
}

/** The names in a folder, sorted; none when it does not exist. */
async function names(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** fsync a folder, so that the names just put in it survive a crash (a no-op where folders cannot be opened). */
async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // some network file systems refuse to open or sync a folder; their server commits names itself
  } finally {
    await handle?.close();
  }
}
