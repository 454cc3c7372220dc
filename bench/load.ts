// Other work on the machine during a measurement: the CPU time that the whole system spent busy
// (/proc/stat) minus what this process (all its threads and workers) and a measured child (the PyTorch
// reference, which reports its own CPU time) spent. Expressed in cores: 1.0 means another process kept one
// core busy for the whole phase. Linux only; elsewhere `null`.

import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc/stat; 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** Seconds all CPUs have spent busy since boot (everything but idle and iowait), or null. */
export function systemBusySeconds(stat?: string): number | null {
  let text = stat;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/stat', 'utf8');
    } catch {
      return null;
    }
  }
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (line === undefined) return null;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = v;
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS;
}

/** CPU seconds of this process so far (all threads, worker_threads included). */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * CPU seconds of this process's finished children so far (cutime + cstime of /proc/self/stat: every child
 * that was waited for, with the children it waited for in turn), or 0 where /proc is missing.
 */
export function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // fields after the command name (which may hold spaces): state is field 3, cutime 16 and cstime 17
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

export interface LoadMark {
  wall: number;
  busy: number | null;
  own: number;
}

export function markLoad(): LoadMark {
  return { wall: performance.now() / 1000, busy: systemBusySeconds(), own: ownCpuSeconds() };
}

/**
 * Cores' worth of CPU used by other processes between two marks, or null where /proc/stat is missing.
 * `childCpuSeconds`: CPU time of a child process of ours that ran in between (it is ours, not foreign).
 */
export function foreignCores(start: LoadMark, end: LoadMark, childCpuSeconds = 0): number | null {
  if (start.busy === null || end.busy === null) return null;
  const wall = end.wall - start.wall;
  if (!(wall > 0)) return null;
  const foreign = end.busy - start.busy - (end.own - start.own) - childCpuSeconds;
  return Math.max(0, foreign / wall);
}

/** Above this many cores of foreign load, a phase's numbers are flagged as disturbed. */
export const FOREIGN_LOAD_WARNING = 0.15;
