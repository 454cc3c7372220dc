// A content-addressed store shared by several machines (a team's CI and its workstations): the cache's
// objects and run records, behind one small interface, so that a run on one machine reuses what another
// machine already computed under the same key. The local cache (cache.ts) sits in front of it: a local
// miss is looked up here, and every local result is published here.
//
// What a backend promises:
//   - objects are named by their sha256 and written whole or not at all (a reader never sees half of one);
//   - a run record is created once: putRecord never replaces an existing record (create-if-absent), so
//     two machines that ran the same key cannot overwrite each other, and a differing second result is
//     detected instead of lost;
//   - nothing it returns is trusted: cache.ts verifies every object against its digest and checks every
//     record's shape before using it, so a damaged or tampered store can cost a rerun, never a wrong result.
//
// Backends: file:// (store-file.ts: a directory, local or on a network file system) and s3:// (store-s3.ts:
// a bucket and prefix on S3 or an S3-compatible server).

import { PipelineError } from './errors.ts';
import { openFileStore } from './store-file.ts';
import { openS3Store } from './store-s3.ts';

export interface SharedStore {
  /** the URL it was opened from, for messages */
  readonly url: string;
  /** an object's bytes as stored (unverified; the caller checks the digest), or undefined when absent */
  getObject(digest: string): Promise<Buffer | undefined>;
  /** store an object under its digest; an intact copy already there is kept, a damaged one replaced */
  putObject(digest: string, data: Uint8Array): Promise<void>;
  /** a run record's text, or undefined when the key has none */
  getRecord(key: string): Promise<string | undefined>;
  /** create the key's record unless it exists; returns the record the store holds afterwards (ours or the earlier one) */
  putRecord(key: string, text: string): Promise<{ created: boolean; text: string }>;
  /** everything the store holds, with when it was written (for `verify --store`) */
  list(): AsyncIterable<StoreEntry>;
  /** delete one entry (`verify --store --repair`) */
  remove(entry: Pick<StoreEntry, 'kind' | 'name'>): Promise<void>;
}

export interface StoreEntry {
  /** an object (named by its digest), a run record (by its key), or a temporary of a write (file:// only) */
  kind: 'object' | 'record' | 'temporary';
  name: string;
  modified: Date;
}

/** The environment variable through which a run's store reaches the processes it starts (and a user may set). */
export const STORE_ENV = 'PIPELINE_STORE';

export const STORE_SCHEMES = ['file://', 's3://'] as const;

/**
 * Opens the store at `url` (file:///absolute/path, s3://bucket/prefix). Throws a PipelineError (E_STORE) with one line naming
 * the URL and what is wrong: an unknown scheme, a folder that cannot be reached, a store of another format.
 */
export async function openStore(url: string): Promise<SharedStore> {
  if (url.startsWith('file://')) return openFileStore(url);
  if (url.startsWith('s3://')) return openS3Store(url);
  throw new PipelineError('E_STORE', `--store ${url}: unknown kind of store (allowed: ${STORE_SCHEMES.map((s) => `${s}…`).join(', ')})`);
}
