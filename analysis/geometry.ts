// The geometry of uniform superposition (paper §"The geometry of superposition", guide §1.4): pure
// functions on the per-model quantities of metrics.ts (D_i, D*), used by the claims, the figures and the
// report. No thresholds are chosen here; callers pass them (analysis/claims.ts fixes them a priori).

/**
 * The fractions at which the paper finds feature dimensionalities cluster, largest first: 1 a dedicated
 * dimension, 3/4 tetrahedron, 2/3 triangle, 1/2 antipodal pair (digon), 2/5 pentagon, 3/8 square
 * antiprism (guide §1.4, §3 dimensionality_fractions; 0 = not learned is not counted as a structure).
 */
export const DIMENSIONALITY_FRACTIONS: ReadonlyArray<{ label: string; value: number; structure: string }> = [
  { label: '1', value: 1, structure: 'dedicated dimension' },
  { label: '3/4', value: 3 / 4, structure: 'tetrahedron' },
  { label: '2/3', value: 2 / 3, structure: 'triangle' },
  { label: '1/2', value: 1 / 2, structure: 'antipodal pair' },
  { label: '2/5', value: 2 / 5, structure: 'pentagon' },
  { label: '3/8', value: 3 / 8, structure: 'square antiprism' },
];

/**
 * Reference lines the official notebook draws below the paper's smallest fraction 3/8: 2/6, 2/7, 3/12 and
 * 3/20 (guide §1.4). The paper states no structure for them; the report uses them to describe where the
 * dimensionalities of models sparser than the paper's range lie.
 */
export const NOTEBOOK_SPARSE_FRACTIONS: ReadonlyArray<{ label: string; value: number }> = [
  { label: '1/3', value: 1 / 3 },
  { label: '2/7', value: 2 / 7 },
  { label: '1/4', value: 1 / 4 },
  { label: '3/20', value: 3 / 20 },
];

/**
 * The share of [lo, hi] that lies within ±tolerance of some fraction: how often a value spread evenly
 * over that interval would land on a fraction by chance.
 */
export function fractionCoverage(fractions: ReadonlyArray<{ value: number }>, tolerance: number, lo: number, hi: number): number {
  if (!(hi > lo)) return Number.NaN;
  const windows = fractions
    .map((f) => [Math.max(lo, f.value - tolerance), Math.min(hi, f.value + tolerance)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let end = lo;
  for (const [a, b] of windows) {
    if (b <= end) continue;
    covered += b - Math.max(a, end);
    end = b;
  }
  return covered / (hi - lo);
}

/**
 * Index into `fractions` of the fraction nearest to d, or −1 when none lies within ±tolerance. Ties (d
 * exactly between two fractions) go to the larger fraction; each D_i is counted at most once.
 */
export function nearestFraction(
  d: number,
  tolerance: number,
  fractions: ReadonlyArray<{ value: number }> = DIMENSIONALITY_FRACTIONS,
): number {
  if (!Number.isFinite(d)) return -1;
  let best = -1;
  let bestDist = Number.POSITIVE_INFINITY;
  fractions.forEach((f, k) => {
    const dist = Math.abs(d - f.value);
    if (dist <= tolerance && dist < bestDist) {
      best = k;
      bestDist = dist;
    }
  });
  return best;
}

export interface FractionHistogram {
  /** how many values lie nearest to (and within tolerance of) each fraction, in the order of `fractions` */
  counts: number[];
  /** Σ counts */
  matched: number;
  /** how many values were classified */
  total: number;
  /** matched / total (NaN when total = 0) */
  share: number;
}

/** Histogram of values by the fraction each lies within ±tolerance of (see nearestFraction). */
export function fractionHistogram(
  values: readonly number[],
  tolerance: number,
  fractions: ReadonlyArray<{ value: number }> = DIMENSIONALITY_FRACTIONS,
): FractionHistogram {
  const counts = fractions.map(() => 0);
  for (const v of values) {
    const k = nearestFraction(v, tolerance, fractions);
    if (k >= 0) counts[k] = (counts[k] as number) + 1;
  }
  const matched = counts.reduce((a, c) => a + c, 0);
  return { counts, matched, total: values.length, share: values.length > 0 ? matched / values.length : Number.NaN };
}

/** Σ_i D_i; non-finite entries count as 0. */
export function dimensionalitySum(dims: readonly number[]): number {
  return dims.reduce((a, d) => a + (Number.isFinite(d) ? d : 0), 0);
}

/** A run of consecutive entries (indices first..last, inclusive) of a sequence. */
export interface Plateau {
  first: number;
  last: number;
  length: number;
}

/**
 * The longest run of consecutive values within ±tolerance of `level` (the first of equal length), or
 * null when no value is. The caller orders the values (e.g. densest model first).
 */
export function longestPlateau(values: readonly number[], level: number, tolerance: number): Plateau | null {
  let best: Plateau | null = null;
  let start = -1;
  for (let k = 0; k <= values.length; k++) {
    const v = values[k];
    const inside = v !== undefined && Number.isFinite(v) && Math.abs(v - level) <= tolerance;
    if (inside && start < 0) start = k;
    if (!inside && start >= 0) {
      const length = k - start;
      if (best === null || length > best.length) best = { first: start, last: k - 1, length };
      start = -1;
    }
  }
  return best;
}

/** Whether importances are all equal (the uniform-superposition setting). */
export function uniformImportance(importance: readonly number[], eps = 1e-9): boolean {
  const first = importance[0];
  return first !== undefined && importance.every((v) => Math.abs(v - first) <= eps * Math.max(1, Math.abs(first)));
}
