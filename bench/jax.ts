// Finding and running the JAX reference (bench/jax_reference.py) from the bench, beside PyTorch's
// (bench/torch.ts; what they share is bench/reference.ts).
//
// Python: --jax-python PATH, else $TMS_BENCH_JAX_PYTHON, else the project's virtualenv (.venv/bin/python,
// where the README installs JAX's CPU wheels: `.venv/bin/pip install jax`), else `python3` on PATH, else
// /usr/bin/python3 — the first that can `import jax`.
//
// One thread: the script itself sets XLA_FLAGS (JAX_ONE_THREAD_FLAGS, appended to any set) and pins its
// process to one CPU before it imports JAX (see its docstring for why both); the bench adds nothing to the
// environment but JAX_PLATFORMS=cpu, so a machine with a GPU build of jaxlib still measures the CPU.

import { fileURLToPath } from 'node:url';
import {
  findPython,
  runReferenceScript,
  VENV_PYTHON,
  type ReferenceCheckLine,
  type ReferenceResultLine,
  type ReferenceRun,
} from './reference.ts';
import type { EvalCase } from './model-check.ts';
import type { ReferenceJob } from './workloads.ts';

export const JAX_SCRIPT = fileURLToPath(new URL('./jax_reference.py', import.meta.url));

/** What jax_reference.py adds to XLA_FLAGS for one thread (documented in the README's benchmark section). */
export const JAX_ONE_THREAD_FLAGS = '--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1';

/** The first candidate python that imports jax, or the reasons none did. */
export function findJaxPython(explicit?: string): ReturnType<typeof findPython> {
  const candidates =
    explicit !== undefined ? [explicit] : [process.env['TMS_BENCH_JAX_PYTHON'], VENV_PYTHON, 'python3', '/usr/bin/python3'];
  return findPython('jax', candidates);
}

export interface JaxEnvLine {
  kind: 'env';
  jax_version: string;
  jaxlib_version: string;
  python: string;
  executable: string;
  variant: string;
  threads: number;
  /** XLA_FLAGS as the script ran with them */
  xla_flags: string | null;
  /** the CPUs the process was pinned to, or null when it was not */
  affinity: number[] | null;
  /** the PRNG implementation, 'threefry2x32' */
  prng: string;
  devices: string[];
}

export interface JaxResultLine extends ReferenceResultLine {
  jax_version: string;
}

export type JaxRun = ReferenceRun<JaxEnvLine, JaxResultLine>;

export interface JaxRunOptions {
  python: string;
  jobs: ReferenceJob[];
  /** batches to evaluate first (bench/model-check.ts) */
  evalCases?: readonly EvalCase[];
  /** progress lines (the script's stderr) */
  onLog?: (line: string) => void;
}

/** Runs jax_reference.py once on one thread, after its float32-vs-float64 gradient check. */
export function runJaxReference(options: JaxRunOptions): Promise<JaxRun> {
  return runReferenceScript<JaxEnvLine, JaxResultLine, ReferenceCheckLine>({
    python: options.python,
    script: JAX_SCRIPT,
    args: ['--threads', '1', '--check'],
    jobs: options.jobs,
    ...(options.evalCases !== undefined ? { evalCases: options.evalCases } : {}),
    env: { ...process.env, JAX_PLATFORMS: 'cpu' },
    ...(options.onLog !== undefined ? { onLog: options.onLog } : {}),
  });
}
