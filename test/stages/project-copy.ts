// A throwaway copy of this project (the files git would commit, node_modules linked) with a tiny
// training budget, for end-to-end tests of the real DAG that finish in seconds.

import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { copyWorkingTree } from '../../bench/working-tree.ts';

export { PROJECT_ROOT } from '../../bench/working-tree.ts';

/** The base seeds of a project copy: two, so that every per-seed path runs at a fraction of the committed cost. */
export const COPY_BASE_SEEDS = [20221014, 20221015];

/**
 * `experiments`: keep only these experiments in the copy's params.yaml (and regenerate its dvc.yaml and
 * drop its dvc.lock to match), for tests whose cost grows with the number of nodes. The copy trains on
 * COPY_BASE_SEEDS.
 */
export async function copyProject(options: { experiments?: string[] } = {}): Promise<string> {
  const dir = await copyWorkingTree(['reports/replication/']);
  await shrinkParams(dir);
  await narrowDag(dir, options.experiments);
  return dir;
}

/**
 * The nodes the copy's DAG has, counted from its params.yaml: generate, train and analyze per experiment
 * and base seed (an experiment's max_base_seeds caps its seeds), verdicts and figures per experiment,
 * and the report.
 */
export async function expectedNodeCount(dir: string): Promise<number> {
  const params = parse(await readFile(join(dir, 'params.yaml'), 'utf8')) as {
    base_seeds: number[];
    experiments: Record<string, { max_base_seeds?: number }>;
  };
  const experiments = Object.values(params.experiments);
  const seeds = experiments.reduce((n, e) => n + Math.min(e.max_base_seeds ?? Infinity, params.base_seeds.length), 0);
  return 3 * seeds + 2 * experiments.length + 1;
}

async function narrowDag(dir: string, keep: string[] | undefined): Promise<void> {
  const path = join(dir, 'params.yaml');
  const params = parse(await readFile(path, 'utf8')) as { base_seeds: number[]; experiments: Record<string, unknown> };
  params.base_seeds = COPY_BASE_SEEDS;
  for (const id of Object.keys(params.experiments)) if (keep !== undefined && !keep.includes(id)) delete params.experiments[id];
  await writeFile(path, stringify(params));
  await rm(join(dir, 'dvc.lock'), { force: true });
  const generated = runMain(dir, ['dvc-yaml', '--write']);
  if (generated.status !== 0) throw new Error(`dvc-yaml --write failed in the project copy: ${generated.stderr}`);
}

/** Every run trains for a few steps on a small evaluation set (snapshotting every 10 where it snapshots). */
async function shrinkParams(dir: string): Promise<void> {
  const path = join(dir, 'params.yaml');
  const params = parse(await readFile(path, 'utf8')) as {
    recipes: Record<string, { steps: number }>;
    experiments: Record<string, { eval_samples: number; runs: Array<{ steps?: number; snapshot_every?: number }> }>;
  };
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

/** The run summary's rows, node → 'ran' | 'cache hit' | 'failed' | 'skipped' ("<node>  <state>  <time>" on stderr). */
export function runResults(stderr: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const line of stderr.split('\n')) {
    const m = /^([\w-]+@[\w/-]+|report)\s+(ran|cache hit|failed|skipped)\s/.exec(line);
    if (m) rows[m[1]!] = m[2]!;
  }
  return rows;
}
