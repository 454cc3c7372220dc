// A throwaway copy of this project's working tree: the files git would commit (tracked, and untracked ones
// that are not ignored), with node_modules linked, so that a run in it never touches this checkout's
// cache, artifacts or reports. Used by the pipeline benchmark and by the end-to-end tests.

import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Copies the working tree into a fresh temporary directory (skipping paths that start with any of `skip`) and returns it. */
export async function copyWorkingTree(skip: readonly string[] = []): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tms-project-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !skip.some((prefix) => f.startsWith(prefix)));
  for (const file of files) {
    try {
      await cp(join(PROJECT_ROOT, file), join(dir, file), { recursive: true });
    } catch {
      // a file deleted in the working tree but still in the index
    }
  }
  await symlink(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
