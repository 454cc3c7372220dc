// Synthetic sparse inputs of the toy model: x_f = 0 with probability 1 − p_f, otherwise x_f ~ U[0, 1).
//
// Each instance reads only its own stream, so instance i's data is the same whether it is trained alone
// or beside others. The stream draws from the four sfc32 lanes of data/prng.ts's `Prng` at once (see
// `fillBatch`), the layout that the fused WebAssembly kernel (model/fused/) generates with SIMD.

import type { FeatureSet, MaskMode } from '../core/types.ts';
import { featureSetTable, keptFeatures } from './feature-sets.ts';
import { laneState, setLaneState, type Prng } from './prng.ts';

/** Bits of the uniforms the stream draws: a word w gives u = (w >>> 8)·2^-24, for keep decisions and values. */
export const UNIFORM_BITS = 24;
const TWO_POW_M24 = 2 ** -UNIFORM_BITS;

function checkArgs(out: Float32Array, streams: readonly Prng[], density: Float32Array, batch: number, features: number): number {
  const instances = streams.length;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`fillBatch: batch must be a positive integer, got ${batch}`);
  if (!Number.isInteger(features) || features < 1) {
    throw new Error(`fillBatch: features must be a positive integer, got ${features}`);
  }
  if (density.length !== instances * features) {
    throw new Error(`fillBatch: density has ${density.length} values, expected instances·features = ${instances}·${features}`);
  }
  for (let k = 0; k < density.length; k++) {
    const p = density[k] as number;
    if (!(p >= 0 && p <= 1)) throw new Error(`fillBatch: density[${k}] = ${p} is not a probability in [0, 1]`);
  }
  if (out.length < instances * batch * features) {
    throw new Error(`fillBatch: out has ${out.length} values, needs instances·batch·features = ${instances * batch * features}`);
  }
  return instances;
}

/**
 * Fill `out` ([I, B, F] row-major, I = streams.length) with one step's inputs.
 *
 * Every stream has four sfc32 lanes (data/prng.ts); a *draw* advances all four and yields one 32-bit word
 * w_j per lane j. A word decides a mask element as kept iff (w >>> 8) < p·2^24 (i.e. u < p for the 24-bit
 * uniform u = (w >>> 8)·2^-24) and gives a value as (w >>> 8)·2^-24 ∈ [0, 1).
 *
 * - `per_element`, for each example in order: ⌈F/4⌉ mask draws, lane j of draw q deciding feature 4q+j
 *   (lanes past F are drawn and unused); then ⌈K/4⌉ value draws for the K kept features, which take their
 *   values in increasing feature order: the k-th kept feature gets lane k mod 4 of value draw ⌊k/4⌋ (the
 *   remaining lanes of the last draw are unused). Every other element is 0.
 * - `per_batch`, per instance: the ⌈F/4⌉ mask draws once, shared by all B examples; then, for each example
 *   in order, ⌈K/4⌉ value draws as above.
 *
 * So each element is non-zero with its feature's density and then uniform on [0, 1), independently
 * (per_element), or with one keep/drop mask per instance and step (per_batch). The fused WebAssembly
 * kernel (model/fused/) generates exactly this stream, four words per SIMD instruction.
 *
 * `featureSets` (data/feature-sets.ts) make some features correlated or anticorrelated: the draws stay
 * exactly as above and only the keep decisions of the sets' members change, so the stream of a group
 * without sets, and every draw count, is the same as without them.
 */
export function fillBatch(
  out: Float32Array, // [I, B, F]
  streams: readonly Prng[], // [I]
  density: Float32Array, // [I, F]
  batch: number,
  features: number,
  mask: MaskMode,
  featureSets: readonly FeatureSet[] = [],
): void {
  const instances = checkArgs(out, streams, density, batch, features);
  if (mask !== 'per_element' && mask !== 'per_batch') {
    throw new Error(`fillBatch: unknown mask mode '${String(mask)}' (allowed: per_element, per_batch)`);
  }
  if (featureSets.length > 0) {
    const table = featureSetTable(featureSets, features);
    for (let i = 0; i < instances; i++)
      fillInstanceWithSets(out, streams[i] as Prng, density, i, batch, features, mask === 'per_batch', table);
    return;
  }
  for (let i = 0; i < instances; i++) fillInstance(out, streams[i] as Prng, density, i, batch, features, mask === 'per_batch');
}

/** One draw: advance the four sfc32 lanes of `st` (laneState's layout) and write their words to out[o .. o+3]. */
function drawLanes(st: Int32Array, out: Int32Array, o: number): void {
  for (let j = 0; j < 4; j++) {
    const a = st[j] as number;
    const b = st[4 + j] as number;
    const c = st[8 + j] as number;
    const d = st[12 + j] as number;
    const t = (((a + b) | 0) + d) | 0;
    st[12 + j] = (d + 1) | 0;
    st[j] = b ^ (b >>> 9);
    st[4 + j] = (c + (c << 3)) | 0;
    st[8 + j] = (((c << 21) | (c >>> 11)) + t) | 0;
    out[o + j] = t;
  }
}

/**
 * The stream of fillInstance with feature sets: the same draws in the same order (⌈F/4⌉ mask words,
 * then ⌈K/4⌉ value draws), with the kept list decided by the routing table. A plain, slower loop: it
 * serves the tfjs engine, the held-out sets and the tests; the fused kernel has its own.
 */
function fillInstanceWithSets(
  out: Float32Array,
  stream: Prng,
  density: Float32Array,
  i: number,
  batch: number,
  features: number,
  perBatch: boolean,
  table: Int32Array,
): void {
  const T = keepThresholds(density, i, features);
  const st = laneState(stream);
  const words = new Int32Array(T.length);
  const valueWords = new Int32Array(4);
  const kept = new Int32Array(features);
  const base = i * batch * features;
  out.fill(0, base, base + batch * features);
  let K = 0;
  for (let e = 0; e < batch; e++) {
    if (!perBatch || e === 0) {
      for (let q = 0; q < T.length; q += 4) drawLanes(st, words, q);
      K = keptFeatures(words, T, table, features, kept);
    }
    const o = base + e * features;
    for (let n = 0; n < K; n += 4) {
      drawLanes(st, valueWords, 0);
      for (let j = 0; j < 4 && n + j < K; j++) out[o + (kept[n + j] as number)] = ((valueWords[j] as number) >>> 8) * TWO_POW_M24;
    }
  }
  setLaneState(stream, st);
}

/** Keep thresholds ⌈p·2^24⌉ of instance i, padded with 0 (never kept) to a multiple of 4 features. */
export function keepThresholds(density: Float32Array, i: number, features: number): Int32Array {
  const T = new Int32Array(4 * Math.ceil(features / 4));
  // u < p·2^24 ⇔ u < ⌈p·2^24⌉ for an integer u; p·2^24 is exact for a float32 p
  for (let f = 0; f < features; f++) T[f] = Math.ceil((density[i * features + f] as number) * 16777216);
  return T;
}

// reused list of kept features (grown on demand)
let keptScratch = new Int32Array(64);

// The generator below is sfc32 (data/prng.ts) inlined four times, once per lane, with each lane's state
// in locals (aJ, bJ, cJ, dJ for lane J): one "draw" is the four blocks in lane order.

function fillInstance(
  out: Float32Array,
  stream: Prng,
  density: Float32Array,
  i: number,
  batch: number,
  features: number,
  perBatch: boolean,
): void {
  const T = keepThresholds(density, i, features);
  const Fp = T.length;
  if (keptScratch.length < Fp) keptScratch = new Int32Array(Fp);
  const kept = keptScratch;
  const L = stream.lanes;
  let a0 = stream.a | 0;
  let b0 = stream.b | 0;
  let c0 = stream.c | 0;
  let d0 = stream.d | 0;
  let a1 = L[0] as number;
  let b1 = L[1] as number;
  let c1 = L[2] as number;
  let d1 = L[3] as number;
  let a2 = L[4] as number;
  let b2 = L[5] as number;
  let c2 = L[6] as number;
  let d2 = L[7] as number;
  let a3 = L[8] as number;
  let b3 = L[9] as number;
  let c3 = L[10] as number;
  let d3 = L[11] as number;
  let t = 0;
  const base = i * batch * features;
  out.fill(0, base, base + batch * features);
  let K = 0;
  for (let e = 0; e <= batch; e++) {
    // mask draws: before the first example (per_batch) or before each example (per_element)
    if (perBatch ? e === 0 : e < batch) {
      K = 0;
      for (let f = 0; f < Fp; f += 4) {
        t = (((a0 + b0) | 0) + d0) | 0;
        d0 = (d0 + 1) | 0;
        a0 = b0 ^ (b0 >>> 9);
        b0 = (c0 + (c0 << 3)) | 0;
        c0 = (((c0 << 21) | (c0 >>> 11)) + t) | 0;
        if (t >>> 8 < (T[f] as number)) kept[K++] = f;
        t = (((a1 + b1) | 0) + d1) | 0;
        d1 = (d1 + 1) | 0;
        a1 = b1 ^ (b1 >>> 9);
        b1 = (c1 + (c1 << 3)) | 0;
        c1 = (((c1 << 21) | (c1 >>> 11)) + t) | 0;
        if (t >>> 8 < (T[f + 1] as number)) kept[K++] = f + 1;
        t = (((a2 + b2) | 0) + d2) | 0;
        d2 = (d2 + 1) | 0;
        a2 = b2 ^ (b2 >>> 9);
        b2 = (c2 + (c2 << 3)) | 0;
        c2 = (((c2 << 21) | (c2 >>> 11)) + t) | 0;
        if (t >>> 8 < (T[f + 2] as number)) kept[K++] = f + 2;
        t = (((a3 + b3) | 0) + d3) | 0;
        d3 = (d3 + 1) | 0;
        a3 = b3 ^ (b3 >>> 9);
        b3 = (c3 + (c3 << 3)) | 0;
        c3 = (((c3 << 21) | (c3 >>> 11)) + t) | 0;
        if (t >>> 8 < (T[f + 3] as number)) kept[K++] = f + 3;
      }
    }
    if (e === batch) break;
    // value draws for the K kept features of example e, in increasing feature order
    const o = base + e * features;
    for (let n = 0; n < K; n += 4) {
      t = (((a0 + b0) | 0) + d0) | 0;
      d0 = (d0 + 1) | 0;
      a0 = b0 ^ (b0 >>> 9);
      b0 = (c0 + (c0 << 3)) | 0;
      c0 = (((c0 << 21) | (c0 >>> 11)) + t) | 0;
      out[o + (kept[n] as number)] = (t >>> 8) * TWO_POW_M24;
      t = (((a1 + b1) | 0) + d1) | 0;
      d1 = (d1 + 1) | 0;
      a1 = b1 ^ (b1 >>> 9);
      b1 = (c1 + (c1 << 3)) | 0;
      c1 = (((c1 << 21) | (c1 >>> 11)) + t) | 0;
      if (n + 1 < K) out[o + (kept[n + 1] as number)] = (t >>> 8) * TWO_POW_M24;
      t = (((a2 + b2) | 0) + d2) | 0;
      d2 = (d2 + 1) | 0;
      a2 = b2 ^ (b2 >>> 9);
      b2 = (c2 + (c2 << 3)) | 0;
      c2 = (((c2 << 21) | (c2 >>> 11)) + t) | 0;
      if (n + 2 < K) out[o + (kept[n + 2] as number)] = (t >>> 8) * TWO_POW_M24;
      t = (((a3 + b3) | 0) + d3) | 0;
      d3 = (d3 + 1) | 0;
      a3 = b3 ^ (b3 >>> 9);
      b3 = (c3 + (c3 << 3)) | 0;
      c3 = (((c3 << 21) | (c3 >>> 11)) + t) | 0;
      if (n + 3 < K) out[o + (kept[n + 3] as number)] = (t >>> 8) * TWO_POW_M24;
    }
  }
  stream.a = a0;
  stream.b = b0;
  stream.c = c0;
  stream.d = d0;
  L[0] = a1;
  L[1] = b1;
  L[2] = c1;
  L[3] = d1;
  L[4] = a2;
  L[5] = b2;
  L[6] = c2;
  L[7] = d2;
  L[8] = a3;
  L[9] = b3;
  L[10] = c3;
  L[11] = d3;
}

/**
 * A held-out evaluation set, [I, samples, F]: `samples` examples per instance drawn with a per-element
 * mask (and the experiment's feature sets, if any) from the given streams (one per instance; use streams
 * separate from training, e.g. seeded by `deriveSeed(base, 'eval', …)`).
 */
export function sampleEvalSet(
  streams: readonly Prng[], // [I]
  density: Float32Array, // [I, F]
  samples: number,
  features: number,
  featureSets: readonly FeatureSet[] = [],
): Float32Array {
  const out = new Float32Array(streams.length * samples * features);
  fillBatch(out, streams, density, samples, features, 'per_element', featureSets);
  return out;
}
