// The benchmark's pure parts: workload definitions, the flops convention, argument parsing, the table, the
// targets and the figure spec, and how the optional fused engine is found or skipped. No timing is asserted.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appliesTo, CPU_SHAPES, FUSED_MODULE, fusedEngines } from '../../bench/engines.ts';
import { JAX_ONE_THREAD_FLAGS, JAX_SCRIPT } from '../../bench/jax.ts';
import {
  disturbedNote,
  fmtNumber,
  fmtPercent,
  fmtRatio,
  fmtTarget,
  formatTable,
  JAX_ENGINE,
  markdownReport,
  ratiosTo,
  ratioSummary,
  resultsTable,
  tableCells,
  targetReport,
  targetRows,
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
  SMOKE_PLAN,
  densityArray,
  flopsPerStep,
  instanceDensities,
  makeGroup,
  makeModelGroup,
  makeWorkloads,
  parseWorkloadFilter,
  referenceJob,
  scheduleDensities,
} from '../../bench/workloads.ts';
import { renderSvg } from '../../figures/render.ts';

const temp = mkdtempSync(join(tmpdir(), 'tms-bench-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('workloads', () => {
  it('are the shapes of performance.md and of the later models (issue 10), batch 1024', () => {
    const shapes = Object.fromEntries(SHAPES.map((s) => [s.id, [s.model, s.features, s.hidden, s.instances, s.batch]]));
    expect(shapes).toEqual({
      A: ['relu-output', 5, 2, 10, 1024],
      B: ['relu-output', 20, 5, 7, 1024],
      C: ['relu-output', 100, 20, 20, 1024],
      D: ['relu-output', 400, 30, 10, 1024],
      P: ['relu-hidden', 10, 5, 12, 1024],
      V: ['untied-abs', 100, 40, 7, 1024],
    });
  });

  it("give P and V one instance per density of their experiments (the paper's regimes, the |x| sweep)", () => {
    const [P, V] = [SHAPES[4]!, SHAPES[5]!];
    expect(instanceDensities(P, 'sched')).toEqual([0.75, 0.5, 0.35, 0.2, 0.15, 0.12, 0.1, 0.08, 0.06, 0.04, 0.02, 0.01]);
    expect(instanceDensities(V, 'sched')).toEqual([1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001]);
    expect(instanceDensities(V, 0.01)).toEqual(new Array(7).fill(0.01));
    expect(densityArray(P, 'sched').slice(10, 20)).toEqual(new Float32Array(10).fill(0.5));
  });

  it('count 10·B·n·m·I flops per step', () => {
    const byId = Object.fromEntries(SHAPES.map((s) => [s.id, flopsPerStep(s)]));
    expect(byId['A']).toBe(10 * 1024 * 5 * 2 * 10);
    expect(byId['D']).toBe(1_228_800_000);
    expect(flopsPerStep({ features: 3, hidden: 2, instances: 1, batch: 4 })).toBe(240);
  });

  it('come with the schedule and the two sparse densities on A…D, then P and V at their schedules', () => {
    const all = makeWorkloads();
    expect(all.map((w) => w.id)).toEqual([
      ...['A', 'B', 'C', 'D'].flatMap((s) => [`${s}/sched`, `${s}/0.01`, `${s}/0.001`]),
      'P/sched',
      'V/sched',
    ]);
    expect(DENSITIES).toEqual(['sched', 0.01, 0.001]);
    for (const w of all) expect(w.plan.steps).toBeGreaterThan(0);
  });

  it('--quick keeps A, B, P and V with at most QUICK_ITERATIONS timed runs; --scale multiplies steps', () => {
    const quick = makeWorkloads({ quick: true });
    expect(new Set(quick.map((w) => w.shape.id))).toEqual(new Set(['A', 'B', 'P', 'V']));
    for (const w of quick) expect(w.plan.iterations).toBeLessThanOrEqual(QUICK_ITERATIONS);
    const base = makeWorkloads({ shapes: ['C'] });
    const scaled = makeWorkloads({ shapes: ['C'], scale: 3 });
    expect(scaled.map((w) => w.plan.steps)).toEqual(base.map((w) => 3 * w.plan.steps));
    for (const w of base) expect(w.plan.minSeconds).toBe(1);
  });

  it('--smoke runs each model once (A, P, V at sched) with a few steps, one timed run and no minimum time', () => {
    const smoke = makeWorkloads({ smoke: true });
    expect(smoke.map((w) => `${w.id} ${w.shape.model}`)).toEqual(['A/sched relu-output', 'P/sched relu-hidden', 'V/sched untied-abs']);
    for (const w of smoke) expect(w.plan).toEqual({ steps: 3, iterations: 1, warmupSteps: 1, minSeconds: 0 });
    expect(SMOKE_PLAN.iterations).toBe(1);
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

  it('build the later models as ModelTrainingGroups: every parameter of the definition, xavier weights, zero bias', () => {
    const [V] = makeWorkloads({ shapes: ['V'] });
    const g = makeModelGroup(V!, 4);
    expect(g.model.kind).toBe('untied-abs');
    expect(g.options).toEqual({ l1: 0 });
    expect(g.steps).toBe(4);
    expect(Object.keys(g.params0).sort()).toEqual(['W1', 'W2', 'b']);
    expect(g.params0['W1']).toHaveLength(7 * 100 * 40);
    expect(g.params0['b']!.every((b) => b === 0)).toBe(true);
    expect(g.params0['W1']).not.toEqual(g.params0['W2']); // two streams, not one matrix twice
    for (const name of ['W1', 'W2']) {
      const W = g.params0[name]!;
      const std = Math.sqrt(W.reduce((s, x) => s + x * x, 0) / W.length);
      expect(std / Math.sqrt(2 / (40 * (100 + 7)))).toBeCloseTo(1, 1);
    }
    expect(g.importance[2]).toBeCloseTo(0.64, 6);
    expect(g.density[6 * 100]).toBeCloseTo(0.001, 6);
    expect(() => makeGroup(V!)).toThrow(/untied-abs: use makeModelGroup/);
    // relu-output through either builder: the same initial weights
    const [A] = makeWorkloads({ shapes: ['A'] });
    expect(makeModelGroup(A!).params0['W']).toEqual(makeGroup(A!).W0);
  });

  it('give the reference scripts the same model, shape, densities and step plan', () => {
    const w = makeWorkloads({ shapes: ['C'], densities: [0.01] })[0]!;
    expect(referenceJob(w)).toEqual({
      workload: 'C/0.01',
      model: 'relu-output',
      n: 100,
      m: 20,
      instances: 20,
      batch: 1024,
      density: 0.01,
      instance_densities: new Array(20).fill(0.01),
      importance_decay: 0.9,
      steps: w.plan.steps,
      iterations: w.plan.iterations,
      warmup_steps: w.plan.warmupSteps,
      min_seconds: 1,
    });
    const p = referenceJob(makeWorkloads({ shapes: ['P'] })[0]!);
    expect(p).toMatchObject({ model: 'relu-hidden', density: 'sched', importance_decay: 0.75 });
    expect(p.instance_densities[11]).toBe(0.01);
    expect(referenceJob(makeWorkloads({ shapes: ['A'] })[0]!).instance_densities[9]).toBeCloseTo(0.05, 12);
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
    expect(ids([])).toHaveLength(14);
    expect(ids(['--quick'])).toEqual(['A/sched', 'A/0.01', 'A/0.001', 'B/sched', 'B/0.01', 'B/0.001', 'P/sched', 'V/sched']);
    expect(ids(['--smoke'])).toEqual(['A/sched', 'P/sched', 'V/sched']);
    expect(ids(['--workloads', 'D/0.001,B', '--densities', 'sched'])).toEqual(['B/sched', 'D/0.001']);
    expect(ids(['--workloads=C'])).toEqual(['C/sched', 'C/0.01', 'C/0.001']);
    // a density keeps what each shape has of it; a pair names any density of any shape
    expect(ids(['--densities', '0.01'])).toEqual(['A/0.01', 'B/0.01', 'C/0.01', 'D/0.01']);
    expect(ids(['--workloads', 'v,P/0.01'])).toEqual(['P/0.01', 'V/sched']);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option/);
    expect(() => parseWorkloadFilter('E')).toThrow(/allowed: A, B, C, D, P, V/);
    expect(parseArgs(['--no-torch', '--no-report', '--torch-blas', 'env', '--wait-quiet', '60'])).toMatchObject({
      torch: false,
      jax: true,
      out: null,
      torchBlas: 'env',
      waitQuiet: 60,
    });
    expect(parseArgs(['--no-jax', '--jax-python', '/x/python', '--smoke'])).toMatchObject({
      jax: false,
      jaxPython: '/x/python',
      smoke: true,
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
    model: workload.startsWith('V') ? 'untied-abs' : 'relu-output',
    shape: workload[0]!,
    density: workload.slice(2),
    steps: 100,
    runs: 3,
    seconds: 100 / stepsPerS,
    stepsPerS,
    gflops: stepsPerS * 1.024e-3,
    peakFraction: (stepsPerS * 1.024e-3) / 250,
    vsTorch,
    vsJax: null,
    vsBest: vsTorch,
    bestReference: vsTorch === null ? null : TORCH_ENGINE,
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
      jax: '0.10.2 (jaxlib 0.10.2)',
      date: '2026-01-02T03:04:05.000Z',
    },
    convention: 'GFLOP/s = steps/s · 10·B·n·m·I / 1e9',
    peak: { byThreads: { 1: 250, 2: 490 }, method: 'test' },
    torch: { available: true, note: 'test torch' },
    jax: { available: false, note: 'test: no jax' },
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
    expect(lines[0]).toMatch(/engine.*workload.*model.*steps\/s.*GFLOP\/s.*% sgemm peak.*× PyTorch.*× JAX.*× faster ref/);
    const body = lines.slice(2).map((l) =>
      l
        .split('|')
        .map((c) => c.trim())
        .slice(1, 3)
        .join(' '),
    );
    expect(body).toEqual(['tfjs-wasm A/sched', 'pytorch-1t A/sched', 'tfjs-wasm B/0.01', 'pytorch-1t B/0.01', 'fused-2t B/0.01']);
    expect(tableCells(fixtureResults().rows[4]!)).toEqual([
      'tfjs-wasm',
      'B/0.01',
      'relu-output',
      'failed',
      'boom: engine failed',
      '',
      '',
      '',
      '',
    ]);
    expect(tableCells(fixtureResults().rows[2]!)).toEqual([
      'fused-2t',
      'B/0.01',
      'relu-output',
      '4000',
      '4.10',
      '1.6 %',
      '5.00×',
      '—',
      '5.00×',
    ]);
  });

  it('summarises ratios per engine, without the references or failures', () => {
    expect(ratioSummary(fixtureResults().rows)).toEqual([
      'tfjs-wasm: × faster reference geometric mean 0.50, min 0.50 over 1 workload; × PyTorch 0.50',
      'fused-2t: × faster reference geometric mean 5.00, min 5.00 over 1 workload; × PyTorch 5.00',
    ]);
  });

  it('takes the faster reference as the one with more steps/s, and either alone', () => {
    // PyTorch 100 steps/s, JAX 200: an engine at 600 is 6× PyTorch, 3× JAX, and JAX is the one to beat
    expect(ratiosTo(600, { torch: 100, jax: 200 })).toEqual({ vsTorch: 6, vsJax: 3, vsBest: 3, bestReference: JAX_ENGINE });
    expect(ratiosTo(600, { torch: 300, jax: 200 })).toEqual({ vsTorch: 2, vsJax: 3, vsBest: 2, bestReference: TORCH_ENGINE });
    expect(ratiosTo(600, { torch: null, jax: 200 })).toMatchObject({ vsTorch: null, vsBest: 3, bestReference: JAX_ENGINE });
    expect(ratiosTo(600, { torch: 150, jax: null })).toMatchObject({ vsJax: null, vsBest: 4, bestReference: TORCH_ENGINE });
    expect(ratiosTo(600, { torch: null, jax: 0 })).toEqual({ vsTorch: null, vsJax: null, vsBest: null, bestReference: null });
  });

  it('judges the fused engine per workload and model: ≥ 3× the faster reference on 1 thread, ≥ 6× on 2', () => {
    const ref = (engine: string, workload: string, stepsPerS: number) =>
      fixtureRow(engine, workload, stepsPerS, null, { ...ratiosTo(stepsPerS, { torch: 100, jax: 200 }) });
    const rows = [
      ref(TORCH_ENGINE, 'V/sched', 100),
      ref(JAX_ENGINE, 'V/sched', 200),
      ref('fused-1t', 'V/sched', 500), // 2.5× JAX: below 3×
      ref('fused-2t', 'V/sched', 1400), // 7× JAX: meets 6×
      ref('tfjs-wasm', 'V/sched', 50), // not the fused engine: not judged
    ];
    expect(targetRows(rows)).toEqual([
      {
        workload: 'V/sched',
        model: 'untied-abs',
        reference: JAX_ENGINE,
        referenceStepsPerS: 200,
        ratios: { 1: 2.5, 2: 7 },
        disturbed: false,
      },
    ]);
    const text = targetReport(rows);
    expect(text[0]).toMatch(/≥ 3× on 1 thread, ≥ 6× on 2 threads/);
    expect(text.join('\n')).toMatch(/\| V\/sched +\| untied-abs +\| JAX +\| +200 \| +2\.50× < 3× ✗ \| +7\.00× \|/);
    expect(text.filter((l) => l.includes('BELOW TARGET'))).toEqual(['BELOW TARGET: 1 of 2 fused rows']);
    expect(text.at(-1)).toBe('  ✗ fused-1t on V/sched (untied-abs): 2.50× JAX < 3×');
    expect(fmtTarget(6, 6)).toBe('6.00×');
    expect(fmtTarget(null, 3)).toBe('—');
    // all above: said so; no reference: not judged; no fused rows: not judged
    const fast = rows.map((r) => (r.engine === 'fused-1t' ? { ...r, vsBest: 3.2 } : r));
    expect(targetReport(fast).at(-1)).toBe('every fused row meets its target (2 judged)');
    const alone = rows
      .filter((r) => r.engine.startsWith('fused'))
      .map((r) => ({ ...r, ...ratiosTo(r.stepsPerS, { torch: null, jax: null }) }));
    expect(targetReport(alone).at(-1)).toMatch(/^no reference ran: targets not judged/);
    expect(targetReport(rows.slice(0, 2)).at(-1)).toBe('no fused engine rows: targets not judged');
  });

  it('writes the machine, the table and what was skipped into the Markdown report', () => {
    const md = markdownReport(fixtureResults());
    expect(md).toContain('Test CPU, 2 cores, 24 GiB');
    expect(md).toContain('torch 1.13.0');
    expect(md).toContain('jax 0.10.2');
    expect(md).toContain('JAX reference: test: no jax');
    expect(md).toContain('Targets (performance.md, issue 10)');
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
    expect(tableCells(rows[0]!)[3]).toBe('800†');
    expect(disturbedNote(rows)).toMatch(/^† other processes used the CPU while 1 of 5 rows .*0\.90 cores/);
  });
});

describe('engines', () => {
  const smoke = makeGroup(makeWorkloads({ shapes: ['A'] })[0]!, 2);

  it('runs tfjs-cpu on the small shapes only', () => {
    expect(CPU_SHAPES).toEqual(['A', 'B', 'P']);
  });

  it('documents the XLA flags that jax_reference.py sets for one thread', () => {
    expect(readFileSync(JAX_SCRIPT, 'utf8')).toContain(`ONE_THREAD_FLAGS = "${JAX_ONE_THREAD_FLAGS}"`);
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain(JAX_ONE_THREAD_FLAGS);
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
    // no family.ts beside it: relu-output workloads only, and it says why
    expect(skipped.map((s) => s.id)).toEqual(['fused-1t (other models)', 'fused-2t (other models)']);
    expect(skipped[0]!.reason).toMatch(/family\.ts does not exist/);
    const [A, V] = [makeWorkloads({ shapes: ['A'] })[0]!, makeWorkloads({ shapes: ['V'] })[0]!];
    expect([appliesTo(engines[0]!, A), appliesTo(engines[0]!, V)]).toEqual([true, false]);
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

  it("trains the other models with the family.ts beside another build's engine module", async () => {
    const dir = join(temp, 'build');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'engine.mjs'),
      'export async function trainGroupFused(g) { return { W: Float32Array.from(g.W0), b: Float32Array.from(g.b0), lossSteps: [0], lossCurve: new Float32Array(g.instances) }; }\n',
    );
    writeFileSync(
      join(dir, 'family.ts'),
      'export async function trainGraphGroupFused(g: any, o: any) { return { params: { ...g.params0 }, lossSteps: [o.threads], lossCurve: new Float32Array(g.instances) }; }\n',
    );
    const { engines, skipped } = await fusedEngines(smoke, [2], join(dir, 'engine.mjs'));
    expect(skipped).toEqual([]);
    const V = makeWorkloads({ shapes: ['V'] })[0]!;
    expect(appliesTo(engines[0]!, V)).toBe(true);
    const result = await engines[0]!.trainModel!(makeModelGroup(V, 1));
    expect(result.lossSteps).toEqual([2]);
    expect(Object.keys(result.params).sort()).toEqual(['W1', 'W2', 'b']);
  });
});
