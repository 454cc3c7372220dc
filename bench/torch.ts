// Finding and running the PyTorch reference (bench/torch_reference.py) from the bench.
//
// Python: --python PATH, else $TMS_BENCH_PYTHON, else `python3` on PATH, else /usr/bin/python3 — the first
// that can `import torch`. Debian's python3-torch (1.13, system OpenBLAS) is the reference that
// shared/guide/performance.md measured.
//
// BLAS environment. This workplace may set OPENBLAS_CORETYPE (and OPENBLAS_L2_SIZE) because older OpenBLAS
// builds compute wrong results or crash on some CPUs; they force a generic kernel (e.g. Haswell/AVX2) and
// so slow OpenBLAS down. Mode 'native' (the default) runs the reference with both unset, so OpenBLAS picks
// its own kernel for this CPU — the fastest honest PyTorch — and the script first checks float32 gradients
// against float64 (--check); if that check fails the bench reruns with the environment as it is. Mode
// 'env' keeps the variables. Either way the kernel OpenBLAS used is reported (blas_core).
//
// Allocator. PyTorch allocates fresh tensors every step; with glibc's default thresholds large ones are
// mmap'ed and unmapped each time, and the page faults cost 10–20 % on C and D (performance.md, "Measure the
// references at their best"). The child runs with GLIBC_TUNABLES=TORCH_GLIBC_TUNABLES unless the variable
// is already set.
//
// The protocol of the script and its JSON lines are shared with the JAX reference (bench/reference.ts).

import { fileURLToPath } from 'node:url';
import { findPython, runReferenceScript, type ReferenceCheckLine, type ReferenceResultLine, type ReferenceRun } from './reference.ts';
import type { EvalCase } from './model-check.ts';
import type { ReferenceJob } from './workloads.ts';

export const TORCH_SCRIPT = fileURLToPath(new URL('./torch_reference.py', import.meta.url));

export interface PythonFound {
  python: string;
  torchVersion: string;
}

/** The first candidate python that imports torch, or the reasons none did. */
export function findTorchPython(explicit?: string): { found: PythonFound | null; tried: string[] } {
  const candidates = explicit !== undefined ? [explicit] : [process.env['TMS_BENCH_PYTHON'], 'python3', '/usr/bin/python3'];
  const { found, tried } = findPython('torch', candidates);
  return { found: found === null ? null : { python: found.python, torchVersion: found.version }, tried };
}

export interface TorchEnvLine {
  kind: 'env';
  torch_version: string;
  python: string;
  executable: string;
  variant: string;
  threads: number;
  blas: string;
  blas_core: string | null;
  blas_threads: number | null;
  OPENBLAS_CORETYPE: string | null;
}
export interface TorchCheckLine extends ReferenceCheckLine {
  blas_core: string | null;
}
export interface TorchResultLine extends ReferenceResultLine {
  torch_version: string;
  blas: string;
  blas_core: string | null;
}

export interface TorchRun extends ReferenceRun<TorchEnvLine, TorchResultLine, TorchCheckLine> {
  /** 'native' or 'env' (see the module comment) */
  blasMode: BlasMode;
}

export type BlasMode = 'native' | 'env';

export interface TorchRunOptions {
  python: string;
  jobs: ReferenceJob[];
  /** batches to evaluate first (bench/model-check.ts) */
  evalCases?: readonly EvalCase[];
  threads?: number;
  peak?: boolean;
  blasMode?: BlasMode;
  variant?: 'bmm' | 'einsum';
  /** progress lines (the script's stderr) */
  onLog?: (line: string) => void;
}

/** Large tensors stay on the heap and freed memory is kept (see the module comment). */
export const TORCH_GLIBC_TUNABLES = 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=17179869184';

function childEnv(mode: BlasMode): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (mode === 'native') {
    delete env['OPENBLAS_CORETYPE'];
    delete env['OPENBLAS_L2_SIZE'];
  }
  // OpenBLAS sizes its pool from this at load time; the script sets 1 (training) or 2 (peak) itself
  env['OPENBLAS_NUM_THREADS'] = '2';
  env['GLIBC_TUNABLES'] ??= TORCH_GLIBC_TUNABLES;
  return env;
}

/** Runs torch_reference.py once; resolves with everything it printed, parsed. */
export async function runTorchOnce(options: TorchRunOptions): Promise<TorchRun> {
  const mode = options.blasMode ?? 'native';
  const args = ['--threads', String(options.threads ?? 1), '--check', '--variant', options.variant ?? 'bmm'];
  if (options.peak === true) args.push('--peak');
  const run = await runReferenceScript<TorchEnvLine, TorchResultLine, TorchCheckLine>({
    python: options.python,
    script: TORCH_SCRIPT,
    args,
    jobs: options.jobs,
    ...(options.evalCases !== undefined ? { evalCases: options.evalCases } : {}),
    env: childEnv(mode),
    ...(options.onLog !== undefined ? { onLog: options.onLog } : {}),
  });
  return { ...run, blasMode: mode };
}

/**
 * Runs the reference in `blasMode` ('native' by default); when its float32-vs-float64 check fails there,
 * reruns with the BLAS environment as set ('env').
 */
export async function runTorchReference(options: TorchRunOptions): Promise<TorchRun> {
  const mode = options.blasMode ?? 'native';
  const first = await runTorchOnce({ ...options, blasMode: mode });
  if (mode === 'native' && first.check !== null && !first.check.ok) {
    options.onLog?.(
      `[torch] OpenBLAS's own kernel (${first.check.blas_core ?? '?'}) failed the gradient check; rerunning with OPENBLAS_CORETYPE as set`,
    );
    const second = await runTorchOnce({ ...options, blasMode: 'env' });
    second.cpuSeconds = (second.cpuSeconds ?? 0) + (first.cpuSeconds ?? 0);
    return second;
  }
  return first;
}
