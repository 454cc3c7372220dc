// What every backend of the shared store (pipeline/store.ts) must do, checked the same way for each:
// a record raced by many writers is created exactly once, and every writer reads back the one kept.

import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { SharedStore } from '../../pipeline/store.ts';

export const sha = (data: string): string => createHash('sha256').update(data).digest('hex');

/** 16 writers create one key's record at once: exactly one succeeds; all see its text; a later writer changes nothing. */
export async function expectRecordCreatedOnce(store: SharedStore): Promise<void> {
  const key = sha(`raced ${Math.random()}`);
  const results = await Promise.all(Array.from({ length: 16 }, (_, i) => store.putRecord(key, `writer ${i}\n`)));
  const winners = results.filter((r) => r.created);
  expect(winners).toHaveLength(1);
  for (const r of results) expect(r.text).toBe(winners[0]!.text);
  expect(await store.getRecord(key)).toBe(winners[0]!.text);
  expect(await store.putRecord(key, 'late\n')).toEqual({ created: false, text: winners[0]!.text });
}
