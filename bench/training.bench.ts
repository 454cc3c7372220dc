// Training throughput benchmark (npm run bench): every engine on every workload of
// shared/guide/performance.md and on the later experiments' models, side by side with two references
// measured in the same run, PyTorch and JAX, each on one thread.
//
//   npm run bench                          A–D × densities sched, 0.01, 0.001, P and V; all engines; PyTorch, JAX (~6 min)
//   npm run bench -- --quick               A, B, P and V only, fewer iterations (~2 min)
//   npm run bench -- --smoke               every code path once: A, P, V at 3 steps, one timed run (numbers meaningless)
//   npm run bench -- --workloads C,D/0.01  shapes (A–D, P, V) or shape/density pairs
//   npm run bench -- --densities sched     keep only these of each shape's densities (sched, 0.01, 0.001)
//   npm run bench -- --engines tfjs-wasm,fused   engines whose id starts with one of these
//   npm run bench -- --scale 4             4× the steps of every timed run (steadier, 4× longer)
//   npm run bench -- --no-torch | --no-jax       skip a reference
//   npm run bench -- --python /usr/bin/python3   the python that imports torch (default: python3, /usr/bin/python3)
//   npm run bench -- --jax-python PATH     the python that imports jax (default: .venv/bin/python, python3, /usr/bin/python3)
//   npm run bench -- --torch-blas env      keep OPENBLAS_CORETYPE as set (default: OpenBLAS picks its kernel; bench/torch.ts)
//   npm run bench -- --out DIR | --no-report     where results.{json,md} and throughput.svg go (default reports/bench)
//   npm run bench -- --wait-quiet 300     first wait (up to 300 s) until other processes leave the CPU
//   npm run bench -- --fused PATH          benchmark another build of the fused engine module (default model/fused/engine.ts)
//
// Engines (bench/engines.ts): tfjs on each available backend (wasm; cpu on A, B and P only; the native
// tfjs-node on 1 and 2 TensorFlow threads and tfjs-node-gpu where `npm run setup:native` installed them, each
// in a process of its own), the fused wasm engine with 1 and 2 threads. Workloads (bench/workloads.ts): the notebook recipe, batch
// 1024, AdamW; A–D train the paper's first model (relu-output) through the engines' own trainers, P
// (relu-hidden, 10 → 5, 12 instances) and V (untied-abs, 100 → 40, 7 instances) go through model/engine.ts
// trainModelWithEngine as stages/train.ts calls it. One timed run = one engine call training `steps` steps
// from the initial weights (data generation, forward, backward, optimizer); warm-up first, then timed runs
// with tinybench (at least the plan's `iterations`, more until 1 s is measured); steps/s from the median
// run. PyTorch (bench/torch_reference.py) and JAX (bench/jax_reference.py: one jit-compiled lax.fori_loop
// per run, threefry PRNG), both on 1 thread, run the same models and step plans; a missing one is named in
// one loud line and the rest runs. The table goes to stdout, then the targets: per workload and model, the
// fused engine's ratio to the faster reference on 1 and 2 threads, every row below its target flagged
// (report.ts TARGETS); progress goes to stderr.
//
// Other processes on the machine disturb every number: bench/load.ts measures their CPU use during each
// row (from /proc/stat, less this process's and the PyTorch child's own CPU time); rows measured while
// they used 0.15 cores or more are marked † in the table.

import { spawnSync } from 'node:child_process';
import { cpus, platform, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, chooseBackend, availableBackends } from '../model/backend.ts';
import { appliesTo, discoverEngines, tfjsEngine, type Engine, type NativeEngine } from './engines.ts';
import { findJaxPython, JAX_ONE_THREAD_FLAGS, runJaxReference } from './jax.ts';
import { checkModels, evalCase, type EvalCase, type EvalLine } from './model-check.ts';
import type { ReferenceResultLine } from './reference.ts';
import {
  disturbedNote,
  fmtNumber,
  JAX_ENGINE,
  machineLines,
  peakLine,
  ratiosTo,
  ratioSummary,
  resultsTable,
  targetReport,
  TORCH_ENGINE,
  writeReport,
  type BenchResults,
  type MachineInfo,
  type Peak,
  type ReferenceRates,
  type ResultRow,
} from './report.ts';
import { FOREIGN_LOAD_WARNING, foreignCores, markLoad } from './load.ts';
import { findTorchPython, runTorchReference, type BlasMode, type TorchRun } from './torch.ts';
import {
  FLOPS_CONVENTION,
  SHAPE_IDS,
  densityLabel,
  flopsPerStep,
  isTiedWorkload,
  makeGroup,
  makeModelGroup,
  makeWorkloads,
  parseDensity,
  parseWorkloadFilter,
  referenceJob,
  type Density,
  type ShapeId,
  type Workload,
} from './workloads.ts';

interface Options {
  quick: boolean;
  /** every code path once, at the smallest settings (bench/workloads.ts SMOKE_PLAN) */
  smoke: boolean;
  workloads: string | null;
  densities: Density[] | null;
  engines: string[] | null;
  scale: number;
  torch: boolean;
  python: string | undefined;
  jax: boolean;
  jaxPython: string | undefined;
  torchBlas: BlasMode;
  out: string | null;
  /** the fused engine's module (default model/fused/engine.ts) */
  fused: string | undefined;
  /** wait up to this many seconds for other processes to leave the CPU before measuring */
  waitQuiet: number;
  /** internal: measure only tfjs on this native backend and thread count ('node:2') and print the results as JSON */
  nativeChild: string | null;
}

const USAGE = `usage: npm run bench -- [--quick | --smoke] [--workloads A,B,P,V|C/0.01,...] [--densities sched,0.01,0.001]
  [--engines tfjs-wasm,tfjs-cpu,fused] [--scale K] [--no-torch] [--python PATH] [--torch-blas native|env]
  [--no-jax] [--jax-python PATH] [--out DIR | --no-report] [--fused PATH-TO-ENGINE-MODULE] [--wait-quiet SECONDS]`;

export function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    quick: false,
    smoke: false,
    workloads: null,
    densities: null,
    engines: null,
    scale: 1,
    torch: true,
    python: undefined,
    jax: true,
    jaxPython: undefined,
    torchBlas: 'native',
    out: 'reports/bench',
    fused: undefined,
    waitQuiet: 0,
    nativeChild: null,
  };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++k];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--quick':
        o.quick = true;
        break;
      case '--smoke':
        o.smoke = true;
        break;
      case '--workloads':
        o.workloads = value();
        break;
      case '--densities':
        o.densities = value()
          .split(',')
          .map((s) => parseDensity(s.trim()));
        break;
      case '--engines':
        o.engines = value()
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        break;
      case '--scale':
        o.scale = Number(value());
        if (!(o.scale > 0)) throw new Error(`--scale must be a positive number\n${USAGE}`);
        break;
      case '--no-torch':
        o.torch = false;
        break;
      case '--python':
        o.python = value();
        break;
      case '--no-jax':
        o.jax = false;
        break;
      case '--jax-python':
        o.jaxPython = value();
        break;
      case '--torch-blas': {
        const v = value();
        if (v !== 'native' && v !== 'env') throw new Error(`--torch-blas must be native or env\n${USAGE}`);
        o.torchBlas = v;
        break;
      }
      case '--out':
        o.out = value();
        break;
      case '--no-report':
        o.out = null;
        break;
      case '--wait-quiet':
        o.waitQuiet = Number(value());
        if (!(o.waitQuiet >= 0)) throw new Error(`--wait-quiet needs a number of seconds\n${USAGE}`);
        break;
      case '--fused':
        o.fused = resolve(value());
        break;
      case '--native-child':
        o.nativeChild = value();
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option '${arg}'\n${USAGE}`);
    }
  }
  return o;
}

export function selectWorkloads(o: Pick<Options, 'quick' | 'smoke' | 'workloads' | 'densities' | 'scale'>): Workload[] {
  const common = { quick: o.quick, smoke: o.smoke, scale: o.scale, ...(o.densities !== null ? { densities: o.densities } : {}) };
  if (o.workloads === null) return makeWorkloads(common);
  const { shapes, pairs } = parseWorkloadFilter(o.workloads);
  const picked = shapes.length > 0 ? makeWorkloads({ ...common, shapes }) : [];
  for (const pair of pairs) {
    const [shape, density] = pair.split('/') as [ShapeId, string];
    const exact = { ...common, shapes: [shape], densities: [parseDensity(density)], exact: true };
    for (const w of makeWorkloads(exact)) {
      if (!picked.some((v) => v.id === w.id)) picked.push(w);
    }
  }
  return picked.sort((a, b) => SHAPE_IDS.indexOf(a.shape.id) - SHAPE_IDS.indexOf(b.shape.id));
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function machineInfo(): MachineInfo {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown CPU',
    cores: cpu.length,
    memoryGiB: totalmem() / 2 ** 30,
    os: `${platform()} ${release()}`,
    node: process.version,
    tfjs: tf.version_core,
    torch: null,
    blas: null,
    jax: null,
    date: new Date().toISOString(),
  };
}

/** Fallback peak without a BLAS reference: a square float32 tf.matMul on tfjs-wasm (XNNPACK, 1 thread). */
async function tfjsPeak(): Promise<Peak | null> {
  if (!availableBackends().includes('wasm')) return null;
  await initBackend(chooseBackend('wasm'));
  const n = 1024;
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  let best = 0;
  try {
    for (let r = 0; r < 6; r++) {
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      c.dataSync();
      const dt = (performance.now() - t0) / 1000;
      c.dispose();
      if (r > 0) best = Math.max(best, (2 * n ** 3) / dt / 1e9);
    }
  } finally {
    a.dispose();
    b.dispose();
  }
  return {
    byThreads: { 1: best },
    method: `tfjs-wasm tf.matMul float32 ${n}², best of 5 (no BLAS reference found: python with torch is missing)`,
  };
}

/**
 * Other processes' CPU use (cores) over one second; with `maxSeconds` > 0, keeps sampling until it is
 * below FOREIGN_LOAD_WARNING or that long has passed. Returns the last sample (null off Linux).
 */
async function waitQuiet(maxSeconds: number): Promise<number | null> {
  const deadline = performance.now() + maxSeconds * 1000;
  let announced = false;
  for (;;) {
    const start = markLoad();
    await new Promise((r) => setTimeout(r, 1000));
    const load = foreignCores(start, markLoad());
    if (load === null || load < FOREIGN_LOAD_WARNING || performance.now() >= deadline) return load;
    if (!announced) {
      log(`waiting up to ${maxSeconds} s for a quiet machine (other processes use ${load.toFixed(2)} cores)`);
      announced = true;
    }
  }
}

interface Measured {
  seconds: number;
  runs: number;
  rme: number | null;
  finalLoss: number | null;
  foreignLoad: number | null;
  error?: string;
}

function lastLoss(curve: Float32Array, instances: number): number | null {
  if (curve.length < instances) return null;
  let s = 0;
  for (let i = curve.length - instances; i < curve.length; i++) s += curve[i] as number;
  return s / instances;
}

/**
 * One training call of `steps` steps of a workload on an engine: the paper's first model as a TrainingGroup
 * (engine.train), any other as a ModelTrainingGroup (engine.trainModel), each built once, outside the timing.
 */
function trainer(engine: Engine, w: Workload, steps: number): () => Promise<{ lossCurve: Float32Array }> {
  if (isTiedWorkload(w)) {
    const group = makeGroup(w, steps);
    return () => engine.train(group);
  }
  const trainModel = engine.trainModel;
  if (trainModel === undefined) throw new Error(`${engine.id} cannot train ${w.shape.model}`);
  const group = makeModelGroup(w, steps);
  return () => trainModel(group);
}

/** All applicable workloads on one engine: one tinybench task per workload, warm-up in its beforeAll. */
async function benchEngine(engine: Engine, workloads: Workload[]): Promise<Map<string, Measured>> {
  await engine.prepare();
  const out = new Map<string, Measured>();
  for (const w of workloads.filter((wl) => appliesTo(engine, wl))) {
    const train = trainer(engine, w, w.plan.steps);
    const warm = trainer(engine, w, w.plan.warmupSteps);
    let lastResult: { lossCurve: Float32Array } | null = null;
    const bench = new Bench({
      name: engine.id,
      iterations: w.plan.iterations,
      time: w.plan.minSeconds * 1000,
      warmup: false,
      throws: false,
    });
    bench.add(
      w.id,
      async () => {
        lastResult = await train();
      },
      {
        beforeAll: async () => {
          if (w.plan.warmupSteps > 0) await warm();
        },
      },
    );
    const t0 = performance.now();
    const before = markLoad();
    await bench.run();
    const foreignLoad = foreignCores(before, markLoad());
    const task = bench.getTask(w.id);
    const result = task?.result;
    if (result === undefined || !('latency' in result)) {
      const error = result !== undefined && 'error' in result ? String((result as { error: unknown }).error) : 'no result';
      log(`  ${engine.id} ${w.id}: FAILED (${error.split('\n')[0]})`);
      out.set(w.id, { seconds: NaN, runs: 0, rme: null, finalLoss: null, foreignLoad, error: error.split('\n')[0] ?? error });
      continue;
    }
    const seconds = result.latency.p50 / 1000;
    const final = lastResult as { lossCurve: Float32Array } | null;
    out.set(w.id, {
      seconds,
      runs: result.latency.samplesCount,
      rme: result.latency.rme,
      finalLoss: final === null ? null : lastLoss(final.lossCurve, w.shape.instances),
      foreignLoad,
    });
    log(
      `  ${engine.id.padEnd(10)} ${w.id.padEnd(8)} ${w.shape.model.padEnd(11)} ${fmtNumber(w.plan.steps / seconds).padStart(7)} steps/s ` +
        `(${result.latency.samplesCount} × ${w.plan.steps} steps, ±${result.latency.rme.toFixed(1)} %, ${((performance.now() - t0) / 1000).toFixed(1)} s)` +
        (foreignLoad !== null && foreignLoad >= FOREIGN_LOAD_WARNING
          ? ` — other processes used ${foreignLoad.toFixed(2)} cores meanwhile`
          : ''),
    );
  }
  return out;
}

function row(
  engine: { id: string; label: string; threads: number },
  w: Workload,
  m: Measured,
  peak: Peak | null,
  refs: ReferenceRates,
): ResultRow {
  const stepsPerS = w.plan.steps / m.seconds;
  const gflops = (stepsPerS * flopsPerStep(w.shape)) / 1e9;
  const peakG = peak?.byThreads[engine.threads];
  const r: ResultRow = {
    engine: engine.id,
    label: engine.label,
    threads: engine.threads,
    workload: w.id,
    model: w.shape.model,
    shape: w.shape.id,
    density: densityLabel(w.density),
    steps: w.plan.steps,
    runs: m.runs,
    seconds: m.seconds,
    stepsPerS,
    gflops,
    peakFraction: peakG !== undefined && peakG > 0 ? gflops / peakG : null,
    ...ratiosTo(stepsPerS, refs),
    rme: m.rme,
    finalLoss: m.finalLoss,
    foreignLoad: m.foreignLoad,
  };
  if (m.error !== undefined) r.error = m.error;
  return r;
}

/** A reference's results in this run, or why there are none. */
interface ReferenceOutcome {
  /** TORCH_ENGINE or JAX_ENGINE */
  id: string;
  results: ReferenceResultLine[];
  /** one line for the table's header and the report: how it ran, or why it did not */
  note: string;
  /** the rows' label: version, formulation, threads */
  label: string;
  /** other processes' CPU use (cores) while it ran, or null */
  foreignLoad: number | null;
}

/** Says loudly, in one line, that a reference is missing and that the rest runs without it. */
function missingReference(name: string, why: string): void {
  log(`!!! ${name} reference NOT AVAILABLE: ${why} — the benchmark runs without it !!!`);
}

/** The check batches of the models a run's workloads train (bench/model-check.ts). */
function modelCases(workloads: readonly Workload[]): EvalCase[] {
  return [...new Set(workloads.map((w) => w.shape.model))].map(evalCase);
}

/**
 * Holds a reference's models to core/models/ (bench/model-check.ts): the results of a model whose loss
 * and gradients disagree are dropped, and that is said loudly; returns the rest and a note for the header.
 */
function modelAgreement<R extends ReferenceResultLine>(
  name: string,
  cases: readonly EvalCase[],
  evals: readonly EvalLine[],
  results: readonly R[],
): { results: R[]; note: string } {
  const checked = [...checkModels(cases, evals)];
  const bad = checked.filter(([, v]) => !v.ok);
  for (const [model, v] of bad) {
    log(
      `!!! ${name} reference: its ${model} disagrees with core/models/${model}.ts (float64 loss and gradients, relative error ${v.error.toExponential(1)}): its ${model} rows are dropped !!!`,
    );
  }
  const worst = Math.max(0, ...checked.map(([, v]) => v.error));
  const note =
    bad.length === 0
      ? `its models agree with core/models/ (float64 loss and gradients of a batch each: max rel. error ${worst.toExponential(1)})`
      : `MODEL MISMATCH with core/models/: ${bad.map(([m, v]) => `${m} (rel. error ${v.error.toExponential(1)})`).join(', ')}: those rows dropped`;
  return { results: results.filter((r) => !bad.some(([m]) => m === r.model)), note };
}

/** The most cores a reference's timed runs used (its CPU time over their wall time), for its note. */
function coresNote(results: readonly ReferenceResultLine[]): string {
  const used = results.map((r) => r.cores_used).filter((c): c is number => c !== null && c !== undefined && Number.isFinite(c));
  return used.length === 0 ? '' : `; at most ${Math.max(...used).toFixed(2)} cores busy in a timed run`;
}

async function measureTorch(o: Options, workloads: Workload[], machine: MachineInfo): Promise<ReferenceOutcome & { run: TorchRun | null }> {
  const none = (note: string) => ({ id: TORCH_ENGINE, results: [], note, label: 'PyTorch', foreignLoad: null, run: null });
  if (!o.torch) return none('skipped (--no-torch)');
  const { found, tried } = findTorchPython(o.python);
  if (found === null) {
    const why = `no python with torch (${tried.join('; ')}); install e.g. Debian's python3-torch (apt-get install python3-torch)`;
    missingReference('PyTorch', why);
    return none(`not available: ${why}`);
  }
  log(`PyTorch reference: ${found.python} (torch ${found.torchVersion}), 1 thread, BLAS mode ${o.torchBlas}`);
  const before = markLoad();
  const cases = modelCases(workloads);
  const run = await runTorchReference({
    python: found.python,
    jobs: workloads.map(referenceJob),
    evalCases: cases,
    threads: 1,
    peak: true,
    blasMode: o.torchBlas,
    onLog: (line) => log(`  ${line}`),
  });
  const foreignLoad = run.cpuSeconds === null ? null : foreignCores(before, markLoad(), run.cpuSeconds);
  if (foreignLoad !== null && foreignLoad >= FOREIGN_LOAD_WARNING) {
    log(`PyTorch reference: other processes used ${foreignLoad.toFixed(2)} cores while it ran`);
  }
  const env = run.env;
  if (run.error !== undefined) log(`PyTorch reference failed: ${run.error}`);
  if (env !== null) {
    machine.torch = `${env.torch_version} (python ${env.python}, ${env.executable})`;
    machine.blas = `${env.blas} (kernel ${env.blas_core ?? '?'})`;
  }
  if (run.error !== undefined && run.results.length === 0) {
    missingReference('PyTorch', `it failed: ${run.error}`);
    return { ...none(`failed: ${run.error}`), run };
  }
  const coretype = process.env['OPENBLAS_CORETYPE'];
  const how =
    run.blasMode === 'native'
      ? `OPENBLAS_CORETYPE${coretype !== undefined ? `=${coretype}` : ''} unset so OpenBLAS picks its own kernel (${env?.blas_core ?? '?'})`
      : `OPENBLAS_CORETYPE as set (${env?.blas_core ?? '?'})`;
  const check =
    run.check === null ? 'no gradient check' : `float32 gradients vs float64: max rel. error ${run.check.max_rel_err.toExponential(1)}`;
  const agreed = modelAgreement('PyTorch', cases, run.evals, run.results);
  const note =
    `torch ${env?.torch_version ?? '?'} (${found.python}, ${env?.variant ?? 'bmm'} formulation), 1 thread ` +
    `(torch.set_num_threads(1) + openblas_set_num_threads(1)); ${how}; ${check}; ${agreed.note}; same workloads and step plans${coresNote(run.results)}`;
  const label = `PyTorch ${env?.torch_version ?? '?'} (${env?.variant ?? 'bmm'}, OpenBLAS kernel ${env?.blas_core ?? '?'}), 1 thread`;
  return { id: TORCH_ENGINE, results: agreed.results, note, label, foreignLoad, run };
}

async function measureJax(o: Options, workloads: Workload[], machine: MachineInfo): Promise<ReferenceOutcome> {
  const none = (note: string): ReferenceOutcome => ({ id: JAX_ENGINE, results: [], note, label: 'JAX', foreignLoad: null });
  if (!o.jax) return none('skipped (--no-jax)');
  const { found, tried } = findJaxPython(o.jaxPython);
  if (found === null) {
    const why = `no python with jax (${tried.join('; ')}); install its CPU wheels: .venv/bin/pip install jax`;
    missingReference('JAX', why);
    return none(`not available: ${why}`);
  }
  log(`JAX reference: ${found.python} (jax ${found.version}), 1 thread (XLA_FLAGS="${JAX_ONE_THREAD_FLAGS}", pinned to one CPU)`);
  const before = markLoad();
  const cases = modelCases(workloads);
  const run = await runJaxReference({
    python: found.python,
    jobs: workloads.map(referenceJob),
    evalCases: cases,
    onLog: (line) => log(`  ${line}`),
  });
  const foreignLoad = run.cpuSeconds === null ? null : foreignCores(before, markLoad(), run.cpuSeconds);
  if (foreignLoad !== null && foreignLoad >= FOREIGN_LOAD_WARNING) {
    log(`JAX reference: other processes used ${foreignLoad.toFixed(2)} cores while it ran`);
  }
  const env = run.env;
  if (env !== null) machine.jax = `${env.jax_version} (jaxlib ${env.jaxlib_version}, python ${env.python}, ${env.executable})`;
  if (run.error !== undefined) log(`JAX reference failed: ${run.error}`);
  if (run.results.length === 0) {
    const why = run.error ?? 'it printed no results';
    missingReference('JAX', `it failed: ${why}`);
    return { ...none(`failed: ${why}`), foreignLoad };
  }
  const check =
    run.check === null ? 'no gradient check' : `float32 gradients vs float64: max rel. error ${run.check.max_rel_err.toExponential(1)}`;
  const pinned = env?.affinity != null ? `, pinned to CPU ${env.affinity.join(',')}` : '';
  const agreed = modelAgreement('JAX', cases, run.evals, run.results);
  const note =
    `jax ${env?.jax_version ?? found.version} (${found.python}), jit + one lax.fori_loop per timed run, data drawn inside it ` +
    `(${env?.prng ?? 'threefry2x32'}), 1 thread (XLA_FLAGS="${env?.xla_flags ?? JAX_ONE_THREAD_FLAGS}"${pinned}); ${check}; ` +
    `${agreed.note}; same workloads and step plans${coresNote(run.results)}`;
  return {
    id: JAX_ENGINE,
    results: agreed.results,
    note,
    label: `JAX ${env?.jax_version ?? found.version} (jit + lax.fori_loop), 1 thread`,
    foreignLoad,
  };
}

/**
 * tfjs on a native backend, in a child process running this bench with --native-child: TensorFlow takes
 * its thread count from TF_NUM_INTRAOP_THREADS once, when libtensorflow starts (one op runs at a time,
 * so one inter-op thread). Its progress lines pass through; its results come back as JSON on stdout.
 */
function measureNativeChild(spec: NativeEngine): Map<string, Measured> {
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      import.meta.resolve('tsx'),
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
      '--native-child',
      `${spec.backend}:${spec.threads}`,
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TF_NUM_INTRAOP_THREADS: String(spec.threads), TF_NUM_INTEROP_THREADS: '1', TF_CPP_MIN_LOG_LEVEL: '2' },
      maxBuffer: 16 << 20,
    },
  );
  const lastLine =
    String(child.stdout ?? '')
      .trim()
      .split('\n')
      .pop() ?? '';
  if (child.status !== 0 || !lastLine.startsWith('[')) {
    log(`${spec.id}: its process failed (exit ${child.status ?? child.signal}); no rows`);
    return new Map();
  }
  return new Map(JSON.parse(lastLine) as Array<[string, Measured]>);
}

/** The --native-child side: tfjs on one native backend over the selected workloads, results as one JSON line. */
async function runNativeChild(spec: string, workloads: Workload[]): Promise<void> {
  const [backend, threads] = spec.split(':');
  if ((backend !== 'node' && backend !== 'node-gpu') || !(Number(threads) >= 1)) {
    throw new Error(`--native-child takes node:THREADS or node-gpu:THREADS, not '${spec}'`);
  }
  const engine = { ...tfjsEngine(backend), id: backend === 'node' ? `tfjs-node-${threads}t` : 'tfjs-node-gpu', threads: Number(threads) };
  const measured = await benchEngine(engine, workloads);
  process.stdout.write(`${JSON.stringify([...measured])}\n`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const o = parseArgs(process.argv.slice(2));
  const workloads = selectWorkloads(o);
  if (workloads.length === 0) throw new Error('no workload selected');
  if (o.nativeChild !== null) {
    await runNativeChild(o.nativeChild, workloads);
    return;
  }
  const machine = machineInfo();
  log(`bench: ${workloads.length} workload${workloads.length === 1 ? '' : 's'} (${workloads.map((w) => w.id).join(', ')})`);

  // 1. the references first (PyTorch also measures the sgemm peak), each alone on the machine
  const idleForeign = await waitQuiet(o.waitQuiet);
  if (idleForeign !== null) {
    log(
      `other processes' CPU use before the run: ${idleForeign.toFixed(2)} cores${idleForeign >= FOREIGN_LOAD_WARNING ? ' — the machine is not quiet; numbers will be noisy' : ''}`,
    );
  }
  const torch = await measureTorch(o, workloads, machine);
  const jax = await measureJax(o, workloads, machine);

  // 2. the sgemm peak: from the BLAS that torch uses, else from tfjs-wasm
  let peak: Peak | null = null;
  if (torch.run !== null && torch.run.peaks.length > 0) {
    const byThreads: Record<number, number> = {};
    for (const p of torch.run.peaks) byThreads[p.threads] = p.gflops;
    peak = {
      byThreads,
      method: `torch.mm float32 2048² on OpenBLAS kernel ${torch.run.env?.blas_core ?? '?'}, best of 5`,
    };
  } else {
    log('sgemm peak: no BLAS reference; measuring tfjs-wasm matMul instead');
    peak = await tfjsPeak();
  }
  log(peakLine(peak));

  // 3. our engines, after a 2-step smoke run on the first relu-output workload (A/sched when the run has only P or V)
  const tied = workloads.find(isTiedWorkload) ?? makeWorkloads({ shapes: ['A'], densities: ['sched'], exact: true })[0];
  const smoke = makeGroup(tied as Workload, 2);
  const { engines, native, skipped } = await discoverEngines(smoke, o.engines ?? undefined, o.fused);
  for (const s of skipped) log(`engine ${s.id} skipped: ${s.reason}`);
  const refsOf = (w: Workload): ReferenceRates => ({
    torch: torch.results.find((r) => r.workload === w.id)?.steps_per_s ?? null,
    jax: jax.results.find((r) => r.workload === w.id)?.steps_per_s ?? null,
  });

  const rows: ResultRow[] = [];
  for (const ref of [torch, jax]) {
    for (const r of ref.results) {
      const w = workloads.find((wl) => wl.id === r.workload);
      if (w === undefined) continue;
      const measured = { seconds: r.seconds, runs: r.runs, rme: null, finalLoss: r.final_loss, foreignLoad: ref.foreignLoad };
      rows.push(row({ id: ref.id, label: ref.label, threads: 1 }, w, measured, peak, refsOf(w)));
    }
  }
  for (const engine of engines) {
    const n = workloads.filter((w) => appliesTo(engine, w)).length;
    log(`${engine.id}: ${engine.label}; ${n} workload${n === 1 ? '' : 's'}`);
    const measured = await benchEngine(engine, workloads);
    for (const w of workloads) {
      const m = measured.get(w.id);
      if (m !== undefined) rows.push(row(engine, w, m, peak, refsOf(w)));
    }
    await engine.dispose?.();
  }
  for (const spec of native) {
    log(`${spec.id}: ${spec.label}; in a process of its own`);
    const measured = measureNativeChild(spec);
    for (const w of workloads) {
      const m = measured.get(w.id);
      if (m !== undefined) rows.push(row(spec, w, m, peak, refsOf(w)));
    }
  }

  // 4. output
  const wallSeconds = (performance.now() - started) / 1000;
  const results: BenchResults = {
    machine,
    convention: FLOPS_CONVENTION,
    peak,
    torch: { available: torch.results.length > 0, note: torch.note },
    jax: { available: jax.results.length > 0, note: jax.note },
    rows,
    skipped,
    options: { ...o },
    otherLoadBeforeRun: idleForeign,
    wallSeconds,
  };
  const out: string[] = [];
  out.push('# Training throughput: data + forward + backward + AdamW, batch 1024 (bench/training.bench.ts)');
  out.push('');
  for (const line of machineLines(machine)) out.push(line);
  out.push(peakLine(peak));
  out.push(`PyTorch reference: ${torch.note}`);
  out.push(`JAX reference: ${jax.note}`);
  if (o.smoke) out.push('SMOKE RUN (--smoke): a few steps, one timed run per row, no minimum time: the numbers say nothing about speed');
  out.push(FLOPS_CONVENTION);
  out.push(
    "steps/s: median timed run; × PyTorch, × JAX: steps/s over that reference's (1 thread) on the same workload in this run; × faster ref: over the faster of the two",
  );
  out.push('');
  out.push(resultsTable(rows));
  out.push('');
  for (const line of targetReport(rows)) out.push(line);
  const disturbed = disturbedNote(rows);
  if (disturbed !== null) {
    out.push('');
    out.push(disturbed);
  }
  const summary = ratioSummary(rows);
  if (summary.length > 0) {
    out.push('');
    for (const line of summary) out.push(line);
  }
  if (skipped.length > 0) {
    out.push('');
    for (const s of skipped) out.push(`not run: ${s.id}: ${s.reason}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (o.out !== null) {
    const paths = await writeReport(results, o.out);
    log(`wrote ${paths.join(', ')}`);
  }
  log(`bench: ${wallSeconds.toFixed(0)} s`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await main();
    process.exit(0); // worker threads of an engine must not keep the process alive
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
