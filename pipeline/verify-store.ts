// `verify --store URL`: check everything a shared store holds, as `verify` does for the local cache:
//   - every run record for its shape, for the key its inputs hash to, and for the objects it names;
//   - every object against the sha256 it is named by (each is read whole);
//   - objects that no record names, and temporaries of writes that never finished.
// An object that no record names is normal for a moment (a run publishes its objects before its record),
// so only one older than the grace period (an hour) counts: the leftover of a process that died between
// the two. With `repair`: a damaged record, or one that names a missing or damaged object, is deleted (the
// node runs again on the next machine that needs it, and publishes it anew); a damaged object is deleted;
// unnamed objects and temporaries past the grace period are deleted.

import { checkRecord, keyMaterialOf, manifestProblem, type Manifest } from './cache.ts';
import { digestJson, sha256 } from './hash.ts';
import type { SharedStore, StoreEntry } from './store.ts';
import type { VerifyProblem } from './verify.ts';

export const STORE_GRACE_MS = 3600 * 1000;

export interface StoreReport {
  objects: number;
  records: number;
  problems: VerifyProblem[];
}

export async function verifyStore(store: SharedStore, options: { repair: boolean; graceMs?: number; now?: number }): Promise<StoreReport> {
  const graceMs = options.graceMs ?? STORE_GRACE_MS;
  const now = options.now ?? Date.now();
  const problems: VerifyProblem[] = [];
  const entries: StoreEntry[] = [];
  for await (const entry of store.list()) entries.push(entry);
  const objects = entries.filter((e) => e.kind === 'object');
  const records = entries.filter((e) => e.kind === 'record');
  const old = (e: StoreEntry): boolean => now - e.modified.getTime() > graceMs;

  /** A problem whose repair is deleting the entry: done only under `repair`. */
  const discard = async (entry: StoreEntry, what: string): Promise<void> => {
    if (options.repair) await store.remove(entry);
    problems.push({ what, ...(options.repair ? { repaired: 'deleted' } : {}) });
  };

  const intact = new Set<string>();
  for (const entry of objects) {
    const data = await store.getObject(entry.name);
    if (data !== undefined && sha256(data) === entry.name) intact.add(entry.name);
    else await discard(entry, `object ${entry.name} is damaged${data === undefined ? '' : `: its sha256 is ${sha256(data)}`}`);
  }
  const named = new Set<string>();
  for (const entry of records) {
    const text = await store.getRecord(entry.name);
    const record =
      text === undefined
        ? { why: 'it vanished while being read' }
        : checkRecord<Manifest>(text, (value) => manifestProblem(value, entry.name));
    let why = record.why;
    if (why === undefined && 'value' in record) {
      const manifest = record.value;
      for (const output of Object.values(manifest.outputs)) named.add(output.digest);
      const missing = Object.entries(manifest.outputs).filter(([, output]) => !intact.has(output.digest));
      if (digestJson(keyMaterialOf(manifest)) !== entry.name) why = 'its inputs do not hash to its key';
      else if (missing.length > 0)
        why = `it names ${missing.length === 1 ? 'an object' : 'objects'} the store lacks intact (${missing.map(([file]) => file).join(', ')})`;
    }
    if (why !== undefined) await discard(entry, `record ${entry.name} is unusable: ${why}`);
  }
  for (const entry of objects)
    if (intact.has(entry.name) && !named.has(entry.name) && old(entry)) await discard(entry, `object ${entry.name} is named by no record`);
  for (const entry of entries)
    if (entry.kind === 'temporary' && old(entry)) await discard(entry, `temporary ${entry.name} is left from a write that never finished`);
  return { objects: objects.length, records: records.length, problems };
}
