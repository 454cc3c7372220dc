// Lanes: how one worker runs several jobs at once (`worker --concurrency N`). A job's run takes its
// checkout's run lock and restores the node's inputs into the checkout's workspace, so two runs cannot
// share a checkout; each lane is a checkout of its own. Lane 0 is the checkout itself; the others are
// copies of its source files (everything git tracks or would track, as they are in the working tree, so
// they compute the same keys) under .cache/worker-lanes/<k>/, sharing its node_modules through a link.
// A lane keeps its own pipeline cache between starts (what it pulled from the store stays there); its
// sources are copied afresh at every start, so a lane never runs code the checkout no longer has.

import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PipelineError } from './errors.ts';
import { exists } from './fs-atomic.ts';

export const LANES_DIR = join('.cache', 'worker-lanes');

/** What a lane keeps from one start to the next: its pipeline cache. */
const KEPT = new Set(['cache']);

/** The roots of `count` lanes of the checkout at `root` (the first is `root` itself), the others made ready. */
export async function prepareLanes(root: string, count: number): Promise<string[]> {
  if (count === 1) return [root];
  const files = sourceFiles(root);
  const lanes = [root];
  for (let k = 1; k < count; k += 1) {
    const lane = join(root, LANES_DIR, String(k));
    await mkdir(lane, { recursive: true });
    for (const entry of await readdir(lane)) if (!KEPT.has(entry)) await rm(join(lane, entry), { recursive: true, force: true });
    for (const file of files) {
      await mkdir(dirname(join(lane, file)), { recursive: true });
      // a tracked file deleted in the working tree is not part of it
      await copyFile(join(root, file), join(lane, file)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    if (await exists(join(root, 'node_modules'))) await symlink(join(root, 'node_modules'), join(lane, 'node_modules'), 'dir');
    lanes.push(lane);
  }
  return lanes;
}

/** Every file git tracks or would track (not ignored), relative to root, as the working tree has it. */
function sourceFiles(root: string): string[] {
  let listing: string;
  try {
    listing = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    throw new PipelineError(
      'E_USAGE',
      `--concurrency above 1 needs a git checkout (its lanes copy what git tracks), and ${root} is not one`,
    );
  }
  return listing.split('\0').filter((file) => file !== '' && !file.startsWith(`${LANES_DIR}/`));
}
