// Superposition and adversarial vulnerability (paper §"Superposition and adversarial examples", guide §1.7):
// the paper's analytic attack on the ReLU output model x' = ReLU(WᵀWx + b), measured against a model of the
// same size that keeps its features orthogonal.
//
// The attack. Gradient attacks fail at high sparsity (the paper: gradient masking), so the paper attacks each
// feature i analytically along row i of the Gram matrix, the input direction that raises output i fastest:
//   δ_i = ε (WᵀW)_i / ‖(WᵀW)_i‖₂,   ε = 0.1 × E‖x‖₂ (the average input norm at the model's density),
// and keeps the feature whose attack harms the loss most. The loss under attack compares the output on the
// attacked input with the clean input, L′_i = E_x[Σ_f I_f (x_f − ReLU((x + δ_i)WᵀW + b)_f)²]/F, on the same
// scale as the held-out loss (metrics.ts evalLoss), and the model's vulnerability is max_i L′_i − L. (Were
// the attacked input the target, a model with orthogonal features would follow every attack exactly and the
// paper's ratio below would divide by zero.) Attacked inputs may leave [0, 1]: the paper's attack is not
// clipped, and neither is ours.
//
// The expectation is a mean over one fixed sample: `samples` inputs drawn at the model's density from one
// stream whose seed is a fixed label (the same random words for every model and every base seed, so the
// samples of two densities differ only by which features the density keeps, and a rerun measures the same
// numbers). E‖x‖₂ is the mean norm of the same sample, and L is measured on it too, so that L′ − L is a
// paired difference.
//
// The normalisation, fixed before any vulnerability was computed. The paper divides by "a non-superposition
// model" and names none; ours is the best model of the same size and density that has no superposition: the
// m most important features on the m unit axes (W = the first m rows of the identity, ties to the lower
// index), bias 0 for them and b_f = E[x_f] = p_f/2 (the best constant output) for every feature it drops. Its
// attack moves one kept feature's output by exactly ε and nothing else, so L′₀ − L₀ = max_i I_i ε²/F for every
// sample; it is computed here by the same attack code on the same sample, and the tests check the closed form.
// The relative vulnerability of a model is (L′ − L)/(L′₀ − L₀) at its own density and budget: 1 for a model
// whose features are orthogonal, larger when interference lets one feature's attack move other outputs.

import type { FeatureSet } from '../core/types.ts';
import { createPrng, deriveSeed } from '../data/prng.ts';
import { sampleEvalSet } from '../data/synthetic.ts';
import { frobeniusSquared, type Rows } from './metrics.ts';
import type { ExperimentAnalysis, ModelAnalysis } from './types.ts';

/** The attack's settings and the claim's thresholds, fixed from the paper's text before any model was measured. */
export const ADVERSARIAL_RULES = {
  /** the L2 budget as a fraction of the average input norm (the paper: 0.1) */
  budgetFraction: 0.1,
  /** inputs per model that the expectations average over */
  samples: 2048,
  /** label of the fixed seed of the input stream (deriveSeed(0, label)) */
  seedLabel: 'adversarial-attack-inputs',
  /**
   * adversarial_tracks_superposition: the relative vulnerability must rise by more than this factor, the
   * largest over the sweep divided by the value at the densest model (the paper: "more than 3×" as
   * superposition forms)
   */
  minRise: 3,
  /**
   * … and its Pearson correlation with features per dimension ‖W‖²_F/m across the sweep's models must be at
   * least this (the paper: "highly correlated"; 0.8 is the usual floor of a strong correlation)
   */
  minCorrelation: 0.8,
  /** a correlation needs at least this many models */
  minModels: 3,
} as const;

/** The worst single-feature attack on one model. */
export interface AttackOutcome {
  /** L: the loss on the clean sample */
  loss: number;
  /** L′ of the most harmful feature attack (L when no feature has a direction) */
  attackedLoss: number;
  /** L′ − L */
  vulnerability: number;
  /** the attacked feature whose attack harms most (the lowest on ties); −1 when no row of WᵀW is nonzero */
  worstFeature: number;
}

/** The vulnerability of one model of a sweep, as metrics.json stores it (derived.adversarial). */
export interface ModelVulnerability {
  /** position of the model in ExperimentAnalysis.models */
  model: number;
  density: number;
  /** E‖x‖₂ on the sample */
  meanInputNorm: number;
  /** the budget ε = budgetFraction · meanInputNorm */
  epsilon: number;
  loss: number;
  attackedLoss: number;
  /** L′ − L */
  vulnerability: number;
  worstFeature: number;
  /** L′₀ − L₀ of the orthogonal model of the same size, density and budget (dedicatedBaseline) */
  baselineVulnerability: number;
  /** (L′ − L)/(L′₀ − L₀) */
  relative: number;
  /** features per dimension ‖W‖²_F/m = 1/D* */
  featuresPerDimension: number;
}

/** How the relative vulnerability changes across a sweep (densest model first). */
export interface VulnerabilityTrend {
  /** the entry of the densest model */
  densest: ModelVulnerability;
  /** the entry with the largest relative vulnerability (the densest such on ties) */
  peak: ModelVulnerability;
  /** peak.relative / densest.relative (NaN when the densest value is not positive) */
  rise: number;
  /** correlation of relative vulnerability with features per dimension across the entries (NaN when undefined) */
  pearson: number;
  spearman: number;
}

/** Row i of a matrix, checked. */
function rowOf(M: Rows, i: number, what: string): ArrayLike<number> {
  const r = M[i];
  if (r === undefined) throw new RangeError(`adversarial: ${what} has no row ${i}`);
  return r;
}

/**
 * The paper's attack direction for feature i: row i of WᵀW scaled to unit length, [F]; null when the row is
 * zero (a feature with no weight has no direction to attack along).
 */
export function attackDirection(W: Rows, i: number): number[] | null {
  const wi = rowOf(W, i, 'W');
  const g = W.map((wj) => {
    let s = 0;
    for (let k = 0; k < wi.length; k++) s += (wi[k] as number) * (wj[k] as number);
    return s;
  });
  const norm = Math.sqrt(g.reduce((a, v) => a + v * v, 0));
  return norm > 0 ? g.map((v) => v / norm) : null;
}

/** The mean L2 norm of samples x [N, F]. */
export function meanInputNorm(x: Float32Array, features: number): number {
  if (features <= 0 || x.length === 0 || x.length % features !== 0) {
    throw new RangeError(`meanInputNorm: x has ${x.length} numbers, not a positive multiple of F = ${features}`);
  }
  const N = x.length / features;
  let total = 0;
  for (let n = 0; n < N; n++) {
    let s = 0;
    for (let f = n * features; f < (n + 1) * features; f++) s += (x[f] as number) * (x[f] as number);
    total += Math.sqrt(s);
  }
  return total / N;
}

/**
 * Every feature's analytic attack of budget ε on the ReLU output model (W F rows × H, b [F]) over samples x
 * [N, F]; the worst one. Two facts make all F attacks cost little more than one forward pass:
 *   - the pre-activations under attack are the clean ones P shifted by δ_i WᵀW = ε (WᵀW)²_i/‖(WᵀW)_i‖, the
 *     same shift s_if of output f for every sample (attackShifts);
 *   - so output f's summed error under shift s is Σ_{n: P_nf > −s} (x_nf − P_nf − s)² + Σ_{other n} x_nf²:
 *     sums of (x − P)², x − P, x² and 1 over the samples above the cut −s. Grouping the samples by how many of
 *     the attacks' cut points lie below their P_nf gives every attack's sums at once.
 * The tests check it against the explicit attack: δ added to every input and the forward pass rerun.
 */
export function analyticAttack(
  W: Rows,
  b: ArrayLike<number>,
  x: Float32Array,
  importance: ArrayLike<number>,
  epsilon: number,
): AttackOutcome {
  const F = W.length;
  if (F === 0) throw new RangeError('analyticAttack: W has no rows');
  if (b.length !== F || importance.length !== F) {
    throw new RangeError(`analyticAttack: b has ${b.length} and importance ${importance.length} entries, W has ${F} rows`);
  }
  if (x.length === 0 || x.length % F !== 0)
    throw new RangeError(`analyticAttack: x has ${x.length} numbers, not a positive multiple of F = ${F}`);
  if (!(epsilon >= 0)) throw new RangeError(`analyticAttack: the budget must be ≥ 0, got ${epsilon}`);
  const N = x.length / F;
  const Wf = W.map((r) => Float64Array.from(r));
  const { attacked, shift } = attackShifts(Wf, epsilon);
  const { P, X } = featureMajor(Wf, b, x);

  // cut points of output f: position 0 is the clean pass (s = 0), position q + 1 the attack on attacked[q]
  const A = attacked.length;
  const cuts = new Float64Array(A + 1);
  // per group c (samples with c sorted cut points below their P), then summed from the top: Σ (x − P)², Σ (x − P), Σ x², count
  const sq = new Float64Array(A + 2);
  const lin = new Float64Array(A + 2);
  const xsq = new Float64Array(A + 2);
  const count = new Float64Array(A + 2);
  /** the number of (sorted) cut points below v */
  const below = (v: number): number => {
    let lo = 0;
    let hi = A + 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cuts[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let clean = 0;
  const totals = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    cuts[0] = 0;
    for (let q = 0; q < A; q++) cuts[q + 1] = -(shift[(attacked[q] as number) * F + f] as number);
    cuts.sort();
    sq.fill(0);
    lin.fill(0);
    xsq.fill(0);
    count.fill(0);
    for (let n = 0; n < N; n++) {
      const p = P[f * N + n] as number;
      const xv = X[f * N + n] as number;
      const c = below(p);
      sq[c] = (sq[c] as number) + (xv - p) * (xv - p);
      lin[c] = (lin[c] as number) + (xv - p);
      xsq[c] = (xsq[c] as number) + xv * xv;
      count[c] = (count[c] as number) + 1;
    }
    for (let k = A; k >= 0; k--) {
      sq[k] = (sq[k] as number) + (sq[k + 1] as number);
      lin[k] = (lin[k] as number) + (lin[k + 1] as number);
      xsq[k] = (xsq[k] as number) + (xsq[k + 1] as number);
      count[k] = (count[k] as number) + (count[k + 1] as number);
    }
    /**
     * Σ_n (x_nf − ReLU(P_nf + s))²: a sample is active when P_nf > −s, i.e. when more cut points lie below its
     * P than below −s (the cut −s itself among them), so the active sums are those from group below(−s) + 1 up
     */
    const error = (s: number): number => {
      const k = below(-s) + 1;
      return (sq[k] as number) - 2 * s * (lin[k] as number) + (count[k] as number) * s * s + ((xsq[0] as number) - (xsq[k] as number));
    };
    const weight = importance[f] as number;
    clean += weight * error(0);
    for (let q = 0; q < A; q++) {
      const i = attacked[q] as number;
      totals[i] = (totals[i] as number) + weight * error(shift[i * F + f] as number);
    }
  }
  const loss = clean / (N * F);

  let worstFeature = -1;
  let attackedLoss = loss;
  for (const i of attacked) {
    const l = (totals[i] as number) / (N * F);
    if (worstFeature < 0 || l > attackedLoss) {
      worstFeature = i;
      attackedLoss = l;
    }
  }
  return { loss, attackedLoss, vulnerability: attackedLoss - loss, worstFeature };
}

/**
 * The features that have an attack direction (a nonzero row of G = WᵀW) and what each attack adds to every
 * output's pre-activation, shift[i·F + f] = s_if = ε (G²)_if/‖G_i‖, computed as ε W_i M W_fᵀ/‖G_i‖ with the
 * H × H matrix M = Σ_f W_fᵀ W_f (G² = W M Wᵀ), F²·H operations instead of F³.
 */
function attackShifts(W: readonly Float64Array[], epsilon: number): { attacked: number[]; shift: Float64Array } {
  const F = W.length;
  const H = (W[0] as Float64Array).length;
  const gNorm = new Float64Array(F);
  const M = new Float64Array(H * H);
  for (let i = 0; i < F; i++) {
    const wi = W[i] as Float64Array;
    let s2 = 0;
    for (let j = 0; j < F; j++) {
      const wj = W[j] as Float64Array;
      let s = 0;
      for (let k = 0; k < H; k++) s += (wi[k] as number) * (wj[k] as number);
      s2 += s * s;
    }
    gNorm[i] = Math.sqrt(s2);
    for (let k = 0; k < H; k++) for (let l = 0; l < H; l++) M[k * H + l] = (M[k * H + l] as number) + (wi[k] as number) * (wi[l] as number);
  }
  const attacked = Array.from({ length: F }, (_, i) => i).filter((i) => (gNorm[i] as number) > 0);
  const shift = new Float64Array(F * F);
  const a = new Float64Array(H);
  for (const i of attacked) {
    const wi = W[i] as Float64Array;
    for (let l = 0; l < H; l++) {
      let s = 0;
      for (let k = 0; k < H; k++) s += (wi[k] as number) * (M[k * H + l] as number);
      a[l] = s;
    }
    for (let f = 0; f < F; f++) {
      const wf = W[f] as Float64Array;
      let s = 0;
      for (let l = 0; l < H; l++) s += (a[l] as number) * (wf[l] as number);
      shift[i * F + f] = (epsilon * s) / (gNorm[i] as number);
    }
  }
  return { attacked, shift };
}

/**
 * The clean pre-activations P = x WᵀW + b (through h = x W) and the inputs themselves, both feature-major
 * [F, N], so that each output's samples lie in one row.
 */
function featureMajor(W: readonly Float64Array[], b: ArrayLike<number>, x: Float32Array): { P: Float64Array; X: Float64Array } {
  const F = W.length;
  const H = (W[0] as Float64Array).length;
  const N = x.length / F;
  const h = new Float64Array(N * H);
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < F; f++) {
      const xf = x[n * F + f] as number;
      if (xf === 0) continue;
      const wf = W[f] as Float64Array;
      for (let k = 0; k < H; k++) h[n * H + k] = (h[n * H + k] as number) + xf * (wf[k] as number);
    }
  }
  const P = new Float64Array(F * N);
  const X = new Float64Array(F * N);
  for (let f = 0; f < F; f++) {
    const wf = W[f] as Float64Array;
    const bf = b[f] as number;
    for (let n = 0; n < N; n++) {
      let s = bf;
      for (let k = 0; k < H; k++) s += (wf[k] as number) * (h[n * H + k] as number);
      P[f * N + n] = s;
      X[f * N + n] = x[n * F + f] as number;
    }
  }
  return { P, X };
}

/**
 * The orthogonal model the relative vulnerability divides by: the `hidden` most important features (ties to
 * the lower index) each on its own unit axis with bias 0, every other feature with W_f = 0 and the bias that
 * predicts its mean, b_f = p_f/2 (values uniform on [0, 1], active with probability p_f).
 */
export function dedicatedBaseline(
  importance: readonly number[],
  density: readonly number[],
  hidden: number,
): { W: number[][]; b: number[] } {
  const F = importance.length;
  if (density.length !== F) throw new RangeError(`dedicatedBaseline: ${density.length} densities for ${F} features`);
  const order = importance.map((v, i) => ({ v, i })).sort((p, q) => q.v - p.v || p.i - q.i);
  const axisOf = new Map<number, number>(order.slice(0, hidden).map((p, k) => [p.i, k]));
  const W = importance.map((_, f) => Array.from({ length: hidden }, (_, k) => (axisOf.get(f) === k ? 1 : 0)));
  const b = density.map((p, f) => (axisOf.has(f) ? 0 : p / 2));
  return { W, b };
}

/** The fixed attack sample of one model: ADVERSARIAL_RULES.samples inputs at its densities, [N, F]. */
export function attackSample(density: readonly number[], featureSets: readonly FeatureSet[] = []): Float32Array {
  const seed = deriveSeed(0, ADVERSARIAL_RULES.seedLabel);
  return sampleEvalSet([createPrng(seed)], Float32Array.from(density), ADVERSARIAL_RULES.samples, density.length, featureSets);
}

/** The vulnerability of one model (the paper's tied ReLU output model) and of its orthogonal counterpart. */
export function modelVulnerability(
  analysis: Pick<ExperimentAnalysis, 'importance' | 'featureSets' | 'models'>,
  m: ModelAnalysis,
): ModelVulnerability {
  const importance = m.importance ?? analysis.importance;
  const density = m.featureDensity ?? new Array<number>(m.features).fill(m.density);
  const x = attackSample(density, analysis.featureSets);
  const norm = meanInputNorm(x, m.features);
  const epsilon = ADVERSARIAL_RULES.budgetFraction * norm;
  const attack = analyticAttack(m.W, m.b, x, importance, epsilon);
  const base = dedicatedBaseline(importance, density, m.hidden);
  const baseline = analyticAttack(base.W, base.b, x, importance, epsilon);
  return {
    model: analysis.models.indexOf(m),
    density: m.density,
    meanInputNorm: norm,
    epsilon,
    ...attack,
    baselineVulnerability: baseline.vulnerability,
    relative: attack.vulnerability / baseline.vulnerability,
    featuresPerDimension: frobeniusSquared(m.W) / m.hidden,
  };
}

/**
 * The vulnerability of each model of a sweep that is the paper's tied ReLU output model, in the order given
 * (derived.ts passes the selected models of a uniform sweep, densest first).
 */
export function sweepVulnerability(
  analysis: Pick<ExperimentAnalysis, 'importance' | 'featureSets' | 'models'>,
  models: readonly ModelAnalysis[],
): ModelVulnerability[] {
  return models.filter((m) => m.activation === 'relu' && m.model === undefined).map((m) => modelVulnerability(analysis, m));
}

/** Pearson's correlation of two equally long series; NaN when either is constant or they are shorter than 2. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n !== ys.length) throw new RangeError(`pearson: ${n} and ${ys.length} values`);
  if (n < 2) return Number.NaN;
  const mx = xs.reduce((a, v) => a + v, 0) / n;
  const my = ys.reduce((a, v) => a + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = (xs[k] as number) - mx;
    const dy = (ys[k] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

/** Ranks 1 … n, tied values sharing their mean rank. */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((v, i) => ({ v, i })).sort((p, q) => p.v - q.v);
  const out = new Array<number>(xs.length).fill(0);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && (order[end + 1] as { v: number }).v === (order[start] as { v: number }).v) end++;
    for (let k = start; k <= end; k++) out[(order[k] as { i: number }).i] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return out;
}

/** Spearman's rank correlation (Pearson's on the ranks, ties averaged). */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  return pearson(ranks(xs), ranks(ys));
}

/** How relative vulnerability moves across a sweep whose first entry is its densest model; null when empty. */
export function vulnerabilityTrend(entries: readonly ModelVulnerability[]): VulnerabilityTrend | null {
  const densest = entries.reduce<ModelVulnerability | undefined>(
    (best, e) => (best === undefined || e.density > best.density ? e : best),
    undefined,
  );
  if (densest === undefined) return null;
  let peak = densest;
  for (const e of entries) if (e.relative > peak.relative || (e.relative === peak.relative && e.density > peak.density)) peak = e;
  const rel = entries.map((e) => e.relative);
  const fpd = entries.map((e) => e.featuresPerDimension);
  return {
    densest,
    peak,
    rise: densest.relative > 0 ? peak.relative / densest.relative : Number.NaN,
    pearson: pearson(rel, fpd),
    spearman: spearman(rel, fpd),
  };
}
