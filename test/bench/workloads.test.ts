// The benchmark's pure parts: workload definitions, the flops convention, argument parsing, the table and
// the figure spec, and how the optional fused engine is found or skipped. No timing is asserted.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CPU_SHAPES, FUSED_MODULE, fusedEngines } from '../../bench/engines.ts';
import {
  disturbedNote,
  fmtNumber,
  fmtPercent,
  fmtRatio,
  formatTable,
  markdownReport,
  ratioSummary,
  resultsTable,
  tableCells,
  throughputSpec,
  TORCH_ENGINE,
  type BenchResults,
  type ResultRow,
} from '../../bench/report.ts';
import { foreignCores, systemBusySeconds } from '../../bench/load.ts';
import { parseArgs, selectWorkloads } from '../../bench/training.bench.ts';
import {
  DENSITIES,
  QUICK_ITERATIONS,
  SHAPES,
  densityArray,
  flopsPerStep,
  makeGroup,
  makeWorkloads,
  parseWorkloadFilter,
  scheduleDensities,
  torchJob,
} from '../../bench/workloads.ts';
import { renderSvg } from '../../figures/render.ts';

const temp = mkdtempSync(join(tmpdir(), 'tms-bench-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('workloads', () => {
  it('are the shapes of performance.md, batch 1024', () => {
    const shapes = Object.fromEntries(SHAPES.map((s) => [s.id, [s.features, s.hidden, s.instances, s.batch]]));
    expect(shapes).toEqual({ A: [5, 2, 10, 1024], B: [20, 5, 7, 1024], C: [100, 20, 20, 1024], D: [400, 30, 10, 1024] });
  });

  it('count 10·B·n·m·I flops per step', () => {
    const byId = Object.fromEntries(SHAPES.map((s) => [s.id, flopsPerStep(s)]));
    expect(byId['A']).toBe(10 * 1024 * 5 * 2 * 10);
    expect(byId['D']).toBe(1_228_800_000);
    expect(flopsPerStep({ features: 3, hidden: 2, instances: 1, batch: 4 })).toBe(240);
  });

  it('come with the schedule and the two sparse densities, in order A…D', () => {
    const all = makeWorkloads();
    expect(all.map((w) => w.id)).toEqual(['A', 'B', 'C', 'D'].flatMap((s) => [`${s}/sched`, `${s}/0.01`, `${s}/0.001`]));
    expect(DENSITIES).toEqual(['sched', 0.01, 0.001]);
    for (const w of all) expect(w.plan.steps).toBeGreaterThan(0);
  });

  it('--quick keeps A and B with at most QUICK_ITERATIONS timed runs; --scale multiplies steps', () => {
    const quick = makeWorkloads({ quick: true });
    expect(new Set(quick.map((w) => w.shape.id))).toEqual(new Set(['A', 'B']));
    for (const w of quick) expect(w.plan.iterations).toBeLessThanOrEqual(QUICK_ITERATIONS);
    const base = makeWorkloads({ shapes: ['C'] });
    const scaled = makeWorkloads({ shapes: ['C'], scale: 3 });
    expect(scaled.map((w) => w.plan.steps)).toEqual(base.map((w) => 3 * w.plan.steps));
  });

  it('density schedule is 20^(−linspace(0,1,I)), constant densities fill every feature', () => {
    const d = scheduleDensities(10);
    expect(d).toHaveLength(10);
    expect(d[0]).toBe(1);
    expect(d[9]).toBeCloseTo(0.05, 12);
    expect(d[1]).toBeCloseTo(20 ** (-1 / 9), 12);
    const shapeB = SHAPES[1]!;
    const sched = densityArray(shapeB, 'sched');
    expect(sched).toHaveLength(7 * 20);
    expect(sched[0]).toBe(1);
    expect(sched[6 * 20 + 19]).toBeCloseTo(0.05, 6);
    expect([...densityArray(shapeB, 0.001)].every((p) => p === Math.fround(0.001))).toBe(true);
  });

  it('groups follow the notebook recipe and are deterministic', () => {
    const [wSched, w01] = makeWorkloads({ shapes: ['D'] });
    const g = makeGroup(wSched!);
    expect(g).toMatchObject({
      features: 400,
      hidden: 30,
      instances: 10,
      batch: 1024,
      mask: 'per_element',
      loss: 'mean',
      activation: 'relu',
    });
    expect(g.optimizer).toMatchObject({ kind: 'adamw', lr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    expect(g.steps).toBe(wSched!.plan.steps);
    expect(g.b0.every((b) => b === 0)).toBe(true);
    expect(g.importance[1]).toBeCloseTo(0.9, 6);
    // xavier-normal with the notebook's 3-D fan rule: std = sqrt(2 / (H·(F + I)))
    const mean = g.W0.reduce((s, x) => s + x, 0) / g.W0.length;
    const std = Math.sqrt(g.W0.reduce((s, x) => s + (x - mean) ** 2, 0) / g.W0.length);
    expect(std / Math.sqrt(2 / (30 * (400 + 10)))).toBeCloseTo(1, 1);
    // same weights for every density of a shape, different data streams; same group twice
    const g01 = makeGroup(w01!, 7);
    expect(g01.steps).toBe(7);
    expect(g01.W0).toEqual(g.W0);
    expect(g01.dataSeeds).not.toEqual(g.dataSeeds);
    expect(makeGroup(wSched!)).toEqual(g);
  });

  it('give the PyTorch script the same shapes, density and step plan', () => {
    const w = makeWorkloads({ shapes: ['C'], densities: [0.01] })[0]!;
    expect(torchJob(w)).toEqual({
      workload: 'C/0.01',
      n: 100,
      m: 20,
      instances: 20,
      batch: 1024,
      density: 0.01,
      steps: w.plan.steps,
      iterations: w.plan.iterations,
      warmup_steps: w.plan.warmupSteps,
      min_seconds: 1,
    });
    expect(torchJob(makeWorkloads({ shapes: ['A'] })[0]!).density).toBe('sched');
  });
});

describe('command line', () => {
  it('parses --workloads as shapes or shape/density pairs', () => {
    expect(parseWorkloadFilter('A,b')).toEqual({ shapes: ['A', 'B'], pairs: [] });
    expect(parseWorkloadFilter('C/0.01, d/sched')).toEqual({ shapes: [], pairs: ['C/0.01', 'D/sched'] });
    expect(() => parseWorkloadFilter('E')).toThrow(/unknown workload 'E'/);
    expect(() => parseWorkloadFilter('A/2')).toThrow(/density/);
  });

  it('selects workloads from the options', () => {
    const ids = (argv: string[]) => selectWorkloads(parseArgs(argv)).map((w) => w.id);
    expect(ids([])).toHaveLength(12);
    expect(ids(['--quick'])).toEqual(['A/sched', 'A/0.01', 'A/0.001', 'B/sched', 'B/0.01', 'B/0.001']);
    expect(ids(['--workloads', 'D/0.001,B', '--densities', 'sched'])).toEqual(['B/sched', 'D/0.001']);
    expect(ids(['--workloads=C'])).toEqual(['C/sched', 'C/0.01', 'C/0.001']);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option/);
    expect(parseArgs(['--no-torch', '--no-report', '--torch-blas', 'env', '--wait-quiet', '60'])).toMatchObject({
      torch: false,
      out: null,
      torchBlas: 'env',
      waitQuiet: 60,
    });
  });
});

function fixtureRow(
  engine: string,
  workload: string,
  stepsPerS: number,
  vsTorch: number | null,
  extra: Partial<ResultRow> = {},
): ResultRow {
  return {
    engine,
    label: `${engine} label`,
    threads: engine.endsWith('2t') ? 2 : 1,
    workload,
    shape: workload[0]!,
    density: workload.slice(2),
    steps: 100,
    runs: 3,
    seconds: 100 / stepsPerS,
    stepsPerS,
    gflops: stepsPerS * 1.024e-3,
    peakFraction: (stepsPerS * 1.024e-3) / 250,
    vsTorch,
    rme: 1.5,
    finalLoss: 0.1,
    foreignLoad: 0,
    ...extra,
  };
}

function fixtureResults(): BenchResults {
  return {
    machine: {
      cpu: 'Test CPU',
      cores: 2,
      memoryGiB: 24,
      os: 'linux test',
      node: 'v20.0.0',
      tfjs: '4.22.0',
      torch: '1.13.0 (python 3.11)',
      blas: 'OpenBLAS',
      date: '2026-01-02T03:04:05.000Z',
    },
    convention: 'GFLOP/s = steps/s · 10·B·n·m·I / 1e9',
    peak: { byThreads: { 1: 250, 2: 490 }, method: 'test' },
    torch: { available: true, note: 'test torch' },
    rows: [
      fixtureRow('tfjs-wasm', 'A/sched', 800, 0.5),
      fixtureRow(TORCH_ENGINE, 'A/sched', 1600, 1),
      fixtureRow('fused-2t', 'B/0.01', 4000, 5),
      fixtureRow(TORCH_ENGINE, 'B/0.01', 800, 1),
      fixtureRow('tfjs-wasm', 'B/0.01', 400, 0.5, { error: 'boom: engine failed', stepsPerS: NaN }),
    ],
    skipped: [{ id: 'fused-1t', reason: 'test skip' }],
    options: { quick: true },
    otherLoadBeforeRun: 0.01,
    wallSeconds: 12,
  };
}

describe('table', () => {
  it('formats numbers, percentages and ratios', () => {
    expect(fmtNumber(1367.9)).toBe('1368');
    expect(fmtNumber(4.874)).toBe('4.87');
    expect(fmtNumber(0.0801)).toBe('0.0801');
    expect(fmtNumber(null)).toBe('—');
    expect(fmtNumber(NaN)).toBe('—');
    expect(fmtPercent(0.0056)).toBe('0.56 %');
    expect(fmtPercent(null)).toBe('—');
    expect(fmtRatio(2.845)).toBe('2.85×');
    expect(fmtRatio(null)).toBe('—');
  });

  it('aligns text left and numbers right in a Markdown table', () => {
    const t = formatTable(
      ['engine', 'workload', 'steps/s'],
      [
        ['a', 'A/sched', '1'],
        ['long-name', 'B', '12345'],
      ],
    );
    expect(t.split('\n')).toEqual([
      '| engine    | workload | steps/s |',
      '|-----------|----------|--------:|',
      '| a         | A/sched  |       1 |',
      '| long-name | B        |   12345 |',
    ]);
  });

  it('orders rows by workload then engine, and shows failures', () => {
    const lines = resultsTable(fixtureResults().rows).split('\n');
    expect(lines[0]).toMatch(/engine.*workload.*steps\/s.*GFLOP\/s.*% sgemm peak.*× PyTorch/);
    const body = lines.slice(2).map((l) =>
      l
        .split('|')
        .map((c) => c.trim())
        .slice(1, 3)
        .join(' '),
    );
    expect(body).toEqual(['tfjs-wasm A/sched', 'pytorch-1t A/sched', 'tfjs-wasm B/0.01', 'pytorch-1t B/0.01', 'fused-2t B/0.01']);
    expect(tableCells(fixtureResults().rows[4]!)).toEqual(['tfjs-wasm', 'B/0.01', 'failed', 'boom: engine failed', '', '']);
    expect(tableCells(fixtureResults().rows[2]!)).toEqual(['fused-2t', 'B/0.01', '4000', '4.10', '1.6 %', '5.00×']);
  });

  it('summarises ratios per engine, without the reference or failures', () => {
    expect(ratioSummary(fixtureResults().rows)).toEqual([
      'tfjs-wasm: × PyTorch geometric mean 0.50, min 0.50 over 1 workload',
      'fused-2t: × PyTorch geometric mean 5.00, min 5.00 over 1 workload',
    ]);
  });

  it('writes the machine, the table and what was skipped into the Markdown report', () => {
    const md = markdownReport(fixtureResults());
    expect(md).toContain('Test CPU, 2 cores, 24 GiB');
    expect(md).toContain('torch 1.13.0');
    expect(md).toContain('2026-01-02');
    expect(md).toContain('| fused-2t ');
    expect(md).toContain('fused-1t: test skip');
    expect(md).toContain('throughput.svg');
  });

  it('builds a figure spec that renders without warnings', async () => {
    const warnings: string[] = [];
    const svg = await renderSvg(throughputSpec(fixtureResults()), { onWarning: (w) => warnings.push(w) });
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('A/sched');
    expect(warnings).toEqual([]);
    const noTorch = fixtureResults();
    noTorch.rows = noTorch.rows.filter((r) => r.engine !== TORCH_ENGINE);
    const spec = throughputSpec(noTorch) as unknown as { vconcat: unknown[] };
    expect(spec.vconcat).toHaveLength(1);
  });
});

describe('other load on the machine', () => {
  it('reads busy time from /proc/stat (all but idle and iowait, in 1/100 s)', () => {
    const stat = 'cpu  100 20 30 5000 70 1 2 3 0 0\ncpu0 50 10 15 2500 35 0 1 1 0 0\n';
    expect(systemBusySeconds(stat)).toBeCloseTo((100 + 20 + 30 + 1 + 2 + 3) / 100, 12);
    expect(systemBusySeconds('intr 1 2 3\n')).toBeNull();
  });

  it("subtracts our own and our child's CPU time, in cores", () => {
    const start = { wall: 10, busy: 100, own: 5 };
    expect(foreignCores(start, { wall: 12, busy: 104, own: 7 })).toBeCloseTo(1, 12); // 4 busy − 2 ours over 2 s
    expect(foreignCores(start, { wall: 12, busy: 104, own: 7 }, 2)).toBe(0);
    expect(foreignCores(start, { wall: 12, busy: 101, own: 7 })).toBe(0); // clamped
    expect(foreignCores({ ...start, busy: null }, { wall: 12, busy: 104, own: 7 })).toBeNull();
  });

  it('marks rows measured under load and explains the mark', () => {
    const rows = fixtureResults().rows;
    expect(disturbedNote(rows)).toBeNull();
    rows[0]!.foreignLoad = 0.9;
    expect(tableCells(rows[0]!)[2]).toBe('800†');
    expect(disturbedNote(rows)).toMatch(/^† other processes used the CPU while 1 of 5 rows .*0\.90 cores/);
  });
});

describe('engines', () => {
  const smoke = makeGroup(makeWorkloads({ shapes: ['A'] })[0]!, 2);

  it('runs tfjs-cpu on the small shapes only', () => {
    expect(CPU_SHAPES).toEqual(['A', 'B']);
  });

  it('skips the fused engine, saying why, when its module is missing, broken or failing', async () => {
    const missing = await fusedEngines(smoke, [1, 2], join(temp, 'nope.mjs'));
    expect(missing.engines).toEqual([]);
    expect(missing.skipped.map((s) => s.id)).toEqual(['fused-1t', 'fused-2t']);
    expect(missing.skipped[0]!.reason).toMatch(/does not exist/);

    const noExport = join(temp, 'no-export.mjs');
    writeFileSync(noExport, 'export const x = 1;\n');
    expect((await fusedEngines(smoke, [1], noExport)).skipped[0]!.reason).toMatch(/does not export trainGroupFused/);

    const throws = join(temp, 'throws.mjs');
    writeFileSync(throws, 'export async function trainGroupFused() { throw new Error("no wasm"); }\n');
    const failed = await fusedEngines(smoke, [1], throws);
    expect(failed.engines).toEqual([]);
    expect(failed.skipped[0]!.reason).toMatch(/smoke run: no wasm/);
  });

  it('wraps a working fused module as one engine per thread count', async () => {
    const ok = join(temp, 'ok.mjs');
    writeFileSync(
      ok,
      'export const calls = [];\n' +
        'export async function trainGroupFused(g, o) { calls.push(o.threads); ' +
        'return { W: Float32Array.from(g.W0), b: Float32Array.from(g.b0), lossSteps: [0], lossCurve: new Float32Array(g.instances) }; }\n',
    );
    const { engines, skipped } = await fusedEngines(smoke, [1, 2], ok);
    expect(skipped).toEqual([]);
    expect(engines.map((e) => [e.id, e.threads, e.family])).toEqual([
      ['fused-1t', 1, 'fused'],
      ['fused-2t', 2, 'fused'],
    ]);
    const result = await engines[1]!.train(smoke);
    expect(result.W).toEqual(smoke.W0);
    const mod = (await import(ok)) as { calls: number[] };
    expect(mod.calls).toEqual([1, 2, 2]);
    expect(FUSED_MODULE).toMatch(/model[/\\]fused[/\\]engine\.ts$/);
  });
});
