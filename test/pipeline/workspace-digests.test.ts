// The workspace copies' digests: a file unchanged since it was hashed keeps its recorded digest; any
// change to it (content, even of the same size, or a touch) makes it hashed again.

import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Cache } from '../../pipeline/cache.ts';
import { sha256 } from '../../pipeline/hash.ts';

let root: string;
let cache: Cache;
let work: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tms-workspace-'));
  cache = new Cache(join(root, 'cache'));
  work = join(root, 'artifacts', 'node');
  await mkdir(work, { recursive: true });
  await writeFile(join(work, 'a.json'), 'aaaa');
  await writeFile(join(work, 'b.json'), 'bbbb');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The index file of the one workspace folder, and a way to plant a wrong digest in it. */
async function index(): Promise<{ path: string; entries: Record<string, { digest: string }> }> {
  const dir = join(root, 'cache', 'workspace');
  const [name] = await readdir(dir);
  const path = join(dir, name!);
  return { path, entries: JSON.parse(await readFile(path, 'utf8')) as Record<string, { digest: string }> };
}

describe('digestWorkspace', () => {
  it('hashes every file once, then trusts the recorded digest of a file that did not change', async () => {
    expect(await cache.digestWorkspace(work)).toEqual({ 'a.json': sha256('aaaa'), 'b.json': sha256('bbbb') });
    // plant a wrong digest for an unchanged file: it is returned, which shows the file was not read again
    const { path, entries } = await index();
    entries['a.json']!.digest = 'planted';
    await writeFile(path, JSON.stringify(entries));
    expect((await cache.digestWorkspace(work))?.['a.json']).toBe('planted');
  });

  it('hashes a file again after any change: new content of the same size, or only new times', async () => {
    await cache.digestWorkspace(work);
    const { path, entries } = await index();
    entries['a.json']!.digest = 'planted';
    entries['b.json']!.digest = 'planted';
    await writeFile(path, JSON.stringify(entries));
    await writeFile(join(work, 'a.json'), 'AAAA');
    await utimes(join(work, 'b.json'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(await cache.digestWorkspace(work)).toEqual({ 'a.json': sha256('AAAA'), 'b.json': sha256('bbbb') });
    // a damaged index is no index: every file is hashed
    await writeFile((await index()).path, '{"a.json": ');
    expect(await cache.digestWorkspace(work)).toEqual({ 'a.json': sha256('AAAA'), 'b.json': sha256('bbbb') });
    expect(await cache.digestWorkspace(join(root, 'missing'))).toBeUndefined();
  });
});
