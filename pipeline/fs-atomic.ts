// Writes that never leave a half-written file or directory behind: write to a temporary sibling,
// fsync, then rename over the target (rename is atomic within one file system).

import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { faultPoint } from './fault-injection.ts';

export function tempSibling(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempSibling(path);
  try {
    const handle = await open(temp, 'w');
    try {
      faultPoint('write', temp);
      await handle.writeFile(data);
      faultPoint('sync', temp);
      await handle.sync();
    } finally {
      await handle.close();
    }
    faultPoint('rename', path);
    await rename(temp, path);
    faultPoint('renamed', path);
  } catch (error) {
    // a full disk (ENOSPC) mid-write must not leave a truncated temporary behind, retry after retry
    await rm(temp, { force: true });
    throw error;
  }
}

/** Put a fully written directory in place of `target`, replacing whatever was there. */
export async function replaceDir(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const old = tempSibling(target);
  const hadOld = await exists(target);
  if (hadOld) await rename(target, old);
  try {
    faultPoint('swap', target);
    await rename(source, target);
  } catch (error) {
    if (hadOld) await rename(old, target);
    throw error;
  }
  faultPoint('swapped', target);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Every regular file below `dir`, as sorted POSIX paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(current: string): Promise<void> {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push(relative(dir, full).split(sep).join('/'));
    }
  }
  await walk(dir);
  return out.sort();
}
