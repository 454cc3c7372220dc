// Metrics of one trained toy model, as pure functions on plain arrays (float64 arithmetic).
//
// Layout as in the official notebook: W has F rows of H numbers, row i is the paper's column W_i
// (the direction of feature i in the hidden space); b has F numbers. Definitions follow the guide §1.0
// and the notebook's code (render_features, compute_dimensionality).

import type { Activation } from '../core/types.ts';
import type { ModelAnalysis } from './types.ts';

/** Rows of numbers: number[][] from JSON, or Float32Array rows straight from training. */
export type Rows = ReadonlyArray<ArrayLike<number>>;

/** A feature is "represented" when ‖W_i‖ exceeds this (guide, notes for checkers). */
export const REPRESENTED_NORM = 0.5;
/** A represented feature is "orthogonal" when its superposition score is below this (guide, notes for checkers). */
export const ORTHOGONAL_SUPERPOSITION = 0.1;
/** Added to ‖W_i‖ before normalising in the superposition score, as the notebook's render_features. */
const SUPERPOSITION_EPS = 1e-5;
/** Lower clamp of ‖W_i‖ in the dimensionality, as the notebook's compute_dimensionality. */
const DIMENSIONALITY_MIN_NORM = 1e-6;

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) s += (a[k] as number) * (b[k] as number);
  return s;
}

function row(W: Rows, i: number): ArrayLike<number> {
  const r = W[i];
  if (r === undefined) throw new RangeError(`metrics: row ${i} is outside W (${W.length} rows)`);
  return r;
}

/** ‖W_i‖ for every feature, [F]. */
export function featureNorms(W: Rows): number[] {
  return W.map((r) => Math.sqrt(dot(r, r)));
}

/** WᵀW in the paper's notation: the F×F matrix of W_i·W_j. */
export function gram(W: Rows): number[][] {
  const F = W.length;
  const G: number[][] = [];
  for (let i = 0; i < F; i++) {
    const gi: number[] = new Array<number>(F).fill(0);
    G.push(gi);
  }
  for (let i = 0; i < F; i++) {
    for (let j = i; j < F; j++) {
      const v = dot(row(W, i), row(W, j));
      (G[i] as number[])[j] = v;
      (G[j] as number[])[i] = v;
    }
  }
  return G;
}

/**
 * Superposition (interference) score of each feature, Σ_{j≠i} (Ŵ_i·W_j)² with Ŵ_i = W_i / (‖W_i‖ + 1e-5)
 * exactly as the notebook computes it (W_j is not normalised). 0 = no other feature points along W_i.
 */
export function superposition(W: Rows): number[] {
  const norms = featureNorms(W);
  const G = gram(W);
  return norms.map((n, i) => {
    const gi = G[i] as number[];
    let s = 0;
    for (let j = 0; j < gi.length; j++) {
      if (j === i) continue;
      const p = (gi[j] as number) / (n + SUPERPOSITION_EPS);
      s += p * p;
    }
    return s;
  });
}

/**
 * Feature dimensionality D_i = ‖W_i‖² / Σ_j (Ŵ_i·W_j)², the sum including j = i, with ‖W_i‖ clamped to
 * ≥ 1e-6 in Ŵ_i as the notebook's compute_dimensionality. Dedicated feature → 1, antipodal pair → 1/2,
 * regular pentagon → 2/5; an unlearned feature → ≈0 (exactly 0 for a zero row, where the notebook's 0/0
 * would give NaN).
 */
export function dimensionality(W: Rows): number[] {
  const norms = featureNorms(W);
  const G = gram(W);
  return norms.map((n, i) => {
    const gi = G[i] as number[];
    const clamped = Math.max(n, DIMENSIONALITY_MIN_NORM);
    let denom = 0;
    for (let j = 0; j < gi.length; j++) {
      const p = (gi[j] as number) / clamped;
      denom += p * p;
    }
    return denom > 0 ? (n * n) / denom : 0;
  });
}

/** ‖W‖_F², the sum of squared entries. */
export function frobeniusSquared(W: Rows): number {
  let s = 0;
  for (const r of W) s += dot(r, r);
  return s;
}

/** Dimensions per feature D* = H / ‖W‖_F² (Infinity for an all-zero W). */
export function dStar(W: Rows, hidden: number): number {
  const f2 = frobeniusSquared(W);
  return f2 > 0 ? hidden / f2 : Number.POSITIVE_INFINITY;
}

/** For H = 2: the angle of each W_i in degrees in [0, 360) (0 for a zero row); empty for any other H. */
export function angles(W: Rows, hidden: number): number[] {
  if (hidden !== 2) return [];
  return W.map((r) => {
    const deg = (Math.atan2(r[1] ?? 0, r[0] ?? 0) * 180) / Math.PI;
    const a = deg < 0 ? deg + 360 : deg;
    return a >= 360 ? a - 360 : a;
  });
}

/**
 * Angular gaps between directions given in degrees: sort them, take consecutive differences and the
 * wrap-around gap (360 − last + first). The gaps sum to 360; one direction gives [360], none gives [].
 */
export function angularGaps(anglesDeg: readonly number[]): number[] {
  if (anglesDeg.length === 0) return [];
  const s = anglesDeg.map((a) => ((a % 360) + 360) % 360).sort((x, y) => x - y);
  const gaps: number[] = [];
  for (let k = 1; k < s.length; k++) gaps.push((s[k] as number) - (s[k - 1] as number));
  gaps.push(360 - (s[s.length - 1] as number) + (s[0] as number));
  return gaps;
}

/** Indices of the represented features (‖W_i‖ > threshold, default 0.5), in feature order. */
export function representedFeatures(norms: readonly number[], threshold = REPRESENTED_NORM): number[] {
  const out: number[] = [];
  norms.forEach((n, i) => {
    if (n > threshold) out.push(i);
  });
  return out;
}

/** How many features are represented (‖W_i‖ > threshold, default 0.5). */
export function countRepresented(norms: readonly number[], threshold = REPRESENTED_NORM): number {
  return representedFeatures(norms, threshold).length;
}

/**
 * Indices of the orthogonal features: represented (‖W_i‖ > 0.5) and with a superposition score below
 * 0.1 — the paper's black bars.
 */
export function orthogonalFeatures(
  norms: readonly number[],
  superpositionScores: readonly number[],
  normThreshold = REPRESENTED_NORM,
  superpositionThreshold = ORTHOGONAL_SUPERPOSITION,
): number[] {
  return representedFeatures(norms, normThreshold).filter(
    (i) => (superpositionScores[i] ?? Number.POSITIVE_INFINITY) < superpositionThreshold,
  );
}

/** How many features are orthogonal (represented and superposition < 0.1). */
export function countOrthogonal(
  norms: readonly number[],
  superpositionScores: readonly number[],
  normThreshold = REPRESENTED_NORM,
  superpositionThreshold = ORTHOGONAL_SUPERPOSITION,
): number {
  return orthogonalFeatures(norms, superpositionScores, normThreshold, superpositionThreshold).length;
}

/** Angular gaps (degrees) between the represented features of an H = 2 model; [] when H ≠ 2. */
export function representedGaps(W: Rows, hidden: number, threshold = REPRESENTED_NORM): number[] {
  const a = angles(W, hidden);
  if (a.length === 0) return [];
  const norms = featureNorms(W);
  return angularGaps(representedFeatures(norms, threshold).map((i) => a[i] as number));
}

/** cos ∠(W_i, W_j); 0 when either row is zero. */
export function cosine(W: Rows, i: number, j: number): number {
  const a = row(W, i);
  const c = row(W, j);
  const na = Math.sqrt(dot(a, a));
  const nc = Math.sqrt(dot(c, c));
  return na > 0 && nc > 0 ? dot(a, c) / (na * nc) : 0;
}

/**
 * Importance-weighted reconstruction loss of one model on a fixed evaluation set:
 * mean over the N samples and F features of I_f (x_f − act(WᵀW x + b)_f)².
 *
 * @param W F rows of H numbers
 * @param b [F]
 * @param x samples, [N, F] row-major
 * @param importance [F]
 */
export function evalLoss(W: Rows, b: ArrayLike<number>, x: Float32Array, importance: ArrayLike<number>, activation: Activation): number {
  const F = W.length;
  if (F === 0) throw new RangeError('evalLoss: W has no rows');
  const H = (W[0] as ArrayLike<number>).length;
  if (b.length !== F) throw new RangeError(`evalLoss: b has ${b.length} entries, W has ${F} rows`);
  if (importance.length !== F) {
    throw new RangeError(`evalLoss: importance has ${importance.length} entries, W has ${F} rows`);
  }
  if (x.length % F !== 0) throw new RangeError(`evalLoss: x has ${x.length} numbers, not a multiple of F = ${F}`);
  const N = x.length / F;
  if (N === 0) throw new RangeError('evalLoss: x holds no samples');
  const h = new Float64Array(H);
  let total = 0;
  for (let n = 0; n < N; n++) {
    const off = n * F;
    h.fill(0);
    // h = Σ_f x_f W_f   [H]
    for (let f = 0; f < F; f++) {
      const xf = x[off + f] as number;
      if (xf === 0) continue;
      const r = W[f] as ArrayLike<number>;
      for (let k = 0; k < H; k++) h[k] = (h[k] as number) + xf * (r[k] as number);
    }
    // out_f = act(W_f · h + b_f)   [F]
    for (let f = 0; f < F; f++) {
      const pre = dot(W[f] as ArrayLike<number>, h) + (b[f] as number);
      const out = activation === 'relu' ? Math.max(0, pre) : pre;
      const e = (x[off + f] as number) - out;
      total += (importance[f] as number) * e * e;
    }
  }
  return total / (N * F);
}

/** The identifying fields of one model, known before any metric is computed. */
export type ModelMeta = Pick<ModelAnalysis, 'index' | 'run' | 'recipe' | 'activation' | 'density' | 'replica' | 'features' | 'hidden'>;

/** Split a flat [F*H] weight array into F rows of H float64 numbers. */
export function toRows(Wflat: ArrayLike<number>, features: number, hidden: number): number[][] {
  if (Wflat.length !== features * hidden) {
    throw new RangeError(`toRows: W has ${Wflat.length} numbers, expected F·H = ${features}·${hidden}`);
  }
  const rows: number[][] = [];
  for (let f = 0; f < features; f++) {
    const r: number[] = [];
    for (let k = 0; k < hidden; k++) r.push(Wflat[f * hidden + k] as number);
    rows.push(r);
  }
  return rows;
}

/**
 * Everything measured about one model, from its flat weights W [F*H] (row-major, rows = features), its
 * bias [F], its identity, and the two losses computed elsewhere.
 */
export function analyzeModel(
  Wflat: ArrayLike<number>,
  b: ArrayLike<number>,
  meta: ModelMeta,
  evalLossValue: number,
  finalTrainLoss: number,
): ModelAnalysis {
  const W = toRows(Wflat, meta.features, meta.hidden);
  if (b.length !== meta.features) {
    throw new RangeError(`analyzeModel: b has ${b.length} numbers, expected F = ${meta.features}`);
  }
  return {
    index: meta.index,
    run: meta.run,
    recipe: meta.recipe,
    activation: meta.activation,
    density: meta.density,
    replica: meta.replica,
    features: meta.features,
    hidden: meta.hidden,
    W,
    b: Array.from(b, (v) => v),
    norms: featureNorms(W),
    superposition: superposition(W),
    dimensionality: dimensionality(W),
    dStar: dStar(W, meta.hidden),
    evalLoss: evalLossValue,
    finalTrainLoss,
    angles: angles(W, meta.hidden),
  };
}

/** The loss restarts are ranked by: the expected loss where computed, else the held-out loss; NaN ranks last. */
export function lossForRanking(m: Pick<ModelAnalysis, 'evalLoss' | 'expectedLoss'>): number {
  const l = m.expectedLoss ?? m.evalLoss;
  return Number.isNaN(l) ? Number.POSITIVE_INFINITY : l;
}

/**
 * For each (run, density) cell (and importance or feature densities, for models that have their own), in order of first appearance, the position in `models` of the replica
 * with the lowest loss (lossForRanking; ties → the lowest replica number; a NaN loss loses to any number).
 */
export function selectLowestLoss(
  models: ReadonlyArray<Pick<ModelAnalysis, 'run' | 'density' | 'replica' | 'evalLoss' | 'expectedLoss' | 'importance' | 'featureDensity'>>,
): number[] {
  const cells = new Map<string, number>();
  const order: string[] = [];
  const better = (a: number, b: number): boolean => {
    const ma = models[a] as (typeof models)[number];
    const mb = models[b] as (typeof models)[number];
    // the exact expected loss where the analysis has one, else the held-out loss
    const la = lossForRanking(ma);
    const lb = lossForRanking(mb);
    if (la !== lb) return la < lb;
    return ma.replica < mb.replica;
  };
  models.forEach((m, k) => {
    // a model with its own importance or feature densities is its own cell per (run, density, importance, densities)
    let key = `${m.run}|${m.density}`;
    if (m.importance !== undefined) key += `|${m.importance.join(',')}`;
    if (m.featureDensity !== undefined) key += `|d:${m.featureDensity.join(',')}`;
    const cur = cells.get(key);
    if (cur === undefined) {
      cells.set(key, k);
      order.push(key);
    } else if (better(k, cur)) {
      cells.set(key, k);
    }
  });
  return order.map((key) => cells.get(key) as number);
}
