// Training throughput benchmark (npm run bench): every engine on every workload of
// shared/guide/performance.md, side by side with a PyTorch reference measured in the same run.
//
//   npm run bench                          A–D × densities sched, 0.01, 0.001; all engines; PyTorch (~5 min)
//   npm run bench -- --quick               A and B only, fewer iterations (~1 min)
//   npm run bench -- --workloads C,D/0.01  shapes (A–D) or shape/density pairs
//   npm run bench -- --densities sched     keep only these densities (sched, 0.01, 0.001)
//   npm run bench -- --engines tfjs-wasm,fused   engines whose id starts with one of these
//   npm run bench -- --scale 4             4× the steps of every timed run (steadier, 4× longer)
//   npm run bench -- --no-torch            skip the PyTorch reference
//   npm run bench -- --python /usr/bin/python3   the python that imports torch (default: python3, /usr/bin/python3)
//   npm run bench -- --torch-blas env      keep OPENBLAS_CORETYPE as set (default: OpenBLAS picks its kernel; bench/torch.ts)
//   npm run bench -- --out DIR | --no-report     where results.{json,md} and throughput.svg go (default reports/bench)
//   npm run bench -- --wait-quiet 300     first wait (up to 300 s) until other processes leave the CPU
//   npm run bench -- --fused PATH          benchmark another build of the fused engine module (default model/fused/engine.ts)
//
// Engines (bench/engines.ts): tfjs on each available backend (wasm; cpu on A and B only), the fused wasm
// engine (model/fused/engine.ts) with 1 and 2 threads when it exists. Workloads (bench/workloads.ts): the
// notebook recipe, batch 1024, AdamW. One timed run = one engine call training `steps` steps from the
// initial weights (data generation, forward, backward, optimizer); warm-up first, then timed runs with
// tinybench (at least the plan's `iterations`, more until 1 s is measured); steps/s from the median run. PyTorch (bench/torch_reference.py, 1 thread) runs the
// same step plans. The table goes to stdout; progress to stderr.
//
// Other processes on the machine disturb every number: bench/load.ts measures their CPU use during each
// row (from /proc/stat, less this process's and the PyTorch child's own CPU time); rows measured while
// they used 0.15 cores or more are marked † in the table.

import { cpus, platform, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, chooseBackend, availableBackends } from '../model/backend.ts';
import { appliesTo, discoverEngines, type Engine } from './engines.ts';
import {
  disturbedNote,
  fmtNumber,
  machineLines,
  peakLine,
  ratioSummary,
  resultsTable,
  TORCH_ENGINE,
  writeReport,
  type BenchResults,
  type MachineInfo,
  type Peak,
  type ResultRow,
} from './report.ts';
import { FOREIGN_LOAD_WARNING, foreignCores, markLoad } from './load.ts';
import { findTorchPython, runTorchReference, type BlasMode, type TorchRun } from './torch.ts';
import {
  DENSITIES,
  FLOPS_CONVENTION,
  MIN_TIMED_SECONDS,
  densityLabel,
  flopsPerStep,
  makeGroup,
  makeWorkloads,
  parseDensity,
  parseWorkloadFilter,
  torchJob,
  type Density,
  type ShapeId,
  type Workload,
} from './workloads.ts';

interface Options {
  quick: boolean;
  workloads: string | null;
  densities: Density[] | null;
  engines: string[] | null;
  scale: number;
  torch: boolean;
  python: string | undefined;
  torchBlas: BlasMode;
  out: string | null;
  /** the fused engine's module (default model/fused/engine.ts) */
  fused: string | undefined;
  /** wait up to this many seconds for other processes to leave the CPU before measuring */
  waitQuiet: number;
}

const USAGE = `usage: npm run bench -- [--quick] [--workloads A,B|C/0.01,...] [--densities sched,0.01,0.001]
  [--engines tfjs-wasm,tfjs-cpu,fused] [--scale K] [--no-torch] [--python PATH] [--torch-blas native|env]
  [--out DIR | --no-report] [--fused PATH-TO-ENGINE-MODULE] [--wait-quiet SECONDS]`;

export function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    quick: false,
    workloads: null,
    densities: null,
    engines: null,
    scale: 1,
    torch: true,
    python: undefined,
    torchBlas: 'native',
    out: 'reports/bench',
    fused: undefined,
    waitQuiet: 0,
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

export function selectWorkloads(o: Pick<Options, 'quick' | 'workloads' | 'densities' | 'scale'>): Workload[] {
  const densities = o.densities ?? DENSITIES;
  if (o.workloads === null) return makeWorkloads({ quick: o.quick, densities, scale: o.scale });
  const { shapes, pairs } = parseWorkloadFilter(o.workloads);
  const picked = makeWorkloads({ quick: o.quick, shapes, densities, scale: o.scale });
  for (const pair of pairs) {
    const [shape, density] = pair.split('/') as [ShapeId, string];
    for (const w of makeWorkloads({ quick: o.quick, shapes: [shape], densities: [parseDensity(density)], scale: o.scale })) {
      if (!picked.some((v) => v.id === w.id)) picked.push(w);
    }
  }
  const order = ['A', 'B', 'C', 'D'];
  return picked.sort((a, b) => order.indexOf(a.shape.id) - order.indexOf(b.shape.id));
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

/** All applicable workloads on one engine: one tinybench task per workload, warm-up in its beforeAll. */
async function benchEngine(engine: Engine, workloads: Workload[]): Promise<Map<string, Measured>> {
  await engine.prepare();
  const out = new Map<string, Measured>();
  for (const w of workloads.filter((wl) => appliesTo(engine, wl))) {
    const group = makeGroup(w);
    const warm = makeGroup(w, w.plan.warmupSteps);
    let lastResult: { lossCurve: Float32Array } | null = null;
    const bench = new Bench({
      name: engine.id,
      iterations: w.plan.iterations,
      time: MIN_TIMED_SECONDS * 1000,
      warmup: false,
      throws: false,
    });
    bench.add(
      w.id,
      async () => {
        lastResult = await engine.train(group);
      },
      {
        beforeAll: async () => {
          await engine.train(warm);
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
      `  ${engine.id.padEnd(10)} ${w.id.padEnd(8)} ${fmtNumber(w.plan.steps / seconds).padStart(7)} steps/s ` +
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
  torchStepsPerS: number | null,
): ResultRow {
  const stepsPerS = w.plan.steps / m.seconds;
  const gflops = (stepsPerS * flopsPerStep(w.shape)) / 1e9;
  const peakG = peak?.byThreads[engine.threads];
  const r: ResultRow = {
    engine: engine.id,
    label: engine.label,
    threads: engine.threads,
    workload: w.id,
    shape: w.shape.id,
    density: densityLabel(w.density),
    steps: w.plan.steps,
    runs: m.runs,
    seconds: m.seconds,
    stepsPerS,
    gflops,
    peakFraction: peakG !== undefined && peakG > 0 ? gflops / peakG : null,
    vsTorch: torchStepsPerS !== null && torchStepsPerS > 0 ? stepsPerS / torchStepsPerS : null,
    rme: m.rme,
    finalLoss: m.finalLoss,
    foreignLoad: m.foreignLoad,
  };
  if (m.error !== undefined) r.error = m.error;
  return r;
}

async function main(): Promise<void> {
  const started = performance.now();
  const o = parseArgs(process.argv.slice(2));
  const workloads = selectWorkloads(o);
  if (workloads.length === 0) throw new Error('no workload selected');
  const machine = machineInfo();
  log(`bench: ${workloads.length} workload${workloads.length === 1 ? '' : 's'} (${workloads.map((w) => w.id).join(', ')})`);

  // 1. PyTorch reference first (it also measures the sgemm peak), alone on the machine
  let torchRun: TorchRun | null = null;
  let torchForeign: number | null = null;
  let torchNote: string;
  const idleForeign = await waitQuiet(o.waitQuiet);
  if (idleForeign !== null) {
    log(
      `other processes' CPU use before the run: ${idleForeign.toFixed(2)} cores${idleForeign >= FOREIGN_LOAD_WARNING ? ' — the machine is not quiet; numbers will be noisy' : ''}`,
    );
  }
  if (!o.torch) {
    torchNote = 'skipped (--no-torch)';
  } else {
    const { found, tried } = findTorchPython(o.python);
    if (found === null) {
      torchNote = `not available: no python with torch (${tried.join('; ')}); install e.g. Debian's python3-torch (apt-get install python3-torch)`;
      log(`PyTorch reference ${torchNote}`);
    } else {
      log(`PyTorch reference: ${found.python} (torch ${found.torchVersion}), 1 thread, BLAS mode ${o.torchBlas}`);
      const before = markLoad();
      torchRun = await runTorchReference({
        python: found.python,
        jobs: workloads.map(torchJob),
        threads: 1,
        peak: true,
        blasMode: o.torchBlas,
        onLog: (line) => log(`  ${line}`),
      });
      torchForeign = foreignCores(before, markLoad(), torchRun.cpuSeconds ?? 0);
      if (torchRun.cpuSeconds === null) torchForeign = null;
      if (torchForeign !== null && torchForeign >= FOREIGN_LOAD_WARNING) {
        log(`PyTorch reference: other processes used ${torchForeign.toFixed(2)} cores while it ran`);
      }
      const env = torchRun.env;
      if (torchRun.error !== undefined) log(`PyTorch reference failed: ${torchRun.error}`);
      if (env !== null) {
        machine.torch = `${env.torch_version} (python ${env.python}, ${env.executable})`;
        machine.blas = `${env.blas} (kernel ${env.blas_core ?? '?'})`;
      }
      const coretype = process.env['OPENBLAS_CORETYPE'];
      const how =
        torchRun.blasMode === 'native'
          ? `OPENBLAS_CORETYPE${coretype !== undefined ? `=${coretype}` : ''} unset so OpenBLAS picks its own kernel (${env?.blas_core ?? '?'})`
          : `OPENBLAS_CORETYPE as set (${env?.blas_core ?? '?'})`;
      const check =
        torchRun.check === null
          ? 'no gradient check'
          : `float32 gradients vs float64: max rel. error ${torchRun.check.max_rel_err.toExponential(1)}`;
      torchNote =
        torchRun.error !== undefined && torchRun.results.length === 0
          ? `failed: ${torchRun.error}`
          : `torch ${env?.torch_version ?? '?'} (${found.python}, ${env?.variant ?? 'bmm'} formulation), 1 thread ` +
            `(torch.set_num_threads(1) + openblas_set_num_threads(1)); ${how}; ${check}; same workloads and step plans`;
    }
  }

  // 2. the sgemm peak: from the BLAS that torch uses, else from tfjs-wasm
  let peak: Peak | null = null;
  if (torchRun !== null && torchRun.peaks.length > 0) {
    const byThreads: Record<number, number> = {};
    for (const p of torchRun.peaks) byThreads[p.threads] = p.gflops;
    peak = {
      byThreads,
      method: `torch.mm float32 2048² on OpenBLAS kernel ${torchRun.env?.blas_core ?? '?'}, best of 5`,
    };
  } else {
    log('sgemm peak: no BLAS reference; measuring tfjs-wasm matMul instead');
    peak = await tfjsPeak();
  }
  log(peakLine(peak));

  // 3. our engines
  const smoke = makeGroup(workloads[0] as Workload, 2);
  const { engines, skipped } = await discoverEngines(smoke, o.engines ?? undefined, o.fused);
  for (const s of skipped) log(`engine ${s.id} skipped: ${s.reason}`);
  const torchByWorkload = new Map<string, number>();
  for (const r of torchRun?.results ?? []) torchByWorkload.set(r.workload, r.steps_per_s);

  const rows: ResultRow[] = [];
  for (const r of torchRun?.results ?? []) {
    const w = workloads.find((wl) => wl.id === r.workload);
    if (w === undefined) continue;
    const label = `PyTorch ${r.torch_version} (${r.variant}, OpenBLAS kernel ${r.blas_core ?? '?'}), 1 thread`;
    rows.push(
      row(
        { id: TORCH_ENGINE, label, threads: 1 },
        w,
        { seconds: r.seconds, runs: r.runs, rme: null, finalLoss: r.final_loss, foreignLoad: torchForeign },
        peak,
        r.steps_per_s,
      ),
    );
  }
  for (const engine of engines) {
    const n = workloads.filter((w) => appliesTo(engine, w)).length;
    log(`${engine.id}: ${engine.label}; ${n} workload${n === 1 ? '' : 's'}`);
    const measured = await benchEngine(engine, workloads);
    for (const w of workloads) {
      const m = measured.get(w.id);
      if (m !== undefined) rows.push(row(engine, w, m, peak, torchByWorkload.get(w.id) ?? null));
    }
    await engine.dispose?.();
  }

  // 4. output
  const wallSeconds = (performance.now() - started) / 1000;
  const results: BenchResults = {
    machine,
    convention: FLOPS_CONVENTION,
    peak,
    torch: { available: torchRun !== null && torchRun.results.length > 0, note: torchNote },
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
  out.push(`PyTorch reference: ${torchNote}`);
  out.push(FLOPS_CONVENTION);
  out.push("steps/s: median timed run; × PyTorch: steps/s over PyTorch's (1 thread) on the same workload in this run");
  out.push('');
  out.push(resultsTable(rows));
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
