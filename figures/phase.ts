// The phase maps over log r (importance of the extra feature) × log s (density 1 − S) that the phase
// diagrams share (figures/kinds/phase-theory.ts, phase-empirical.ts, phase-n3m2-*.ts, seed-phase-empirical.ts):
// the axes, the cell edges of a trained grid, the theoretical cells and n = 2, m = 1 boundaries, and the
// layered map itself, with a nominal colour scale or coloured by the paper's two-dimensional map of the
// extra feature's norm and superposition (figures/phase-colour.ts) with a colour key beside it. The n = 2,
// m = 1 colours by phase as the paper: grey = extra feature not represented, blue = dedicated neuron,
// red = superposition (antipodal pair).

import { PHASES, PHASE_LABELS, TRIPLE_POINT, superpositionBoundary, type Phase } from '../analysis/phase.ts';
import { colourKeyRows, colourKeySpec, phaseColour } from './phase-colour.ts';
import { round6, type DataRow, type VegaLiteSpec } from './types.ts';

export const SIZE = 360;
/** side of the colour key beside an empirical map */
const KEY_SIZE = 110;
/** strips across log r of a theoretical map (even: one edge falls on r = 1) */
const THEORY_COLUMNS = 180;
/** densities per strip scanned for a change of phase; each change is then pinned by bisection */
const SCAN_POINTS = 60;
/** bisection steps per phase change: 40 halvings of a 1/30-decade bracket, far below round6's precision */
const BISECTIONS = 40;
/** points along the curved boundary line */
const BOUNDARY_POINTS = 81;
export const R_RANGE: [number, number] = [0.1, 10];
export const S_RANGE: [number, number] = [0.01, 1];

const COLOURS: Record<Phase, string> = {
  'not-represented': '#d9d9d9',
  dedicated: '#3b6fb6',
  superposition: '#d23c2a',
};

export const CONFIG = {
  view: { stroke: '#999' },
  axis: { labelFontSize: 9, titleFontSize: 10, titleFontWeight: 'normal' as const, titleColor: '#555', labelColor: '#333' },
  legend: { labelFontSize: 9, titleFontSize: 10, titleFontWeight: 'normal' as const },
};

/** Legend layout beyond the defaults: columns, room for long labels, an outline for white swatches. */
export interface LegendOptions {
  columns?: number;
  labelLimit?: number;
  symbolStrokeColor?: string;
}

/** A colour encoding of the field 'phase' with a fixed domain (labels) and range (colours). */
export function nominalColour(title: string, domain: readonly string[], range: readonly string[], options: LegendOptions = {}) {
  const extra = options.symbolStrokeColor !== undefined ? { ...options, symbolStrokeWidth: 1 } : options;
  return {
    field: 'phase',
    type: 'nominal' as const,
    title,
    scale: { domain: [...domain], range: [...range] },
    legend: { orient: 'bottom' as const, direction: 'horizontal' as const, ...extra },
  };
}

function colour() {
  return nominalColour(
    'extra feature',
    PHASES.map((p) => PHASE_LABELS[p]),
    PHASES.map((p) => COLOURS[p]),
  );
}

/** The cell colour given directly as data (the two-dimensional map), no scale and no legend. */
const DIRECT_COLOUR = { field: 'colour', type: 'nominal' as const, scale: null, legend: null };

export function axes(rDomain: [number, number], sDomain: [number, number]) {
  const x = {
    type: 'quantitative' as const,
    title: 'importance r of the extra feature',
    scale: { type: 'log' as const, domain: rDomain, nice: false },
    axis: { values: [0.1, 0.2, 0.5, 1, 2, 5, 10], format: '~g', grid: false },
  };
  const y = {
    type: 'quantitative' as const,
    title: 'feature density 1 − S',
    scale: { type: 'log' as const, domain: sDomain, nice: false },
    axis: { values: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1], format: '~g', grid: false },
  };
  return { x, y };
}

/** The theoretical boundaries as polyline rows: the superposition boundary and the line r = 1 above the triple point. */
export function boundaryRows(rDomain: [number, number] = R_RANGE): DataRow[] {
  const rows: DataRow[] = [];
  const [lo, hi] = [Math.log10(rDomain[0]), Math.log10(rDomain[1])];
  for (let k = 0; k < BOUNDARY_POINTS; k++) {
    const r = 10 ** (lo + ((hi - lo) * k) / (BOUNDARY_POINTS - 1));
    rows.push({ kind: 'boundary', line: 'superposition', k, r: round6(r), s: round6(superpositionBoundary(r)) });
  }
  rows.push({ kind: 'boundary', line: 'r = 1', k: 0, r: TRIPLE_POINT.r, s: round6(TRIPLE_POINT.s) });
  rows.push({ kind: 'boundary', line: 'r = 1', k: 1, r: TRIPLE_POINT.r, s: 1 });
  return rows;
}

/**
 * One map: rows of kind `cellKind` drawn as rectangles over log r × log s with the given colour
 * encoding, and the rows of kind 'boundary' as black polylines over them.
 */
export function mapLayers(rDomain: [number, number], sDomain: [number, number], color: object, cellKind = 'cell', title?: string) {
  const { x, y } = axes(rDomain, sDomain);
  return {
    ...(title !== undefined ? { title: { text: title, fontSize: 11, fontWeight: 'normal' as const } } : {}),
    width: SIZE,
    height: SIZE,
    layer: [
      {
        transform: [{ filter: `datum.kind === '${cellKind}'` }],
        mark: { type: 'rect' as const, strokeWidth: 0 },
        encoding: { x: { ...x, field: 'r0' }, x2: { field: 'r1' }, y: { ...y, field: 's0' }, y2: { field: 's1' }, color },
      },
      {
        transform: [{ filter: "datum.kind === 'boundary'" }],
        mark: { type: 'line' as const, stroke: 'black', strokeWidth: 1.5, clip: true },
        encoding: {
          x: { ...x, field: 'r' },
          y: { ...y, field: 's' },
          detail: { field: 'line', type: 'nominal' as const },
          order: { field: 'k', type: 'quantitative' as const },
        },
      },
    ],
  };
}

/** A single map with a nominal colour scale (the theory maps, the classified maps). */
export function nominalMapSpec(
  description: string,
  rows: DataRow[],
  rDomain: [number, number],
  sDomain: [number, number],
  color: object = colour(),
): VegaLiteSpec {
  const { width, height, layer } = mapLayers(rDomain, sDomain, color);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    background: 'white',
    padding: 8,
    width,
    height,
    data: { values: rows },
    layer,
    config: CONFIG,
  } as VegaLiteSpec;
}

/**
 * Maps coloured by the two-dimensional colour map (each `cellKinds` entry a panel whose cells carry a
 * `colour`), side by side, with the colour key after them; `extra` panels (e.g. a classified map) come
 * first. The key's rows are appended to `rows`.
 */
export function colourMapSpec(
  description: string,
  rows: DataRow[],
  rDomain: [number, number],
  sDomain: [number, number],
  panels: ReadonlyArray<{ cellKind: string; title?: string; color?: object }> = [{ cellKind: 'cell' }],
): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    background: 'white',
    padding: 8,
    data: { values: [...rows, ...colourKeyRows()] },
    hconcat: [...panels.map((p) => mapLayers(rDomain, sDomain, p.color ?? DIRECT_COLOUR, p.cellKind, p.title)), colourKeySpec(KEY_SIZE)],
    spacing: 24,
    resolve: { scale: { color: 'independent' } },
    config: CONFIG,
  } as VegaLiteSpec;
}

/**
 * The cells of a theoretical phase map, exact along s: THEORY_COLUMNS strips evenly spaced on log r over
 * R_RANGE, each cut where `label(r, s)` at the strip's centre changes — found by a scan of SCAN_POINTS log-spaced
 * densities, then bisection to far below a pixel — so a region's edge lies on the closed forms' boundary
 * instead of stepping in 9-pixel squares, and a strip is one cell per phase it crosses (a few hundred cells
 * in all, fewer than a square grid fine enough to hide its steps). Across r the strips are 2 pixels wide, and
 * an even count puts an edge on r = 1, where the maps' vertical boundaries lie.
 */
export function theoryCellRows(label: (r: number, s: number) => string): DataRow[] {
  const rows: DataRow[] = [];
  const lr = [Math.log10(R_RANGE[0]), Math.log10(R_RANGE[1])] as const;
  const ls = [Math.log10(S_RANGE[0]), Math.log10(S_RANGE[1])] as const;
  const rAt = (k: number): number => 10 ** (lr[0] + ((lr[1] - lr[0]) * k) / THEORY_COLUMNS);
  for (let i = 0; i < THEORY_COLUMNS; i++) {
    const r = rAt(i + 0.5);
    const at = (logS: number): string => label(r, 10 ** logS);
    let from = ls[0];
    let phase = at(from);
    let previous = from;
    for (let k = 1; k <= SCAN_POINTS; k++) {
      const next = ls[0] + ((ls[1] - ls[0]) * k) / SCAN_POINTS;
      const here = at(next);
      if (here !== phase) {
        const edge = bisectChange(at, previous, next, phase);
        rows.push(theoryCell(rAt(i), rAt(i + 1), from, edge, phase));
        from = edge;
        phase = here;
      }
      previous = next;
    }
    rows.push(theoryCell(rAt(i), rAt(i + 1), from, ls[1], phase));
  }
  return rows;
}

/** The log density in (lo, hi] where `at` stops being `below`, by bisection (`at(lo)` is `below`, `at(hi)` is not). */
function bisectChange(at: (logS: number) => string, lo: number, hi: number, below: string): number {
  for (let k = 0; k < BISECTIONS; k++) {
    const mid = (lo + hi) / 2;
    if (at(mid) === below) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function theoryCell(r0: number, r1: number, logS0: number, logS1: number, phase: string): DataRow {
  return { kind: 'cell', r0: round6(r0), r1: round6(r1), s0: round6(10 ** logS0), s1: round6(10 ** logS1), phase };
}

/** Cell edges of a sorted geometric-ish grid: geometric midpoints, half a step beyond each end. */
export function logEdges(values: readonly number[]): number[] {
  const v = [...new Set(values)].sort((a, b) => a - b);
  if (v.length === 1) return [(v[0] as number) / Math.SQRT2, (v[0] as number) * Math.SQRT2];
  const edges: number[] = [];
  for (let k = 0; k <= v.length; k++) {
    if (k === 0) edges.push((v[0] as number) ** 1.5 / Math.sqrt(v[1] as number));
    else if (k === v.length) edges.push((v[k - 1] as number) ** 1.5 / Math.sqrt(v[k - 2] as number));
    else edges.push(Math.sqrt((v[k - 1] as number) * (v[k] as number)));
  }
  return edges;
}

/** Grid geometry of a set of cells: the sorted r and density values, their log cell edges and the domains. */
export function gridGeometry(cells: ReadonlyArray<{ r: number; density: number }>) {
  const rs = [...new Set(cells.map((c) => c.r))].sort((a, b) => a - b);
  const ss = [...new Set(cells.map((c) => c.density))].sort((a, b) => a - b);
  const rEdges = logEdges(rs);
  const sEdges = logEdges(ss);
  const rDomain: [number, number] = [round6(rEdges[0] as number), round6(rEdges[rEdges.length - 1] as number)];
  const sDomain: [number, number] = [round6(sEdges[0] as number), round6(sEdges[sEdges.length - 1] as number)];
  /** the rectangle of a cell */
  const rect = (c: { r: number; density: number }) => {
    const i = rs.indexOf(c.r);
    const j = ss.indexOf(c.density);
    return {
      r: round6(c.r),
      density: round6(c.density),
      r0: round6(rEdges[i] as number),
      r1: round6(rEdges[i + 1] as number),
      s0: round6(sEdges[j] as number),
      s1: round6(sEdges[j + 1] as number),
    };
  };
  return { rDomain, sDomain, rect };
}

/**
 * The cells of a trained phase grid for colourMapSpec: each cell's rectangle, its extra feature's
 * averaged norm and superposition and their colour, and its trained and theoretical class by `label`.
 */
export function colourCellRows<P extends string>(
  cells: ReadonlyArray<{ r: number; density: number; norm: number; superposition: number; phase: P; theory: P }>,
  label: (p: P) => string,
): { rDomain: [number, number]; sDomain: [number, number]; rows: DataRow[] } {
  const { rDomain, sDomain, rect } = gridGeometry(cells);
  const rows: DataRow[] = cells.map((c) => ({
    kind: 'cell',
    ...rect(c),
    norm: round6(c.norm),
    superposition: round6(c.superposition),
    colour: phaseColour(c.norm, c.superposition),
    phase: label(c.phase),
    theory: label(c.theory),
  }));
  return { rDomain, sDomain, rows };
}
