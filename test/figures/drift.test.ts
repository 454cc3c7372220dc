import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compareFigures, formatDriftReport, type DriftProblem } from '../../figures/drift.ts';
import introGeometry from '../../figures/kinds/intro-geometry.ts';
import { renderSvg } from '../../figures/render.ts';
import superpositionGrid from '../../figures/kinds/superposition-grid.ts';
import type { VegaLiteSpec } from '../../figures/types.ts';
import { introFixture, superpositionFixture } from './fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'tms-drift-'));
const current = join(root, 'current');
const baseline = join(root, 'baseline');
const figures: { id: string; spec: VegaLiteSpec; svg: string }[] = [];

beforeAll(async () => {
  for (const [id, spec] of [
    ['intro-geometry', introGeometry.build(introFixture(), {})],
    ['superposition-relu', superpositionGrid.build(superpositionFixture(), { activation: 'relu' })],
  ] as const) {
    figures.push({ id, spec, svg: await renderSvg(spec) });
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Fresh current and baseline directories holding the same two figures (and an unrelated README). */
beforeEach(() => {
  rmSync(current, { recursive: true, force: true });
  rmSync(baseline, { recursive: true, force: true });
  mkdirSync(current, { recursive: true });
  for (const f of figures) {
    writeFileSync(join(current, `${f.id}.vl.json`), `${JSON.stringify(f.spec, null, 2)}\n`);
    writeFileSync(join(current, `${f.id}.svg`), f.svg);
  }
  cpSync(current, baseline, { recursive: true });
  writeFileSync(join(baseline, 'README.md'), 'baseline figures\n');
});

/** Edits the first data row of a figure's spec in `current`. */
function editData(id: string, edit: (row: Record<string, unknown>) => void, rowIndex = 3) {
  const file = join(current, `${id}.vl.json`);
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { data: { values: Record<string, unknown>[] } };
  edit(spec.data.values[rowIndex]!);
  writeFileSync(file, JSON.stringify(spec, null, 2));
}

function only<K extends DriftProblem['kind']>(problems: DriftProblem[], kind: K): Extract<DriftProblem, { kind: K }> {
  expect(problems.map((p) => p.kind)).toEqual([kind]);
  return problems[0] as Extract<DriftProblem, { kind: K }>;
}

describe('compareFigures', () => {
  it('passes identical directories', () => {
    const report = compareFigures(current, baseline);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.compared).toEqual(['intro-geometry', 'superposition-relu']);
    expect(report.tolerance).toBe(1e-4);
    expect(formatDriftReport(report)).toMatch(/^drift: ok, 2 figures match/);
  });

  it('catches a data value moved by 1e-2 and names the figure, the path and both values', () => {
    let before = 0;
    editData('intro-geometry', (row) => {
      before = row['x'] as number;
      row['x'] = before + 1e-2;
    });
    const report = compareFigures(current, baseline);
    expect(report.ok).toBe(false);
    const p = only(report.problems, 'data');
    expect(p.figure).toBe('intro-geometry');
    expect(p.path).toBe('$.data.values[3].x');
    expect(p.baseline).toBe(before);
    expect(p.current).toBeCloseTo(before + 1e-2, 12);
    expect(p.deviation).toBeCloseTo(1e-2 / Math.max(1, Math.abs(before), Math.abs(before + 1e-2)), 9);
    expect(p.count).toBe(1);
    const text = formatDriftReport(report);
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toContain('intro-geometry');
    expect(text).toContain('$.data.values[3].x');
    expect(text).toContain(String(before));
  });

  it('reports the worst of several deviations and how many there are', () => {
    editData('superposition-relu', (row) => (row['value'] = (row['value'] as number) + 0.001), 10);
    editData('superposition-relu', (row) => (row['value'] = (row['value'] as number) - 0.3), 20);
    const p = only(compareFigures(current, baseline).problems, 'data');
    expect(p.path).toBe('$.data.values[20].value');
    expect(p.count).toBe(2);
  });

  it('lets a 1e-7 change in data pass the data check', () => {
    editData('intro-geometry', (row) => (row['x'] = (row['x'] as number) + 1e-7));
    editData('superposition-relu', (row) => (row['value'] = (row['value'] as number) * (1 + 1e-7)));
    const report = compareFigures(current, baseline);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('honours a custom tolerance', () => {
    editData('intro-geometry', (row) => (row['x'] = (row['x'] as number) + 1e-7));
    expect(compareFigures(current, baseline, { tolerance: 1e-9 }).ok).toBe(false);
    expect(compareFigures(current, baseline, { tolerance: 1e-6 }).ok).toBe(true);
  });

  it('compares strings exactly', () => {
    editData('intro-geometry', (row) => (row['panel'] = '1 − S = 0.5'));
    const p = only(compareFigures(current, baseline).problems, 'mismatch');
    expect(p.path).toBe('$.data.values[3].panel');
    expect(p.current).toBe('"1 − S = 0.5"');
  });

  it('catches one flipped SVG byte and names its offset and line', () => {
    const file = join(current, 'superposition-relu.svg');
    const bytes = readFileSync(file);
    const offset = Math.floor(bytes.length / 2);
    bytes[offset] = bytes[offset]! ^ 0x01;
    writeFileSync(file, bytes);
    const report = compareFigures(current, baseline);
    const p = only(report.problems, 'svg');
    expect(p.figure).toBe('superposition-relu');
    expect(p.offset).toBe(offset);
    expect(p.line).toBe(1 + (bytes.subarray(0, offset).toString('latin1').match(/\n/g)?.length ?? 0));
    expect(formatDriftReport(report)).toContain(`byte ${offset}`);
  });

  it('catches a truncated SVG', () => {
    const file = join(current, 'intro-geometry.svg');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, -10));
    const p = only(compareFigures(current, baseline).problems, 'svg');
    expect(p.currentBytes).toBe(p.baselineBytes - 10);
    expect(p.offset).toBe(p.currentBytes);
  });

  it('reports missing and extra figures, and a figure missing one of its files', () => {
    rmSync(join(current, 'intro-geometry.vl.json'));
    rmSync(join(current, 'intro-geometry.svg'));
    writeFileSync(join(current, 'new-figure.vl.json'), '{}');
    writeFileSync(join(current, 'new-figure.svg'), '<svg/>');
    rmSync(join(current, 'superposition-relu.svg'));
    const report = compareFigures(current, baseline);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { kind: 'missing', figure: 'intro-geometry', files: ['intro-geometry.svg', 'intro-geometry.vl.json'] },
      { kind: 'extra', figure: 'new-figure', files: ['new-figure.svg', 'new-figure.vl.json'] },
      { kind: 'missing', figure: 'superposition-relu', files: ['superposition-relu.svg'] },
    ]);
    const lines = formatDriftReport(report).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^missing +intro-geometry/);
    expect(lines[2]).toMatch(/^extra +new-figure/);
  });

  it('reports an unparsable spec instead of throwing', () => {
    writeFileSync(join(current, 'intro-geometry.vl.json'), '{ not json');
    const p = only(compareFigures(current, baseline).problems, 'unreadable');
    expect(p.file).toContain('intro-geometry.vl.json');
  });

  it('treats an absent baseline directory as empty', () => {
    const report = compareFigures(current, join(root, 'nowhere'));
    expect(report.baselineMissing).toBe(true);
    expect(report.problems.map((p) => p.kind)).toEqual(['extra', 'extra']);
    expect(formatDriftReport(report)).toContain('does not exist yet');
  });
});
