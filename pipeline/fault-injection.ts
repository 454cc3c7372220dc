// Fault injection for the test suite only: kill the process, or fail the system call, at a chosen commit
// point of fs-atomic.ts (every place where a file or folder is put in place), so that test/pipeline/
// commit-points.test.ts can show that a run killed or failed at any of them loses nothing, leaves nothing
// behind, and is completed by the next run. Off (one environment lookup at load) unless a variable is set:
//
//   TMS_FAULT=<role>:<point>#<n>:<action>
//     role    main (the process a command started) | node (a process that runs nodes for `reproduce`)
//     point   write | sync | rename | renamed   writeFileAtomic: before the data is written, before the
//                                               fsync, before the rename into place, after it
//             swap | swapped                    replaceDir: before the new folder is renamed into place, after
//     n       the n-th time this process reaches that point, from 1
//     action  kill (SIGKILL, as a power cut or the OOM killer) | ENOSPC | EROFS | EIO (the step fails so)
//   TMS_FAULT_TRACE=<file>   append "<role>:<point> <path>" to the file at every point reached

import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';

export type FaultPoint = 'write' | 'sync' | 'rename' | 'renamed' | 'swap' | 'swapped';

const SYSCALLS: Record<FaultPoint, string> = {
  write: 'write',
  sync: 'fsync',
  rename: 'rename',
  renamed: 'rename',
  swap: 'rename',
  swapped: 'rename',
};
const ERRNO: Record<string, number> = { ENOSPC: -28, EROFS: -30, EIO: -5 };

const spec = process.env.TMS_FAULT;
const trace = process.env.TMS_FAULT_TRACE;
const wanted =
  spec === undefined ? undefined : /^(main|node):(write|sync|rename|renamed|swap|swapped)#(\d+):(kill|ENOSPC|EROFS|EIO)$/.exec(spec);
if (spec !== undefined && wanted === null) throw new Error(`TMS_FAULT: cannot read '${spec}' (expected <role>:<point>#<n>:<action>)`);
const counts = new Map<string, number>();

/** Where a commit point is reached: does nothing unless a fault or a trace was asked for. */
export function faultPoint(point: FaultPoint, path: string): void {
  if (spec === undefined && trace === undefined) return;
  const role = process.send === undefined ? 'main' : 'node';
  const label = `${role}:${point}`;
  if (trace !== undefined) appendFileSync(trace, `${label} ${relative(process.cwd(), path)}\n`);
  if (wanted === undefined || wanted === null) return;
  const n = (counts.get(label) ?? 0) + 1;
  counts.set(label, n);
  if (label !== `${wanted[1]}:${wanted[2]}` || n !== Number(wanted[3])) return;
  const action = wanted[4] as string;
  if (action === 'kill') process.kill(process.pid, 'SIGKILL');
  throw Object.assign(new Error(`${action}: injected fault, ${SYSCALLS[point]} '${path}'`), {
    code: action,
    errno: ERRNO[action],
    syscall: SYSCALLS[point],
    path,
  });
}
