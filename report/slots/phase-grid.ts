// Shared by the phase-change grids: how a grid is described, and where a cell sits.

import { agreementFraction } from '../../analysis/phase.ts';
import { fmt, mdTable, restartPhrase } from './format.ts';

type GridCell = { r: number; density: number; models: number; phase: string; theory: string };

function sortedValues(xs: readonly number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** "12 values of r from 0.1 to 10 and 12 densities …, with 10 seeds per cell (1440 models in all)" */
export function gridPhrase(cells: readonly GridCell[], totalModels: number): string {
  const rs = sortedValues(cells.map((c) => c.r));
  const ss = sortedValues(cells.map((c) => c.density));
  const perCell = Math.max(0, ...cells.map((c) => c.models));
  return `${rs.length} values of r from ${fmt(rs[0] ?? Number.NaN)} to ${fmt(rs[rs.length - 1] ?? Number.NaN)} and ${ss.length} densities 1−S from ${fmt(ss[ss.length - 1] ?? Number.NaN)} to ${fmt(ss[0] ?? Number.NaN)}, both evenly spaced on a log scale, with ${restartPhrase(perCell)} per cell (${totalModels} models in all)`;
}

/** a Markdown table of cells by theoretical (rows) and trained (columns) class */
export function gridConfusion<P extends string>(
  cells: readonly { phase: string; theory: string }[],
  classes: readonly P[],
  label: (p: P) => string,
): string {
  const rows = classes.map((t) => [
    `${label(t)} (theory)`,
    ...classes.map((e) => String(cells.filter((c) => c.theory === t && c.phase === e).length)),
  ]);
  // the corner names what the rows are, so that no header cell is empty (a screen reader reads it out)
  return mdTable(['cells: theory ↓, trained →', ...classes.map((e) => `${label(e)} (trained)`)], rows);
}

/** a cell is on the theoretical boundary when a grid neighbour (left, right, up, down) has another theoretical phase */
export function onBoundary(cells: readonly GridCell[], c: GridCell): boolean {
  const rs = sortedValues(cells.map((x) => x.r));
  const ss = sortedValues(cells.map((x) => x.density));
  const i = rs.indexOf(c.r);
  const j = ss.indexOf(c.density);
  return cells.some((x) => {
    const di = Math.abs(rs.indexOf(x.r) - i);
    const dj = Math.abs(ss.indexOf(x.density) - j);
    return di + dj === 1 && x.theory !== c.theory;
  });
}

/** "a of the n cells (x %)" */
export function agreementPhrase(cells: readonly { phase: string; theory: string }[]): string {
  const agree = cells.filter((c) => c.phase === c.theory).length;
  return `${agree} of the ${cells.length} cells (${fmt(agreementFraction(cells) * 100)} %)`;
}
