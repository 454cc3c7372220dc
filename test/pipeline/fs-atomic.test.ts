import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../pipeline/fs-atomic.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tms-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the target whole, leaving nothing beside it', async () => {
    await writeFileAtomic(join(dir, 'a.json'), 'old');
    await writeFileAtomic(join(dir, 'a.json'), 'new');
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('removes its temporary when the write itself fails, and leaves the old target as it was', async () => {
    await writeFileAtomic(join(dir, 'a.json'), 'old');
    // a write that fails after the temporary was created (as a full disk does mid-write)
    const unwritable = { toString: () => 'not bytes' } as unknown as string;
    await expect(writeFileAtomic(join(dir, 'a.json'), unwritable)).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['a.json']);
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('old');
  });
});
