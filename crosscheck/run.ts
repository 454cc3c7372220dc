// `npm run crosscheck`: trains the cross-check's experiments with the independent PyTorch implementation
// (crosscheck/toy_models.py) on its own seeds and writes crosscheck/results.json, which the report compares
// with the pipeline's own models (analysis/crosscheck.ts). The configuration comes from params.yaml, so
// both implementations train the same settings; nothing else is shared. PyTorch comes from Debian's
// python3-torch (with libopenblas0-pthread); the pipeline itself never needs it.
//
//   npm run crosscheck [-- --seeds 1,2,3] [--steps N] [--out FILE] [--python PATH]
//
// --steps shortens every run (for a smoke test); the report says when results.json was made with settings
// other than params.yaml's.

import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { findTorchPython } from '../bench/torch.ts';
import { writeFileAtomic } from '../pipeline/fs-atomic.ts';
import { parseArgs } from '../pipeline/cli.ts';
import { loadParams } from '../pipeline/params.ts';
import { pipeline } from '../stages/index.ts';
import {
  CROSS_CHECK_EXPERIMENTS,
  CROSS_CHECK_FILE,
  crossCheckJob,
  mergeSeedRuns,
  type CrossCheckJob,
  type CrossCheckResults,
  type TrainedByTorch,
} from './job.ts';

const SCRIPT = join(pipeline.root, 'crosscheck', 'toy_models.py');

/** One process of toy_models.py (single-threaded) training the given job; its parsed output. */
async function trainWithTorch(python: string, job: CrossCheckJob): Promise<TrainedByTorch> {
  const child = spawn(python, [SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stdin.end(JSON.stringify(job));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) fail(`${SCRIPT} exited with code ${code} (seeds ${job.seeds.join(', ')})`);
  return JSON.parse(stdout) as TrainedByTorch;
}

function fail(message: string): never {
  process.stderr.write(`crosscheck: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2), 'crosscheck', { values: ['seeds', 'steps', 'out', 'python'] });
  } catch (error) {
    fail((error as Error).message);
  }
  const seeds = String(args.flags.get('seeds') ?? '1,2,3')
    .split(',')
    .map(Number);
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0))
    fail(`--seeds must be whole numbers ≥ 0 separated by commas, got '${String(args.flags.get('seeds'))}'`);
  const stepsFlag = args.flags.get('steps');
  const steps = stepsFlag === undefined ? undefined : Number(stepsFlag);
  if (steps !== undefined && !(Number.isInteger(steps) && steps >= 1))
    fail(`--steps must be a whole number ≥ 1, got '${String(stepsFlag)}'`);
  const out = String(args.flags.get('out') ?? join(pipeline.root, CROSS_CHECK_FILE));
  const python = args.flags.get('python');
  const { found, tried } = findTorchPython(typeof python === 'string' ? python : undefined);
  if (found === null) fail(`no python with torch found (${tried.join('; ')}); install Debian's python3-torch and libopenblas0-pthread`);

  const params = await loadParams(pipeline);
  let job: CrossCheckJob;
  try {
    job = crossCheckJob(params, seeds, steps);
  } catch (error) {
    fail((error as Error).message);
  }

  process.stderr.write(
    `crosscheck: ${found.python} (torch ${found.torchVersion}), seeds ${seeds.join(', ')}, experiments ${CROSS_CHECK_EXPERIMENTS.join(', ')}\n`,
  );
  const started = performance.now();
  // one single-threaded process per seed, as many at once as there are cores: each seed's models depend on its
  // own generator only, so splitting by seed changes no number
  const queue = [...seeds];
  const parts: TrainedByTorch[] = [];
  const worker = async (): Promise<void> => {
    for (let seed = queue.shift(); seed !== undefined; seed = queue.shift())
      parts.push(await trainWithTorch(found.python, { ...job, seeds: [seed] }));
  };
  await Promise.all(Array.from({ length: Math.min(seeds.length, availableParallelism()) }, worker));
  const trained = mergeSeedRuns(job, parts);
  const results: CrossCheckResults = {
    command: `npm run crosscheck -- ${process.argv.slice(2).join(' ')}`.trim(),
    seconds: Math.round((performance.now() - started) / 1000),
    job,
    ...trained,
  };
  await writeFileAtomic(out, `${JSON.stringify(results)}\n`);
  process.stderr.write(`crosscheck: wrote ${out} in ${results.seconds} s\n`);
}

await main();
