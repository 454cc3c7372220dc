// The fused training engine: `trainGroupFused` trains a TrainingGroup with exactly the contract and the
// maths of model/train.ts's `trainGroup`, but runs every instance's complete training steps — data
// generation, forward, backward, optimizer — inside one WebAssembly SIMD module (model/fused/trainer.wasm,
// built from model/fused/assembly/ by model/fused/build.ts), k steps per call with no JS in between.
//
// Each instance's weights, optimizer moments, step count and four-lane PRNG state form one *instance
// block* of bytes; the kernel runs a chunk of steps on a block copied into its memory. Instances are
// independent (each owns its data stream), so chunks of different instances run on any thread in any
// order, and results are bit-identical for any thread count: threads = 1 runs in this thread, more run
// in worker_threads (model/fused/worker.ts) that receive blocks and send them back.
//
// The data stream is data/synthetic.ts's `fillBatch`, bit for bit (four sfc32 lanes per instance, drawn
// four words per SIMD instruction), so both engines train on the same data for the same dataSeeds and
// agree to float32 rounding; the kernel's results are bit-identical across machines too (WebAssembly
// float arithmetic is IEEE-exact, and no relaxed SIMD or FMA is used).
//
//   trainGroupFused(group, { threads?, onProgress?, path?, chunkSteps? }) → TrainingResult
//   (the rest of the model family, core/models/, goes through model/fused/family.ts, which shares the
//   kernel runner, the block layout and the chunk driver runInstances below)
//   fusedLossAndGradients(group), fusedSampleData(group, steps)          (for tests)
//   closeFusedWorkers()                                                  (optional: idle workers are unref'd)

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createPrng, laneState } from '../../data/prng.ts';
import { checkFeatureSets, featureSetTable } from '../../data/feature-sets.ts';
import { keepThresholds } from '../../data/synthetic.ts';
import { SnapshotRecorder, checkSnapshotEvery } from '../snapshots.ts';
import { OPTIMIZER_KINDS, checkImportance, importanceOffset } from '../../core/types.ts';
import type { OptimizerConfig, TrainingGroup, TrainingProgress, TrainingResult } from '../../core/types.ts';

/** Which per-sample code the kernel runs; all give bit-identical results. */
export type FusedPath = 'auto' | 'dense' | 'sparse' | 'small';

export interface FusedOptions {
  onProgress?: (p: TrainingProgress) => void;
  /** worker threads to split the instances across (1: this thread); default: available cores, at most I */
  threads?: number;
  /**
   * 'sparse' skips exact-zero terms (zero inputs, inactive ReLU outputs, all-zero samples) through index
   * lists; 'dense' computes every term; 'small' (hidden ≤ 8 only) runs a step's whole batch in one fused
   * loop, for tiny models (with at most 8 features, 4 hidden units and per-element masks, a loop that keeps
   * everything in registers); 'auto' (default): small for hidden ≤ 8, else sparse (dense below 12 features).
   * All give bit-identical results.
   */
  path?: FusedPath;
  /** steps per kernel call (default: sized to ~50 ms of work); results do not depend on it */
  chunkSteps?: number;
}

// ---------------------------------------------------------------------------------------------------
// The module and its memory layout (mirrors the constants in assembly/index.ts).

// The WebAssembly JS API, typed here: the project's TypeScript lib (ES2022, no DOM) does not declare it.
/** A compiled WebAssembly module (postable to workers). */
export type WasmModule = object & { readonly __wasmModule?: never };
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const WASM_URL = new URL('./trainer.wasm', import.meta.url);
let cachedModule: WasmModule | null = null;

/** The compiled kernel (compiled once per thread, synchronously). */
export function kernelModule(): WasmModule {
  cachedModule ??= new WebAssemblyApi.Module(readFileSync(WASM_URL));
  return cachedModule;
}

interface KernelExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  prepare(ctx: number, inst: number): void;
  train(ctx: number, inst: number, step0: number, k: number, lossOut: number, gradOnly: number): number;
  sampleData(ctx: number, inst: number, steps: number, out: number): void;
}

const OPT_CODES: Record<OptimizerConfig['kind'], number> = { adamw: 0, adam: 1, sgd: 2, rmsprop: 3 };

/** Everything the kernel needs to know about a group, besides the instance blocks. Plain data (postable). */
export interface KernelConfig {
  F: number;
  M: number;
  B: number;
  /** samples per block (a cache-size choice; results do not depend on it) */
  S: number;
  relu: boolean;
  perBatch: boolean;
  dense: boolean;
  /** the fused small-M kernel (dense order; M ≤ 8) */
  small: boolean;
  opt: number;
  steps: number;
  logEvery: number;
  /**
   * −2·scale·I_f, zero padded to Fp per row: [Fp] when the importance is shared by all instances, or
   * [I, Fp] (one row per instance). Before each run the runner copies the instance's row into the
   * kernel's cf scratch (Fp floats per chunk of steps); the kernel's loops read it from there as before.
   */
  cf: Float32Array;
  /**
   * the feature-set routing table [F][4] (data/feature-sets.ts's featureSetTable), or empty when every
   * feature is independent (the kernel then runs its SIMD mask path)
   */
  route: Int32Array;
  lr: number;
  wd: number;
  beta1: number;
  beta2: number;
  alpha: number;
  eps: number;
  /** the family path (model/fused/family.ts); absent for today's tied model */
  family?: FamilyKernelConfig;
}

/** The family path's structure (assembly/index.ts, trainFamily); plain data. */
export interface FamilyKernelConfig {
  /** h = ReLU(x·W1), else h = x·W1 */
  hiddenRelu: boolean;
  /** W1 ≠ W2: the block holds P = [W1f | W2f | b] */
  untied: boolean;
  /** an active input u > 0 becomes 2u − 1 (data/signed.ts) */
  signed: boolean;
  /** the target is |x|, else x */
  absTarget: boolean;
  /** λ·scale: the L1 penalty's coefficient in each instance's loss */
  l1: number;
  /**
   * adversarial training (tied models): each example's input is attacked along one feature's direction
   * (the instance block holds ε and the attack stream's seed, family.ts)
   */
  attack: boolean;
  /** the attack's size is the block's ε times each example's input norm */
  attackPerExample: boolean;
}

/**
 * Byte layout of an instance block: rng (64), t (4), the attack's ε (f32) and hashed seed (u32) when the
 * family path trains under attack (else 0), 4 spare, thresholds [Fp] i32, then P, m, v of nP floats.
 */
export interface BlockLayout {
  Fp: number;
  Mp: number;
  /** floats in P = [Wf (F·Mp) | b (Fp)], or [W1f | W2f | b] (2·F·Mp + Fp) when untied */
  nP: number;
  thrOff: number;
  pOff: number;
  mOff: number;
  vOff: number;
  bytes: number;
}

export function blockLayout(F: number, M: number, untied = false): BlockLayout {
  const Fp = 4 * Math.ceil(F / 4);
  const Mp = 4 * Math.ceil(M / 4);
  const nP = (untied ? 2 : 1) * F * Mp + Fp;
  const thrOff = 80;
  const pOff = thrOff + 4 * Fp;
  const mOff = pOff + 4 * nP;
  const vOff = mOff + 4 * nP;
  return { Fp, Mp, nP, thrOff, pOff, mOff, vOff, bytes: vOff + 4 * nP };
}

/** Samples per block: the block's rows (≈ 6 feature rows per sample) stay within ~48 KB. */
function blockSamples(Fp: number, Mp: number, B: number): number {
  const perSample = 4 * (6 * (Fp + 4) + 2 * Mp);
  return Math.max(1, Math.min(64, B, Math.floor(49152 / perSample)));
}

const CTX_BYTES = 256;
const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** One instantiated kernel with one group's scratch and one instance slot. */
export class KernelRunner {
  private readonly ex: KernelExports;
  private cfg: KernelConfig | null = null;
  private layout: BlockLayout | null = null;
  private ctx = 0;
  private gPtr = 0;
  private cfPtr = 0;
  /** rows of cfg.cf (1: shared importance) and the row now in the kernel's cf scratch */
  private cfRows = 1;
  private cfLoaded = 0;
  private inst = 0;
  private lossOut = 0;
  private lossCap = 0;
  private end = 0;

  constructor(module: WasmModule = kernelModule()) {
    const instance = new WebAssemblyApi.Instance(module, {
      env: {
        abort: () => {
          throw new Error('fused kernel: abort');
        },
      },
    });
    this.ex = instance.exports as unknown as KernelExports;
  }

  private ensureMemory(bytes: number): void {
    const have = this.ex.memory.buffer.byteLength;
    if (bytes > have) this.ex.memory.grow(Math.ceil((bytes - have) / 65536));
  }

  configure(cfg: KernelConfig): void {
    const L = blockLayout(cfg.F, cfg.M, cfg.family?.untied ?? false);
    const { Fp, Mp, nP } = L;
    const S = cfg.S;
    let at = align16(this.ex.heapBase());
    const take = (bytes: number): number => {
      const p = at;
      at = align16(at + bytes);
      return p;
    };
    const ctx = take(CTX_BYTES);
    const ptrs = {
      Wk: take(4 * cfg.M * Fp),
      G: take(4 * nP),
      cf: take(4 * Fp),
      xblk: take(4 * S * Fp),
      nzIdx: take(4 * S * (Fp + 4)),
      nzVal: take(4 * S * (Fp + 4)),
      nzCnt: take(4 * S),
      hblk: take(4 * S * Mp),
      pre: take(4 * S * Fp),
      actIdx: take(4 * S * (Fp + 4)),
      actVal: take(4 * S * (Fp + 4)),
      actCnt: take(4 * S),
      dHblk: take(4 * S * Mp),
      dPreZ: take(4 * Fp),
      lossZ: take(4 * Fp),
      lossAcc: take(16),
      maskIdx: take(4 * (Fp + 4)),
      route: cfg.route.length > 0 ? take(4 * cfg.route.length) : 0,
      words: cfg.route.length > 0 ? take(4 * Fp) : 0,
      tRow: cfg.family?.absTarget === true ? take(4 * Fp) : 0,
      // adversarial training: the attack directions D [F][Fp], their images A [F][Mp] and the sums E [F][Mp]
      advD: cfg.family?.attack === true ? take(4 * cfg.F * Fp) : 0,
      advA: cfg.family?.attack === true ? take(4 * cfg.F * Mp) : 0,
      advE: cfg.family?.attack === true ? take(4 * cfg.F * Mp) : 0,
    };
    const inst = take(L.bytes);
    this.ensureMemory(at);
    new Uint8Array(this.ex.memory.buffer, ctx, at - ctx).fill(0);
    const i32 = new Int32Array(this.ex.memory.buffer, ctx, 32);
    const f64 = new Float64Array(this.ex.memory.buffer, ctx + 128, 6);
    i32.set([cfg.F, cfg.M, Fp, Mp, cfg.B, S, cfg.relu ? 1 : 0, cfg.perBatch ? 1 : 0, cfg.dense ? 1 : 0, cfg.opt, cfg.steps, cfg.logEvery]);
    i32.set(
      [
        ptrs.Wk,
        ptrs.G,
        ptrs.cf,
        ptrs.xblk,
        ptrs.nzIdx,
        ptrs.nzVal,
        ptrs.nzCnt,
        ptrs.hblk,
        ptrs.pre,
        ptrs.actIdx,
        ptrs.actVal,
        ptrs.actCnt,
        ptrs.dHblk,
        ptrs.dPreZ,
        ptrs.lossZ,
        ptrs.lossAcc,
        ptrs.maskIdx,
        cfg.small ? 1 : 0,
        ptrs.route,
        ptrs.words,
      ],
      12,
    );
    if (cfg.route.length > 0) {
      if (cfg.route.length !== 4 * cfg.F)
        throw new Error(`fused kernel: route has ${cfg.route.length} values, expected 4·F = ${4 * cfg.F}`);
      new Int32Array(this.ex.memory.buffer, ptrs.route, cfg.route.length).set(cfg.route);
    }
    f64.set([cfg.lr, cfg.wd, cfg.beta1, cfg.beta2, cfg.alpha, cfg.eps]);
    const fam = cfg.family;
    if (fam !== undefined) {
      // the family fields (C_FAMILY … C_L1); left zero for today's model, whose paths never read them
      new Int32Array(this.ex.memory.buffer, ctx + 176, 6).set([
        1,
        fam.hiddenRelu ? 1 : 0,
        fam.untied ? 1 : 0,
        fam.signed ? 1 : 0,
        fam.absTarget ? 1 : 0,
        ptrs.tRow,
      ]);
      new Float64Array(this.ex.memory.buffer, ctx + 200, 1)[0] = fam.l1;
      // C_ATTACK … C_ADV_REL
      new Int32Array(this.ex.memory.buffer, ctx + 208, 5).set([
        fam.attack ? 1 : 0,
        ptrs.advD,
        ptrs.advA,
        ptrs.advE,
        fam.attackPerExample ? 1 : 0,
      ]);
    }
    if (cfg.cf.length === 0 || cfg.cf.length % Fp !== 0)
      throw new Error(`fused kernel: cf has ${cfg.cf.length} values, expected a multiple of Fp = ${Fp}`);
    new Float32Array(this.ex.memory.buffer, ptrs.cf, Fp).set(cfg.cf.subarray(0, Fp));
    this.cfPtr = ptrs.cf;
    this.cfRows = cfg.cf.length / Fp;
    this.cfLoaded = 0;
    this.cfg = cfg;
    this.layout = L;
    this.ctx = ctx;
    this.gPtr = ptrs.G;
    this.inst = inst;
    this.end = at;
    this.lossOut = 0;
    this.lossCap = 0;
  }

  /**
   * Run steps step0 .. step0+k-1 on the block `state` of instance `instance` (updated in place; the index
   * picks the instance's importance row when the importance is per instance). Returns the losses of
   * the recorded steps in the range. `gradOnly`: one step's loss and gradients, no update (see gradients()).
   */
  run(instance: number, state: Uint8Array, step0: number, k: number, gradOnly = false): Float32Array {
    const L = this.layout;
    const cfg = this.cfg;
    if (cfg === null || L === null) throw new Error('fused kernel: configure() first');
    if (state.byteLength !== L.bytes) throw new Error(`fused kernel: instance block has ${state.byteLength} bytes, expected ${L.bytes}`);
    if (this.cfRows > 1 && instance !== this.cfLoaded) {
      if (!Number.isInteger(instance) || instance < 0 || instance >= this.cfRows) {
        throw new Error(`fused kernel: instance ${instance} out of range (importance has ${this.cfRows} rows)`);
      }
      new Float32Array(this.ex.memory.buffer, this.cfPtr, L.Fp).set(cfg.cf.subarray(instance * L.Fp, (instance + 1) * L.Fp));
      this.cfLoaded = instance;
    }
    if (this.lossCap < k) {
      this.lossOut = align16(this.end);
      this.lossCap = k;
      this.ensureMemory(this.lossOut + 4 * k);
    }
    new Uint8Array(this.ex.memory.buffer, this.inst, L.bytes).set(state);
    this.ex.prepare(this.ctx, this.inst);
    const n = this.ex.train(this.ctx, this.inst, step0, k, this.lossOut, gradOnly ? 1 : 0);
    state.set(new Uint8Array(this.ex.memory.buffer, this.inst, L.bytes));
    return Float32Array.from(new Float32Array(this.ex.memory.buffer, this.lossOut, n));
  }

  /** The inputs of the next `steps` steps of the stream in `state` ([steps, B, F]; advances it). */
  sampleData(state: Uint8Array, steps: number): Float32Array {
    const L = this.layout;
    const cfg = this.cfg;
    if (cfg === null || L === null) throw new Error('fused kernel: configure() first');
    const n = steps * cfg.B * cfg.F;
    const out = align16(this.end);
    this.ensureMemory(out + 4 * n);
    this.lossCap = 0; // the loss buffer shares this space
    new Uint8Array(this.ex.memory.buffer, this.inst, L.bytes).set(state);
    this.ex.sampleData(this.ctx, this.inst, steps, out);
    state.set(new Uint8Array(this.ex.memory.buffer, this.inst, L.bytes));
    return Float32Array.from(new Float32Array(this.ex.memory.buffer, out, n));
  }

  /** The gradient buffer G = [dWf | db] (or [dW1f | dW2f | db]) of the last step (nP floats). */
  gradients(): Float32Array {
    const L = this.layout;
    if (L === null) throw new Error('fused kernel: configure() first');
    return Float32Array.from(new Float32Array(this.ex.memory.buffer, this.gPtr, L.nP));
  }
}

// ---------------------------------------------------------------------------------------------------
// Groups → kernel configs and instance blocks.

function checkOptimizer(config: OptimizerConfig, who: string): void {
  if (!(OPTIMIZER_KINDS as readonly string[]).includes(config.kind)) {
    throw new Error(`${who}: unknown optimizer '${String(config.kind)}' (allowed: ${OPTIMIZER_KINDS.join(', ')})`);
  }
  for (const key of ['lr', 'weightDecay', 'beta1', 'beta2', 'alpha', 'eps'] as const) {
    const v = config[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${who}: optimizer.${key} must be a finite number, got ${String(v)}`);
  }
}

/** Checks a group's settings; `who` prefixes the one-line error (family.ts checks its groups here too). */
export function checkGroup(group: TrainingGroup, who = 'trainGroupFused'): void {
  const { features: F, hidden: H, instances: I } = group;
  for (const [name, v] of [
    ['features', F],
    ['hidden', H],
    ['instances', I],
    ['batch', group.batch],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${who}: ${name} must be a positive integer, got ${v}`);
  }
  checkImportance(group.importance, I, F, who);
  if (group.activation !== 'relu' && group.activation !== 'linear') {
    throw new Error(`${who}: unknown activation '${String(group.activation)}' (allowed: relu, linear)`);
  }
  if (group.loss !== 'mean' && group.loss !== 'sum') throw new Error(`${who}: unknown loss '${String(group.loss)}' (allowed: mean, sum)`);
  if (group.W0.length !== I * F * H) throw new Error(`${who}: W0 has ${group.W0.length} values, expected I·F·H = ${I * F * H}`);
  if (group.b0.length !== I * F) throw new Error(`${who}: b0 has ${group.b0.length} values, expected I·F = ${I * F}`);
  if (group.density.length !== I * F) throw new Error(`${who}: density has ${group.density.length} values, expected I·F = ${I * F}`);
  for (let k = 0; k < group.density.length; k++) {
    const p = group.density[k] as number;
    if (!(p >= 0 && p <= 1)) throw new Error(`${who}: density[${k}] = ${p} is not a probability in [0, 1]`);
  }
  if (group.dataSeeds.length !== I) throw new Error(`${who}: dataSeeds has ${group.dataSeeds.length} values, expected I = ${I}`);
  if (!Number.isInteger(group.steps) || group.steps < 1) throw new Error(`${who}: steps must be a positive integer, got ${group.steps}`);
  if (!Number.isInteger(group.logEvery) || group.logEvery < 1) {
    throw new Error(`${who}: logEvery must be a positive integer, got ${group.logEvery}`);
  }
  if (group.mask !== 'per_element' && group.mask !== 'per_batch') {
    throw new Error(`${who}: unknown mask '${String(group.mask)}' (allowed: per_element, per_batch)`);
  }
  checkFeatureSets(group.featureSets ?? [], F, who);
  checkSnapshotEvery(group.snapshotEvery, who);
  checkOptimizer(group.optimizer, who);
}

/** The sparse path pays for its index lists; below this many features the dense one is faster. */
const SPARSE_MIN_FEATURES = 12;
/** The fused small-model kernel holds h and dH in two f32x4 registers each. */
const SMALL_MAX_HIDDEN = 8;

export function kernelConfig(group: TrainingGroup, path: FusedPath = 'auto'): KernelConfig {
  const F = group.features;
  const L = blockLayout(F, group.hidden);
  const scale = group.loss === 'mean' ? 1 / (group.batch * F) : 1;
  // one row when the importance is shared, else one per instance (the kernel sees one row at a time)
  const rows = group.importance.length === F ? 1 : group.instances;
  const cf = new Float32Array(rows * L.Fp);
  for (let i = 0; i < rows; i++) {
    const o = importanceOffset(group.importance, F, i);
    for (let f = 0; f < F; f++) cf[i * L.Fp + f] = -2 * scale * (group.importance[o + f] as number);
  }
  const o = group.optimizer;
  if (path === 'small' && group.hidden > SMALL_MAX_HIDDEN) {
    throw new Error(`trainGroupFused: path 'small' needs hidden ≤ ${SMALL_MAX_HIDDEN}, got ${group.hidden}`);
  }
  const small = path === 'small' || (path === 'auto' && group.hidden <= SMALL_MAX_HIDDEN);
  const dense = small || path === 'dense' || (path === 'auto' && F < SPARSE_MIN_FEATURES);
  return {
    F,
    M: group.hidden,
    B: group.batch,
    S: blockSamples(L.Fp, L.Mp, group.batch),
    relu: group.activation === 'relu',
    perBatch: group.mask === 'per_batch',
    dense,
    small,
    opt: OPT_CODES[o.kind],
    steps: group.steps,
    logEvery: group.logEvery,
    cf,
    route: (group.featureSets?.length ?? 0) > 0 ? featureSetTable(group.featureSets ?? [], F) : new Int32Array(0),
    lr: o.lr,
    wd: o.weightDecay,
    beta1: o.beta1,
    beta2: o.beta2,
    alpha: o.alpha,
    eps: o.eps,
  };
}

/** Instance i's initial block: its stream's four lanes, t = 0, keep thresholds, W0/b0, zero moments. */
export function initialBlock(group: TrainingGroup, i: number): Uint8Array {
  const { features: F, hidden: H } = group;
  const L = blockLayout(F, H);
  const bytes = new Uint8Array(L.bytes);
  const buf = bytes.buffer;
  new Int32Array(buf, 0, 16).set(laneState(createPrng(group.dataSeeds[i] as number)));
  new Int32Array(buf, L.thrOff, L.Fp).set(keepThresholds(group.density, i, F));
  const P = new Float32Array(buf, L.pOff, L.nP);
  for (let f = 0; f < F; f++) {
    for (let h = 0; h < H; h++) P[f * L.Mp + h] = group.W0[(i * F + f) * H + h] as number;
    P[F * L.Mp + f] = group.b0[i * F + f] as number;
  }
  return bytes;
}

/** W [F·H] and b [F] of a block (or of a gradient buffer laid out like P, with `offset` 0). */
function unpackP(P: Float32Array, F: number, H: number, Mp: number, W: Float32Array, b: Float32Array, i: number): void {
  for (let f = 0; f < F; f++) {
    for (let h = 0; h < H; h++) W[(i * F + f) * H + h] = P[f * Mp + h] as number;
    b[i * F + f] = P[F * Mp + f] as number;
  }
}

/** Steps at which the loss is recorded (step % logEvery === 0 and the last). */
function isRecorded(step: number, steps: number, logEvery: number): boolean {
  return step % logEvery === 0 || step === steps - 1;
}

/** Rough cost of one instance-step in ns on the sparse path (for chunk sizes and load balance only). */
function stepCost(cfg: KernelConfig, density: Float32Array, i: number): number {
  const { F, M, B } = cfg;
  const L = blockLayout(F, M);
  // the family path: dense per sample (about the dense path's work, plus its own calls)
  if (cfg.family !== undefined) return B * (0.3 * L.Fp * L.Mp + 6 * L.Fp + 60);
  let p = 0;
  for (let f = 0; f < F; f++) p += density[i * F + f] as number;
  p /= F;
  const perSample = cfg.dense
    ? 0.25 * L.Fp * L.Mp + 4 * L.Fp
    : 0.1 * L.Fp * L.Mp * (1 - (1 - p) ** F) + 0.25 * L.Fp * L.Mp * p + 1.5 * L.Fp + 20;
  return B * perSample;
}

// ---------------------------------------------------------------------------------------------------
// Worker pool (kept between calls; idle workers do not keep the process alive).

interface RunRequest {
  type: 'run';
  /** the instance index (picks its importance row; echoed in the reply) */
  id: number;
  state: Uint8Array;
  step0: number;
  k: number;
}
export type WorkerRequest = { type: 'configure'; cfg: KernelConfig } | RunRequest;
export type WorkerReply =
  { type: 'done'; id: number; state: Uint8Array; losses: Float32Array } | { type: 'error'; id: number; message: string };

const WORKER_URL = new URL('./worker.ts', import.meta.url);

/** Source of a worker that loads worker.ts through tsx's ESM hooks (works under tsx, vitest and node). */
function workerBootstrap(): string {
  const req = createRequire(import.meta.url);
  const api = pathToFileURL(req.resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  return (
    `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); })` +
    `.catch((e) => { require('node:worker_threads').parentPort.postMessage({ type: 'error', id: -1, message: String(e && e.stack || e) }); });`
  );
}

class PoolWorker {
  readonly worker: Worker;
  private pending: ((reply: WorkerReply) => void) | null = null;
  private failure: Error | null = null;
  constructor() {
    this.worker = new Worker(workerBootstrap(), { eval: true, execArgv: [] });
    this.worker.on('message', (reply: WorkerReply) => {
      const p = this.pending;
      this.pending = null;
      if (p !== null) p(reply);
      else if (reply.type === 'error') this.failure = new Error(`fused worker: ${reply.message}`);
    });
    this.worker.on('error', (error: Error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`fused worker exited with code ${code}`)));
    this.worker.unref();
  }
  private fail(error: Error): void {
    this.failure ??= error;
    const p = this.pending;
    this.pending = null;
    if (p !== null) p({ type: 'error', id: -1, message: error.message });
  }
  get broken(): Error | null {
    return this.failure;
  }
  send(request: WorkerRequest): void {
    this.worker.postMessage(request, request.type === 'run' ? [request.state.buffer as ArrayBuffer] : []);
  }
  /** Send a run request and wait for its reply (the worker answers requests in order). */
  call(request: RunRequest): Promise<WorkerReply> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve) => {
      this.pending = resolve;
      this.worker.ref();
      this.send(request);
    }).finally(() => this.worker.unref()) as Promise<WorkerReply>;
  }
}

const pool: PoolWorker[] = [];
/** Calls that use the pool run one after another (a worker holds one group's config at a time). */
let poolQueue: Promise<unknown> = Promise.resolve();

function withPool<T>(work: () => Promise<T>): Promise<T> {
  const run = poolQueue.then(work, work);
  poolQueue = run.catch(() => undefined);
  return run;
}

function poolOf(n: number): PoolWorker[] {
  for (let k = pool.length - 1; k >= 0; k--) {
    if ((pool[k] as PoolWorker).broken !== null) {
      void (pool[k] as PoolWorker).worker.terminate();
      pool.splice(k, 1);
    }
  }
  while (pool.length < n) pool.push(new PoolWorker());
  return pool.slice(0, n);
}

/** Stop the pool's workers (they are also unref'd while idle, so this is optional). */
export async function closeFusedWorkers(): Promise<void> {
  const all = pool.splice(0, pool.length);
  await Promise.all(all.map((w) => w.worker.terminate()));
}

// ---------------------------------------------------------------------------------------------------

export function resolveThreads(requested: number | undefined, instances: number, who = 'trainGroupFused'): number {
  if (requested === undefined) return Math.max(1, Math.min(availableParallelism(), instances));
  if (!Number.isInteger(requested) || requested < 1) throw new Error(`${who}: threads must be a positive integer, got ${requested}`);
  return Math.min(requested, instances);
}

/** A run of instance blocks through the kernel: what runInstances needs besides the blocks' contents. */
export interface InstanceRun {
  cfg: KernelConfig;
  /** every instance's block; replaced by the trained ones (a worker sends back a new buffer) */
  blocks: Uint8Array[];
  /** [I, F] (for the cost estimate that sizes chunks and orders the work only) */
  density: Float32Array;
  threads: number;
  /** steps per kernel call (default: sized to ~50 ms of work); results do not depend on it */
  chunkSteps: number | undefined;
  /** steps at which a chunk must end besides every chunkSteps (snapshot steps) */
  cuts: readonly number[];
  onProgress: ((p: TrainingProgress) => void) | undefined;
  /** called after instance i's block has reached step `end`, a chunk boundary (before its progress report) */
  onChunkEnd: ((i: number, end: number) => void) | undefined;
  /** prefixes error messages */
  who: string;
}

/**
 * Runs every instance's steps 0 .. cfg.steps−1 in chunks (in this thread, or on cfg-configured pool
 * workers), records the loss of the recorded steps and reports progress as trainGroup does. The chunking
 * and the thread count change nothing in the results: each instance's chunks run in order on its block.
 */
export async function runInstances(run: InstanceRun): Promise<{ lossSteps: number[]; lossCurve: Float32Array }> {
  const { cfg, blocks, threads, onProgress, onChunkEnd, who } = run;
  const { steps, logEvery } = cfg;
  const I = blocks.length;
  // chunks of steps, the same for every instance
  const costs = Array.from({ length: I }, (_, i) => stepCost(cfg, run.density, i));
  let chunk = run.chunkSteps;
  if (chunk === undefined) {
    const meanCost = costs.reduce((a, c) => a + c, 0) / I;
    chunk = Math.max(1, Math.min(steps, Math.round(5e7 / meanCost)));
  } else if (!Number.isInteger(chunk) || chunk < 1) {
    throw new Error(`${who}: chunkSteps must be a positive integer, got ${chunk}`);
  }
  const cutSet = new Set<number>(run.cuts);
  for (let s = 0; s < steps; s += chunk) cutSet.add(s);
  cutSet.add(steps);
  const bounds = [...cutSet].sort((x, y) => x - y);
  const nChunks = bounds.length - 1;

  const lossSteps: number[] = [];
  for (let s = 0; s < steps; s++) if (isRecorded(s, steps, logEvery)) lossSteps.push(s);
  const rowOf = new Map(lossSteps.map((s, r) => [s, r]));
  const lossCurve = new Float32Array(lossSteps.length * I);
  const done = new Int32Array(I); // chunks completed per instance
  let reported = 0; // chunks whose progress has been reported

  const record = (i: number, c: number, losses: Float32Array): void => {
    let r = 0;
    for (let s = bounds[c] as number; s < (bounds[c + 1] as number); s++) {
      if (!isRecorded(s, steps, logEvery)) continue;
      lossCurve[(rowOf.get(s) as number) * I + i] = losses[r++] as number;
    }
    done[i] = c + 1;
    onChunkEnd?.(i, bounds[c + 1] as number);
  };
  const progress = (): void => {
    let low = nChunks;
    for (let i = 0; i < I; i++) low = Math.min(low, done[i] as number);
    for (; reported < low; reported++) {
      if (onProgress === undefined) continue;
      for (let s = bounds[reported] as number; s < (bounds[reported + 1] as number); s++) {
        if (!isRecorded(s, steps, logEvery)) continue;
        const r = rowOf.get(s) as number;
        let sum = 0;
        for (let i = 0; i < I; i++) sum += lossCurve[r * I + i] as number;
        onProgress({ step: s, steps, loss: sum / I });
      }
    }
  };

  if (threads === 1) {
    const runner = new KernelRunner();
    runner.configure(cfg);
    let lastYield = performance.now();
    for (let c = 0; c < nChunks; c++) {
      for (let i = 0; i < I; i++) {
        const losses = runner.run(i, blocks[i] as Uint8Array, bounds[c] as number, (bounds[c + 1] as number) - (bounds[c] as number));
        record(i, c, losses);
      }
      progress();
      const now = performance.now();
      if (now - lastYield > 200) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
  } else {
    await withPool(() => trainInWorkers(threads, cfg, costs, bounds, blocks, done, record, progress, who));
  }
  return { lossSteps, lossCurve };
}

/**
 * Train one group like model/train.ts's `trainGroup` (same model, loss, optimizers, data stream, loss
 * recording and progress calls), in the fused WebAssembly kernel. Step s (0-based) draws a fresh batch
 * from each instance's stream, computes loss and gradients and applies the optimizer; the per-instance
 * loss is recorded before the update at steps s % logEvery === 0 and at the last step. With
 * snapshotEvery, chunks also end at every snapshot step and W, b are copied out of the instance block there.
 */
export async function trainGroupFused(group: TrainingGroup, options: FusedOptions = {}): Promise<TrainingResult> {
  checkGroup(group);
  const path = options.path ?? 'auto';
  if (!['auto', 'dense', 'sparse', 'small'].includes(path))
    throw new Error(`trainGroupFused: unknown path '${String(path)}' (allowed: auto, dense, sparse, small)`);
  const { instances: I, features: F, hidden: H, steps } = group;
  const threads = resolveThreads(options.threads, I);
  const cfg = kernelConfig(group, path);
  const L = blockLayout(F, H);

  // Chunk boundaries: every chunkSteps steps, plus every snapshot step, so that a snapshot is read from an
  // instance block between two kernel calls. The kernel's results do not depend on where chunks end.
  const snapshots = group.snapshotEvery === undefined ? null : new SnapshotRecorder(steps, group.snapshotEvery, group);
  const blocks = Array.from({ length: I }, (_, i) => initialBlock(group, i));
  /** snapshot instance i's weights, read from its block, as the snapshot at `step` */
  const snapshot = (rec: SnapshotRecorder, step: number, i: number): void => {
    const block = blocks[i] as Uint8Array;
    const P = new Float32Array(block.buffer, block.byteOffset + L.pOff, L.nP);
    rec.put(
      step,
      i,
      (f, h) => P[f * L.Mp + h] as number,
      (f) => P[F * L.Mp + f] as number,
    );
  };
  if (snapshots !== null) for (let i = 0; i < I; i++) snapshot(snapshots, 0, i);
  const { lossSteps, lossCurve } = await runInstances({
    cfg,
    blocks,
    density: group.density,
    threads,
    chunkSteps: options.chunkSteps,
    cuts: snapshots?.steps ?? [],
    onProgress: options.onProgress,
    onChunkEnd: snapshots === null ? undefined : (i, end) => (snapshots.has(end) ? snapshot(snapshots, end, i) : undefined),
    who: 'trainGroupFused',
  });

  const W = new Float32Array(I * F * H);
  const b = new Float32Array(I * F);
  for (let i = 0; i < I; i++) {
    const block = blocks[i] as Uint8Array;
    unpackP(new Float32Array(block.buffer, block.byteOffset + L.pOff, L.nP), F, H, L.Mp, W, b, i);
  }
  return snapshots === null ? { W, b, lossSteps, lossCurve } : { W, b, lossSteps, lossCurve, snapshots: snapshots.result() };
}

/**
 * Run every chunk of every instance on `threads` pool workers: an idle worker takes the instance that is
 * furthest behind (the costliest first among equals), so progress advances evenly and the load balances.
 */
async function trainInWorkers(
  threads: number,
  cfg: KernelConfig,
  costs: number[],
  bounds: number[],
  blocks: Uint8Array[],
  done: Int32Array,
  record: (i: number, c: number, losses: Float32Array) => void,
  progress: () => void,
  who: string,
): Promise<void> {
  const I = blocks.length;
  const nChunks = bounds.length - 1;
  const workers = poolOf(threads);
  for (const w of workers) w.send({ type: 'configure', cfg });
  const busy = new Uint8Array(I);
  // next task: the instance furthest behind, the costliest first among equals
  const order = Array.from({ length: I }, (_, i) => i).sort((a, b) => (costs[b] as number) - (costs[a] as number) || a - b);
  const nextTask = (): number => {
    let best = -1;
    for (const i of order) {
      if (busy[i] === 1 || (done[i] as number) >= nChunks) continue;
      if (best === -1 || (done[i] as number) < (done[best] as number)) best = i;
    }
    return best;
  };
  let failure: unknown = null;
  const loop = async (w: PoolWorker): Promise<void> => {
    for (;;) {
      if (failure !== null) return;
      const i = nextTask();
      if (i === -1) return;
      busy[i] = 1;
      const c = done[i] as number;
      const reply = await w.call({
        type: 'run',
        id: i,
        state: blocks[i] as Uint8Array,
        step0: bounds[c] as number,
        k: (bounds[c + 1] as number) - (bounds[c] as number),
      });
      if (reply.type === 'error') {
        failure ??= new Error(`${who}: ${reply.message}`);
        return;
      }
      blocks[i] = reply.state;
      busy[i] = 0;
      try {
        record(i, c, reply.losses);
        progress();
      } catch (error) {
        failure ??= error;
        return;
      }
    }
  };
  await Promise.all(workers.map((w) => loop(w)));
  if (failure !== null) throw failure;
}

/**
 * The inputs that the kernel draws for each instance during the first `steps` steps, [I, steps, B, F].
 * For tests: equal to `fillBatch` called `steps` times on createStreams(group.dataSeeds).
 */
export function fusedSampleData(group: TrainingGroup, steps: number): Float32Array {
  checkGroup(group);
  const { instances: I, features: F, batch: B } = group;
  const runner = new KernelRunner();
  runner.configure(kernelConfig(group));
  const out = new Float32Array(I * steps * B * F);
  for (let i = 0; i < I; i++) out.set(runner.sampleData(initialBlock(group, i), steps), i * steps * B * F);
  return out;
}

/**
 * Loss and gradients of each instance's first batch (step 0 of its stream) at W0/b0, computed by the
 * kernel's training code without an update. For tests against the float64 reference.
 */
export function fusedLossAndGradients(
  group: TrainingGroup,
  options: { path?: FusedPath } = {},
): { loss: Float32Array; dW: Float32Array; db: Float32Array } {
  checkGroup(group);
  const { instances: I, features: F, hidden: H } = group;
  const L = blockLayout(F, H);
  const runner = new KernelRunner();
  runner.configure(kernelConfig(group, options.path ?? 'auto'));
  const loss = new Float32Array(I);
  const dW = new Float32Array(I * F * H);
  const db = new Float32Array(I * F);
  for (let i = 0; i < I; i++) {
    const losses = runner.run(i, initialBlock(group, i), 0, 1, true);
    loss[i] = losses[0] as number;
    unpackP(runner.gradients(), F, H, L.Mp, dW, db, i);
  }
  return { loss, dW, db };
}
