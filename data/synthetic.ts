// Synthetic sparse inputs of the toy model: x_f = 0 with probability 1 − p_f, otherwise x_f ~ U[0, 1).
//
// Each instance reads only its own stream, so instance i's data is the same whether it is trained alone
// or beside others. The sfc32 generator of data/prng.ts is inlined in the loops below (same numbers as
// `Prng.next()`); each instance's stream state is loaded into locals and written back.

import type { MaskMode } from '../model/types.ts';
import type { Prng } from './prng.ts';

const TWO_POW_M24 = 1 / 16777216;

function checkArgs(
  out: Float32Array,
  streams: readonly Prng[],
  density: Float32Array,
  batch: number,
  features: number,
): number {
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
 * - `per_element`: for each (example, feature) in order, draw u; the element is kept when u < p_f and then
 *   takes a fresh draw as its value, else it is 0 (no value drawn).
 * - `per_batch`: per instance, draw F mask values (kept when u < p_f), shared by all B examples; then for
 *   each (example, feature) in order a fresh value for every kept feature.
 */
export function fillBatch(
  out: Float32Array, // [I, B, F]
  streams: readonly Prng[], // [I]
  density: Float32Array, // [I, F]
  batch: number,
  features: number,
  mask: MaskMode,
): void {
  const instances = checkArgs(out, streams, density, batch, features);
  if (mask === 'per_element') {
    for (let i = 0; i < instances; i++) fillPerElement(out, streams[i] as Prng, density, i, batch, features);
  } else if (mask === 'per_batch') {
    for (let i = 0; i < instances; i++) fillPerBatch(out, streams[i] as Prng, density, i, batch, features);
  } else {
    throw new Error(`fillBatch: unknown mask mode '${String(mask)}' (allowed: per_element, per_batch)`);
  }
}

// reused per-feature thresholds p·2^24 (grown on demand): u < p ⇔ (t >>> 8) < p·2^24 exactly, since u = (t >>> 8)·2^-24
let thresholdScratch = new Float64Array(64);

function fillPerElement(
  out: Float32Array,
  stream: Prng,
  density: Float32Array,
  i: number,
  batch: number,
  features: number,
): void {
  if (thresholdScratch.length < features) thresholdScratch = new Float64Array(features);
  const threshold = thresholdScratch;
  for (let f = 0; f < features; f++) threshold[f] = (density[i * features + f] as number) * 16777216;
  let a = stream.a | 0;
  let b = stream.b | 0;
  let c = stream.c | 0;
  let d = stream.d | 0;
  let o = i * batch * features;
  const end = o + batch * features;
  while (o < end) {
    for (let f = 0; f < features; f++) {
      // u = next()
      let t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      if (t >>> 8 < (threshold[f] as number)) {
        // value = next()
        t = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + t) | 0;
        out[o + f] = (t >>> 8) * TWO_POW_M24;
      } else {
        out[o + f] = 0;
      }
    }
    o += features;
  }
  stream.a = a;
  stream.b = b;
  stream.c = c;
  stream.d = d;
}

// reused keep-mask scratch for per_batch (grown on demand)
let keepScratch = new Uint8Array(64);

function fillPerBatch(
  out: Float32Array,
  stream: Prng,
  density: Float32Array,
  i: number,
  batch: number,
  features: number,
): void {
  if (keepScratch.length < features) keepScratch = new Uint8Array(features);
  const keep = keepScratch;
  const pBase = i * features;
  for (let f = 0; f < features; f++) keep[f] = stream.next() < (density[pBase + f] as number) ? 1 : 0;
  let a = stream.a | 0;
  let b = stream.b | 0;
  let c = stream.c | 0;
  let d = stream.d | 0;
  let o = i * batch * features;
  for (let e = 0; e < batch; e++) {
    for (let f = 0; f < features; f++) {
      if (keep[f] === 1) {
        const t = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + t) | 0;
        out[o] = (t >>> 8) * TWO_POW_M24;
      } else {
        out[o] = 0;
      }
      o++;
    }
  }
  stream.a = a;
  stream.b = b;
  stream.c = c;
  stream.d = d;
}

/**
 * A held-out evaluation set, [I, samples, F]: `samples` examples per instance drawn with a per-element
 * mask from the given streams (one per instance; use streams separate from training, e.g. seeded by
 * `deriveSeed(base, 'eval', …)`).
 */
export function sampleEvalSet(
  streams: readonly Prng[], // [I]
  density: Float32Array, // [I, F]
  samples: number,
  features: number,
): Float32Array {
  const out = new Float32Array(streams.length * samples * features);
  fillBatch(out, streams, density, samples, features, 'per_element');
  return out;
}
