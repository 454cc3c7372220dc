// A throwaway copy of this project (the files git would commit, node_modules linked) with a tiny
// training budget, for end-to-end tests of the real DAG that finish in seconds.

import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `experiments`: keep only these experiments in the copy's params.yaml (and regenerate its dvc.yaml and
 * drop its dvc.lock to match), for tests whose cost grows with the number of nodes.
 */
export async function copyProject(options: { experiments?: string[] } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tms-project-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !f.startsWith('test/baseline/'));
  for (const file of files) {
    try {
      await cp(join(PROJECT_ROOT, file), join(dir, file), { recursive: true });
    } catch {
      // a file deleted in the working tree but still in the index
    }
  }
  await symlink(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'));
  await shrinkParams(dir);
  if (options.experiments) await keepExperiments(dir, options.experiments);
  return dir;
}

async function keepExperiments(dir: string, keep: string[]): Promise<void> {
  const path = join(dir, 'params.yaml');
  const params = parse(await readFile(path, 'utf8')) as { experiments: Record<string, unknown> };
  for (const id of Object.keys(params.experiments)) if (!keep.includes(id)) delete params.experiments[id];
  await writeFile(path, stringify(params));
  await rm(join(dir, 'dvc.lock'), { force: true });
  const generated = runMain(dir, ['dvc-yaml', '--write']);
  if (generated.status !== 0) throw new Error(`dvc-yaml --write failed in the project copy: ${generated.stderr}`);
}

/** Every run trains for a few steps on a small evaluation set (snapshotting every 10 where it snapshots). */
async function shrinkParams(dir: string): Promise<void> {
  const path = join(dir, 'params.yaml');
  const params = parse(await readFile(path, 'utf8')) as { recipes: Record<string, { steps: number }>; experiments: Record<string, { eval_samples: number; runs: Array<{ steps?: number; snapshot_every?: number }> }> };
  for (const recipe of Object.values(params.recipes)) recipe.steps = 30;
  for (const experiment of Object.values(params.experiments)) {
    experiment.eval_samples = 128;
    for (const run of experiment.runs) {
      if (run.steps !== undefined) run.steps = 30;
      if (run.snapshot_every !== undefined) run.snapshot_every = 10; // at most the 30 steps
    }
  }
  await writeFile(path, stringify(params));
}

export async function setParam(dir: string, path: Array<string | number>, value: unknown): Promise<void> {
  const file = join(dir, 'params.yaml');
  const params = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  let target = params as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[path[path.length - 1]!] = value;
  await writeFile(file, stringify(params));
}

export function runMain(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(dir, 'main.ts'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
