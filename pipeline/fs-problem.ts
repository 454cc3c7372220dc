// File system errors (a full or read-only disk, missing permissions, a failing device) as one line for the user:
// the path, what went wrong and what to do. Used by the command line and by the processes that run nodes,
// so that a disk that fills up during training ends in that line, not in a stack trace.

/** What a file system error means for the user, in one line with its path, or undefined for any other error. */
export function fileSystemProblem(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  const path = e.path ?? (e as { dest?: string }).dest ?? '(no path given)';
  const what: Record<string, string> = {
    EROFS: 'is on a read-only file system: remount it writable, or work in a writable copy of the project',
    EACCES: 'cannot be written or read (no permission): fix its permissions or owner',
    EPERM: 'may not be changed (operation not permitted): fix its permissions or owner',
    ENOSPC: 'cannot be written: the disk is full; free space and rerun (nothing half-written is kept)',
    EDQUOT: 'cannot be written: the disk quota is used up; free space and rerun',
    EMFILE: 'cannot be opened: too many open files; raise the limit (ulimit -n) and rerun',
    EIO: 'cannot be read or written (input/output error): the disk or the network file system failed; check it and rerun',
  };
  const text = what[e.code];
  return text === undefined ? undefined : `${path} ${text} (${e.code} in ${e.syscall})`;
}
