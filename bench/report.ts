// The benchmark's results: one record per (engine, workload), the table printed to stdout, and the files
// under reports/bench/ — results.json (everything), results.md (table + machine) and throughput.svg (a
// Vega-Lite figure rendered by figures/render.ts).

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VegaLiteSpec } from '../figures/types.ts';
import { FOREIGN_LOAD_WARNING } from './load.ts';

/** Engine id of the PyTorch reference rows. */
export const TORCH_ENGINE = 'pytorch-1t';
const TABLEAU10 = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

/** The machine and software a run measured. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  tfjs: string;
  /** e.g. '1.13.0a0 (python 3.11.2, /usr/bin/python3)', or null when torch is missing */
  torch: string | null;
  /** BLAS that torch (and the peak) ran on, e.g. 'OpenBLAS 0.3.21 … (core Cooperlake)' */
  blas: string | null;
  /** ISO date of the run */
  date: string;
}

/** The machine's measured sgemm peak (GFLOP/s) per thread count, and how it was measured. */
export interface Peak {
  byThreads: Record<number, number>;
  method: string;
}

export interface ResultRow {
  /** engine id ('tfjs-wasm', 'fused-1t', 'pytorch-1t', …) */
  engine: string;
  label: string;
  threads: number;
  /** 'A/sched', 'C/0.01', … */
  workload: string;
  shape: string;
  density: string;
  /** steps per timed run */
  steps: number;
  /** timed runs */
  runs: number;
  /** median seconds of one timed run */
  seconds: number;
  stepsPerS: number;
  gflops: number;
  /** gflops / the sgemm peak on `threads` threads (null when no peak was measured) */
  peakFraction: number | null;
  /** stepsPerS / PyTorch's (1 thread) on the same workload, measured in the same run (null without torch) */
  vsTorch: number | null;
  /** relative margin of error of the mean run time, % (tinybench), when known */
  rme: number | null;
  /** mean over instances of the last recorded loss (a sanity check, not a comparison) */
  finalLoss: number | null;
  /** cores' worth of CPU that other processes used while this row was measured (bench/load.ts), or null */
  foreignLoad: number | null;
  /** set when the engine failed on this workload; the numbers are then NaN */
  error?: string;
}

export interface BenchResults {
  machine: MachineInfo;
  convention: string;
  peak: Peak | null;
  /** how the PyTorch reference ran, or why it did not */
  torch: { available: boolean; note: string };
  rows: ResultRow[];
  skipped: { id: string; reason: string }[];
  /** command-line options of the run */
  options: Record<string, unknown>;
  /** other processes' CPU use (cores) just before the run, or null where unknown */
  otherLoadBeforeRun: number | null;
  /** wall-clock seconds of the whole run */
  wallSeconds: number;
}

export function fmtNumber(x: number | null, digits = 3): string {
  if (x === null || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 10 ** digits) return x.toFixed(0);
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return x.toFixed(Math.min(decimals, 6));
}

export function fmtPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return '—';
  return `${fmtNumber(100 * fraction, 2)} %`;
}

export function fmtRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return `${ratio.toFixed(2)}×`;
}

export const TABLE_HEADER = ['engine', 'workload', 'steps/s', 'GFLOP/s', '% sgemm peak', '× PyTorch (1 thr)'] as const;

/** Marks steps/s measured while other processes used the CPU (FOREIGN_LOAD_WARNING cores or more). */
export const DISTURBED_MARK = '†';

export function isDisturbed(row: Pick<ResultRow, 'foreignLoad'>): boolean {
  return row.foreignLoad !== null && row.foreignLoad >= FOREIGN_LOAD_WARNING;
}

/** Table cells of one row (failed rows show the error). */
export function tableCells(row: ResultRow): string[] {
  if (row.error !== undefined) return [row.engine, row.workload, 'failed', row.error.slice(0, 60), '', ''];
  const steps = `${fmtNumber(row.stepsPerS)}${isDisturbed(row) ? DISTURBED_MARK : ''}`;
  return [row.engine, row.workload, steps, fmtNumber(row.gflops), fmtPercent(row.peakFraction), fmtRatio(row.vsTorch)];
}

/** The footnote for disturbed rows, or null when none was. */
export function disturbedNote(rows: readonly ResultRow[]): string | null {
  const hit = rows.filter((r) => r.error === undefined && isDisturbed(r));
  if (hit.length === 0) return null;
  const worst = Math.max(...hit.map((r) => r.foreignLoad as number));
  return (
    `${DISTURBED_MARK} other processes used the CPU while ${hit.length} of ${rows.length} rows were measured ` +
    `(up to ${worst.toFixed(2)} cores): those numbers, and ratios involving them, are disturbed; rerun on a quiet machine`
  );
}

/** A Markdown table with aligned columns: text left, numbers right. */
export function formatTable(header: readonly string[], rows: readonly string[][], numericFrom = 2): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? '').length)));
  const pad = (cell: string, k: number) => (k >= numericFrom ? cell.padStart(widths[k] ?? 0) : cell.padEnd(widths[k] ?? 0));
  const line = (cells: readonly string[]) => `| ${cells.map((c, k) => pad(c, k)).join(' | ')} |`;
  const rule = `|${widths.map((w, k) => (k >= numericFrom ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Rows ordered by workload (A…D, density order as run), then engine in first-seen order. */
export function orderedRows(rows: readonly ResultRow[]): ResultRow[] {
  const workloads: string[] = [];
  const engines: string[] = [];
  for (const r of rows) {
    if (!workloads.includes(r.workload)) workloads.push(r.workload);
    if (!engines.includes(r.engine)) engines.push(r.engine);
  }
  return [...rows].sort(
    (a, b) => workloads.indexOf(a.workload) - workloads.indexOf(b.workload) || engines.indexOf(a.engine) - engines.indexOf(b.engine),
  );
}

export function resultsTable(rows: readonly ResultRow[], withLoss = false): string {
  if (!withLoss) return formatTable(TABLE_HEADER, orderedRows(rows).map(tableCells));
  // the report adds the final training loss: a sanity check that an engine trains, not a comparison
  // (PyTorch draws its own data and initial weights; engines on tiny densities see few nonzeros per batch)
  const header = [...TABLE_HEADER, 'final loss'];
  return formatTable(
    header,
    orderedRows(rows).map((r) => [...tableCells(r), r.error === undefined ? fmtNumber(r.finalLoss) : '']),
  );
}

/** Ratios vs PyTorch per engine: one line per engine with its geometric-mean and minimum ratio. */
export function ratioSummary(rows: readonly ResultRow[]): string[] {
  const byEngine = new Map<string, number[]>();
  for (const r of rows) {
    if (r.engine === TORCH_ENGINE || r.error !== undefined || r.vsTorch === null || !Number.isFinite(r.vsTorch)) continue;
    byEngine.set(r.engine, [...(byEngine.get(r.engine) ?? []), r.vsTorch]);
  }
  const out: string[] = [];
  for (const [engine, ratios] of byEngine) {
    const geo = Math.exp(ratios.reduce((s, x) => s + Math.log(x), 0) / ratios.length);
    out.push(
      `${engine}: × PyTorch geometric mean ${geo.toFixed(2)}, min ${Math.min(...ratios).toFixed(2)} over ${ratios.length} workload${ratios.length === 1 ? '' : 's'}`,
    );
  }
  return out;
}

export function machineLines(m: MachineInfo): string[] {
  return [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(0)} GiB; ${m.os}`,
    `software: node ${m.node}; tfjs ${m.tfjs}; torch ${m.torch ?? 'not available'}${m.blas !== null ? `; BLAS ${m.blas}` : ''}`,
    `date: ${m.date}`,
  ];
}

export function peakLine(peak: Peak | null): string {
  if (peak === null) return 'sgemm peak: not measured';
  const parts = Object.entries(peak.byThreads).map(([t, g]) => `${fmtNumber(g)} GFLOP/s on ${t} thread${t === '1' ? '' : 's'}`);
  return `sgemm peak: ${parts.join(', ')} (${peak.method}); an engine's % is of the peak on its own thread count`;
}

/** The Markdown report: what ran, the machine, the table, the summary and what was skipped. */
export function markdownReport(results: BenchResults): string {
  const out: string[] = [];
  out.push('# Training throughput benchmark');
  out.push('');
  out.push('`npm run bench` (bench/training.bench.ts): every engine trains every workload of');
  out.push('shared/guide/performance.md (A–D, batch 1024, the notebook recipe, AdamW) for a fixed number of steps;');
  out.push('steps/s is from the median timed run (data generation + forward + backward + optimizer).');
  out.push('');
  for (const line of machineLines(results.machine)) out.push(`- ${line}`);
  out.push(`- ${peakLine(results.peak)}`);
  out.push(`- PyTorch reference: ${results.torch.note}`);
  out.push(`- ${results.convention}`);
  out.push(`- run: ${JSON.stringify(results.options)}; ${results.wallSeconds.toFixed(0)} s in all`);
  if (results.otherLoadBeforeRun !== null) {
    out.push(`- other processes' CPU use just before the run: ${results.otherLoadBeforeRun.toFixed(2)} cores`);
  }
  out.push('');
  out.push(resultsTable(results.rows, true));
  out.push('');
  out.push('final loss: mean over instances of the loss at the last step of a timed run; a sanity check only.');
  out.push('');
  const disturbed = disturbedNote(results.rows);
  if (disturbed !== null) {
    out.push(disturbed);
    out.push('');
  }
  const summary = ratioSummary(results.rows);
  if (summary.length > 0) {
    out.push('Ratios against PyTorch (1 thread), same run:');
    out.push('');
    for (const line of summary) out.push(`- ${line}`);
    out.push('');
  }
  if (results.skipped.length > 0) {
    out.push('Not run:');
    out.push('');
    for (const s of results.skipped) out.push(`- ${s.id}: ${s.reason}`);
    out.push('');
  }
  out.push('Engines:');
  out.push('');
  const seen = new Set<string>();
  for (const r of results.rows) {
    if (seen.has(r.engine)) continue;
    seen.add(r.engine);
    out.push(`- ${r.engine}: ${r.label}`);
  }
  out.push('');
  out.push('![steps/s per engine and workload](throughput.svg)');
  out.push('');
  return out.join('\n');
}

const round4 = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(4)) : x);

/**
 * The figure: steps/s per workload (log scale), one coloured point per engine, PyTorch (1 thread) as a
 * black tick; below it the ratio to PyTorch with rules at 1× and at the targets 2× (1 thread) and 4×
 * (2 threads).
 */
export function throughputSpec(results: BenchResults): VegaLiteSpec {
  const ok = results.rows.filter((r) => r.error === undefined && Number.isFinite(r.stepsPerS) && r.stepsPerS > 0);
  const workloads = orderedRows(ok)
    .map((r) => r.workload)
    .filter((w, k, all) => all.indexOf(w) === k);
  const engines = orderedRows(ok)
    .map((r) => r.engine)
    .filter((e, k, all) => all.indexOf(e) === k && e !== TORCH_ENGINE);
  const values = ok.map((r) => ({
    engine: r.engine,
    workload: r.workload,
    stepsPerS: round4(r.stepsPerS),
    gflops: round4(r.gflops),
    vsTorch: r.vsTorch === null ? null : round4(r.vsTorch),
    reference: r.engine === TORCH_ENGINE,
    disturbed: isDisturbed(r),
  }));
  const anyDisturbed = values.some((v) => v.disturbed);
  const opacity = { condition: { test: 'datum.disturbed', value: 0.3 }, value: 0.9 };
  const m = results.machine;
  const hasTorch = values.some((v) => v.reference);
  const x = { field: 'workload', type: 'nominal' as const, sort: workloads, axis: { title: 'workload (shape/density)', labelAngle: -40 } };
  // engines in tableau10 colours; PyTorch black (drawn as a tick across its workload's band)
  const domain = [...engines, ...(hasTorch ? [TORCH_ENGINE] : [])];
  const range = [...engines.map((_, k) => TABLEAU10[k % TABLEAU10.length] as string), ...(hasTorch ? ['black'] : [])];
  const color = {
    field: 'engine',
    type: 'nominal' as const,
    scale: { domain, range },
    legend: { title: 'engine', orient: 'top', direction: 'horizontal' },
  };
  const width = Math.max(480, 56 * workloads.length);
  const top: Record<string, unknown> = {
    width,
    height: 280,
    layer: [
      {
        transform: [{ filter: '!datum.reference' }],
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x,
          xOffset: { field: 'engine', type: 'nominal', sort: engines },
          y: { field: 'stepsPerS', type: 'quantitative', scale: { type: 'log' }, axis: { title: 'training steps / s (log)' } },
          color,
          opacity,
          tooltip: [{ field: 'engine' }, { field: 'workload' }, { field: 'stepsPerS' }, { field: 'gflops' }],
        },
      },
      ...(hasTorch
        ? [
            {
              transform: [{ filter: 'datum.reference' }],
              mark: { type: 'tick', thickness: 2, size: 34 },
              encoding: { x, y: { field: 'stepsPerS', type: 'quantitative', scale: { type: 'log' } }, color, opacity },
            },
          ]
        : []),
    ],
  };
  const rules = [
    { r: 1, label: '1× PyTorch' },
    { r: 2, label: '2× (1-thread target)' },
    { r: 4, label: '4× (2-thread target)' },
  ];
  const ratioY = { field: 'vsTorch', type: 'quantitative', scale: { type: 'log' }, axis: { title: '× PyTorch, 1 thread (log)' } };
  const bottom: Record<string, unknown> = {
    width,
    height: 200,
    layer: [
      {
        data: { values: rules },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#888' },
        encoding: { y: { field: 'r', type: 'quantitative', scale: { type: 'log' } } },
      },
      {
        data: { values: rules },
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 10, color: '#666', x: width + 6 },
        encoding: { y: { field: 'r', type: 'quantitative', scale: { type: 'log' } }, text: { field: 'label' } },
      },
      {
        transform: [{ filter: '!datum.reference && isValid(datum.vsTorch)' }],
        mark: { type: 'point', filled: true, size: 70 },
        encoding: { x, xOffset: { field: 'engine', type: 'nominal', sort: engines }, y: ratioY, color, opacity },
      },
    ],
  };
  const subtitle = [
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(0)} GiB; ${m.date.slice(0, 10)}`,
    `node ${m.node}, tfjs ${m.tfjs}; torch ${m.torch === null ? 'n/a' : m.torch.split(' ')[0]}`,
    hasTorch ? 'black ticks: PyTorch (1 thread), same workload, same run' : 'no PyTorch reference in this run',
    ...(anyDisturbed ? ['faded: measured while other processes used the CPU (disturbed)'] : []),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'Toy-model training throughput (batch 1024, AdamW)', subtitle, anchor: 'start' },
    data: { values },
    vconcat: hasTorch ? [top, bottom] : [top],
    config: { font: 'sans-serif', view: { stroke: '#ddd' } },
  } as unknown as VegaLiteSpec;
}

/** Writes results.json, results.md and throughput.svg into `dir` (created). Returns the paths. */
export async function writeReport(results: BenchResults, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const { renderSvg } = await import('../figures/render.ts');
  const paths = [join(dir, 'results.json'), join(dir, 'results.md'), join(dir, 'throughput.svg')];
  await writeFile(paths[0] as string, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(paths[1] as string, markdownReport(results));
  await writeFile(paths[2] as string, await renderSvg(throughputSpec(results)));
  return paths;
}
