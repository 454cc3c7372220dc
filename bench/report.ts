// The benchmark's results: one record per (engine, workload), the table printed to stdout, the targets
// (the fused engine against the faster of the PyTorch and JAX references), and the files under
// reports/bench/ — results.json (everything), results.md (tables + machine) and throughput.svg (a Vega-Lite
// figure rendered by figures/render.ts).

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VegaLiteSpec } from '../figures/types.ts';
import { FOREIGN_LOAD_WARNING } from './load.ts';

/** Engine id of the PyTorch reference rows. */
export const TORCH_ENGINE = 'pytorch-1t';
/** Engine id of the JAX reference rows. */
export const JAX_ENGINE = 'jax-1t';
export const REFERENCE_ENGINES: readonly string[] = [TORCH_ENGINE, JAX_ENGINE];
const REFERENCE_NAMES: Record<string, string> = { [TORCH_ENGINE]: 'PyTorch', [JAX_ENGINE]: 'JAX' };

export function isReference(engine: string): boolean {
  return REFERENCE_ENGINES.includes(engine);
}

/**
 * The targets of shared/guide/performance.md and issue 10: the fused engine's steps/s at least this many
 * times the faster reference's (both references on one thread), by the fused engine's thread count.
 */
export const TARGETS: Readonly<Record<number, number>> = { 1: 3, 2: 6 };
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
  /** e.g. '0.10.2 (jaxlib 0.10.2, python 3.11.7, …)', or null when jax is missing (absent in results before JAX) */
  jax?: string | null;
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
  /** 'A/sched', 'C/0.01', 'P/sched', … */
  workload: string;
  /** the core/models/ kind the workload trains: 'relu-output' (A–D), 'relu-hidden' (P), 'untied-abs' (V) */
  model: string;
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
  /** stepsPerS / JAX's (1 thread) on the same workload, same run (null without jax) */
  vsJax: number | null;
  /** stepsPerS / the faster reference's on the same workload (null without either) */
  vsBest: number | null;
  /** engine id of that faster reference (TORCH_ENGINE or JAX_ENGINE), or null */
  bestReference: string | null;
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
  /** how the JAX reference ran, or why it did not */
  jax: { available: boolean; note: string };
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

export const TABLE_HEADER = [
  'engine',
  'workload',
  'model',
  'steps/s',
  'GFLOP/s',
  '% sgemm peak',
  '× PyTorch',
  '× JAX',
  '× faster ref',
] as const;
/** the first numeric column of TABLE_HEADER */
const NUMERIC_FROM = 3;

/**
 * Each reference's steps/s per workload, and the ratios of a row's steps/s to them: to PyTorch, to JAX and
 * to the faster of the two (references on one thread, the same run).
 */
export interface ReferenceRates {
  torch: number | null;
  jax: number | null;
}

export function ratiosTo(stepsPerS: number, refs: ReferenceRates): Pick<ResultRow, 'vsTorch' | 'vsJax' | 'vsBest' | 'bestReference'> {
  const ratio = (ref: number | null) => (ref !== null && ref > 0 && Number.isFinite(ref) ? stepsPerS / ref : null);
  const vsTorch = ratio(refs.torch);
  const vsJax = ratio(refs.jax);
  // the faster reference is the one with the higher steps/s, i.e. the smaller ratio
  if (vsTorch === null && vsJax === null) return { vsTorch, vsJax, vsBest: null, bestReference: null };
  const jaxFaster = vsJax !== null && (vsTorch === null || vsJax < vsTorch);
  return { vsTorch, vsJax, vsBest: jaxFaster ? vsJax : vsTorch, bestReference: jaxFaster ? JAX_ENGINE : TORCH_ENGINE };
}

/** Marks steps/s measured while other processes used the CPU (FOREIGN_LOAD_WARNING cores or more). */
export const DISTURBED_MARK = '†';

export function isDisturbed(row: Pick<ResultRow, 'foreignLoad'>): boolean {
  return row.foreignLoad !== null && row.foreignLoad >= FOREIGN_LOAD_WARNING;
}

/** Table cells of one row (failed rows show the error). */
export function tableCells(row: ResultRow): string[] {
  if (row.error !== undefined) return [row.engine, row.workload, row.model, 'failed', row.error.slice(0, 60), '', '', '', ''];
  const steps = `${fmtNumber(row.stepsPerS)}${isDisturbed(row) ? DISTURBED_MARK : ''}`;
  return [
    row.engine,
    row.workload,
    row.model,
    steps,
    fmtNumber(row.gflops),
    fmtPercent(row.peakFraction),
    fmtRatio(row.vsTorch),
    fmtRatio(row.vsJax),
    fmtRatio(row.vsBest),
  ];
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
  if (!withLoss) return formatTable(TABLE_HEADER, orderedRows(rows).map(tableCells), NUMERIC_FROM);
  // the report adds the final training loss: a sanity check that an engine trains, not a comparison
  // (PyTorch draws its own data and initial weights; engines on tiny densities see few nonzeros per batch)
  const header = [...TABLE_HEADER, 'final loss'];
  return formatTable(
    header,
    orderedRows(rows).map((r) => [...tableCells(r), r.error === undefined ? fmtNumber(r.finalLoss) : '']),
    NUMERIC_FROM,
  );
}

const geometricMean = (xs: readonly number[]): number => Math.exp(xs.reduce((t, x) => t + Math.log(x), 0) / xs.length);
const usable = (x: number | null): x is number => x !== null && Number.isFinite(x) && x > 0;

/**
 * Ratios per engine (not the references): one line each with the geometric mean and minimum of its ratio
 * to the faster reference, and the geometric means against PyTorch and JAX alone.
 */
export function ratioSummary(rows: readonly ResultRow[]): string[] {
  const byEngine = new Map<string, ResultRow[]>();
  for (const r of rows) {
    if (isReference(r.engine) || r.error !== undefined) continue;
    byEngine.set(r.engine, [...(byEngine.get(r.engine) ?? []), r]);
  }
  const out: string[] = [];
  for (const [engine, list] of byEngine) {
    const best = list.map((r) => r.vsBest).filter(usable);
    if (best.length === 0) continue;
    const parts = [
      `${engine}: × faster reference geometric mean ${geometricMean(best).toFixed(2)}, min ${Math.min(...best).toFixed(2)} over ${best.length} workload${best.length === 1 ? '' : 's'}`,
    ];
    for (const [name, values] of [
      ['PyTorch', list.map((r) => r.vsTorch).filter(usable)],
      ['JAX', list.map((r) => r.vsJax).filter(usable)],
    ] as const) {
      if (values.length > 0) parts.push(`× ${name} ${geometricMean(values).toFixed(2)}`);
    }
    out.push(parts.join('; '));
  }
  return out;
}

/** One workload's line of the targets table: the faster reference and each fused engine's ratio to it. */
export interface TargetRow {
  workload: string;
  model: string;
  /** TORCH_ENGINE or JAX_ENGINE, or null when neither reference ran on this workload */
  reference: string | null;
  referenceStepsPerS: number | null;
  /** per fused thread count (1, 2): its ratio to the faster reference, null when not measured */
  ratios: Record<number, number | null>;
  /** whether any row behind this line was measured while other processes used the CPU */
  disturbed: boolean;
}

/** The fused engine's rows against the targets, one line per workload (in table order). */
export function targetRows(rows: readonly ResultRow[]): TargetRow[] {
  const ordered = orderedRows(rows.filter((r) => r.error === undefined));
  const out: TargetRow[] = [];
  for (const workload of [...new Set(ordered.map((r) => r.workload))]) {
    const here = ordered.filter((r) => r.workload === workload);
    const fused = here.filter((r) => r.engine.startsWith('fused-') && TARGETS[r.threads] !== undefined);
    if (fused.length === 0) continue;
    const first = fused[0] as ResultRow;
    const reference = first.bestReference;
    const refRow = here.find((r) => r.engine === reference);
    const ratios: Record<number, number | null> = {};
    for (const t of Object.keys(TARGETS).map(Number)) ratios[t] = fused.find((r) => r.threads === t)?.vsBest ?? null;
    out.push({
      workload,
      model: first.model,
      reference,
      referenceStepsPerS: refRow?.stepsPerS ?? null,
      ratios,
      disturbed: fused.some(isDisturbed) || (refRow !== undefined && isDisturbed(refRow)),
    });
  }
  return out;
}

/** A ratio against its target: '3.40×', or '2.10× < 3×' when below. */
export function fmtTarget(ratio: number | null, target: number): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return ratio >= target ? fmtRatio(ratio) : `${fmtRatio(ratio)} < ${target}× ✗`;
}

/**
 * The targets section: a table per workload and model of the fused engine's ratio to the faster
 * reference on one thread and on two, then one line per row below its target (or that none is).
 */
export function targetReport(rows: readonly ResultRow[]): string[] {
  const lines = targetRows(rows);
  const threads = Object.keys(TARGETS).map(Number);
  const goals = threads.map((t) => `≥ ${TARGETS[t]}× on ${t} thread${t === 1 ? '' : 's'}`).join(', ');
  const head = `Targets (performance.md, issue 10): the fused engine's steps/s over the faster reference's (PyTorch or JAX, 1 thread): ${goals}`;
  if (lines.length === 0) return [head, 'no fused engine rows: targets not judged'];
  const header = ['workload', 'model', 'faster reference', 'ref steps/s', ...threads.map((t) => `fused ${t} thr (≥ ${TARGETS[t]}×)`)];
  const cells = lines.map((l) => [
    `${l.workload}${l.disturbed ? DISTURBED_MARK : ''}`,
    l.model,
    l.reference === null ? 'none' : (REFERENCE_NAMES[l.reference] ?? l.reference),
    fmtNumber(l.referenceStepsPerS),
    ...threads.map((t) => fmtTarget(l.ratios[t] ?? null, TARGETS[t] as number)),
  ]);
  const below: string[] = [];
  let judged = 0;
  for (const l of lines) {
    for (const t of threads) {
      const r = l.ratios[t] ?? null;
      if (r === null || !Number.isFinite(r)) continue;
      judged += 1;
      if (r < (TARGETS[t] as number)) {
        const ref = l.reference === null ? '?' : (REFERENCE_NAMES[l.reference] ?? l.reference);
        below.push(
          `fused-${t}t on ${l.workload} (${l.model}): ${fmtRatio(r)} ${ref} < ${TARGETS[t]}×${l.disturbed ? ` ${DISTURBED_MARK}` : ''}`,
        );
      }
    }
  }
  const out = [head, '', formatTable(header, cells, 3), ''];
  if (judged === 0) out.push('no reference ran: targets not judged (install torch and/or jax: see the README)');
  else if (below.length === 0) out.push(`every fused row meets its target (${judged} judged)`);
  else out.push(`BELOW TARGET: ${below.length} of ${judged} fused rows`, ...below.map((b) => `  ✗ ${b}`));
  return out;
}

export function machineLines(m: MachineInfo): string[] {
  return [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(0)} GiB; ${m.os}`,
    `software: node ${m.node}; tfjs ${m.tfjs}; torch ${m.torch ?? 'not available'}${m.blas !== null ? `; BLAS ${m.blas}` : ''}; jax ${m.jax ?? 'not available'}`,
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
  out.push("shared/guide/performance.md (A–D, the paper's first model) and of the later models (P: relu-hidden,");
  out.push('V: untied-abs), batch 1024, the notebook recipe, AdamW, for a fixed number of steps; steps/s is from');
  out.push('the median timed run (data generation + forward + backward + optimizer).');
  out.push('');
  for (const line of machineLines(results.machine)) out.push(`- ${line}`);
  out.push(`- ${peakLine(results.peak)}`);
  out.push(`- PyTorch reference: ${results.torch.note}`);
  out.push(`- JAX reference: ${results.jax.note}`);
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
  for (const line of targetReport(results.rows)) out.push(line);
  out.push('');
  const summary = ratioSummary(results.rows);
  if (summary.length > 0) {
    out.push('Ratios against the references (1 thread), same run:');
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
 * The figure: steps/s per workload (log scale), one coloured point per engine, the references (1 thread)
 * as ticks, PyTorch black and JAX grey; below it the ratio to the faster reference with rules at 1× and
 * at the targets (TARGETS: 3× on 1 thread, 6× on 2).
 */
export function throughputSpec(results: BenchResults): VegaLiteSpec {
  const ok = results.rows.filter((r) => r.error === undefined && Number.isFinite(r.stepsPerS) && r.stepsPerS > 0);
  const workloads = orderedRows(ok)
    .map((r) => r.workload)
    .filter((w, k, all) => all.indexOf(w) === k);
  const engines = orderedRows(ok)
    .map((r) => r.engine)
    .filter((e, k, all) => all.indexOf(e) === k && !isReference(e));
  const values = ok.map((r) => ({
    engine: r.engine,
    workload: r.workload,
    model: r.model,
    stepsPerS: round4(r.stepsPerS),
    gflops: round4(r.gflops),
    vsBest: r.vsBest === null ? null : round4(r.vsBest),
    reference: isReference(r.engine),
    disturbed: isDisturbed(r),
  }));
  const anyDisturbed = values.some((v) => v.disturbed);
  const opacity = { condition: { test: 'datum.disturbed', value: 0.3 }, value: 0.9 };
  const m = results.machine;
  const references = REFERENCE_ENGINES.filter((e) => values.some((v) => v.engine === e));
  const hasReference = references.length > 0;
  const x = { field: 'workload', type: 'nominal' as const, sort: workloads, axis: { title: 'workload (shape/density)', labelAngle: -40 } };
  // engines in tableau10 colours; the references black (PyTorch) and grey (JAX), drawn as ticks across their workload's band
  const REFERENCE_COLOURS: Record<string, string> = { [TORCH_ENGINE]: 'black', [JAX_ENGINE]: '#888888' };
  const domain = [...engines, ...references];
  const range = [
    ...engines.map((_, k) => TABLEAU10[k % TABLEAU10.length] as string),
    ...references.map((e) => REFERENCE_COLOURS[e] as string),
  ];
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
          tooltip: [{ field: 'engine' }, { field: 'workload' }, { field: 'model' }, { field: 'stepsPerS' }, { field: 'gflops' }],
        },
      },
      ...(hasReference
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
    { r: 1, label: '1× faster reference' },
    ...Object.entries(TARGETS).map(([t, r]) => ({ r, label: `${r}× (${t}-thread target)` })),
  ];
  const ratioY = {
    field: 'vsBest',
    type: 'quantitative',
    scale: { type: 'log' },
    axis: { title: '× faster reference, 1 thread (log)' },
  };
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
        transform: [{ filter: '!datum.reference && isValid(datum.vsBest)' }],
        mark: { type: 'point', filled: true, size: 70 },
        encoding: { x, xOffset: { field: 'engine', type: 'nominal', sort: engines }, y: ratioY, color, opacity },
      },
    ],
  };
  const subtitle = [
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(0)} GiB; ${m.date.slice(0, 10)}`,
    `node ${m.node}, tfjs ${m.tfjs}; torch ${m.torch === null ? 'n/a' : m.torch.split(' ')[0]}; jax ${m.jax == null ? 'n/a' : m.jax.split(' ')[0]}`,
    hasReference
      ? `ticks: ${references.map((e) => `${REFERENCE_NAMES[e]} (${REFERENCE_COLOURS[e] === 'black' ? 'black' : 'grey'})`).join(', ')}, 1 thread, same workload, same run`
      : 'no reference (PyTorch, JAX) in this run',
    ...(anyDisturbed ? ['faded: measured while other processes used the CPU (disturbed)'] : []),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'Toy-model training throughput (batch 1024, AdamW)', subtitle, anchor: 'start' },
    data: { values },
    vconcat: hasReference ? [top, bottom] : [top],
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
