// The figures' part of the drift gate (report/drift.ts): compares the figures of a run (currentDir) with a
// baseline's (baselineDir).
// A figure is a pair of files, <id>.vl.json (the Vega-Lite spec with its data inline) and <id>.svg.
//   - the spec is compared value by value: numbers within an absolute/relative tolerance (so float noise
//     from another backend passes), strings, booleans, nulls, keys and array lengths exactly; the worst
//     numeric deviation is reported with its path and both values;
//   - the SVG is compared byte for byte (the renderer is deterministic), reporting the first difference;
//   - figures (or files of a figure) present on one side only are reported.
// Pure over the two directories: no process exit, no output; formatDriftReport makes the text.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_DRIFT_TOLERANCE = 1e-4;
/** How many of a figure's changed numbers a data problem lists. */
export const DATA_POINTS_LISTED = 25;
export const SPEC_SUFFIX = '.vl.json';
export const SVG_SUFFIX = '.svg';
const SUFFIXES = [SPEC_SUFFIX, SVG_SUFFIX] as const;

export interface DriftOptions {
  /** numbers a, b match when |a − b| ≤ tolerance · max(1, |a|, |b|); default 1e-4 */
  tolerance?: number;
}

export type DriftProblem =
  /** a figure (or one of its files) in the baseline that the current run did not produce */
  | { kind: 'missing'; figure: string; files: string[] }
  /** a figure (or one of its files) the current run produced that the baseline lacks */
  | { kind: 'extra'; figure: string; files: string[] }
  /** numbers out of tolerance in the spec: the worst one, and how many there are */
  | {
      kind: 'data';
      figure: string;
      path: string;
      current: number;
      baseline: number;
      /** |current − baseline| / max(1, |current|, |baseline|) */
      deviation: number;
      count: number;
      /** the first of them in document order (at most DATA_POINTS_LISTED), for a reviewer's list */
      points: Array<{ path: string; current: number; baseline: number }>;
    }
  /** a difference that no tolerance covers (string, boolean, null, type, key, array length): the first one */
  | { kind: 'mismatch'; figure: string; path: string; current: string; baseline: string; count: number }
  /** SVG bytes differ: where the first difference is, with the text around it on each side */
  | {
      kind: 'svg';
      figure: string;
      offset: number;
      line: number;
      column: number;
      current: string;
      baseline: string;
      currentBytes: number;
      baselineBytes: number;
    }
  /** a file that exists but could not be read or parsed */
  | { kind: 'unreadable'; figure: string; file: string; message: string };

export interface DriftReport {
  ok: boolean;
  tolerance: number;
  currentDir: string;
  baselineDir: string;
  /** true when the baseline directory does not exist at all (first run: accept to create it) */
  baselineMissing: boolean;
  /** ids of the figures present on both sides, sorted */
  compared: string[];
  problems: DriftProblem[];
}

/** Compares every figure of currentDir with the one of the same id in baselineDir. */
export function compareFigures(currentDir: string, baselineDir: string, options: DriftOptions = {}): DriftReport {
  const tolerance = options.tolerance ?? DEFAULT_DRIFT_TOLERANCE;
  if (!(tolerance >= 0)) throw new Error(`drift: tolerance must be a number ≥ 0, got ${String(tolerance)}`);
  const current = listFigures(currentDir);
  const baseline = listFigures(baselineDir);
  const ids = [...new Set([...current.keys(), ...baseline.keys()])].sort();
  const problems: DriftProblem[] = [];
  const compared: string[] = [];

  for (const figure of ids) {
    const cur = current.get(figure);
    const base = baseline.get(figure);
    if (cur === undefined) {
      problems.push({ kind: 'missing', figure, files: [...(base ?? [])] });
      continue;
    }
    if (base === undefined) {
      problems.push({ kind: 'extra', figure, files: [...cur] });
      continue;
    }
    compared.push(figure);
    const missingFiles = [...base].filter((f) => !cur.has(f));
    const extraFiles = [...cur].filter((f) => !base.has(f));
    if (missingFiles.length > 0) problems.push({ kind: 'missing', figure, files: missingFiles });
    if (extraFiles.length > 0) problems.push({ kind: 'extra', figure, files: extraFiles });

    const specFile = figure + SPEC_SUFFIX;
    if (cur.has(specFile) && base.has(specFile)) {
      const a = readJson(join(currentDir, specFile), figure, problems);
      const b = readJson(join(baselineDir, specFile), figure, problems);
      if (a.ok && b.ok) problems.push(...compareSpecs(figure, a.value, b.value, tolerance));
    }
    const svgFile = figure + SVG_SUFFIX;
    if (cur.has(svgFile) && base.has(svgFile)) {
      const a = readBytes(join(currentDir, svgFile), figure, problems);
      const b = readBytes(join(baselineDir, svgFile), figure, problems);
      if (a !== undefined && b !== undefined) {
        const problem = compareBytes(figure, a, b);
        if (problem !== undefined) problems.push(problem);
      }
    }
  }
  return {
    ok: problems.length === 0,
    tolerance,
    currentDir,
    baselineDir,
    baselineMissing: !existsSync(baselineDir),
    compared,
    problems,
  };
}

/**
 * Compares two parsed specs value by value. Returns at most two problems for the figure: the worst
 * numeric deviation beyond tolerance ('data') and the first exact mismatch ('mismatch'), with counts.
 */
export function compareSpecs(figure: string, current: unknown, baseline: unknown, tolerance: number): DriftProblem[] {
  let worst: Extract<DriftProblem, { kind: 'data' }> | undefined;
  let dataCount = 0;
  const points: Array<{ path: string; current: number; baseline: number }> = [];
  let first: Extract<DriftProblem, { kind: 'mismatch' }> | undefined;
  let mismatchCount = 0;

  const mismatch = (path: string, a: string, b: string) => {
    mismatchCount++;
    first ??= { kind: 'mismatch', figure, path, current: a, baseline: b, count: 0 };
  };

  const walk = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === 'number' && typeof b === 'number') {
      const deviation = numericDeviation(a, b);
      if (deviation > tolerance) {
        dataCount++;
        if (points.length < DATA_POINTS_LISTED) points.push({ path, current: a, baseline: b });
        if (worst === undefined || deviation > worst.deviation) {
          worst = { kind: 'data', figure, path, current: a, baseline: b, deviation, count: 0, points: [] };
        }
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) mismatch(`${path}.length`, String(a.length), String(b.length));
      const n = Math.min(a.length, b.length);
      for (let k = 0; k < n; k++) walk(a[k], b[k], `${path}[${k}]`);
      return;
    }
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const key of keys) {
        const sub = childPath(path, key);
        if (!(key in b)) mismatch(sub, describe(a[key]), '(absent)');
        else if (!(key in a)) mismatch(sub, '(absent)', describe(b[key]));
        else walk(a[key], b[key], sub);
      }
      return;
    }
    if (a !== b) mismatch(path, describe(a), describe(b));
  };

  walk(current, baseline, '$');
  const problems: DriftProblem[] = [];
  if (worst !== undefined) problems.push({ ...worst, count: dataCount, points });
  if (first !== undefined) problems.push({ ...first, count: mismatchCount });
  return problems;
}

/** |a − b| scaled by max(1, |a|, |b|): an absolute tolerance near 0, a relative one for large values. */
export function numericDeviation(a: number, b: number): number {
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}

/** The first differing byte of two files, or undefined when they are identical. */
export function compareBytes(figure: string, current: Uint8Array, baseline: Uint8Array): DriftProblem | undefined {
  const n = Math.min(current.length, baseline.length);
  let offset = 0;
  while (offset < n && current[offset] === baseline[offset]) offset++;
  if (offset === n && current.length === baseline.length) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset; k++) {
    if (current[k] === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  }
  return {
    kind: 'svg',
    figure,
    offset,
    line,
    column: offset - lineStart + 1,
    current: excerpt(current, offset),
    baseline: excerpt(baseline, offset),
    currentBytes: current.length,
    baselineBytes: baseline.length,
  };
}

/** The report as text: a summary line, then one line per problem. */
export function formatDriftReport(report: DriftReport): string {
  const tol = report.tolerance.toExponential(0);
  const n = report.compared.length;
  if (report.ok) {
    return `drift: ok, ${n} figure${n === 1 ? '' : 's'} match the baseline (data within ${tol}, SVG byte-identical)`;
  }
  const lines = [
    `drift: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} ` +
      `(${n} figure${n === 1 ? '' : 's'} compared, data tolerance ${tol}, SVG byte-exact; baseline ${report.baselineDir}` +
      `${report.baselineMissing ? ' does not exist yet: accept the current report to create it' : ''})`,
  ];
  for (const p of report.problems) lines.push(formatProblem(p));
  return lines.join('\n');
}

/** One problem as one line (the gate's text and the reviewer's drift view). */
export function formatProblem(p: DriftProblem): string {
  switch (p.kind) {
    case 'missing':
      return `missing   ${p.figure}: in the baseline but not produced now (${p.files.join(', ')})`;
    case 'extra':
      return `extra     ${p.figure}: produced now but not in the baseline (${p.files.join(', ')})`;
    case 'data':
      return (
        `data      ${p.figure}: ${p.path} = ${p.current}, baseline ${p.baseline} ` +
        `(deviation ${p.deviation.toExponential(2)}; ${p.count} value${p.count === 1 ? '' : 's'} out of tolerance)`
      );
    case 'mismatch':
      return (
        `mismatch  ${p.figure}: ${p.path} = ${p.current}, baseline ${p.baseline}` +
        ` (${p.count} exact difference${p.count === 1 ? '' : 's'})`
      );
    case 'svg':
      return (
        `svg       ${p.figure}${SVG_SUFFIX}: first difference at byte ${p.offset} (line ${p.line}, column ${p.column}; ` +
        `${p.currentBytes} vs ${p.baselineBytes} bytes): now ${JSON.stringify(p.current)}, baseline ${JSON.stringify(p.baseline)}`
      );
    case 'unreadable':
      return `unreadable ${p.figure}: ${p.file}: ${p.message}`;
  }
}

// ---------------------------------------------------------------------------------------------------

/** figure id → the figure's file names present in dir (empty when dir does not exist) */
function listFigures(dir: string): Map<string, Set<string>> {
  const figures = new Map<string, Set<string>>();
  for (const file of figureFiles(dir)) {
    const id = figureId(file);
    if (id === undefined) continue;
    let files = figures.get(id);
    if (files === undefined) figures.set(id, (files = new Set()));
    files.add(file);
  }
  return figures;
}

function figureFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && figureId(e.name) !== undefined)
    .map((e) => e.name)
    .sort();
}

function figureId(file: string): string | undefined {
  for (const suffix of SUFFIXES) {
    if (file.endsWith(suffix) && file.length > suffix.length) return file.slice(0, -suffix.length);
  }
  return undefined;
}

function readJson(path: string, figure: string, problems: DriftProblem[]): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(readFileSync(path, 'utf8')) as unknown };
  } catch (error) {
    problems.push({ kind: 'unreadable', figure, file: path, message: (error as Error).message });
    return { ok: false };
  }
}

function readBytes(path: string, figure: string, problems: DriftProblem[]): Uint8Array | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    problems.push({ kind: 'unreadable', figure, file: path, message: (error as Error).message });
    return undefined;
  }
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function describe(x: unknown): string {
  if (x === undefined) return '(absent)';
  const text = JSON.stringify(x) ?? String(x);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Up to 40 bytes on each side of offset, as text. */
function excerpt(bytes: Uint8Array, offset: number): string {
  const start = Math.max(0, offset - 40);
  return Buffer.from(bytes.subarray(start, Math.min(bytes.length, offset + 40))).toString('utf8');
}
