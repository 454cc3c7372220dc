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

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TorchJob } from './workloads.ts';

export const TORCH_SCRIPT = fileURLToPath(new URL('./torch_reference.py', import.meta.url));

export interface PythonFound {
  python: string;
  torchVersion: string;
}

/** The first candidate python that imports torch, or the reasons none did. */
export function findTorchPython(explicit?: string): { found: PythonFound | null; tried: string[] } {
  const candidates = explicit !== undefined ? [explicit] : [process.env['TMS_BENCH_PYTHON'], 'python3', '/usr/bin/python3'];
  const tried: string[] = [];
  const seen = new Set<string>();
  for (const python of candidates) {
    if (python === undefined || python === '' || seen.has(python)) continue;
    seen.add(python);
    const r = spawnSync(python, ['-c', 'import torch, sys; print(torch.__version__); print(sys.version.split()[0])'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.error !== undefined) {
      tried.push(`${python}: ${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : r.error.message}`);
      continue;
    }
    if (r.status !== 0) {
      const last = (r.stderr ?? '').trim().split('\n').pop() ?? `exit ${r.status}`;
      tried.push(`${python}: ${last}`);
      continue;
    }
    const [torchVersion = '?'] = r.stdout.trim().split('\n');
    return { found: { python, torchVersion }, tried };
  }
  return { found: null, tried };
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
export interface TorchPeakLine {
  kind: 'peak';
  threads: number;
  gflops: number;
  size: number;
  method: string;
}
export interface TorchCheckLine {
  kind: 'check';
  ok: boolean;
  max_rel_err: number;
  blas_core: string | null;
}
export interface TorchResultLine {
  kind: 'result';
  workload: string;
  density: string | number;
  steps: number;
  seconds: number;
  best_seconds: number;
  mean_seconds: number;
  runs: number;
  steps_per_s: number;
  final_loss: number;
  torch_version: string;
  threads: number;
  blas: string;
  blas_core: string | null;
  variant: string;
}

export interface TorchRun {
  env: TorchEnvLine | null;
  peaks: TorchPeakLine[];
  check: TorchCheckLine | null;
  results: TorchResultLine[];
  /** 'native' or 'env' (see the module comment) */
  blasMode: BlasMode;
  /** CPU seconds the script reported for itself (all threads), or null */
  cpuSeconds: number | null;
  exitCode: number | null;
  /** set when the process failed */
  error?: string;
}

export type BlasMode = 'native' | 'env';

export interface TorchRunOptions {
  python: string;
  jobs: TorchJob[];
  threads?: number;
  peak?: boolean;
  blasMode?: BlasMode;
  variant?: 'bmm' | 'einsum';
  /** progress lines (the script's stderr) */
  onLog?: (line: string) => void;
}

function childEnv(mode: BlasMode): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (mode === 'native') {
    delete env['OPENBLAS_CORETYPE'];
    delete env['OPENBLAS_L2_SIZE'];
  }
  // OpenBLAS sizes its pool from this at load time; the script sets 1 (training) or 2 (peak) itself
  env['OPENBLAS_NUM_THREADS'] = '2';
  env['PYTHONUNBUFFERED'] = '1';
  return env;
}

/** Runs torch_reference.py once; resolves with everything it printed, parsed. */
export function runTorchOnce(options: TorchRunOptions): Promise<TorchRun> {
  const mode = options.blasMode ?? 'native';
  const dir = mkdtempSync(join(tmpdir(), 'tms-bench-'));
  const jobsPath = join(dir, 'jobs.json');
  writeFileSync(jobsPath, JSON.stringify(options.jobs));
  const args = [
    TORCH_SCRIPT,
    '--jobs',
    jobsPath,
    '--threads',
    String(options.threads ?? 1),
    '--check',
    '--variant',
    options.variant ?? 'bmm',
  ];
  if (options.peak === true) args.push('--peak');
  const run: TorchRun = { env: null, peaks: [], check: null, results: [], blasMode: mode, cpuSeconds: null, exitCode: null };
  return new Promise((resolve) => {
    const child = spawn(options.python, args, { env: childEnv(mode), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let errTail = '';
    const parseLines = (final: boolean) => {
      const lines = out.split('\n');
      out = final ? '' : (lines.pop() ?? '');
      for (const line of lines) {
        if (line.trim() === '') continue;
        try {
          const obj = JSON.parse(line) as { kind: string };
          if (obj.kind === 'env') run.env = obj as TorchEnvLine;
          else if (obj.kind === 'peak') run.peaks.push(obj as TorchPeakLine);
          else if (obj.kind === 'check') run.check = obj as TorchCheckLine;
          else if (obj.kind === 'result') run.results.push(obj as TorchResultLine);
          else if (obj.kind === 'usage') run.cpuSeconds = (obj as unknown as { cpu_seconds: number }).cpu_seconds;
          else if (obj.kind === 'error') run.error = (obj as unknown as { error: string }).error;
        } catch {
          options.onLog?.(line);
        }
      }
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      parseLines(false);
    });
    child.stderr.on('data', (chunk: string) => {
      err += chunk;
      const lines = err.split('\n');
      err = lines.pop() ?? '';
      for (const line of lines) {
        errTail = `${errTail}\n${line}`.slice(-2000);
        options.onLog?.(line);
      }
    });
    child.on('error', (error) => {
      run.error = error.message;
    });
    child.on('close', (code) => {
      parseLines(true);
      if (err !== '') {
        errTail = `${errTail}\n${err}`.slice(-2000);
        options.onLog?.(err);
      }
      run.exitCode = code;
      if (code !== 0 && run.error === undefined) {
        const last = errTail.trim().split('\n').pop() ?? '';
        run.error = `torch_reference.py exited ${code}${last !== '' ? `: ${last}` : ''}`;
      }
      rmSync(dir, { recursive: true, force: true });
      resolve(run);
    });
  });
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
