// The project's only source of randomness: a small, fast, seeded generator (sfc32, Chris Doty-Humphrey's
// "small fast chaotic" PRNG, 128-bit state, passes PractRand/BigCrush) and a way to derive independent
// seeds from the base seed in params.yaml plus labels. No Math.random anywhere.
//
// Every stream is fully determined by its 32-bit seed, so a pure-TS reference can replay exactly the data
// that the training engine consumed.

import { createHash } from 'node:crypto';

const TWO_POW_M24 = 1 / 16777216; // 2^-24
const TWO_POW_M53 = 1 / 9007199254740992; // 2^-53
const TWO_PI = 2 * Math.PI;

/**
 * A seeded sfc32 stream. The four state words are public so that hot loops (data/synthetic.ts) can copy
 * them into locals, inline the generator and write them back: same numbers as calling `uint32()`.
 *
 * Each stream also carries three more sfc32 generators, `lanes` 1–3 (lane 0 is the scalar generator
 * a, b, c, d itself). The synthetic data stream (data/synthetic.ts) draws from all four lanes at once, one
 * 32-bit word per lane, so that a SIMD kernel (model/fused/) can replay it four words per instruction.
 * The scalar methods below use lane 0 only.
 */
export class Prng {
  a: number;
  b: number;
  c: number;
  d: number;
  /** lanes 1–3 of the four-lane data stream: [a, b, c, d] of lane 1, then lane 2, then lane 3 (int32) */
  readonly lanes: Int32Array;
  /** second Box–Muller variate, NaN when none is pending */
  private spare = Number.NaN;

  constructor(seed: number) {
    // splitmix32 expands the seed into the state; d is sfc32's counter, started at 1 as in the reference.
    let s = seed >>> 0;
    const splitmix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    // state words are kept as int32 (the generator's arithmetic is `| 0`), so V8 keeps them unboxed
    this.a = splitmix() | 0;
    this.b = splitmix() | 0;
    this.c = splitmix() | 0;
    this.d = 1;
    // lanes 1–3 continue the same splitmix32 sequence: three words each, counter 1
    this.lanes = new Int32Array(12);
    for (let j = 0; j < 3; j++) {
      this.lanes[4 * j] = splitmix() | 0;
      this.lanes[4 * j + 1] = splitmix() | 0;
      this.lanes[4 * j + 2] = splitmix() | 0;
      this.lanes[4 * j + 3] = 1;
    }
    // warm up every lane (the reference implementation discards the first 12 outputs)
    for (let k = 0; k < 12; k++) this.uint32();
    for (let j = 0; j < 3; j++) warmUpLane(this.lanes, 4 * j);
  }

  /** uniform 32-bit unsigned integer */
  uint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.c = (r + t) | 0;
    return t >>> 0;
  }

  /** uniform float in [0, 1) with 24-bit resolution: every value is exactly representable as float32 */
  next(): number {
    return (this.uint32() >>> 8) * TWO_POW_M24;
  }

  /** uniform double in [0, 1) with 53-bit resolution */
  nextDouble(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_POW_M53;
  }

  /** standard normal N(0, 1) by Box–Muller (two variates per pair of draws; the second is kept for the next call) */
  normal(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = Number.NaN;
      return spare;
    }
    const u1 = 1 - this.nextDouble(); // (0, 1]: log is finite
    const u2 = this.nextDouble();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = TWO_PI * u2;
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** fill `out[start, end)` with `next()` values */
  fillUniform(out: Float32Array, start = 0, end = out.length): void {
    for (let k = start; k < end; k++) out[k] = this.next();
  }

  /** fill `out[start, end)` with `mean + std * normal()` values */
  fillNormal(out: Float32Array, mean = 0, std = 1, start = 0, end = out.length): void {
    for (let k = start; k < end; k++) out[k] = mean + std * this.normal();
  }
}

/** Discard 12 outputs of the sfc32 state st[o .. o+3] (in place). */
function warmUpLane(st: Int32Array, o: number): void {
  let a = st[o] as number;
  let b = st[o + 1] as number;
  let c = st[o + 2] as number;
  let d = st[o + 3] as number;
  for (let k = 0; k < 12; k++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
  }
  st[o] = a;
  st[o + 1] = b;
  st[o + 2] = c;
  st[o + 3] = d;
}

/**
 * The four-lane state of a stream as sfc32 words by component: [a0, a1, a2, a3, b0, …, b3, c0, …, c3,
 * d0, …, d3] (int32), i.e. four i32x4 vectors a, b, c, d whose lane j is lane j's word. This is how the
 * fused kernel (model/fused/) holds it.
 */
export function laneState(p: Prng): Int32Array {
  const out = new Int32Array(16);
  const w = [p.a, p.b, p.c, p.d];
  for (let k = 0; k < 4; k++) {
    out[4 * k] = w[k] as number;
    for (let j = 1; j < 4; j++) out[4 * k + j] = p.lanes[4 * (j - 1) + k] as number;
  }
  return out;
}

/** Write a state in `laneState`'s layout back into a stream (after the kernel advanced it). */
export function setLaneState(p: Prng, st: Int32Array): void {
  p.a = st[0] as number;
  p.b = st[4] as number;
  p.c = st[8] as number;
  p.d = st[12] as number;
  for (let j = 1; j < 4; j++) for (let k = 0; k < 4; k++) p.lanes[4 * (j - 1) + k] = st[4 * k + j] as number;
}

/** A new stream seeded with the low 32 bits of `seed` (an integer). */
export function createPrng(seed: number): Prng {
  if (!Number.isInteger(seed)) throw new Error(`createPrng: seed must be an integer, got ${seed}`);
  return new Prng(seed >>> 0);
}

/**
 * A 32-bit seed for the stream named by `labels` under `base`: the first four bytes (little-endian) of
 * sha256 over canonical JSON of [base, ...labels]. Strings and numbers are distinct labels ("1" ≠ 1), and
 * label order matters.
 */
export function deriveSeed(base: number, ...labels: (string | number)[]): number {
  if (!Number.isInteger(base) || base < 0 || base > 0xffffffff) {
    throw new Error(`deriveSeed: base seed must be an integer in [0, 2^32), got ${base}`);
  }
  for (const label of labels) {
    if (typeof label === 'number' && !Number.isFinite(label)) {
      throw new Error(`deriveSeed: numeric labels must be finite, got ${label}`);
    }
  }
  const digest = createHash('sha256')
    .update(JSON.stringify([base, ...labels]))
    .digest();
  return digest.readUInt32LE(0);
}

/** One stream per seed (e.g. a TrainingGroup's dataSeeds). */
export function createStreams(seeds: ArrayLike<number>): Prng[] {
  const streams: Prng[] = [];
  for (let i = 0; i < seeds.length; i++) streams.push(createPrng(seeds[i] ?? 0));
  return streams;
}
