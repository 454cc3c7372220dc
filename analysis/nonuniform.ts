// Non-uniform superposition, "perturbing one feature" (guide §1.5): five equally important features in
// two dimensions at a base density where they form a regular pentagon, with the density of one feature
// (the last, "varied" one) scaled by a relative density ρ. Pure functions:
//   - the geometry of one fit: pentagon (all five around the circle), two digons (the varied feature
//     dropped, the other four as two antipodal pairs at right angles) or other, by rules fixed a priori;
//   - per ρ: the lowest-loss fit and the best loss each geometry reached over the restarts;
//   - where the two best-loss curves cross, interpolated on a log-ρ axis.

import { angles, angularGaps, featureNorms, lossForRanking, representedFeatures, type Rows } from './metrics.ts';
import type { ModelAnalysis } from './types.ts';

export const GEOMETRIES = ['pentagon', 'digons', 'other'] as const;
export type Geometry = (typeof GEOMETRIES)[number];

/** Names for sentences and legends. */
export const GEOMETRY_LABELS: Record<Geometry, string> = {
  pentagon: 'pentagon',
  digons: 'two digons',
  other: 'other',
};

/**
 * The classification rules, fixed before any model was trained (never tuned to the results). Angles
 * are the directions of the columns W_i in the hidden plane.
 */
export const GEOMETRY_RULES = {
  /** ‖W_i‖ above this = represented (the guide's threshold for every experiment) */
  representedNorm: 0.5,
  /**
   * pentagon: all five represented and every gap between neighbours within 72° ± 36°, i.e. no two
   * features closer than half a regular step and no hole wider than one and a half: the five keep
   * their own directions round the circle, the varied one pushing or pulling its neighbours
   */
  pentagonGap: 72,
  pentagonGapTolerance: 36,
  /**
   * two digons: the varied feature not represented, the other four represented with every gap within
   * 90° ± 20° and each one within 20° of antipodal to another (the intro checks use ±10° for exact
   * configurations; ±20° admits the slightly bent pairs a finite training run leaves)
   */
  digonGap: 90,
  digonGapTolerance: 20,
  antipodeTolerance: 20,
} as const;

/** The geometry of one 2-D fit of five features, the varied one at index `varied`. */
export function classifyGeometry(W: Rows, varied: number): Geometry {
  const R = GEOMETRY_RULES;
  if (W.length !== 5 || (W[0]?.length ?? 0) !== 2) return 'other';
  const norms = featureNorms(W);
  const rep = representedFeatures(norms, R.representedNorm);
  const dir = angles(W, 2);
  const gaps = angularGaps(rep.map((i) => dir[i] as number));
  if (rep.length === 5) {
    return gaps.every((g) => Math.abs(g - R.pentagonGap) <= R.pentagonGapTolerance) ? 'pentagon' : 'other';
  }
  if (rep.length === 4 && !rep.includes(varied)) {
    const gapsOk = gaps.every((g) => Math.abs(g - R.digonGap) <= R.digonGapTolerance);
    const antipodal = rep.every((i) =>
      rep.some((j) => j !== i && Math.abs(angleBetweenDeg(dir[i] as number, dir[j] as number) - 180) <= R.antipodeTolerance),
    );
    return gapsOk && antipodal ? 'digons' : 'other';
  }
  return 'other';
}

/** The unsigned angle between two directions given in degrees, in [0, 180]. */
function angleBetweenDeg(a: number, b: number): number {
  const d = Math.abs((((a - b) % 360) + 360) % 360);
  return d > 180 ? 360 - d : d;
}

/** The varied feature's relative density ρ = its density / the base density, or null for a model without per-feature densities. */
export function relativeDensity(m: Pick<ModelAnalysis, 'featureDensity' | 'density'>): number | null {
  const fd = m.featureDensity;
  if (fd === undefined || fd.length === 0 || !(m.density > 0)) return null;
  return (fd[fd.length - 1] as number) / m.density;
}

/** The best loss one geometry reached in a cell, and the fit that reached it. */
export interface BestFit {
  /** position in the experiment's `models` */
  model: number;
  loss: number;
}

/** All restarts at one relative density ρ (and base density). */
export interface RelativeDensityCell {
  rho: number;
  density: number;
  /** positions in `models` of the cell's restarts */
  members: number[];
  /** position of the lowest-loss restart (the fit shown; ties → the lowest replica) */
  selected: number;
  /** the geometry of the selected fit */
  geometry: Geometry;
  /** how many restarts ended in each geometry */
  counts: Record<Geometry, number>;
  /** the lowest-loss pentagon and two-digon fits, null when no restart found that geometry */
  best: Record<'pentagon' | 'digons', BestFit | null>;
}

type CellModel = Pick<ModelAnalysis, 'featureDensity' | 'density' | 'evalLoss' | 'expectedLoss' | 'replica' | 'W'>;

const lossOf = lossForRanking;

/**
 * Group the models that have per-feature densities by (base density, ρ), classify every restart and
 * keep, per cell, the lowest-loss fit and the best loss of each geometry (losses: the expected loss
 * where the analysis computed it, else the held-out loss). Cells sorted by base density
 * (descending), then ρ (ascending). The varied feature is the last.
 */
export function relativeDensityCells(models: readonly CellModel[]): RelativeDensityCell[] {
  const cells = new Map<string, RelativeDensityCell>();
  models.forEach((m, k) => {
    const rho = relativeDensity(m);
    if (rho === null) return;
    const fd = m.featureDensity as number[];
    // the varied feature's own density identifies the cell exactly (ρ is derived and may round)
    const key = `${m.density}|${fd[fd.length - 1]}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = {
        rho,
        density: m.density,
        members: [],
        selected: k,
        geometry: 'other',
        counts: { pentagon: 0, digons: 0, other: 0 },
        best: { pentagon: null, digons: null },
      };
      cells.set(key, cell);
    }
    cell.members.push(k);
    const geometry = classifyGeometry(m.W, m.W.length - 1);
    cell.counts[geometry] += 1;
    const loss = lossOf(m);
    const sel = models[cell.selected] as CellModel;
    if (loss < lossOf(sel) || (loss === lossOf(sel) && m.replica < sel.replica)) cell.selected = k;
    if (geometry !== 'other') {
      const cur = cell.best[geometry];
      if (cur === null || loss < cur.loss) cell.best[geometry] = { model: k, loss };
    }
  });
  const out = [...cells.values()];
  for (const c of out) c.geometry = classifyGeometry((models[c.selected] as CellModel).W, (models[c.selected] as CellModel).W.length - 1);
  return out.sort((a, b) => b.density - a.density || a.rho - b.rho);
}

/** Where the best-loss curves of the two geometries cross. */
export interface LossCrossing {
  /** the interpolated relative density at which L_pentagon − L_digons changes sign */
  rho: number;
  /** the grid values either side of it (sparser, denser) */
  below: number;
  above: number;
  /** how many sign changes the difference has over the cells where both geometries were found */
  signChanges: number;
  /** cells where both geometries were found */
  cellsWithBoth: number;
}

/**
 * The crossing of the two best-loss curves: over the cells (of one base density) where restarts found
 * both geometries, in increasing ρ, the first neighbouring pair where two digons stop beating the
 * pentagon (Δ = L_pentagon − L_digons goes from > 0 to ≤ 0), with ρ interpolated linearly in Δ on a
 * log-ρ axis. Null when Δ never changes sign that way.
 */
export function lossCrossing(cells: readonly Pick<RelativeDensityCell, 'rho' | 'best'>[]): LossCrossing | null {
  const both = cells
    .filter((c) => c.best.pentagon !== null && c.best.digons !== null)
    .map((c) => ({ rho: c.rho, delta: (c.best.pentagon as BestFit).loss - (c.best.digons as BestFit).loss }))
    .sort((a, b) => a.rho - b.rho);
  let signChanges = 0;
  let found: LossCrossing | null = null;
  for (let k = 1; k < both.length; k++) {
    const a = both[k - 1] as (typeof both)[number];
    const b = both[k] as (typeof both)[number];
    if (a.delta > 0 !== b.delta > 0) signChanges++;
    if (found === null && a.delta > 0 && b.delta <= 0) {
      const t = a.delta / (a.delta - b.delta);
      const rho = Math.exp(Math.log(a.rho) + t * (Math.log(b.rho) - Math.log(a.rho)));
      found = { rho, below: a.rho, above: b.rho, signChanges: 0, cellsWithBoth: both.length };
    }
  }
  return found === null ? null : { ...found, signChanges };
}
