// Throughput of the fused engine (model/fused/engine.ts) on the guide's workloads A–D, one and two
// threads, at the notebook's density schedule and at constant densities; the tfjs-wasm trainer on A and
// B in the same run for comparison. Plain wall-clock timing (best of 3 after a warm-up run). The ×torch
// columns divide by the guide's PyTorch figures (1 thread: A 13 s (9–17), B 31 s, C 6.3 min, D 14 min per
// 10,000 steps), or, with --torch, by PyTorch measured in the same run (python3 with torch, 1 thread,
// the notebook's formulation with bmm; needs OPENBLAS_NUM_THREADS=1 to be meaningful).
//
//   npx tsx model/fused/measure.ts [--quick] [--only A,B] [--threads 1,2] [--density schedule,0.01]
//                                  [--no-tfjs] [--torch] [--path auto|dense|sparse|small]

import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { createPrng, deriveSeed } from '../../data/prng.ts';
import type { TrainingGroup } from '../types.ts';
import { closeFusedWorkers, trainGroupFused, type FusedPath } from './engine.ts';

interface Workload {
  name: string;
  features: number;
  hidden: number;
  instances: number;
  /** PyTorch + OpenBLAS, 1 thread, seconds per 10,000 steps (performance guide; A: 9–17 s) */
  torch: number;
}

const WORKLOADS: Workload[] = [
  { name: 'A', features: 5, hidden: 2, instances: 10, torch: 13 },
  { name: 'B', features: 20, hidden: 5, instances: 7, torch: 31 },
  { name: 'C', features: 100, hidden: 20, instances: 20, torch: 378 },
  { name: 'D', features: 400, hidden: 30, instances: 10, torch: 840 },
];

type Density = 'schedule' | number;
const SEED = 20221014;

function makeGroup(w: Workload, density: Density, steps: number): TrainingGroup {
  const { features: F, hidden: H, instances: I } = w;
  const W0 = new Float32Array(I * F * H);
  createPrng(deriveSeed(SEED, 'measure', 'init', w.name)).fillNormal(W0, 0, Math.sqrt(2 / (H * (F + I))));
  const d = new Float32Array(I * F);
  for (let i = 0; i < I; i++) d.fill(density === 'schedule' ? 20 ** -(I > 1 ? i / (I - 1) : 0) : density, i * F, (i + 1) * F);
  return {
    features: F,
    hidden: H,
    instances: I,
    activation: 'relu',
    importance: new Float32Array(F).map((_, f) => 0.9 ** f),
    density: d,
    W0,
    b0: new Float32Array(I * F),
    dataSeeds: new Uint32Array(I).map((_, i) => deriveSeed(SEED, 'measure', 'data', w.name, i)),
    optimizer: { kind: 'adamw', lr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 },
    steps,
    batch: 1024,
    mask: 'per_element',
    loss: 'mean',
    logEvery: 100,
  };
}

/** Steps per measurement: about a second of work on one thread. */
function stepsFor(w: Workload, quick: boolean): number {
  const base = { A: 2000, B: 1000, C: 60, D: 24 }[w.name] ?? 100;
  return quick ? Math.max(4, Math.round(base / 4)) : base;
}

/** PyTorch ms/step for one workload, the notebook's model and AdamW, 1 thread (null when unavailable). */
const TORCH_SCRIPT = `
import json, sys, time, torch
torch.set_num_threads(1)
n, m, I, B, dens, steps = json.loads(sys.argv[1])
torch.manual_seed(0)
W = torch.nn.Parameter(torch.nn.init.xavier_normal_(torch.empty((I, n, m))))
b = torch.nn.Parameter(torch.zeros((I, n)))
p = torch.tensor([20 ** -(i / (I - 1)) for i in range(I)] if dens == 'schedule' else [float(dens)] * I)[:, None, None]
imp = torch.tensor([0.9 ** f for f in range(n)])
opt = torch.optim.AdamW([W, b], lr=1e-3, weight_decay=0.01)
def step():
    x = torch.where(torch.rand((I, B, n)) <= p, torch.rand((I, B, n)), torch.zeros(()))
    out = torch.relu(torch.bmm(torch.bmm(x, W), W.transpose(1, 2)) + b[:, None, :])
    loss = (imp * (x - out) ** 2).mean(dim=(1, 2)).sum()
    opt.zero_grad(); loss.backward(); opt.step()
for _ in range(max(2, steps // 10)): step()
t0 = time.perf_counter()
for _ in range(steps): step()
print(json.dumps((time.perf_counter() - t0) * 1000 / steps))
`;

function torchMsPerStep(w: Workload, density: Density, steps: number): number | null {
  const args = JSON.stringify([w.features, w.hidden, w.instances, 1024, String(density), steps]);
  let why = '';
  // Debian's python3-torch lives with the system python, which a pyenv shim may hide
  for (const python of [process.env.TORCH_PYTHON ?? '/usr/bin/python3', 'python3']) {
    const r = spawnSync(python, ['-c', TORCH_SCRIPT, args], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' } });
    if (r.status === 0) return Number(r.stdout.trim());
    why = (r.stderr ?? '').trim().split('\n').pop() ?? r.error?.message ?? 'failed';
  }
  process.stderr.write(`torch unavailable (${why}); ×torch uses the guide's figure\n`);
  return null;
}

async function timeIt(run: () => Promise<unknown>, repeats: number): Promise<number> {
  await run(); // warm-up (compilation, tier-up, workers)
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await run();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const k = args.indexOf(name);
    return k >= 0 ? args[k + 1] : undefined;
  };
  const quick = args.includes('--quick');
  const only = new Set((arg('--only') ?? 'A,B,C,D').split(','));
  const threadList = (arg('--threads') ?? '1,2').split(',').map(Number);
  const path = (arg('--path') ?? 'auto') as FusedPath;
  const densities: Density[] = (arg('--density') ?? 'schedule,0.01,0.001').split(',').map((d) => (d === 'schedule' ? 'schedule' : Number(d)));
  const repeats = quick ? 1 : 3;
  console.log(`# fused engine, ms/step (best of ${repeats} after a warm-up); ${cpus()[0]?.model ?? '?'} × ${cpus().length}; node ${process.version}; path ${path}`);
  const withTorch = args.includes('--torch');
  console.log(`# ×torch: ${withTorch ? 'PyTorch measured in this run (1 thread)' : "the guide's PyTorch figures (1 thread)"}`);
  const torchSchedule = new Map<string, number>(); // measured torch ms/step at the schedule, for the tfjs rows
  console.log('| workload | density |' + (withTorch ? ' torch ms/step |' : '') + ' ' + threadList.map((t) => `fused ${t} thr ms/step | ×torch`).join(' | ') + ' |');
  console.log('|---|---|' + (withTorch ? '---|' : '') + threadList.map(() => '---|---').join('|') + '|');
  for (const w of WORKLOADS) {
    if (!only.has(w.name)) continue;
    for (const density of densities) {
      const steps = stepsFor(w, quick) * (density === 'schedule' ? 1 : 3);
      const g = makeGroup(w, density, steps);
      const cells: string[] = [];
      const torchMs = withTorch ? torchMsPerStep(w, density, Math.max(5, Math.round(steps / 4))) : null;
      const reference = torchMs ?? w.torch / 10;
      if (density === 'schedule') torchSchedule.set(w.name, reference);
      for (const threads of threadList) {
        const ms = (await timeIt(() => trainGroupFused(g, { threads, path }), repeats)) / steps;
        cells.push(ms.toFixed(3), (reference / ms).toFixed(1));
      }
      const torchCell = withTorch ? ` ${torchMs === null ? '–' : torchMs.toFixed(2)} |` : '';
      console.log(`| ${w.name} ${w.features}→${w.hidden} ×${w.instances} | ${density} |${torchCell} ${cells.join(' | ')} |`);
    }
  }
  await closeFusedWorkers();
  if (!args.includes('--no-tfjs')) {
    const tf = await import('@tensorflow/tfjs-core');
    const { chooseBackend, initBackend } = await import('../backend.ts');
    const { trainGroup } = await import('../train.ts');
    await initBackend(chooseBackend('wasm'));
    console.log(`\n# tfjs ${tf.getBackend()} trainGroup (model/train.ts) vs fused (1 thread), same groups, density schedule`);
    console.log('| workload | tfjs-wasm ms/step | ×torch | fused 1 thr ms/step | fused ÷ tfjs-wasm |');
    console.log('|---|---|---|---|---|');
    for (const w of WORKLOADS.filter((x) => x.name === 'A' || x.name === 'B')) {
      if (!only.has(w.name)) continue;
      const steps = quick ? 25 : 100;
      const g = makeGroup(w, 'schedule', steps);
      const ms = (await timeIt(() => trainGroup(g), 1)) / steps;
      const fused = (await timeIt(() => trainGroupFused(makeGroup(w, 'schedule', 10 * steps), { threads: 1 }), 1)) / (10 * steps);
      const torch = torchSchedule.get(w.name) ?? w.torch / 10;
      console.log(`| ${w.name} | ${ms.toFixed(3)} | ${(torch / ms).toFixed(2)} | ${fused.toFixed(3)} | ${(ms / fused).toFixed(1)}× faster |`);
    }
  }
}

await main();
