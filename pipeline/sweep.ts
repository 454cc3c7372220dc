// Leftovers of interrupted writes. Every temporary file or folder the engine makes is named
// <target>.tmp-<pid>-<hex> beside its target (fs-atomic.ts), so one walk finds them all: those whose process
// is gone (a crash, a kill, a full disk) are removed; those of a live process are left to it.

import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const TEMPORARY = /\.tmp-(\d+)-[0-9a-f]+$/;

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove the temporaries of dead processes, or with `remove: false` only find them: anywhere in the cache,
 * and beside each node's output folder (where staging and replaced folders live). Returns their paths,
 * sorted. A folder that does not exist is skipped.
 */
export async function sweepTemporaries(where: { cacheDir: string; outDirs: readonly string[] }, remove = true): Promise<string[]> {
  const roots = [
    { dir: where.cacheDir, deep: true },
    ...[...new Set(where.outDirs.map((dir) => dirname(dir)))].map((dir) => ({ dir, deep: false })),
  ];
  const removed: string[] = [];
  const visit = async (dir: string, deep: boolean): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    // folders side by side: the object store alone has 256 of them, and a warm run waits for this walk
    await Promise.all(
      entries.map(async (entry) => {
        const path = join(dir, entry.name);
        const pid = Number(TEMPORARY.exec(entry.name)?.[1]);
        if (Number.isInteger(pid) && pid > 0) {
          if (!isAlive(pid)) {
            if (remove) await rm(path, { recursive: true, force: true });
            removed.push(path);
          }
        } else if (deep && entry.isDirectory()) {
          await visit(path, deep);
        }
      }),
    );
  };
  await Promise.all(roots.map(({ dir, deep }) => visit(dir, deep)));
  return removed.sort();
}
