// What the two reference implementations share (bench/torch.ts: PyTorch, bench/jax.ts: JAX): finding a
// python that imports the framework, and running a reference script once with the workloads as
// `--jobs JOBS.json` (and the model check's batches as `--eval CASES.json`, bench/model-check.ts), reading
// the JSON lines it prints (the protocol of bench/torch_reference.py's docstring, which
// bench/jax_reference.py follows) while passing its stderr on as progress.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvalCase, EvalLine } from './model-check.ts';
import type { ReferenceJob } from './workloads.ts';

/** The project's virtualenv python (`.venv/bin/python`), where the README installs JAX. */
export const VENV_PYTHON = fileURLToPath(new URL('../.venv/bin/python', import.meta.url));

export interface PythonFound {
  python: string;
  /** the framework's __version__ */
  version: string;
}

/**
 * The first candidate python that can `import <module>` (e.g. 'torch', 'jax'), or the reasons none did.
 * Empty and repeated candidates are skipped.
 */
export function findPython(module: string, candidates: ReadonlyArray<string | undefined>): { found: PythonFound | null; tried: string[] } {
  const tried: string[] = [];
  const seen = new Set<string>();
  for (const python of candidates) {
    if (python === undefined || python === '' || seen.has(python)) continue;
    seen.add(python);
    const r = spawnSync(python, ['-c', `import ${module}; print(${module}.__version__)`], { encoding: 'utf8', timeout: 120_000 });
    if (r.error !== undefined) {
      tried.push(`${python}: ${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : r.error.message}`);
      continue;
    }
    if (r.status !== 0) {
      const last = (r.stderr ?? '').trim().split('\n').pop() ?? `exit ${r.status}`;
      tried.push(`${python}: ${last}`);
      continue;
    }
    const [version = '?'] = r.stdout.trim().split('\n');
    return { found: { python, version }, tried };
  }
  return { found: null, tried };
}

export interface ReferencePeakLine {
  kind: 'peak';
  threads: number;
  gflops: number;
  size: number;
  method: string;
}
export interface ReferenceCheckLine {
  kind: 'check';
  ok: boolean;
  max_rel_err: number;
}
/** One workload's timing, as both scripts print it (each adds its own version fields). */
export interface ReferenceResultLine {
  kind: 'result';
  workload: string;
  /** the core/models/ kind trained */
  model: string;
  density: string | number;
  steps: number;
  /** median timed run */
  seconds: number;
  best_seconds: number;
  mean_seconds: number;
  runs: number;
  steps_per_s: number;
  /** the process's CPU time over the timed runs' wall time (≈ 1 on one thread; less on a busy machine) */
  cores_used: number | null;
  final_loss: number;
  threads: number;
  variant: string;
}

export interface ReferenceRun<
  Env,
  Result extends ReferenceResultLine = ReferenceResultLine,
  Check extends ReferenceCheckLine = ReferenceCheckLine,
> {
  env: Env | null;
  peaks: ReferencePeakLine[];
  check: Check | null;
  /** the answers to the --eval cases, in their order */
  evals: EvalLine[];
  results: Result[];
  /** CPU seconds the script reported for itself (all threads), or null */
  cpuSeconds: number | null;
  exitCode: number | null;
  /** set when the process failed */
  error?: string;
}

export interface ScriptRunOptions {
  python: string;
  script: string;
  /** arguments after the script and `--jobs FILE` */
  args: readonly string[];
  jobs: readonly ReferenceJob[];
  /** batches to evaluate first (--eval), for the model check; none: no --eval */
  evalCases?: readonly EvalCase[];
  env: NodeJS.ProcessEnv;
  /** progress lines (the script's stderr, and any stdout line that is not JSON) */
  onLog?: (line: string) => void;
}

/** Runs one reference script once; resolves with everything it printed, parsed. */
export function runReferenceScript<Env, Result extends ReferenceResultLine, Check extends ReferenceCheckLine>(
  options: ScriptRunOptions,
): Promise<ReferenceRun<Env, Result, Check>> {
  const dir = mkdtempSync(join(tmpdir(), 'tms-bench-'));
  const jobsPath = join(dir, 'jobs.json');
  writeFileSync(jobsPath, JSON.stringify(options.jobs));
  const evalArgs: string[] = [];
  if (options.evalCases !== undefined && options.evalCases.length > 0) {
    const evalPath = join(dir, 'eval.json');
    writeFileSync(evalPath, JSON.stringify(options.evalCases));
    evalArgs.push('--eval', evalPath);
  }
  const name = options.script.split(/[/\\]/).pop() ?? options.script;
  const run: ReferenceRun<Env, Result, Check> = {
    env: null,
    peaks: [],
    check: null,
    evals: [],
    results: [],
    cpuSeconds: null,
    exitCode: null,
  };
  return new Promise((resolve) => {
    const child = spawn(options.python, [options.script, '--jobs', jobsPath, ...evalArgs, ...options.args], {
      env: { ...options.env, PYTHONUNBUFFERED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let errTail = '';
    const parseLines = (final: boolean) => {
      const lines = out.split('\n');
      out = final ? '' : (lines.pop() ?? '');
      for (const line of lines) {
        if (line.trim() === '') continue;
        let obj: { kind?: unknown };
        try {
          obj = JSON.parse(line) as { kind?: unknown };
        } catch {
          options.onLog?.(line);
          continue;
        }
        if (obj.kind === 'env') run.env = obj as Env;
        else if (obj.kind === 'peak') run.peaks.push(obj as ReferencePeakLine);
        else if (obj.kind === 'check') run.check = obj as Check;
        else if (obj.kind === 'eval') run.evals.push(obj as EvalLine);
        else if (obj.kind === 'result') run.results.push(obj as Result);
        else if (obj.kind === 'usage') run.cpuSeconds = (obj as { cpu_seconds: number }).cpu_seconds;
        else if (obj.kind === 'error') run.error = (obj as { error: string }).error;
        else options.onLog?.(line);
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
        run.error = `${name} exited ${code}${last !== '' ? `: ${last}` : ''}`;
      }
      rmSync(dir, { recursive: true, force: true });
      resolve(run);
    });
  });
}
