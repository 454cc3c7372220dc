// Leftovers of interrupted writes. Every temporary file or folder the engine makes is named
// <target>.tmp-<pid>-<hex> beside its target (fs-atomic.ts), so one walk finds them all: those whose process
// is gone (a crash, a kill, a full disk) are removed; those of a live process are left to it.

import { readFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Dag } from './dag.ts';
import { outDirOf } from './node-key.ts';
import type { PipelineDefinition } from './types.ts';

const TEMPORARY = /\.tmp-(\d+)-[0-9a-f]+$/;

/** Where temporaries can be. */
export interface SweepPlaces {
  /** searched all the way down */
  cacheDir: string;
  /** beside each of these folders (their staging and replaced copies) */
  outDirs: readonly string[];
  /** beside each of these files (their temporaries while being rewritten) */
  files: readonly string[];
}

/**
 * Where a project's temporaries can be: anywhere in the cache, beside every node's output folder, and
 * beside the files the engine writes into the project itself (the run record, dvc.yaml, dvc.lock).
 */
export function sweepPlaces<P>(definition: PipelineDefinition<P>, dag: Dag<P>, cacheDir: string): SweepPlaces {
  const inProject = [definition.runRecord, definition.lockFile, 'dvc.yaml', 'dvc.lock'].filter((f): f is string => f !== undefined);
  return {
    cacheDir,
    outDirs: dag.nodes.map((node) => join(definition.root, outDirOf(node))),
    files: inProject.map((file) => join(definition.root, file)),
  };
}

/**
 * Whether the process that named a temporary `pid` may still be writing it: it exists, and (where Linux's
 * /proc says when it started) it started before the temporary was last written. A process that started
 * later only reuses the number of a dead one, whose leftover would otherwise be kept for as long as the
 * newcomer lives.
 */
export function isAlive(pid: number, writtenMs?: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (writtenMs === undefined) return true;
  const started = processStartMs(pid);
  // a second of slack: /proc counts in clock ticks, and file times can be coarser
  return started === undefined || started <= writtenMs + 1000;
}

/** When a process started (ms since the epoch), from /proc on Linux; undefined elsewhere or when unknown. */
function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // field 22, counted after the command name (which may hold spaces, so from the last ')'): clock ticks since boot
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    // USER_HZ is 100 on every Linux that Node runs on (sysconf(_SC_CLK_TCK) is not reachable from Node)
    return Number.isFinite(ticks) && Number.isFinite(boot) ? boot * 1000 + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remove the temporaries of dead processes, or with `remove: false` only find them. Returns their paths,
 * sorted. A folder that does not exist is skipped.
 */
export async function sweepTemporaries(where: SweepPlaces, remove = true): Promise<string[]> {
  const beside = (paths: readonly string[]): Array<{ dir: string; deep: boolean; prefix: string }> =>
    [...new Set(paths.map((path) => dirname(path)))].map((dir) => ({ dir, deep: false, prefix: '' }));
  const roots = [
    { dir: where.cacheDir, deep: true, prefix: '' },
    ...beside(where.outDirs),
    // beside a file: only that file's own temporaries (the project's other files are none of the sweep's business)
    ...where.files.map((file) => ({ dir: dirname(file), deep: false, prefix: `${basename(file)}.tmp-` })),
  ];
  const removed = new Set<string>();
  const visit = async (dir: string, deep: boolean, prefix: string): Promise<void> => {
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
          if (!entry.name.startsWith(prefix)) return;
          const written = await stat(path).then(
            (s) => s.mtimeMs,
            () => undefined,
          );
          // gone meanwhile: its writer finished with it
          if (written === undefined) return;
          if (!isAlive(pid, written)) {
            if (remove) await rm(path, { recursive: true, force: true });
            removed.add(path);
          }
        } else if (deep && entry.isDirectory()) {
          await visit(path, deep, prefix);
        }
      }),
    );
  };
  await Promise.all(roots.map(({ dir, deep, prefix }) => visit(dir, deep, prefix)));
  return [...removed].sort();
}
