// One writer at a time per cache: `reproduce`, `run-node` and `verify --repair` hold cache/run.lock while
// they run. Two runs at once would train the same nodes twice and race on the workspace copies. A lock
// whose process is gone (killed, crashed, the machine rebooted) is taken over with a note.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from './errors.ts';
import { isAlive } from './sweep.ts';

interface LockHolder {
  pid: number;
  command: string;
  startedAt: string;
}

function holderOf(path: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof value.pid === 'number'
      ? { pid: value.pid, command: String(value.command), startedAt: String(value.startedAt) }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Take the lock of the cache in `cacheDir` for `command`, or throw E_LOCKED naming the run that holds it.
 * Returns the function that releases it (also called on exit, so a thrown error cannot leave it behind).
 */
export function acquireRunLock(cacheDir: string, command: string, note: (line: string) => void): () => void {
  const path = join(cacheDir, 'run.lock');
  mkdirSync(cacheDir, { recursive: true });
  const mine: LockHolder = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt += 1) {
    try {
      writeFileSync(path, `${JSON.stringify(mine)}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = holderOf(path);
      if (holder !== undefined && isAlive(holder.pid)) {
        throw new PipelineError(
          'E_LOCKED',
          `${path} is held by another run ('${holder.command}', process ${holder.pid}, since ${holder.startedAt}): wait for it to finish, or stop it`,
        );
      }
      note(`taking over ${path}: ${holder === undefined ? 'it is unreadable' : `process ${holder.pid} that held it is gone`}`);
      rmSync(path, { force: true });
    }
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    if (holderOf(path)?.pid === process.pid) rmSync(path, { force: true });
  };
  process.on('exit', release);
  return release;
}
