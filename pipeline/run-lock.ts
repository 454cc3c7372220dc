// One writer at a time per cache: `reproduce`, `run-node` and `verify --repair` hold cache/run.lock while
// they run. Two runs at once would train the same nodes twice and race on the workspace copies: a second
// run waits for the first (then finds its results cached), or with --no-wait stops with exit code 75. A
// lock whose process is gone (killed, crashed, the machine rebooted) is taken over with a note.

import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from './errors.ts';
import { isAlive } from './sweep.ts';

interface LockHolder {
  pid: number;
  command: string;
  startedAt: string;
}

/** The lock file's text, or undefined when there is none. */
function lockText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseHolder(text: string | undefined): LockHolder | undefined {
  try {
    const value = JSON.parse(text ?? '') as Partial<LockHolder>;
    return typeof value.pid === 'number'
      ? { pid: value.pid, command: String(value.command), startedAt: String(value.startedAt) }
      : undefined;
  } catch {
    return undefined;
  }
}

const holderOf = (path: string): LockHolder | undefined => parseHolder(lockText(path));

/** An unreadable lock younger than this is one that another run is writing at this moment. */
const BEING_WRITTEN_MS = 5000;

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** How often a waiting run looks at the lock again. */
const POLL_MS = 500;

/**
 * Take the lock of the cache in `cacheDir` for `command`. While another live run holds it: wait for it
 * (one line says so; a holder that dies meanwhile is taken over), or with `wait: false` throw E_LOCKED
 * naming that run. Returns the function that releases it (also called on exit, so a thrown error cannot
 * leave it behind).
 */
export async function acquireRunLock(
  cacheDir: string,
  command: string,
  note: (line: string) => void,
  options: { wait: boolean } = { wait: true },
): Promise<() => void> {
  const path = join(cacheDir, 'run.lock');
  mkdirSync(cacheDir, { recursive: true });
  let waitingFor: LockHolder | undefined;
  for (;;) {
    const mine: LockHolder = { pid: process.pid, command, startedAt: new Date().toISOString() };
    try {
      writeFileSync(path, `${JSON.stringify(mine)}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = lockText(path);
    if (text === undefined) continue; // released between two looks: take it
    const holder = parseHolder(text);
    // a process that started after the lock was taken only reuses the holder's number
    if (holder !== undefined && isAlive(holder.pid, Date.parse(holder.startedAt))) {
      const who = `another run ('${holder.command}', process ${holder.pid}, since ${holder.startedAt})`;
      if (!options.wait) throw new PipelineError('E_LOCKED', `${path} is held by ${who}: wait for it to finish, or stop it`);
      if (waitingFor?.pid !== holder.pid || waitingFor.startedAt !== holder.startedAt)
        note(`${path} is held by ${who}: waiting for it to finish (--no-wait: stop instead)`);
      waitingFor = holder;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      continue;
    }
    if (holder === undefined && ageMs(path) < BEING_WRITTEN_MS) {
      // created but not yet written: another run is taking the lock right now
      if (!options.wait) throw new PipelineError('E_LOCKED', `${path} is being taken by another run: wait for it to finish, or stop it`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      continue;
    }
    // remove only the lock judged stale: one written since is another run's, taken over in the meantime
    if (lockText(path) !== text) continue;
    note(`taking over ${path}: ${holder === undefined ? 'it is unreadable' : `process ${holder.pid} that held it is gone`}`);
    rmSync(path, { force: true });
  }
  if (waitingFor !== undefined) note(`${path}: the other run is done; going on`);
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
