// The file:// shared store (pipeline/store-file.ts): what it refuses to open, records created exactly once
// however many writers race, objects replaced only when damaged, and no temporaries left behind.

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_FORMAT } from '../../pipeline/cache.ts';
import { PipelineError } from '../../pipeline/errors.ts';
import { openStore } from '../../pipeline/store.ts';
import { expectRecordCreatedOnce, sha } from './store-contract.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tms-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const url = (path: string): string => pathToFileURL(path).href;

async function storeError(target: string): Promise<PipelineError> {
  const error = await openStore(target).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PipelineError);
  expect((error as PipelineError).code).toBe('E_STORE');
  return error as PipelineError;
}

describe('openStore', () => {
  it('creates an empty store in a new folder whose parent exists, and says what it is', async () => {
    const root = join(dir, 'store');
    const store = await openStore(url(root));
    expect(store.url).toBe(url(root));
    expect(JSON.parse(await readFile(join(root, 'store.json'), 'utf8'))).toEqual({ store: 'pipeline', format: CACHE_FORMAT });
    expect(await store.getRecord('0'.repeat(64))).toBeUndefined();
    expect(await store.getObject('0'.repeat(64))).toBeUndefined();
  });

  it('refuses an unknown scheme, a folder it cannot reach, a folder in use or another kind of store, and another cache format', async () => {
    expect((await storeError('s4://bucket/prefix')).message).toBe(
      '--store s4://bucket/prefix: unknown kind of store (allowed: file://…, s3://…)',
    );
    expect((await storeError(url(join(dir, 'not-mounted', 'store')))).message).toContain(`cannot reach ${join(dir, 'not-mounted')}`);
    await writeFile(join(dir, 'notes.txt'), 'a folder in use');
    expect((await storeError(url(dir))).message).toContain(`${dir} is not empty and holds no store.json`);
    await writeFile(join(dir, 'store.json'), '{"name": "something else"}');
    expect((await storeError(url(dir))).message).toContain('does not describe a pipeline store');
    await writeFile(join(dir, 'store.json'), JSON.stringify({ store: 'pipeline', format: CACHE_FORMAT + 1 }));
    expect((await storeError(url(dir))).message).toContain(
      `the store holds cache format ${CACHE_FORMAT + 1}, this code writes format ${CACHE_FORMAT}`,
    );
  });
});

describe('records', () => {
  it('are created once: a second writer gets the first record back and changes nothing', async () => {
    const store = await openStore(url(join(dir, 'store')));
    const key = sha('key');
    expect(await store.putRecord(key, 'first\n')).toEqual({ created: true, text: 'first\n' });
    expect(await store.putRecord(key, 'second\n')).toEqual({ created: false, text: 'first\n' });
    expect(await store.getRecord(key)).toBe('first\n');
  });

  it('of one key written by 16 racing writers: exactly one is created, and every writer sees it', async () => {
    await expectRecordCreatedOnce(await openStore(url(join(dir, 'store'))));
    expect(await readdir(join(dir, 'store', 'tmp'))).toEqual([]);
  });
});

describe('objects', () => {
  it('are stored under their digest, kept when intact, replaced when damaged, with no temporaries left', async () => {
    const root = join(dir, 'store');
    const store = await openStore(url(root));
    const data = Buffer.from('the bytes of an output');
    const digest = sha('the bytes of an output');
    await store.putObject(digest, data);
    const path = join(root, 'objects', digest.slice(0, 2), digest.slice(2));
    expect(await readFile(path)).toEqual(data);
    expect(await store.getObject(digest)).toEqual(data);
    // a damaged copy is returned as it is (the reader verifies it) and replaced by the next put
    await writeFile(path, 'garbage');
    expect((await store.getObject(digest))!.toString()).toBe('garbage');
    await store.putObject(digest, data);
    expect(await readFile(path)).toEqual(data);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('in a store whose folder was made by hand (empty) are written there too', async () => {
    await mkdir(join(dir, 'empty'));
    const store = await openStore(url(join(dir, 'empty')));
    const digest = sha('x');
    await store.putObject(digest, Buffer.from('x'));
    expect((await store.getObject(digest))!.toString()).toBe('x');
  });
});
