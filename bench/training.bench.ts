// Training throughput per available tfjs backend (npm run bench).
//
//   npm run bench                 workloads A and B on every available backend
//   npm run bench -- --all        also the pipeline's own group shapes (intro, superposition, seed write-up)
//   npm run bench -- --formulations   also both formulations of model/train.ts on each backend
//
// One measured iteration = `trainGroup` for STEPS steps (data generation, forward, backward, optimizer),
// so the numbers are what the pipeline gets per step. Results go to stdout as a table; progress to stderr.

import { cpus, totalmem } from 'node:os';
import { Bench } from 'tinybench';
import * as tf from '@tensorflow/tfjs-core';
import { createPrng, deriveSeed } from '../data/prng.ts';
import { availableBackends, chooseBackend, describeChoice, initBackend } from '../model/backend.ts';
import { FORMULATIONS, formulationFor, trainGroup, type Formulation } from '../model/train.ts';
import type { BackendId, TrainingGroup } from '../model/types.ts';

const STEPS = 50; // steps per measured iteration
const ITERATIONS = 6; // measured iterations per task → 300 steps
const SEED = 20221014;

interface Workload {
  name: string;
  features: number;
  hidden: number;
  instances: number;
  batch: number;
}

const WORKLOADS: Workload[] = [
  { name: 'A 5→2 ×10, batch 1024', features: 5, hidden: 2, instances: 10, batch: 1024 },
  { name: 'B 20→5 ×7, batch 1024', features: 20, hidden: 5, instances: 7, batch: 1024 },
];

const PIPELINE_WORKLOADS: Workload[] = [
  { name: 'intro 5→2 ×30, batch 1024', features: 5, hidden: 2, instances: 30, batch: 1024 },
  { name: 'superposition 20→5 ×21, batch 1024', features: 20, hidden: 5, instances: 21, batch: 1024 },
  { name: 'seed 20→5 ×4, batch 256', features: 20, hidden: 5, instances: 4, batch: 256 },
];

/** The notebook recipe: xavier-normal W, zero b, AdamW 1e-3, importance 0.9^f, density 20^(−linspace(0,1,I)). */
function makeGroup(w: Workload): TrainingGroup {
  const { features: F, hidden: H, instances: I } = w;
  const W0 = new Float32Array(I * F * H);
  createPrng(deriveSeed(SEED, 'bench', 'init', w.name)).fillNormal(W0, 0, Math.sqrt(2 / (H * (F + I))));
  const density = new Float32Array(I * F);
  for (let i = 0; i < I; i++) density.fill(20 ** -(I > 1 ? i / (I - 1) : 0), i * F, (i + 1) * F);
  return {
    features: F,
    hidden: H,
    instances: I,
    activation: 'relu',
    importance: new Float32Array(F).map((_, f) => 0.9 ** f),
    density,
    W0,
    b0: new Float32Array(I * F),
    dataSeeds: new Uint32Array(I).map((_, i) => deriveSeed(SEED, 'bench', 'data', w.name, i)),
    optimizer: { kind: 'adamw', lr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 },
    steps: STEPS,
    batch: w.batch,
    mask: 'per_element',
    loss: 'mean',
    logEvery: 100,
  };
}

interface Row {
  backend: BackendId;
  formulation: Formulation;
  workload: string;
  msPerStep: number;
  rme: number;
}

async function benchBackend(backend: BackendId, workloads: Workload[], allFormulations: boolean): Promise<Row[]> {
  await initBackend(chooseBackend(backend));
  const formulations: Formulation[] = allFormulations ? [...FORMULATIONS] : [formulationFor(tf.getBackend())];
  const bench = new Bench({ name: backend, iterations: ITERATIONS, time: 0, warmupIterations: 1, warmupTime: 0, throws: true });
  const keys: { key: string; formulation: Formulation; workload: string }[] = [];
  for (const w of workloads) {
    const group = makeGroup(w);
    for (const formulation of formulations) {
      const key = `${backend} ${formulation} ${w.name}`;
      keys.push({ key, formulation, workload: w.name });
      bench.add(key, async () => {
        await trainGroup(group, { formulation });
      });
    }
  }
  bench.addEventListener('cycle', (event) => {
    const name = event.task?.name;
    if (name !== undefined) process.stderr.write(`  done: ${name}\n`);
  });
  await bench.run();
  return keys.map(({ key, formulation, workload }) => {
    const result = bench.getTask(key)?.result;
    if (result === undefined || !('latency' in result)) throw new Error(`bench: task ${key} has no result`);
    return { backend, formulation, workload, msPerStep: result.latency.mean / STEPS, rme: result.latency.rme };
  });
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const workloads = args.has('--all') ? [...WORKLOADS, ...PIPELINE_WORKLOADS] : WORKLOADS;
  const allFormulations = args.has('--formulations');
  const auto = chooseBackend('auto');
  const backends = availableBackends();
  const cpu = cpus();
  process.stderr.write(`backends available: ${backends.join(', ')} (auto → ${auto.reason})\n`);

  const rows: Row[] = [];
  for (const backend of backends) {
    process.stderr.write(`${backend}: ${workloads.length} workloads × ${ITERATIONS} × ${STEPS} steps\n`);
    rows.push(...(await benchBackend(backend, workloads, allFormulations)));
  }

  const out: string[] = [];
  out.push('# Training throughput (model/train.ts trainGroup: data + forward + backward + AdamW)');
  out.push('');
  out.push(`machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
    `node ${process.version}; tfjs-core ${tf.version_core}; ${ITERATIONS}×${STEPS} steps per row after 1×${STEPS} warm-up`);
  out.push(`auto backend here: ${describeChoice(auto)}`);
  out.push('');
  const header = ['backend', 'formulation', 'workload', 'steps/s', 'ms/step', '±%'];
  const table = rows.map((r) => [
    r.backend,
    r.formulation,
    r.workload,
    (1000 / r.msPerStep).toFixed(0),
    r.msPerStep.toFixed(3),
    r.rme.toFixed(1),
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...table.map((row) => (row[k] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, k) => (k >= 3 ? c.padStart(widths[k] ?? 0) : c.padEnd(widths[k] ?? 0))).join(' | ')} |`;
  out.push(line(header));
  out.push(`|${widths.map((w, k) => (k >= 3 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const row of table) out.push(line(row));
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
