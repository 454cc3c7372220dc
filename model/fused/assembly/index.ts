// The fused training kernel: complete training steps of one toy-model instance — data generation,
// forward, backward and optimizer — in WebAssembly SIMD (f32x4), k steps per call, with no JS in between.
// Built by model/fused/build.ts into model/fused/trainer.wasm; driven by model/fused/engine.ts, which owns
// the memory layout (it writes the context struct and the instance block described below).
//
// Model, per instance (F features, M hidden, B batch):
//   h = Σ_f x_f W_f                     (W_f: row f of W [F, M], the paper's column)
//   pre_f = b_f + W_f · h,  out = ReLU(pre) (identity for linear)
//   loss = scale · Σ_b Σ_f I_f (x_f − out_f)²
//   dPre_f = c_f (x_f − out_f) [pre_f > 0],  c_f = −2 · scale · I_f
//   dH = Σ_f dPre_f W_f;  dW_f += dPre_f h + x_f dH;  db_f += dPre_f
//
// Layouts (all f32 unless noted; every row 16-byte aligned):
//   Wf  [F][Mp]   W by feature, hidden padded to Mp = 4·⌈M/4⌉ with zeros   (h, dH, rank-1 updates)
//   Wk  [M][Fp]   W by hidden unit, features padded to Fp = 4·⌈F/4⌉         (pre = b + Σ_k h_k Wk[k])
//   P = [Wf | b]  the parameters as the optimizer sees them: F·Mp + Fp floats; G, m, v alike
//                 (the family path's untied models: [W1f | W2f | b], 2·F·Mp + Fp floats)
//
// Order of operations (the definition every path follows, so results never depend on the path, the
// thread count or the chunking): per step, samples in order; per sample h = ((0 + x_0 W_0) + x_1 W_1) + …
// over features in increasing order; pre = ((b + h_0 Wk[0]) + h_1 Wk[1]) + … over hidden units; dH like h
// with dPre; then dW_f += dPre_f·h for every f, then dW_f += x_f·dH for every f; db_f += dPre_f and the
// loss terms dOut·diff accumulate per feature lane (f mod 4) over samples and feature vectors; the loss is
// −0.5·((l0 + l1) + (l2 + l3)). The optimizer runs after the batch, elementwise.
//
// Paths (chosen by engine.ts; all bit-identical): *dense* runs the stages below over every feature;
// *sparse* walks index lists instead and leaves out only terms that are exact zeros (x_f = 0; dPre_f = 0
// because pre_f ≤ 0; a sample whose x is all zero, which changes only db and the loss); *small* (M ≤ 8)
// fuses a step's whole batch into one function (see smallImpl), and when F ≤ 8, M ≤ 4 and masks are per
// element, into one that keeps everything in registers (see tinyImpl). An accumulator that starts at +0
// never becomes −0 by adding ±0 or non-zero terms, so leaving out a ±0 term never changes a bit.
//
// The family path (trainFamily; the context's C_FAMILY routes `train` to it, one branch per call, so the
// paths above never change): the rest of core/models/'s family, driven by model/fused/family.ts —
//   a = x·W1,  h = ReLU(a) or a,  pre = b + h·W2ᵀ,  y = ReLU(pre) or pre,  t = x or |x|
//   loss = scale · Σ_b [ Σ_f I_f (t_f − y_f)² + λ Σ_k |h_k| ]
//   dPre_f = c_f (t_f − y_f) [y' ≠ 0];  dA = (Σ_f dPre_f W2_f + λ·scale·sign h) · act_h'(a)
//   dW2_f += dPre_f h;  dW1_f += x_f dA;  db_f += dPre_f          (tied: W1 = W2 = W, both terms into dW)
// with signed inputs (an active u > 0 becomes 2u − 1, data/signed.ts) as a context flag. Adversarial training
// (tied models, C_ATTACK): example e of step s reads x + ε·D_i (ε fixed, or times ‖x‖₂ with C_ADV_REL),
// i = attackedFeature(seed, s·B + e) and D the
// unit rows of W·Wᵀ at the start of the step (attackSetup), held fixed in the gradient; the target stays x.
// Its encoder term ε·D_i ⊗ ∂L/∂a is summed per attacked feature into E and added after the batch (Dᵀ·E). Its block holds
// P = [W1f | W2f | b] when untied (W1f, W2f laid out like Wf; Wk is W2's transpose), [Wf | b] when tied;
// one dense per-sample path, its order of operations stated at trainFamily.
//
// Data stream (identical to data/synthetic.ts): four sfc32 lanes per instance; one "draw" advances all
// four and yields one 32-bit word per lane. per_element, for each sample: ⌈F/4⌉ draws, lane j of draw q
// decides feature 4q+j (kept iff (word >>> 8) < ⌈p_f·2^24⌉; lanes past F are drawn and unused); then
// ⌈K/4⌉ draws give the K kept features, in increasing order, their values ((word >>> 8)·2^-24): the k-th
// kept feature takes lane k mod 4 of value draw ⌊k/4⌋. per_batch: the ⌈F/4⌉ mask draws happen once per
// step, then every sample takes ⌈K/4⌉ value draws.
// Feature sets (data/feature-sets.ts): when the context's routing table is set, the same mask draws are
// made and kept as words, and a scalar loop decides the kept list from the table (genMaskSets); the
// SIMD compaction (genMask) runs only for groups without sets, so their results never change.

// ---------------------------------------------------------------------------------------------------
// Compaction tables: for a 4-bit lane mask, the byte shuffle that moves the selected i32 lanes to the
// front (in order); lanes after them are don't-care (they are overwritten or never read).

const COMPACT: usize = memory.data<u8>([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 0000
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 0001
  4, 5, 6, 7, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 0010
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 0011
  8, 9, 10, 11, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 0100
  0, 1, 2, 3, 8, 9, 10, 11, 8, 9, 10, 11, 12, 13, 14, 15, // 0101
  4, 5, 6, 7, 8, 9, 10, 11, 8, 9, 10, 11, 12, 13, 14, 15, // 0110
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 0111
  12, 13, 14, 15, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 1000
  0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15, // 1001
  4, 5, 6, 7, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15, // 1010
  0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 12, 13, 14, 15, // 1011
  8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15, // 1100
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 12, 13, 14, 15, // 1101
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 12, 13, 14, 15, // 1110
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 1111
]);

// ---------------------------------------------------------------------------------------------------
// Context struct (written by engine.ts; byte offsets). i32 fields:
const C_F = 0;
const C_M = 4;
const C_FP = 8;
const C_MP = 12;
const C_B = 16;
const C_S = 20; // samples per block
const C_RELU = 24;
const C_PER_BATCH = 28;
const C_DENSE = 32;
const C_OPT = 36; // 0 adamw, 1 adam, 2 sgd, 3 rmsprop
const C_STEPS = 40; // total steps of the run (the last one is always recorded)
const C_LOG_EVERY = 44;
const C_WK = 48; // pointers
const C_G = 52;
const C_CF = 56;
const C_XBLK = 60;
const C_NZ_IDX = 64;
const C_NZ_VAL = 68;
const C_NZ_CNT = 72;
const C_HBLK = 76;
const C_PRE = 80;
const C_ACT_IDX = 84;
const C_ACT_VAL = 88;
const C_ACT_CNT = 92;
const C_DHBLK = 96;
const C_DPRE_Z = 100;
const C_LOSS_Z = 104;
const C_LOSS_ACC = 108;
const C_MASK_IDX = 112;
const C_SMALL = 116; // 1: the fused small-M kernel (dense order; M ≤ 8)
const C_SETS = 120; // pointer to the feature-set routing table [F][4] i32, 0 when every feature is independent
const C_WORDS = 124; // pointer to scratch for one sample's mask words [Fp] i32 (used with C_SETS)
// f64 fields:
const C_LR = 128;
const C_WD = 136;
const C_BETA1 = 144;
const C_BETA2 = 152;
const C_ALPHA = 160;
const C_EPS = 168;
// The family path (trainFamily); every field is 0 for today's tied model, so its paths never read them.
const C_FAMILY = 176; // i32 1: train runs trainFamily
const C_HRELU = 180; // i32 1: h = ReLU(a), else h = a
const C_UNTIED = 184; // i32 1: P = [W1f | W2f | b], else [Wf | b] (W1 = W2 = W)
const C_SIGNED = 188; // i32 1: an active value u > 0 becomes 2u − 1
const C_ABS = 192; // i32 1: the target is |x|, else x
const C_TROW = 196; // pointer to the target row [Fp] (used with C_ABS)
const C_L1 = 200; // f64 λ·scale, the L1 penalty's coefficient in the loss
// Adversarial training (tied models only; see attackSetup): every field 0 when the group trains without it.
const C_ATTACK = 208; // i32 1: each example's input is attacked (the instance block holds ε and the attack seed)
const C_ADV_D = 212; // pointer to the attack directions D [F][Fp]: row i = (W Wᵀ)_i / ‖(W Wᵀ)_i‖, 0 when the norm is 0
const C_ADV_A = 216; // pointer to their hidden images A [F][Mp]: A_i = Σ_j D_ij W_j
const C_ADV_E = 220; // pointer to the per-feature sums E [F][Mp] of ε·∂L/∂a over the examples that attacked feature i
const C_ADV_REL = 224; // i32 1: ε of an example is the block's ε times the example's norm ‖x‖₂

// Instance block (byte offsets): rng lanes A, B, C, D (four i32x4), the update count t, then the
// thresholds T [Fp] (i32), then P, m, v (each F·Mp + Fp floats, or 2·F·Mp + Fp on the family path untied).
const I_RNG = 0;
const I_T = 64;
const I_EPS = 68; // f32 ε, the attack's L2 size (adversarial training only)
const I_ATTACK_SEED = 72; // u32 the attack stream's hashed seed, data/attack-stream.ts (adversarial training only)
const I_THR = 80;

@inline function ci(ctx: usize, field: usize): i32 {
  return load<i32>(ctx + field);
}
@inline function cp(ctx: usize, field: usize): usize {
  return <usize>load<u32>(ctx + field);
}
@inline function cf64(ctx: usize, field: usize): f64 {
  return load<f64>(ctx + field);
}

// ---------------------------------------------------------------------------------------------------
// Data generation. The rng state lives at `rng` as four i32x4 vectors a, b, c, d (lane j = sfc32 lane j).

/** Mask draws for one sample (or one step, per_batch): writes the kept features' indices, returns K. */
function genMask(rng: usize, thr: usize, groups: i32, idxOut: usize): i32 {
  let a = v128.load(rng);
  let b = v128.load(rng, 16);
  let c = v128.load(rng, 32);
  let d = v128.load(rng, 48);
  const one = i32x4.splat(1);
  const four = i32x4.splat(4);
  let iv = i32x4(0, 1, 2, 3);
  let n = 0;
  for (let q = 0; q < groups; q++) {
    const t = i32x4.add(i32x4.add(a, b), d);
    d = i32x4.add(d, one);
    a = v128.xor(b, i32x4.shr_u(b, 9));
    b = i32x4.add(c, i32x4.shl(c, 3));
    c = i32x4.add(v128.or(i32x4.shl(c, 21), i32x4.shr_u(c, 11)), t);
    const keep = i32x4.lt_s(i32x4.shr_u(t, 8), v128.load(thr + (<usize>q << 4)));
    const m = i32x4.bitmask(keep);
    v128.store(idxOut + (<usize>n << 2), i8x16.swizzle(iv, v128.load(COMPACT + (<usize>m << 4))));
    n += popcnt<i32>(m);
    iv = i32x4.add(iv, four);
  }
  v128.store(rng, a);
  v128.store(rng, b, 16);
  v128.store(rng, c, 32);
  v128.store(rng, d, 48);
  return n;
}

/**
 * Mask draws with feature sets: the same ⌈F/4⌉ draws as genMask, their words kept in `words` (one per
 * feature), then the kept features in increasing order as data/feature-sets.ts's keptFeatures decides:
 * route [source, choice, size, position] per feature; kept iff word[source] >>> 8 < thr[source] and, for
 * an anticorrelated member, ⌊(word[choice] >>> 8)·size / 2^24⌋ == position. Returns K.
 */
function genMaskSets(rng: usize, thr: usize, groups: i32, F: i32, route: usize, words: usize, idxOut: usize): i32 {
  let a = v128.load(rng);
  let b = v128.load(rng, 16);
  let c = v128.load(rng, 32);
  let d = v128.load(rng, 48);
  const one = i32x4.splat(1);
  for (let q = 0; q < groups; q++) {
    const t = i32x4.add(i32x4.add(a, b), d);
    d = i32x4.add(d, one);
    a = v128.xor(b, i32x4.shr_u(b, 9));
    b = i32x4.add(c, i32x4.shl(c, 3));
    c = i32x4.add(v128.or(i32x4.shl(c, 21), i32x4.shr_u(c, 11)), t);
    v128.store(words + (<usize>q << 4), t);
  }
  v128.store(rng, a);
  v128.store(rng, b, 16);
  v128.store(rng, c, 32);
  v128.store(rng, d, 48);
  let n = 0;
  for (let f = 0; f < F; f++) {
    const r = route + (<usize>f << 4);
    const source = <usize>load<i32>(r);
    if (<i32>(load<u32>(words + (source << 2)) >>> 8) >= load<i32>(thr + (source << 2))) continue;
    const choice = load<i32>(r, 4);
    if (choice >= 0) {
      const u = <i64>(load<u32>(words + (<usize>choice << 2)) >>> 8);
      if (<i32>((u * <i64>load<i32>(r, 8)) >> 24) != load<i32>(r, 12)) continue;
    }
    store<i32>(idxOut + (<usize>n << 2), f);
    n++;
  }
  return n;
}

/** The mask draws of one sample (or step): genMaskSets when the context has a routing table, else genMask. */
@inline function drawMask(ctx: usize, rng: usize, thr: usize, groups: i32, idxOut: usize): i32 {
  const route = cp(ctx, C_SETS);
  if (route == 0) return genMask(rng, thr, groups, idxOut);
  return genMaskSets(rng, thr, groups, ci(ctx, C_F), route, cp(ctx, C_WORDS), idxOut);
}

/** Value draws for K kept features: values to valOut[0..K) and scattered into the dense row x. */
function genValues(rng: usize, k: i32, idx: usize, valOut: usize, x: usize): void {
  let a = v128.load(rng);
  let b = v128.load(rng, 16);
  let c = v128.load(rng, 32);
  let d = v128.load(rng, 48);
  const one = i32x4.splat(1);
  const scale = f32x4.splat(<f32>(1.0 / 16777216.0));
  for (let n = 0; n < k; n += 4) {
    const t = i32x4.add(i32x4.add(a, b), d);
    d = i32x4.add(d, one);
    a = v128.xor(b, i32x4.shr_u(b, 9));
    b = i32x4.add(c, i32x4.shl(c, 3));
    c = i32x4.add(v128.or(i32x4.shl(c, 21), i32x4.shr_u(c, 11)), t);
    v128.store(valOut + (<usize>n << 2), f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(t, 8)), scale));
  }
  v128.store(rng, a);
  v128.store(rng, b, 16);
  v128.store(rng, c, 32);
  v128.store(rng, d, 48);
  for (let n = 0; n < k; n++) {
    const off = <usize>n << 2;
    store<f32>(x + (<usize>load<i32>(idx + off) << 2), load<f32>(valOut + off));
  }
}

/** Zero the kept entries of a dense row again (rows stay all-zero between samples). */
function clearRow(x: usize, idx: usize, k: i32): void {
  for (let n = 0; n < k; n++) store<f32>(x + (<usize>load<i32>(idx + (<usize>n << 2)) << 2), 0);
}

// ---------------------------------------------------------------------------------------------------
// Hidden-dimension kernels, specialised for V = 1..8 f32x4 vectors (a block of up to 32 hidden units;
// wider M runs in several blocks). `dense` iterates features 0..n-1 with values val[f]; otherwise the
// list idx[0..n) with values val[0..n).

/** out[0..V) = Σ_j val_j · W[f_j][0..V)  (h from inputs, dH from dPre) */
@inline function accumImpl(V: i32, dense: bool, idx: usize, val: usize, n: i32, W: usize, stride: usize, out: usize): void {
  let a0 = f32x4.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let a4 = a0;
  let a5 = a0;
  let a6 = a0;
  let a7 = a0;
  for (let j = 0; j < n; j++) {
    const off = <usize>j << 2;
    const f: usize = dense ? <usize>j : <usize>load<i32>(idx + off);
    const s = v128.load32_splat(val + off);
    const p = W + f * stride;
    a0 = f32x4.add(a0, f32x4.mul(s, v128.load(p)));
    if (V > 1) a1 = f32x4.add(a1, f32x4.mul(s, v128.load(p, 16)));
    if (V > 2) a2 = f32x4.add(a2, f32x4.mul(s, v128.load(p, 32)));
    if (V > 3) a3 = f32x4.add(a3, f32x4.mul(s, v128.load(p, 48)));
    if (V > 4) a4 = f32x4.add(a4, f32x4.mul(s, v128.load(p, 64)));
    if (V > 5) a5 = f32x4.add(a5, f32x4.mul(s, v128.load(p, 80)));
    if (V > 6) a6 = f32x4.add(a6, f32x4.mul(s, v128.load(p, 96)));
    if (V > 7) a7 = f32x4.add(a7, f32x4.mul(s, v128.load(p, 112)));
  }
  v128.store(out, a0);
  if (V > 1) v128.store(out, a1, 16);
  if (V > 2) v128.store(out, a2, 32);
  if (V > 3) v128.store(out, a3, 48);
  if (V > 4) v128.store(out, a4, 64);
  if (V > 5) v128.store(out, a5, 80);
  if (V > 6) v128.store(out, a6, 96);
  if (V > 7) v128.store(out, a7, 112);
}

/** G[f_j][0..V) += val_j · vec[0..V)  (rank-1 updates of dW) */
@inline function rank1Impl(V: i32, dense: bool, idx: usize, val: usize, n: i32, G: usize, stride: usize, vec: usize): void {
  const v0 = v128.load(vec);
  const v1 = V > 1 ? v128.load(vec, 16) : v0;
  const v2 = V > 2 ? v128.load(vec, 32) : v0;
  const v3 = V > 3 ? v128.load(vec, 48) : v0;
  const v4 = V > 4 ? v128.load(vec, 64) : v0;
  const v5 = V > 5 ? v128.load(vec, 80) : v0;
  const v6 = V > 6 ? v128.load(vec, 96) : v0;
  const v7 = V > 7 ? v128.load(vec, 112) : v0;
  for (let j = 0; j < n; j++) {
    const off = <usize>j << 2;
    const f: usize = dense ? <usize>j : <usize>load<i32>(idx + off);
    const s = v128.load32_splat(val + off);
    const p = G + f * stride;
    v128.store(p, f32x4.add(v128.load(p), f32x4.mul(s, v0)));
    if (V > 1) v128.store(p, f32x4.add(v128.load(p, 16), f32x4.mul(s, v1)), 16);
    if (V > 2) v128.store(p, f32x4.add(v128.load(p, 32), f32x4.mul(s, v2)), 32);
    if (V > 3) v128.store(p, f32x4.add(v128.load(p, 48), f32x4.mul(s, v3)), 48);
    if (V > 4) v128.store(p, f32x4.add(v128.load(p, 64), f32x4.mul(s, v4)), 64);
    if (V > 5) v128.store(p, f32x4.add(v128.load(p, 80), f32x4.mul(s, v5)), 80);
    if (V > 6) v128.store(p, f32x4.add(v128.load(p, 96), f32x4.mul(s, v6)), 96);
    if (V > 7) v128.store(p, f32x4.add(v128.load(p, 112), f32x4.mul(s, v7)), 112);
  }
}

function accS1(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(1, false, i, v, n, W, st, o); }
function accS2(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(2, false, i, v, n, W, st, o); }
function accS3(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(3, false, i, v, n, W, st, o); }
function accS4(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(4, false, i, v, n, W, st, o); }
function accS5(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(5, false, i, v, n, W, st, o); }
function accS6(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(6, false, i, v, n, W, st, o); }
function accS7(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(7, false, i, v, n, W, st, o); }
function accS8(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(8, false, i, v, n, W, st, o); }
function accD1(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(1, true, i, v, n, W, st, o); }
function accD2(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(2, true, i, v, n, W, st, o); }
function accD3(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(3, true, i, v, n, W, st, o); }
function accD4(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(4, true, i, v, n, W, st, o); }
function accD5(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(5, true, i, v, n, W, st, o); }
function accD6(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(6, true, i, v, n, W, st, o); }
function accD7(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(7, true, i, v, n, W, st, o); }
function accD8(i: usize, v: usize, n: i32, W: usize, st: usize, o: usize): void { accumImpl(8, true, i, v, n, W, st, o); }

function r1S1(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(1, false, i, v, n, G, st, x); }
function r1S2(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(2, false, i, v, n, G, st, x); }
function r1S3(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(3, false, i, v, n, G, st, x); }
function r1S4(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(4, false, i, v, n, G, st, x); }
function r1S5(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(5, false, i, v, n, G, st, x); }
function r1S6(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(6, false, i, v, n, G, st, x); }
function r1S7(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(7, false, i, v, n, G, st, x); }
function r1S8(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(8, false, i, v, n, G, st, x); }
function r1D1(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(1, true, i, v, n, G, st, x); }
function r1D2(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(2, true, i, v, n, G, st, x); }
function r1D3(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(3, true, i, v, n, G, st, x); }
function r1D4(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(4, true, i, v, n, G, st, x); }
function r1D5(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(5, true, i, v, n, G, st, x); }
function r1D6(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(6, true, i, v, n, G, st, x); }
function r1D7(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(7, true, i, v, n, G, st, x); }
function r1D8(i: usize, v: usize, n: i32, G: usize, st: usize, x: usize): void { rank1Impl(8, true, i, v, n, G, st, x); }

/** out[0..Mp) = Σ_j val_j W[f_j] over all hidden blocks. */
function accum(dense: bool, idx: usize, val: usize, n: i32, W: usize, Vt: i32, out: usize): void {
  const stride = <usize>Vt << 4;
  for (let hb = 0; hb < Vt; hb += 8) {
    const V = min(8, Vt - hb);
    const w = W + (<usize>hb << 4);
    const o = out + (<usize>hb << 4);
    if (dense) {
      switch (V) {
        case 1: accD1(idx, val, n, w, stride, o); break;
        case 2: accD2(idx, val, n, w, stride, o); break;
        case 3: accD3(idx, val, n, w, stride, o); break;
        case 4: accD4(idx, val, n, w, stride, o); break;
        case 5: accD5(idx, val, n, w, stride, o); break;
        case 6: accD6(idx, val, n, w, stride, o); break;
        case 7: accD7(idx, val, n, w, stride, o); break;
        default: accD8(idx, val, n, w, stride, o);
      }
    } else {
      switch (V) {
        case 1: accS1(idx, val, n, w, stride, o); break;
        case 2: accS2(idx, val, n, w, stride, o); break;
        case 3: accS3(idx, val, n, w, stride, o); break;
        case 4: accS4(idx, val, n, w, stride, o); break;
        case 5: accS5(idx, val, n, w, stride, o); break;
        case 6: accS6(idx, val, n, w, stride, o); break;
        case 7: accS7(idx, val, n, w, stride, o); break;
        default: accS8(idx, val, n, w, stride, o);
      }
    }
  }
}

/** G[f_j] += val_j · vec over all hidden blocks. */
function rank1(dense: bool, idx: usize, val: usize, n: i32, G: usize, Vt: i32, vec: usize): void {
  const stride = <usize>Vt << 4;
  for (let hb = 0; hb < Vt; hb += 8) {
    const V = min(8, Vt - hb);
    const g = G + (<usize>hb << 4);
    const x = vec + (<usize>hb << 4);
    if (dense) {
      switch (V) {
        case 1: r1D1(idx, val, n, g, stride, x); break;
        case 2: r1D2(idx, val, n, g, stride, x); break;
        case 3: r1D3(idx, val, n, g, stride, x); break;
        case 4: r1D4(idx, val, n, g, stride, x); break;
        case 5: r1D5(idx, val, n, g, stride, x); break;
        case 6: r1D6(idx, val, n, g, stride, x); break;
        case 7: r1D7(idx, val, n, g, stride, x); break;
        default: r1D8(idx, val, n, g, stride, x);
      }
    } else {
      switch (V) {
        case 1: r1S1(idx, val, n, g, stride, x); break;
        case 2: r1S2(idx, val, n, g, stride, x); break;
        case 3: r1S3(idx, val, n, g, stride, x); break;
        case 4: r1S4(idx, val, n, g, stride, x); break;
        case 5: r1S5(idx, val, n, g, stride, x); break;
        case 6: r1S6(idx, val, n, g, stride, x); break;
        case 7: r1S7(idx, val, n, g, stride, x); break;
        default: r1S8(idx, val, n, g, stride, x);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// pre = b + Σ_k h_k Wk[k], in feature chunks of R ≤ 8 vectors held in registers.

@inline function preImpl(R: i32, Wk: usize, stride: usize, b: usize, h: usize, M: i32, out: usize): void {
  let a0 = v128.load(b);
  let a1 = R > 1 ? v128.load(b, 16) : a0;
  let a2 = R > 2 ? v128.load(b, 32) : a0;
  let a3 = R > 3 ? v128.load(b, 48) : a0;
  let a4 = R > 4 ? v128.load(b, 64) : a0;
  let a5 = R > 5 ? v128.load(b, 80) : a0;
  let a6 = R > 6 ? v128.load(b, 96) : a0;
  let a7 = R > 7 ? v128.load(b, 112) : a0;
  let p = Wk;
  for (let k = 0; k < M; k++) {
    const s = v128.load32_splat(h + (<usize>k << 2));
    a0 = f32x4.add(a0, f32x4.mul(s, v128.load(p)));
    if (R > 1) a1 = f32x4.add(a1, f32x4.mul(s, v128.load(p, 16)));
    if (R > 2) a2 = f32x4.add(a2, f32x4.mul(s, v128.load(p, 32)));
    if (R > 3) a3 = f32x4.add(a3, f32x4.mul(s, v128.load(p, 48)));
    if (R > 4) a4 = f32x4.add(a4, f32x4.mul(s, v128.load(p, 64)));
    if (R > 5) a5 = f32x4.add(a5, f32x4.mul(s, v128.load(p, 80)));
    if (R > 6) a6 = f32x4.add(a6, f32x4.mul(s, v128.load(p, 96)));
    if (R > 7) a7 = f32x4.add(a7, f32x4.mul(s, v128.load(p, 112)));
    p += stride;
  }
  v128.store(out, a0);
  if (R > 1) v128.store(out, a1, 16);
  if (R > 2) v128.store(out, a2, 32);
  if (R > 3) v128.store(out, a3, 48);
  if (R > 4) v128.store(out, a4, 64);
  if (R > 5) v128.store(out, a5, 80);
  if (R > 6) v128.store(out, a6, 96);
  if (R > 7) v128.store(out, a7, 112);
}

function pre1(W: usize, st: usize, b: usize, h: usize, M: i32, o: usize): void { preImpl(1, W, st, b, h, M, o); }
function pre2(W: usize, st: usize, b: usize, h: usize, M: i32, o: usize): void { preImpl(2, W, st, b, h, M, o); }
function pre3(W: usize, st: usize, b: usize, h: usize, M: i32, o: usize): void { preImpl(3, W, st, b, h, M, o); }
function pre4(W: usize, st: usize, b: usize, h: usize, M: i32, o: usize): void { preImpl(4, W, st, b, h, M, o); }
function pre5(W: usize, st: usize, b: usize, h: usize, M: i32, o: usize): void { preImpl(5, W, st, b, h, M, o); }
function pre6(W: usize, st: usize, b: usize, h: usize, M: i32, o: usize): void { preImpl(6, W, st, b, h, M, o); }
function pre7(W: usize, st: usize, b: usize, h: usize, M: i32, o: usize): void { preImpl(7, W, st, b, h, M, o); }
function pre8(W: usize, st: usize, b: usize, h: usize, M: i32, o: usize): void { preImpl(8, W, st, b, h, M, o); }

function preAll(Wk: usize, b: usize, h: usize, M: i32, G4: i32, out: usize): void {
  const stride = <usize>G4 << 4;
  let q = 0;
  for (; q + 8 <= G4; q += 8) {
    const off = <usize>q << 4;
    pre8(Wk + off, stride, b + off, h, M, out + off);
  }
  const r = G4 - q;
  if (r > 0) {
    const off = <usize>q << 4;
    switch (r) {
      case 1: pre1(Wk + off, stride, b + off, h, M, out + off); break;
      case 2: pre2(Wk + off, stride, b + off, h, M, out + off); break;
      case 3: pre3(Wk + off, stride, b + off, h, M, out + off); break;
      case 4: pre4(Wk + off, stride, b + off, h, M, out + off); break;
      case 5: pre5(Wk + off, stride, b + off, h, M, out + off); break;
      case 6: pre6(Wk + off, stride, b + off, h, M, out + off); break;
      default: pre7(Wk + off, stride, b + off, h, M, out + off);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Elementwise stage of one sample, over Fp/4 feature vectors: out, diff, dPre (in place of pre), db,
// loss accumulator; with `list`, also the compacted list of active features (relu: pre > 0) and their dPre.

@inline function elemImpl(relu: bool, list: bool, rec: bool, pre: usize, x: usize, cf: usize, db: usize, G4: i32, lossAcc: usize, actIdx: usize, actVal: usize): i32 {
  const zero = f32x4.splat(0);
  const four = i32x4.splat(4);
  let iv = i32x4(0, 1, 2, 3);
  let lacc = rec ? v128.load(lossAcc) : zero;
  let n = 0;
  for (let q = 0; q < G4; q++) {
    const off = <usize>q << 4;
    const p = v128.load(pre + off);
    const mask = f32x4.gt(p, zero);
    const out = relu ? v128.and(p, mask) : p;
    const diff = f32x4.sub(v128.load(x + off), out);
    const dOut = f32x4.mul(v128.load(cf + off), diff);
    const dPre = relu ? v128.and(dOut, mask) : dOut;
    v128.store(pre + off, dPre);
    v128.store(db + off, f32x4.add(v128.load(db + off), dPre));
    if (rec) lacc = f32x4.add(lacc, f32x4.mul(dOut, diff));
    if (list) {
      const m = i32x4.bitmask(mask);
      const pat = v128.load(COMPACT + (<usize>m << 4));
      const at = <usize>n << 2;
      v128.store(actIdx + at, i8x16.swizzle(iv, pat));
      v128.store(actVal + at, i8x16.swizzle(dPre, pat));
      n += popcnt<i32>(m);
      iv = i32x4.add(iv, four);
    }
  }
  if (rec) v128.store(lossAcc, lacc);
  return n;
}

function elemReluList(p: usize, x: usize, cf: usize, db: usize, G4: i32, la: usize, ai: usize, av: usize): i32 { return elemImpl(true, true, false, p, x, cf, db, G4, la, ai, av); }
function elemReluListRec(p: usize, x: usize, cf: usize, db: usize, G4: i32, la: usize, ai: usize, av: usize): i32 { return elemImpl(true, true, true, p, x, cf, db, G4, la, ai, av); }
function elemRelu(p: usize, x: usize, cf: usize, db: usize, G4: i32, la: usize, ai: usize, av: usize): i32 { return elemImpl(true, false, false, p, x, cf, db, G4, la, ai, av); }
function elemReluRec(p: usize, x: usize, cf: usize, db: usize, G4: i32, la: usize, ai: usize, av: usize): i32 { return elemImpl(true, false, true, p, x, cf, db, G4, la, ai, av); }
function elemLinear(p: usize, x: usize, cf: usize, db: usize, G4: i32, la: usize, ai: usize, av: usize): i32 { return elemImpl(false, false, false, p, x, cf, db, G4, la, ai, av); }
function elemLinearRec(p: usize, x: usize, cf: usize, db: usize, G4: i32, la: usize, ai: usize, av: usize): i32 { return elemImpl(false, false, true, p, x, cf, db, G4, la, ai, av); }

/**
 * dPre and loss terms (dOut·diff) of a sample whose x is all zero: what the elementwise stage computes
 * for it, since then h = +0 and pre = b up to the sign of zero (which changes nothing downstream).
 */
function zeroSample(relu: bool, b: usize, cf: usize, G4: i32, dPreZ: usize, lossZ: usize): void {
  const zero = f32x4.splat(0);
  for (let q = 0; q < G4; q++) {
    const off = <usize>q << 4;
    const p = v128.load(b + off);
    const mask = f32x4.gt(p, zero);
    const out = relu ? v128.and(p, mask) : p;
    const diff = f32x4.sub(zero, out);
    const dOut = f32x4.mul(v128.load(cf + off), diff);
    v128.store(dPreZ + off, relu ? v128.and(dOut, mask) : dOut);
    v128.store(lossZ + off, f32x4.mul(dOut, diff));
  }
}

/** acc += terms[q] for q = 0..G4-1 in order (as the elementwise stage adds a sample's loss terms) */
function addLossTerms(acc: usize, terms: usize, G4: i32): void {
  let a = v128.load(acc);
  for (let q = 0; q < G4; q++) a = f32x4.add(a, v128.load(terms + (<usize>q << 4)));
  v128.store(acc, a);
}

/** a[0..G4) += b[0..G4) (vectors) */
function addVec(a: usize, b: usize, G4: i32): void {
  for (let q = 0; q < G4; q++) {
    const off = <usize>q << 4;
    v128.store(a + off, f32x4.add(v128.load(a + off), v128.load(b + off)));
  }
}

function zeroVec(a: usize, n4: i32): void {
  const z = f32x4.splat(0);
  for (let q = 0; q < n4; q++) v128.store(a + (<usize>q << 4), z);
}

// ---------------------------------------------------------------------------------------------------
// Optimizers (torch semantics; the tfjs trainer's formulas, in f32):
//   adamw:   p ← p·(1 − lr·wd); m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; p ← p − (m / (√v·(1/√bc2) + eps))·(lr/bc1)
//   adam:    as adamw without the decoupled decay; wd ≠ 0 adds wd·p to g first
//   sgd:     g ← g + wd·p (wd ≠ 0); p ← p + g·(−lr)
//   rmsprop: g ← g + wd·p (wd ≠ 0); v ← α·v + (1−α)·g²; p ← p + (g / (√v + eps))·(−lr)

function optimize(ctx: usize, inst: usize, P: usize, G: usize, n4: i32): void {
  const kind = ci(ctx, C_OPT);
  const lr = cf64(ctx, C_LR);
  const wd = cf64(ctx, C_WD);
  const nP = <usize>n4 << 4;
  const m = P + nP;
  const v = m + nP;
  const t = load<i32>(inst + I_T) + 1;
  store<i32>(inst + I_T, t);
  const coupled = kind != 0 && wd != 0;
  const wdv = f32x4.splat(<f32>wd);
  const minusLr = f32x4.splat(<f32>-lr);
  if (kind == 2) {
    for (let q = 0; q < n4; q++) {
      const off = <usize>q << 4;
      const p = v128.load(P + off);
      let g = v128.load(G + off);
      if (coupled) g = f32x4.add(g, f32x4.mul(p, wdv));
      v128.store(P + off, f32x4.add(p, f32x4.mul(g, minusLr)));
    }
  } else if (kind == 3) {
    const alpha = f32x4.splat(<f32>cf64(ctx, C_ALPHA));
    const oneMinusAlpha = f32x4.splat(<f32>(1 - cf64(ctx, C_ALPHA)));
    const eps = f32x4.splat(<f32>cf64(ctx, C_EPS));
    for (let q = 0; q < n4; q++) {
      const off = <usize>q << 4;
      const p = v128.load(P + off);
      let g = v128.load(G + off);
      if (coupled) g = f32x4.add(g, f32x4.mul(p, wdv));
      const vv = f32x4.add(f32x4.mul(v128.load(v + off), alpha), f32x4.mul(f32x4.mul(g, g), oneMinusAlpha));
      v128.store(v + off, vv);
      const avg = f32x4.add(f32x4.sqrt(vv), eps);
      v128.store(P + off, f32x4.add(p, f32x4.mul(f32x4.div(g, avg), minusLr)));
    }
  } else {
    const beta1 = cf64(ctx, C_BETA1);
    const beta2 = cf64(ctx, C_BETA2);
    const b1 = f32x4.splat(<f32>beta1);
    const omb1 = f32x4.splat(<f32>(1 - beta1));
    const b2 = f32x4.splat(<f32>beta2);
    const omb2 = f32x4.splat(<f32>(1 - beta2));
    const eps = f32x4.splat(<f32>cf64(ctx, C_EPS));
    const bc1 = 1 - Math.pow(beta1, <f64>t);
    const bc2 = 1 - Math.pow(beta2, <f64>t);
    const invSqrtBc2 = f32x4.splat(<f32>(1 / Math.sqrt(bc2)));
    const stepSize = f32x4.splat(<f32>(lr / bc1));
    const decoupled = kind == 0 && wd != 0;
    const decay = f32x4.splat(<f32>(1 - lr * wd));
    for (let q = 0; q < n4; q++) {
      const off = <usize>q << 4;
      const p = v128.load(P + off);
      let g = v128.load(G + off);
      if (coupled) g = f32x4.add(g, f32x4.mul(p, wdv));
      const p0 = decoupled ? f32x4.mul(p, decay) : p;
      const mm = f32x4.add(f32x4.mul(v128.load(m + off), b1), f32x4.mul(g, omb1));
      const vv = f32x4.add(f32x4.mul(v128.load(v + off), b2), f32x4.mul(f32x4.mul(g, g), omb2));
      v128.store(m + off, mm);
      v128.store(v + off, vv);
      const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vv), invSqrtBc2), eps);
      v128.store(P + off, f32x4.sub(p0, f32x4.mul(f32x4.div(mm, denom), stepSize)));
    }
  }
}

/** Wk[k][f] = Wf[f][k] for f < F, k < M (the padding of Wk stays zero). */
function transposeW(Wf: usize, Wk: usize, F: i32, M: i32, Mp: i32, Fp: i32): void {
  for (let f = 0; f < F; f++) {
    const row = Wf + (<usize>(f * Mp) << 2);
    let dst = Wk + (<usize>f << 2);
    for (let k = 0; k < M; k++) {
      store<f32>(dst, load<f32>(row + (<usize>k << 2)));
      dst += <usize>Fp << 2;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The small-model kernel: for M ≤ 8 (V ≤ 2 hidden vectors) one function runs a step's whole batch, sample
// by sample, with the rng state and h / dH in registers. It performs the dense path's operations in the
// same order, leaving out only exact-zero terms like the sparse path (zero inputs in h and x·dH, all-zero
// samples), so its results are bit-identical to both; it saves the calls, the loads and stores between
// stages and the per-stage loops that dominate tiny models.

@inline function smallImpl(V: i32, ctx: usize, inst: usize, rec: bool, maskK: i32): void {
  const F = ci(ctx, C_F);
  const M = ci(ctx, C_M);
  const Fp = ci(ctx, C_FP);
  const Mp = ci(ctx, C_MP);
  const B = ci(ctx, C_B);
  const perBatch = ci(ctx, C_PER_BATCH) != 0;
  const linMask = ci(ctx, C_RELU) != 0 ? f32x4.splat(0) : i32x4.splat(-1);
  const Wk = cp(ctx, C_WK);
  const G = cp(ctx, C_G);
  const cf = cp(ctx, C_CF);
  const x = cp(ctx, C_XBLK);
  const vals = cp(ctx, C_NZ_VAL);
  const hBuf = cp(ctx, C_HBLK);
  const dPre = cp(ctx, C_PRE);
  const lossAcc = cp(ctx, C_LOSS_ACC);
  const dPreZ = cp(ctx, C_DPRE_Z);
  const lossZ = cp(ctx, C_LOSS_Z);
  const idx = perBatch ? cp(ctx, C_MASK_IDX) : cp(ctx, C_NZ_IDX);
  const route = cp(ctx, C_SETS);
  const words = cp(ctx, C_WORDS);
  const G4 = Fp >> 2;
  const rowF = <usize>Fp << 2;
  const rowM = <usize>Mp << 2;
  const rng = inst + I_RNG;
  const thr = inst + I_THR;
  const Wf = thr + rowF;
  const b = Wf + <usize>F * rowM;
  const db = G + <usize>F * rowM;
  const zero = f32x4.splat(0);
  const one = i32x4.splat(1);
  const four = i32x4.splat(4);
  const scale = f32x4.splat(<f32>(1.0 / 16777216.0));
  let ra = v128.load(rng);
  let rb = v128.load(rng, 16);
  let rc = v128.load(rng, 32);
  let rd = v128.load(rng, 48);
  let lacc = v128.load(lossAcc);
  for (let e = 0; e < B; e++) {
    // data: mask draws (per_element), value draws, scatter into the dense row
    let K = maskK;
    if (!perBatch && route != 0) {
      // feature sets: the scalar routing (the rng goes through memory for this call)
      v128.store(rng, ra);
      v128.store(rng, rb, 16);
      v128.store(rng, rc, 32);
      v128.store(rng, rd, 48);
      K = genMaskSets(rng, thr, G4, F, route, words, idx);
      ra = v128.load(rng);
      rb = v128.load(rng, 16);
      rc = v128.load(rng, 32);
      rd = v128.load(rng, 48);
    } else if (!perBatch) {
      let iv = i32x4(0, 1, 2, 3);
      K = 0;
      for (let q = 0; q < G4; q++) {
        const t = i32x4.add(i32x4.add(ra, rb), rd);
        rd = i32x4.add(rd, one);
        ra = v128.xor(rb, i32x4.shr_u(rb, 9));
        rb = i32x4.add(rc, i32x4.shl(rc, 3));
        rc = i32x4.add(v128.or(i32x4.shl(rc, 21), i32x4.shr_u(rc, 11)), t);
        const m = i32x4.bitmask(i32x4.lt_s(i32x4.shr_u(t, 8), v128.load(thr + (<usize>q << 4))));
        v128.store(idx + (<usize>K << 2), i8x16.swizzle(iv, v128.load(COMPACT + (<usize>m << 4))));
        K += popcnt<i32>(m);
        iv = i32x4.add(iv, four);
      }
    }
    for (let n = 0; n < K; n += 4) {
      const t = i32x4.add(i32x4.add(ra, rb), rd);
      rd = i32x4.add(rd, one);
      ra = v128.xor(rb, i32x4.shr_u(rb, 9));
      rb = i32x4.add(rc, i32x4.shl(rc, 3));
      rc = i32x4.add(v128.or(i32x4.shl(rc, 21), i32x4.shr_u(rc, 11)), t);
      v128.store(vals + (<usize>n << 2), f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(t, 8)), scale));
    }
    if (K == 0) {
      // an all-zero sample changes only db and the loss (see zeroSample)
      for (let q = 0; q < G4; q++) {
        const off = <usize>q << 4;
        v128.store(db + off, f32x4.add(v128.load(db + off), v128.load(dPreZ + off)));
        if (rec) lacc = f32x4.add(lacc, v128.load(lossZ + off));
      }
      continue;
    }
    for (let n = 0; n < K; n++) {
      const off = <usize>n << 2;
      store<f32>(x + (<usize>load<i32>(idx + off) << 2), load<f32>(vals + off));
    }
    // h = Σ_{x_f ≠ 0} x_f Wf[f]
    let h0 = zero;
    let h1 = zero;
    for (let n = 0; n < K; n++) {
      const s = v128.load32_splat(vals + (<usize>n << 2));
      const p = Wf + <usize>load<i32>(idx + (<usize>n << 2)) * rowM;
      h0 = f32x4.add(h0, f32x4.mul(s, v128.load(p)));
      if (V > 1) h1 = f32x4.add(h1, f32x4.mul(s, v128.load(p, 16)));
    }
    v128.store(hBuf, h0);
    if (V > 1) v128.store(hBuf, h1, 16);
    // pre = b + Σ_k h_k Wk[k]; elementwise
    for (let q = 0; q < G4; q++) {
      const off = <usize>q << 4;
      let a = v128.load(b + off);
      let w = Wk + off;
      for (let k = 0; k < M; k++) {
        a = f32x4.add(a, f32x4.mul(v128.load32_splat(hBuf + (<usize>k << 2)), v128.load(w)));
        w += rowF;
      }
      const mask = v128.or(f32x4.gt(a, zero), linMask);
      const diff = f32x4.sub(v128.load(x + off), v128.and(a, mask));
      const dOut = f32x4.mul(v128.load(cf + off), diff);
      const d = v128.and(dOut, mask);
      v128.store(dPre + off, d);
      v128.store(db + off, f32x4.add(v128.load(db + off), d));
      if (rec) lacc = f32x4.add(lacc, f32x4.mul(dOut, diff));
    }
    // dH = Σ_f dPre_f Wf[f]
    let d0 = zero;
    let d1 = zero;
    for (let f = 0; f < F; f++) {
      const s = v128.load32_splat(dPre + (<usize>f << 2));
      const p = Wf + <usize>f * rowM;
      d0 = f32x4.add(d0, f32x4.mul(s, v128.load(p)));
      if (V > 1) d1 = f32x4.add(d1, f32x4.mul(s, v128.load(p, 16)));
    }
    // dW_f += dPre_f h (all f), then dW_g += x_g dH (x_g ≠ 0)
    for (let f = 0; f < F; f++) {
      const s1 = v128.load32_splat(dPre + (<usize>f << 2));
      const g = G + <usize>f * rowM;
      v128.store(g, f32x4.add(v128.load(g), f32x4.mul(s1, h0)));
      if (V > 1) v128.store(g, f32x4.add(v128.load(g, 16), f32x4.mul(s1, h1)), 16);
    }
    for (let n = 0; n < K; n++) {
      const s2 = v128.load32_splat(vals + (<usize>n << 2));
      const g = G + <usize>load<i32>(idx + (<usize>n << 2)) * rowM;
      v128.store(g, f32x4.add(v128.load(g), f32x4.mul(s2, d0)));
      if (V > 1) v128.store(g, f32x4.add(v128.load(g, 16), f32x4.mul(s2, d1)), 16);
    }
    for (let n = 0; n < K; n++) store<f32>(x + (<usize>load<i32>(idx + (<usize>n << 2)) << 2), 0);
  }
  v128.store(rng, ra);
  v128.store(rng, rb, 16);
  v128.store(rng, rc, 32);
  v128.store(rng, rd, 48);
  v128.store(lossAcc, lacc);
}

function small1(ctx: usize, inst: usize, maskK: i32): void { smallImpl(1, ctx, inst, false, maskK); }
function small1Rec(ctx: usize, inst: usize, maskK: i32): void { smallImpl(1, ctx, inst, true, maskK); }
function small2(ctx: usize, inst: usize, maskK: i32): void { smallImpl(2, ctx, inst, false, maskK); }
function small2Rec(ctx: usize, inst: usize, maskK: i32): void { smallImpl(2, ctx, inst, true, maskK); }

// ---------------------------------------------------------------------------------------------------
// The tiny-model kernel: the small kernel for F ≤ 8 features in M ≤ 4 hidden units with per-element masks
// (the phase diagrams, the intro, the pentagons and the correlated pairs and triples), with F a compile-
// time constant so that everything a sample touches stays in registers: the rng, x (one or two vectors,
// built by a byte swizzle from the value draws instead of scattered through memory), h, dPre, dH, db and
// every gradient row; feature sets are decided in vectors too (routeVectors). The per-feature statements
// are written out for f = 0 … 7 (`if (F > f)` folds away per specialisation) because a row kept in a
// local cannot be indexed. It computes every feature's terms (x_f = 0 and dPre_f = 0 give ±0 terms, which
// never change an accumulator that started at +0, see the top of the file), so the only data-dependent
// branch is the all-zero-sample test; it takes the same draws and performs the same additions in the same
// order as smallImpl, so its results are bit-identical to it. Measured against smallImpl (one thread,
// batch 1024): 1.9–2.2× faster for 2 → 1 and 3 → 2, 1.3–1.6× for 5 → 2, 1.7–2.7× with feature sets.

// PICK[half][K0][m] (16 bytes each): the i8x16.swizzle that gives lane j of a feature group, when bit j of
// its mask m is set, the value of kept-list position k = K0 + (set bits of m below j), taken from value
// draw `half` when k >> 2 == half (lane k & 3); every other byte is out of range, which swizzles to 0.
const PICK: usize = memory.data(2 * 5 * 16 * 16);
function initPick(): void {
  for (let half = 0; half < 2; half++) {
    for (let k0 = 0; k0 <= 4; k0++) {
      for (let m = 0; m < 16; m++) {
        const row = PICK + (<usize>((half * 5 + k0) * 16 + m) << 4);
        let rank = 0;
        for (let j = 0; j < 4; j++) {
          let src = -1;
          if (((m >> j) & 1) != 0) {
            const k = k0 + rank;
            rank++;
            if (k >> 2 == half) src = k & 3;
          }
          for (let byte = 0; byte < 4; byte++) store<u8>(row + <usize>(j * 4 + byte), src < 0 ? 0xff : src * 4 + byte);
        }
      }
    }
  }
}
initPick();

// ROUTE: the feature-set route of the tiny kernel's context as vectors (routeVectors), per feature group q
// (64 + … bytes apart: q = 0 at 0, q = 1 at 128): the byte swizzles of the source word from mask draw 0 and
// from draw 1, those of the choice word, the source's threshold, the set's size, the member's position, and
// a lane mask that is all ones for a member that is not anticorrelated (kept by its source alone). Lanes
// past F fetch nothing (a zero word) and have threshold 0, so they are never kept.
const ROUTE: usize = memory.data(256, 16);
function routeVectors(route: usize, thr: usize, F: i32): void {
  for (let f = 0; f < 8; f++) {
    const base = ROUTE + (<usize>(f >> 2) << 7) + (<usize>(f & 3) << 2);
    let source = -1;
    let choice = -1;
    let size = 0;
    let position = 0;
    if (f < F) {
      const r = route + (<usize>f << 4);
      source = load<i32>(r);
      choice = load<i32>(r, 4);
      size = load<i32>(r, 8);
      position = load<i32>(r, 12);
    }
    for (let byte = 0; byte < 4; byte++) {
      store<u8>(base + <usize>byte, source >= 0 && source >> 2 == 0 ? (source & 3) * 4 + byte : 0xff);
      store<u8>(base + <usize>(16 + byte), source >= 0 && source >> 2 == 1 ? (source & 3) * 4 + byte : 0xff);
      store<u8>(base + <usize>(32 + byte), choice >= 0 && choice >> 2 == 0 ? (choice & 3) * 4 + byte : 0xff);
      store<u8>(base + <usize>(48 + byte), choice >= 0 && choice >> 2 == 1 ? (choice & 3) * 4 + byte : 0xff);
    }
    store<i32>(base, source >= 0 ? load<i32>(thr + (<usize>source << 2)) : 0, 64);
    store<i32>(base, size, 80);
    store<i32>(base, position, 96);
    store<i32>(base, choice >= 0 ? 0 : -1, 112);
  }
}

/** Lane j of v in every lane (j a compile-time constant). */
@inline function lane(v: v128, j: i32): v128 {
  if (j == 0) return v128.shuffle<i32>(v, v, 0, 0, 0, 0);
  if (j == 1) return v128.shuffle<i32>(v, v, 1, 1, 1, 1);
  if (j == 2) return v128.shuffle<i32>(v, v, 2, 2, 2, 2);
  return v128.shuffle<i32>(v, v, 3, 3, 3, 3);
}

@inline function tinyImpl(F: i32, SETS: bool, ctx: usize, inst: usize, rec: bool): void {
  const G4 = (F + 3) >> 2;
  const M = ci(ctx, C_M);
  const B = ci(ctx, C_B);
  const linMask = ci(ctx, C_RELU) != 0 ? f32x4.splat(0) : i32x4.splat(-1);
  const Wk = cp(ctx, C_WK);
  const G = cp(ctx, C_G);
  const cf = cp(ctx, C_CF);
  const lossAcc = cp(ctx, C_LOSS_ACC);
  const dPreZ = cp(ctx, C_DPRE_Z);
  const lossZ = cp(ctx, C_LOSS_Z);
  const rowF = <usize>G4 << 4;
  const rng = inst + I_RNG;
  const thr = inst + I_THR;
  const Wf = thr + rowF; // F rows of 16 bytes (Mp = 4)
  const b = Wf + (<usize>F << 4);
  const db = G + (<usize>F << 4);
  const wk1 = Wk + rowF;
  const wk2 = wk1 + rowF;
  const wk3 = wk2 + rowF;
  const zero = f32x4.splat(0);
  const one = i32x4.splat(1);
  const scale = f32x4.splat(<f32>(1.0 / 16777216.0));
  const thr0 = v128.load(thr);
  const thr1 = G4 > 1 ? v128.load(thr, 16) : zero;
  const b0 = v128.load(b);
  const b1 = G4 > 1 ? v128.load(b, 16) : zero;
  const cf0 = v128.load(cf);
  const cf1 = G4 > 1 ? v128.load(cf, 16) : zero;
  const dz0 = v128.load(dPreZ);
  const dz1 = G4 > 1 ? v128.load(dPreZ, 16) : zero;
  const lz0 = v128.load(lossZ);
  const lz1 = G4 > 1 ? v128.load(lossZ, 16) : zero;
  // feature sets (SETS): per lane of each feature group, data/feature-sets.ts's route as vectors — the
  // swizzles that fetch the source word and the choice word from the mask draws (see ROUTE), the source's
  // threshold, and for anticorrelated members the set's size and the member's position
  let src0 = zero, src1 = zero, src2 = zero, src3 = zero, chc0 = zero, chc1 = zero, chc2 = zero, chc3 = zero;
  let tsrc0 = zero, tsrc1 = zero, size0 = zero, size1 = zero, pos0 = zero, pos1 = zero, plain0 = zero, plain1 = zero;
  if (SETS) {
    routeVectors(cp(ctx, C_SETS), thr, F);
    src0 = v128.load(ROUTE);
    src1 = v128.load(ROUTE, 16);
    chc0 = v128.load(ROUTE, 32);
    chc1 = v128.load(ROUTE, 48);
    tsrc0 = v128.load(ROUTE, 64);
    size0 = v128.load(ROUTE, 80);
    pos0 = v128.load(ROUTE, 96);
    plain0 = v128.load(ROUTE, 112);
    if (G4 > 1) {
      src2 = v128.load(ROUTE, 128);
      src3 = v128.load(ROUTE, 144);
      chc2 = v128.load(ROUTE, 160);
      chc3 = v128.load(ROUTE, 176);
      tsrc1 = v128.load(ROUTE, 192);
      size1 = v128.load(ROUTE, 208);
      pos1 = v128.load(ROUTE, 224);
      plain1 = v128.load(ROUTE, 240);
    }
  }
  let db0 = v128.load(db);
  let db1 = G4 > 1 ? v128.load(db, 16) : zero;
  let g0 = F > 0 ? v128.load(G, 0) : zero;
  let g1 = F > 1 ? v128.load(G, 16) : zero;
  let g2 = F > 2 ? v128.load(G, 32) : zero;
  let g3 = F > 3 ? v128.load(G, 48) : zero;
  let g4 = F > 4 ? v128.load(G, 64) : zero;
  let g5 = F > 5 ? v128.load(G, 80) : zero;
  let g6 = F > 6 ? v128.load(G, 96) : zero;
  let g7 = F > 7 ? v128.load(G, 112) : zero;
  let ra = v128.load(rng);
  let rb = v128.load(rng, 16);
  let rc = v128.load(rng, 32);
  let rd = v128.load(rng, 48);
  let lacc = v128.load(lossAcc);
  for (let e = 0; e < B; e++) {
    // mask draws
    const w0 = i32x4.add(i32x4.add(ra, rb), rd);
    rd = i32x4.add(rd, one);
    ra = v128.xor(rb, i32x4.shr_u(rb, 9));
    rb = i32x4.add(rc, i32x4.shl(rc, 3));
    rc = i32x4.add(v128.or(i32x4.shl(rc, 21), i32x4.shr_u(rc, 11)), w0);
    let w1 = zero;
    if (G4 > 1) {
      w1 = i32x4.add(i32x4.add(ra, rb), rd);
      rd = i32x4.add(rd, one);
      ra = v128.xor(rb, i32x4.shr_u(rb, 9));
      rb = i32x4.add(rc, i32x4.shl(rc, 3));
      rc = i32x4.add(v128.or(i32x4.shl(rc, 21), i32x4.shr_u(rc, 11)), w1);
    }
    let m0 = 0;
    let m1 = 0;
    if (SETS) {
      // kept iff the source word is under the source's threshold and, for an anticorrelated member, the
      // choice word picks its position: ⌊(word >>> 8)·size / 2^24⌋ (size ≤ 8, so the product fits in 32 bits)
      const s0 = G4 > 1 ? v128.or(i8x16.swizzle(w0, src0), i8x16.swizzle(w1, src1)) : i8x16.swizzle(w0, src0);
      const c0 = G4 > 1 ? v128.or(i8x16.swizzle(w0, chc0), i8x16.swizzle(w1, chc1)) : i8x16.swizzle(w0, chc0);
      const pick0 = v128.or(i32x4.eq(i32x4.shr_u(i32x4.mul(i32x4.shr_u(c0, 8), size0), 24), pos0), plain0);
      m0 = i32x4.bitmask(v128.and(i32x4.lt_s(i32x4.shr_u(s0, 8), tsrc0), pick0));
      if (G4 > 1) {
        const s1 = v128.or(i8x16.swizzle(w0, src2), i8x16.swizzle(w1, src3));
        const c1 = v128.or(i8x16.swizzle(w0, chc2), i8x16.swizzle(w1, chc3));
        const pick1 = v128.or(i32x4.eq(i32x4.shr_u(i32x4.mul(i32x4.shr_u(c1, 8), size1), 24), pos1), plain1);
        m1 = i32x4.bitmask(v128.and(i32x4.lt_s(i32x4.shr_u(s1, 8), tsrc1), pick1));
      }
    } else {
      m0 = i32x4.bitmask(i32x4.lt_s(i32x4.shr_u(w0, 8), thr0));
      if (G4 > 1) m1 = i32x4.bitmask(i32x4.lt_s(i32x4.shr_u(w1, 8), thr1));
    }
    const K0 = popcnt<i32>(m0);
    const K = K0 + popcnt<i32>(m1);
    if (K == 0) {
      db0 = f32x4.add(db0, dz0);
      if (rec) lacc = f32x4.add(lacc, lz0);
      if (G4 > 1) {
        db1 = f32x4.add(db1, dz1);
        if (rec) lacc = f32x4.add(lacc, lz1);
      }
      continue;
    }
    // value draws: one, and a second (kept without a branch) when more than four features are kept
    const t = i32x4.add(i32x4.add(ra, rb), rd);
    rd = i32x4.add(rd, one);
    ra = v128.xor(rb, i32x4.shr_u(rb, 9));
    rb = i32x4.add(rc, i32x4.shl(rc, 3));
    rc = i32x4.add(v128.or(i32x4.shl(rc, 21), i32x4.shr_u(rc, 11)), t);
    const v0 = f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(t, 8)), scale);
    let v1 = zero;
    if (G4 > 1) {
      const t2 = i32x4.add(i32x4.add(ra, rb), rd);
      const more = i32x4.splat(K > 4 ? -1 : 0);
      const na = v128.xor(rb, i32x4.shr_u(rb, 9));
      const nb = i32x4.add(rc, i32x4.shl(rc, 3));
      const nc = i32x4.add(v128.or(i32x4.shl(rc, 21), i32x4.shr_u(rc, 11)), t2);
      rd = v128.bitselect(i32x4.add(rd, one), rd, more);
      ra = v128.bitselect(na, ra, more);
      rb = v128.bitselect(nb, rb, more);
      rc = v128.bitselect(nc, rc, more);
      v1 = f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(t2, 8)), scale);
    }
    const x0 = i8x16.swizzle(v0, v128.load(PICK + (<usize>m0 << 4)));
    let x1 = zero;
    if (G4 > 1) {
      const at = PICK + (<usize>(K0 * 16 + m1) << 4);
      x1 = v128.or(i8x16.swizzle(v0, v128.load(at)), i8x16.swizzle(v1, v128.load(at, 1280)));
    }
    // h = Σ_f x_f W_f
    let h = zero;
    if (F > 0) h = f32x4.add(h, f32x4.mul(lane(x0, 0), v128.load(Wf, 0)));
    if (F > 1) h = f32x4.add(h, f32x4.mul(lane(x0, 1), v128.load(Wf, 16)));
    if (F > 2) h = f32x4.add(h, f32x4.mul(lane(x0, 2), v128.load(Wf, 32)));
    if (F > 3) h = f32x4.add(h, f32x4.mul(lane(x0, 3), v128.load(Wf, 48)));
    if (F > 4) h = f32x4.add(h, f32x4.mul(lane(x1, 0), v128.load(Wf, 64)));
    if (F > 5) h = f32x4.add(h, f32x4.mul(lane(x1, 1), v128.load(Wf, 80)));
    if (F > 6) h = f32x4.add(h, f32x4.mul(lane(x1, 2), v128.load(Wf, 96)));
    if (F > 7) h = f32x4.add(h, f32x4.mul(lane(x1, 3), v128.load(Wf, 112)));
    // pre = b + Σ_k h_k Wk[k]; elementwise, per feature group
    let a = f32x4.add(b0, f32x4.mul(lane(h, 0), v128.load(Wk)));
    if (M > 1) a = f32x4.add(a, f32x4.mul(lane(h, 1), v128.load(wk1)));
    if (M > 2) a = f32x4.add(a, f32x4.mul(lane(h, 2), v128.load(wk2)));
    if (M > 3) a = f32x4.add(a, f32x4.mul(lane(h, 3), v128.load(wk3)));
    let mask = v128.or(f32x4.gt(a, zero), linMask);
    let diff = f32x4.sub(x0, v128.and(a, mask));
    let dOut = f32x4.mul(cf0, diff);
    const d0 = v128.and(dOut, mask);
    db0 = f32x4.add(db0, d0);
    if (rec) lacc = f32x4.add(lacc, f32x4.mul(dOut, diff));
    let d1 = zero;
    if (G4 > 1) {
      a = f32x4.add(b1, f32x4.mul(lane(h, 0), v128.load(Wk, 16)));
      if (M > 1) a = f32x4.add(a, f32x4.mul(lane(h, 1), v128.load(wk1, 16)));
      if (M > 2) a = f32x4.add(a, f32x4.mul(lane(h, 2), v128.load(wk2, 16)));
      if (M > 3) a = f32x4.add(a, f32x4.mul(lane(h, 3), v128.load(wk3, 16)));
      mask = v128.or(f32x4.gt(a, zero), linMask);
      diff = f32x4.sub(x1, v128.and(a, mask));
      dOut = f32x4.mul(cf1, diff);
      d1 = v128.and(dOut, mask);
      db1 = f32x4.add(db1, d1);
      if (rec) lacc = f32x4.add(lacc, f32x4.mul(dOut, diff));
    }
    // dH = Σ_f dPre_f W_f
    let dH = zero;
    if (F > 0) dH = f32x4.add(dH, f32x4.mul(lane(d0, 0), v128.load(Wf, 0)));
    if (F > 1) dH = f32x4.add(dH, f32x4.mul(lane(d0, 1), v128.load(Wf, 16)));
    if (F > 2) dH = f32x4.add(dH, f32x4.mul(lane(d0, 2), v128.load(Wf, 32)));
    if (F > 3) dH = f32x4.add(dH, f32x4.mul(lane(d0, 3), v128.load(Wf, 48)));
    if (F > 4) dH = f32x4.add(dH, f32x4.mul(lane(d1, 0), v128.load(Wf, 64)));
    if (F > 5) dH = f32x4.add(dH, f32x4.mul(lane(d1, 1), v128.load(Wf, 80)));
    if (F > 6) dH = f32x4.add(dH, f32x4.mul(lane(d1, 2), v128.load(Wf, 96)));
    if (F > 7) dH = f32x4.add(dH, f32x4.mul(lane(d1, 3), v128.load(Wf, 112)));
    // dW_f += dPre_f h for every f, then dW_f += x_f dH for every f
    if (F > 0) g0 = f32x4.add(g0, f32x4.mul(lane(d0, 0), h));
    if (F > 1) g1 = f32x4.add(g1, f32x4.mul(lane(d0, 1), h));
    if (F > 2) g2 = f32x4.add(g2, f32x4.mul(lane(d0, 2), h));
    if (F > 3) g3 = f32x4.add(g3, f32x4.mul(lane(d0, 3), h));
    if (F > 4) g4 = f32x4.add(g4, f32x4.mul(lane(d1, 0), h));
    if (F > 5) g5 = f32x4.add(g5, f32x4.mul(lane(d1, 1), h));
    if (F > 6) g6 = f32x4.add(g6, f32x4.mul(lane(d1, 2), h));
    if (F > 7) g7 = f32x4.add(g7, f32x4.mul(lane(d1, 3), h));
    if (F > 0) g0 = f32x4.add(g0, f32x4.mul(lane(x0, 0), dH));
    if (F > 1) g1 = f32x4.add(g1, f32x4.mul(lane(x0, 1), dH));
    if (F > 2) g2 = f32x4.add(g2, f32x4.mul(lane(x0, 2), dH));
    if (F > 3) g3 = f32x4.add(g3, f32x4.mul(lane(x0, 3), dH));
    if (F > 4) g4 = f32x4.add(g4, f32x4.mul(lane(x1, 0), dH));
    if (F > 5) g5 = f32x4.add(g5, f32x4.mul(lane(x1, 1), dH));
    if (F > 6) g6 = f32x4.add(g6, f32x4.mul(lane(x1, 2), dH));
    if (F > 7) g7 = f32x4.add(g7, f32x4.mul(lane(x1, 3), dH));
  }
  v128.store(rng, ra);
  v128.store(rng, rb, 16);
  v128.store(rng, rc, 32);
  v128.store(rng, rd, 48);
  v128.store(lossAcc, lacc);
  v128.store(db, db0);
  if (G4 > 1) v128.store(db, db1, 16);
  if (F > 0) v128.store(G, g0, 0);
  if (F > 1) v128.store(G, g1, 16);
  if (F > 2) v128.store(G, g2, 32);
  if (F > 3) v128.store(G, g3, 48);
  if (F > 4) v128.store(G, g4, 64);
  if (F > 5) v128.store(G, g5, 80);
  if (F > 6) v128.store(G, g6, 96);
  if (F > 7) v128.store(G, g7, 112);
}

function tiny1(ctx: usize, inst: usize): void { tinyImpl(1, false, ctx, inst, false); }
function tiny1Rec(ctx: usize, inst: usize): void { tinyImpl(1, false, ctx, inst, true); }
function tiny1Sets(ctx: usize, inst: usize): void { tinyImpl(1, true, ctx, inst, false); }
function tiny1SetsRec(ctx: usize, inst: usize): void { tinyImpl(1, true, ctx, inst, true); }
function tiny2(ctx: usize, inst: usize): void { tinyImpl(2, false, ctx, inst, false); }
function tiny2Rec(ctx: usize, inst: usize): void { tinyImpl(2, false, ctx, inst, true); }
function tiny2Sets(ctx: usize, inst: usize): void { tinyImpl(2, true, ctx, inst, false); }
function tiny2SetsRec(ctx: usize, inst: usize): void { tinyImpl(2, true, ctx, inst, true); }
function tiny3(ctx: usize, inst: usize): void { tinyImpl(3, false, ctx, inst, false); }
function tiny3Rec(ctx: usize, inst: usize): void { tinyImpl(3, false, ctx, inst, true); }
function tiny3Sets(ctx: usize, inst: usize): void { tinyImpl(3, true, ctx, inst, false); }
function tiny3SetsRec(ctx: usize, inst: usize): void { tinyImpl(3, true, ctx, inst, true); }
function tiny4(ctx: usize, inst: usize): void { tinyImpl(4, false, ctx, inst, false); }
function tiny4Rec(ctx: usize, inst: usize): void { tinyImpl(4, false, ctx, inst, true); }
function tiny4Sets(ctx: usize, inst: usize): void { tinyImpl(4, true, ctx, inst, false); }
function tiny4SetsRec(ctx: usize, inst: usize): void { tinyImpl(4, true, ctx, inst, true); }
function tiny5(ctx: usize, inst: usize): void { tinyImpl(5, false, ctx, inst, false); }
function tiny5Rec(ctx: usize, inst: usize): void { tinyImpl(5, false, ctx, inst, true); }
function tiny5Sets(ctx: usize, inst: usize): void { tinyImpl(5, true, ctx, inst, false); }
function tiny5SetsRec(ctx: usize, inst: usize): void { tinyImpl(5, true, ctx, inst, true); }
function tiny6(ctx: usize, inst: usize): void { tinyImpl(6, false, ctx, inst, false); }
function tiny6Rec(ctx: usize, inst: usize): void { tinyImpl(6, false, ctx, inst, true); }
function tiny6Sets(ctx: usize, inst: usize): void { tinyImpl(6, true, ctx, inst, false); }
function tiny6SetsRec(ctx: usize, inst: usize): void { tinyImpl(6, true, ctx, inst, true); }
function tiny7(ctx: usize, inst: usize): void { tinyImpl(7, false, ctx, inst, false); }
function tiny7Rec(ctx: usize, inst: usize): void { tinyImpl(7, false, ctx, inst, true); }
function tiny7Sets(ctx: usize, inst: usize): void { tinyImpl(7, true, ctx, inst, false); }
function tiny7SetsRec(ctx: usize, inst: usize): void { tinyImpl(7, true, ctx, inst, true); }
function tiny8(ctx: usize, inst: usize): void { tinyImpl(8, false, ctx, inst, false); }
function tiny8Rec(ctx: usize, inst: usize): void { tinyImpl(8, false, ctx, inst, true); }
function tiny8Sets(ctx: usize, inst: usize): void { tinyImpl(8, true, ctx, inst, false); }
function tiny8SetsRec(ctx: usize, inst: usize): void { tinyImpl(8, true, ctx, inst, true); }

/** Runs the tiny kernel and returns true when the context's model is one (F ≤ 8, M ≤ 4, per-element masks). */
function tiny(ctx: usize, inst: usize, rec: bool): bool {
  const F = ci(ctx, C_F);
  if (F > 8 || ci(ctx, C_M) > 4 || ci(ctx, C_PER_BATCH) != 0) return false;
  const sets = cp(ctx, C_SETS) != 0;
  if (F == 1) {
    if (sets) rec ? tiny1SetsRec(ctx, inst) : tiny1Sets(ctx, inst);
    else rec ? tiny1Rec(ctx, inst) : tiny1(ctx, inst);
  }
  else if (F == 2) {
    if (sets) rec ? tiny2SetsRec(ctx, inst) : tiny2Sets(ctx, inst);
    else rec ? tiny2Rec(ctx, inst) : tiny2(ctx, inst);
  }
  else if (F == 3) {
    if (sets) rec ? tiny3SetsRec(ctx, inst) : tiny3Sets(ctx, inst);
    else rec ? tiny3Rec(ctx, inst) : tiny3(ctx, inst);
  }
  else if (F == 4) {
    if (sets) rec ? tiny4SetsRec(ctx, inst) : tiny4Sets(ctx, inst);
    else rec ? tiny4Rec(ctx, inst) : tiny4(ctx, inst);
  }
  else if (F == 5) {
    if (sets) rec ? tiny5SetsRec(ctx, inst) : tiny5Sets(ctx, inst);
    else rec ? tiny5Rec(ctx, inst) : tiny5(ctx, inst);
  }
  else if (F == 6) {
    if (sets) rec ? tiny6SetsRec(ctx, inst) : tiny6Sets(ctx, inst);
    else rec ? tiny6Rec(ctx, inst) : tiny6(ctx, inst);
  }
  else if (F == 7) {
    if (sets) rec ? tiny7SetsRec(ctx, inst) : tiny7Sets(ctx, inst);
    else rec ? tiny7Rec(ctx, inst) : tiny7(ctx, inst);
  }
  else if (F == 8) {
    if (sets) rec ? tiny8SetsRec(ctx, inst) : tiny8Sets(ctx, inst);
    else rec ? tiny8Rec(ctx, inst) : tiny8(ctx, inst);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// The family path (trainFamily): every model of core/models/ with the two-layer structure
//   a = x·W1,  h = ReLU(a) or a,  pre = b + h·W2ᵀ,  y = ReLU(pre) or pre,  t = x or |x|
//   loss = scale · Σ_b [ Σ_f I_f (t_f − y_f)² + λ Σ_k |h_k| ]
// with W1 = W2 = W when tied, one dense sample at a time (no index lists past the inputs, no small-M
// fusion: these models are new and few, so one plain path whose order of operations is easy to state).

/** vals[0..n) ← 2u − 1 where u > 0 (data/signed.ts's signInputs; exact in f32: u = j·2^-24, j < 2^24). */
function signList(vals: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const two = f32x4.splat(2);
  const one = f32x4.splat(1);
  for (let j = 0; j < n; j += 4) {
    const off = <usize>j << 2;
    const u = v128.load(vals + off);
    v128.store(vals + off, v128.bitselect(f32x4.sub(f32x4.mul(u, two), one), u, f32x4.gt(u, zero)));
  }
}

/** x[idx_j] = vals_j (the signed values over the unsigned ones genValues scattered). */
function scatter(x: usize, idx: usize, vals: usize, n: i32): void {
  for (let j = 0; j < n; j++) {
    const off = <usize>j << 2;
    store<f32>(x + (<usize>load<i32>(idx + off) << 2), load<f32>(vals + off));
  }
}

/** t = |x| over G4 vectors (the abs-input target). */
function absRow(x: usize, t: usize, G4: i32): void {
  for (let q = 0; q < G4; q++) {
    const off = <usize>q << 4;
    v128.store(t + off, f32x4.abs(v128.load(x + off)));
  }
}

/** h ← ReLU(h) in place over Vt vectors (the padding lanes are 0 and stay 0). */
function reluVec(h: usize, Vt: i32): void {
  const zero = f32x4.splat(0);
  for (let q = 0; q < Vt; q++) {
    const off = <usize>q << 4;
    const v = v128.load(h + off);
    v128.store(h + off, v128.and(v, f32x4.gt(v, zero)));
  }
}

/**
 * ∂L/∂a in place of ∂L/∂h's decoder part dH: (dH + l1·sign(h)) · act_h'(a), sign(0) = 0 and act_h' = 0
 * at the kink (for ReLU, a > 0 ⇔ h > 0, so h alone decides both). l1 = 0 skips the penalty term, which
 * would add only zeros.
 */
function hiddenBack(dH: usize, h: usize, Vt: i32, relu: bool, l1: f32): void {
  const zero = f32x4.splat(0);
  const l1v = f32x4.splat(l1);
  const negL1 = f32x4.splat(-l1);
  for (let q = 0; q < Vt; q++) {
    const off = <usize>q << 4;
    const hv = v128.load(h + off);
    const pos = f32x4.gt(hv, zero);
    let d = v128.load(dH + off);
    if (l1 != 0) d = f32x4.add(d, v128.or(v128.and(pos, l1v), v128.and(f32x4.lt(hv, zero), negL1)));
    if (relu) d = v128.and(d, pos);
    v128.store(dH + off, d);
  }
}

/**
 * The penalty's loss terms λ·scale·|h_k| into the lane accumulator, in the form of the output's terms
 * (dOut·diff = −2·scale·I·diff²): times −2, so the final −0.5·Σ lanes gives them back exactly.
 */
function l1LossTerms(acc: usize, h: usize, Vt: i32, minus2L1: f32): void {
  const c = f32x4.splat(minus2L1);
  let a = v128.load(acc);
  for (let q = 0; q < Vt; q++) a = f32x4.add(a, f32x4.mul(f32x4.abs(v128.load(h + (<usize>q << 4))), c));
  v128.store(acc, a);
}

/** data/attack-stream.ts's lowbias32: a 32-bit integer hash (Wellons' constants). */
@inline function lowbias32(v: u32): u32 {
  let x = v;
  x ^= x >> 16;
  x *= 0x7feb352d;
  x ^= x >> 15;
  x *= 0x846ca68b;
  x ^= x >> 16;
  return x;
}

/** The feature the attack hits in example `counter` (= step·B + e) of a run: data/attack-stream.ts's attackedFeature. */
@inline function attackedFeature(seedHash: u32, counter: u32, F: i32): i32 {
  return <i32>(((<u64>(lowbias32(counter ^ seedHash) >> 8)) * <u64>F) >> 24);
}

/**
 * Before a step of adversarial training (tied W; Wk its transpose, current): the attack directions
 * D_i = (W Wᵀ)_i / ‖(W Wᵀ)_i‖ (a zero row when the norm is 0), their hidden images A_i = Σ_j D_ij W_j,
 * which the step adds (times ε) to an attacked example's h, and zero sums E. Both stay fixed through the
 * step: the attack is computed from the weights and held constant in the gradient.
 */
function attackSetup(W: usize, Wk: usize, D: usize, A: usize, E: usize, F: i32, M: i32, Fp: i32, Vt: i32): void {
  const G4 = Fp >> 2;
  const rowD = <usize>Fp << 2;
  const rowM = <usize>Vt << 4;
  for (let i = 0; i < F; i++) {
    const d = D + <usize>i * rowD;
    // (W Wᵀ)_i = W_i·Wᵀ: preAll with the zeroed row itself as the start (each chunk is read before it is written)
    zeroVec(d, G4);
    preAll(Wk, d, W + <usize>i * rowM, M, G4, d);
    let sq = f32x4.splat(0);
    for (let q = 0; q < G4; q++) {
      const v = v128.load(d + (<usize>q << 4));
      sq = f32x4.add(sq, f32x4.mul(v, v));
    }
    const norm = Mathf.sqrt((f32x4.extract_lane(sq, 0) + f32x4.extract_lane(sq, 1)) + (f32x4.extract_lane(sq, 2) + f32x4.extract_lane(sq, 3)));
    if (norm > 0) {
      const inv = f32x4.splat(<f32>1 / norm);
      for (let q = 0; q < G4; q++) {
        const off = d + (<usize>q << 4);
        v128.store(off, f32x4.mul(v128.load(off), inv));
      }
    }
    accum(true, 0, d, F, W, Vt, A + <usize>i * rowM);
  }
  zeroVec(E, F * Vt);
}

/** ‖v‖₂ of v[0..n), summed in order in f32 (an example's input norm from its kept values). */
function norm2(v: usize, n: i32): f32 {
  let s: f32 = 0;
  for (let j = 0; j < n; j++) {
    const a = load<f32>(v + (<usize>j << 2));
    s += a * a;
  }
  return Mathf.sqrt(s);
}

/** out[0..Vt) += c · v[0..Vt) */
function addScaled(out: usize, v: usize, c: f32, Vt: i32): void {
  const s = f32x4.splat(c);
  for (let q = 0; q < Vt; q++) {
    const off = <usize>q << 4;
    v128.store(out + off, f32x4.add(v128.load(out + off), f32x4.mul(s, v128.load(v + off))));
  }
}

// ---------------------------------------------------------------------------------------------------
// The family path's small-model kernel: for M ≤ 8 (V ≤ 2 hidden vectors) and no attack, one function runs a
// step's whole batch with the rng state and h / dA in registers, as smallImpl does for today's model. It
// performs trainFamily's operations in trainFamily's order; where trainFamily walks the list of active
// outputs (dA from dPre, dW2 += dPre·h) it walks every output, which adds only exact zeros (dPre = +0 where
// pre ≤ 0), so its results are bit-identical to trainFamily's (see the header on ±0 terms).

@inline function familySmallImpl(V: i32, ctx: usize, inst: usize, rec: bool, maskK: i32): void {
  const F = ci(ctx, C_F);
  const M = ci(ctx, C_M);
  const Fp = ci(ctx, C_FP);
  const Mp = ci(ctx, C_MP);
  const B = ci(ctx, C_B);
  const perBatch = ci(ctx, C_PER_BATCH) != 0;
  const linMask = ci(ctx, C_RELU) != 0 ? f32x4.splat(0) : i32x4.splat(-1);
  const reluHidden = ci(ctx, C_HRELU) != 0;
  const untied = ci(ctx, C_UNTIED) != 0;
  const signed = ci(ctx, C_SIGNED) != 0;
  const absTarget = ci(ctx, C_ABS) != 0;
  const l1 = <f32>cf64(ctx, C_L1);
  const Wk = cp(ctx, C_WK);
  const G = cp(ctx, C_G);
  const cf = cp(ctx, C_CF);
  const x = cp(ctx, C_XBLK);
  const vals = cp(ctx, C_NZ_VAL);
  const hBuf = cp(ctx, C_HBLK);
  const dPre = cp(ctx, C_PRE);
  const lossAcc = cp(ctx, C_LOSS_ACC);
  const dPreZ = cp(ctx, C_DPRE_Z);
  const lossZ = cp(ctx, C_LOSS_Z);
  const idx = perBatch ? cp(ctx, C_MASK_IDX) : cp(ctx, C_NZ_IDX);
  const route = cp(ctx, C_SETS);
  const words = cp(ctx, C_WORDS);
  const G4 = Fp >> 2;
  const rowF = <usize>Fp << 2;
  const rowM = <usize>Mp << 2;
  const wBytes = <usize>F * rowM;
  const rng = inst + I_RNG;
  const thr = inst + I_THR;
  const W1 = thr + rowF;
  const W2 = untied ? W1 + wBytes : W1;
  const b = W2 + wBytes;
  const G1 = G;
  const G2 = untied ? G + wBytes : G;
  const db = G2 + wBytes;
  const zero = f32x4.splat(0);
  const one = i32x4.splat(1);
  const four = i32x4.splat(4);
  const scale = f32x4.splat(<f32>(1.0 / 16777216.0));
  const l1v = f32x4.splat(l1);
  const negL1 = f32x4.splat(-l1);
  const minus2L1 = f32x4.splat(<f32>-2 * l1);
  let ra = v128.load(rng);
  let rb = v128.load(rng, 16);
  let rc = v128.load(rng, 32);
  let rd = v128.load(rng, 48);
  let lacc = v128.load(lossAcc);
  for (let e = 0; e < B; e++) {
    // data: mask draws (per_element), value draws (genMask, genMaskSets and genValues, inline)
    let K = maskK;
    if (!perBatch && route != 0) {
      v128.store(rng, ra);
      v128.store(rng, rb, 16);
      v128.store(rng, rc, 32);
      v128.store(rng, rd, 48);
      K = genMaskSets(rng, thr, G4, F, route, words, idx);
      ra = v128.load(rng);
      rb = v128.load(rng, 16);
      rc = v128.load(rng, 32);
      rd = v128.load(rng, 48);
    } else if (!perBatch) {
      let iv = i32x4(0, 1, 2, 3);
      K = 0;
      for (let q = 0; q < G4; q++) {
        const t = i32x4.add(i32x4.add(ra, rb), rd);
        rd = i32x4.add(rd, one);
        ra = v128.xor(rb, i32x4.shr_u(rb, 9));
        rb = i32x4.add(rc, i32x4.shl(rc, 3));
        rc = i32x4.add(v128.or(i32x4.shl(rc, 21), i32x4.shr_u(rc, 11)), t);
        const m = i32x4.bitmask(i32x4.lt_s(i32x4.shr_u(t, 8), v128.load(thr + (<usize>q << 4))));
        v128.store(idx + (<usize>K << 2), i8x16.swizzle(iv, v128.load(COMPACT + (<usize>m << 4))));
        K += popcnt<i32>(m);
        iv = i32x4.add(iv, four);
      }
    }
    for (let n = 0; n < K; n += 4) {
      const t = i32x4.add(i32x4.add(ra, rb), rd);
      rd = i32x4.add(rd, one);
      ra = v128.xor(rb, i32x4.shr_u(rb, 9));
      rb = i32x4.add(rc, i32x4.shl(rc, 3));
      rc = i32x4.add(v128.or(i32x4.shl(rc, 21), i32x4.shr_u(rc, 11)), t);
      v128.store(vals + (<usize>n << 2), f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(t, 8)), scale));
    }
    if (K == 0) {
      // an all-zero sample changes only db and the loss (see zeroSample)
      for (let q = 0; q < G4; q++) {
        const off = <usize>q << 4;
        v128.store(db + off, f32x4.add(v128.load(db + off), v128.load(dPreZ + off)));
        if (rec) lacc = f32x4.add(lacc, v128.load(lossZ + off));
      }
      continue;
    }
    if (signed) signList(vals, K);
    for (let n = 0; n < K; n++) {
      const off = <usize>n << 2;
      store<f32>(x + (<usize>load<i32>(idx + off) << 2), load<f32>(vals + off));
    }
    // a = Σ_{x_f ≠ 0} x_f W1[f], h = act_h(a)
    let h0 = zero;
    let h1 = zero;
    for (let n = 0; n < K; n++) {
      const s = v128.load32_splat(vals + (<usize>n << 2));
      const p = W1 + <usize>load<i32>(idx + (<usize>n << 2)) * rowM;
      h0 = f32x4.add(h0, f32x4.mul(s, v128.load(p)));
      if (V > 1) h1 = f32x4.add(h1, f32x4.mul(s, v128.load(p, 16)));
    }
    if (reluHidden) {
      h0 = v128.and(h0, f32x4.gt(h0, zero));
      if (V > 1) h1 = v128.and(h1, f32x4.gt(h1, zero));
    }
    v128.store(hBuf, h0);
    if (V > 1) v128.store(hBuf, h1, 16);
    // pre = b + Σ_k h_k Wk[k]; the elementwise stage against the target t (x or |x|)
    for (let q = 0; q < G4; q++) {
      const off = <usize>q << 4;
      let a = v128.load(b + off);
      let w = Wk + off;
      for (let k = 0; k < M; k++) {
        a = f32x4.add(a, f32x4.mul(v128.load32_splat(hBuf + (<usize>k << 2)), v128.load(w)));
        w += rowF;
      }
      const mask = v128.or(f32x4.gt(a, zero), linMask);
      const xv = v128.load(x + off);
      const diff = f32x4.sub(absTarget ? f32x4.abs(xv) : xv, v128.and(a, mask));
      const dOut = f32x4.mul(v128.load(cf + off), diff);
      const d = v128.and(dOut, mask);
      v128.store(dPre + off, d);
      v128.store(db + off, f32x4.add(v128.load(db + off), d));
      if (rec) lacc = f32x4.add(lacc, f32x4.mul(dOut, diff));
    }
    // the penalty's loss terms (l1LossTerms)
    if (rec && l1 != 0) {
      lacc = f32x4.add(lacc, f32x4.mul(f32x4.abs(h0), minus2L1));
      if (V > 1) lacc = f32x4.add(lacc, f32x4.mul(f32x4.abs(h1), minus2L1));
    }
    // dH = Σ_f dPre_f W2[f], then dA = (dH + λs·sign h)·act_h' (hiddenBack)
    let d0 = zero;
    let d1 = zero;
    for (let f = 0; f < F; f++) {
      const s = v128.load32_splat(dPre + (<usize>f << 2));
      const p = W2 + <usize>f * rowM;
      d0 = f32x4.add(d0, f32x4.mul(s, v128.load(p)));
      if (V > 1) d1 = f32x4.add(d1, f32x4.mul(s, v128.load(p, 16)));
    }
    const pos0 = f32x4.gt(h0, zero);
    const pos1 = f32x4.gt(h1, zero);
    if (l1 != 0) {
      d0 = f32x4.add(d0, v128.or(v128.and(pos0, l1v), v128.and(f32x4.lt(h0, zero), negL1)));
      if (V > 1) d1 = f32x4.add(d1, v128.or(v128.and(pos1, l1v), v128.and(f32x4.lt(h1, zero), negL1)));
    }
    if (reluHidden) {
      d0 = v128.and(d0, pos0);
      if (V > 1) d1 = v128.and(d1, pos1);
    }
    // dW2_f += dPre_f h (all f), then dW1_g += x_g dA (x_g ≠ 0)
    for (let f = 0; f < F; f++) {
      const s1 = v128.load32_splat(dPre + (<usize>f << 2));
      const g = G2 + <usize>f * rowM;
      v128.store(g, f32x4.add(v128.load(g), f32x4.mul(s1, h0)));
      if (V > 1) v128.store(g, f32x4.add(v128.load(g, 16), f32x4.mul(s1, h1)), 16);
    }
    for (let n = 0; n < K; n++) {
      const s2 = v128.load32_splat(vals + (<usize>n << 2));
      const g = G1 + <usize>load<i32>(idx + (<usize>n << 2)) * rowM;
      v128.store(g, f32x4.add(v128.load(g), f32x4.mul(s2, d0)));
      if (V > 1) v128.store(g, f32x4.add(v128.load(g, 16), f32x4.mul(s2, d1)), 16);
    }
    for (let n = 0; n < K; n++) store<f32>(x + (<usize>load<i32>(idx + (<usize>n << 2)) << 2), 0);
  }
  v128.store(rng, ra);
  v128.store(rng, rb, 16);
  v128.store(rng, rc, 32);
  v128.store(rng, rd, 48);
  v128.store(lossAcc, lacc);
}

function familySmall1(ctx: usize, inst: usize, maskK: i32): void { familySmallImpl(1, ctx, inst, false, maskK); }
function familySmall1Rec(ctx: usize, inst: usize, maskK: i32): void { familySmallImpl(1, ctx, inst, true, maskK); }
function familySmall2(ctx: usize, inst: usize, maskK: i32): void { familySmallImpl(2, ctx, inst, false, maskK); }
function familySmall2Rec(ctx: usize, inst: usize, maskK: i32): void { familySmallImpl(2, ctx, inst, true, maskK); }

/**
 * Steps of the family path (train's contract). Block: rng, t, thresholds, then P = [W1f | W2f | b] when
 * untied or [Wf | b] when tied (W1f, W2f laid out like Wf), m and v alike; Wk holds the decoder's
 * transpose. Order of operations, per step: samples in order; per sample the data as on the other paths
 * (signed values mapped before they are scattered into x), a = ((0 + x_{f0} W1[f0]) + x_{f1} W1[f1]) + …
 * over the kept features in increasing order, h = act_h(a); pre = ((b + h_0 Wk[0]) + h_1 Wk[1]) + …;
 * the elementwise stage as elemImpl with t in place of x (db and loss terms per feature lane), then the
 * penalty's loss terms per hidden lane; dH = Σ_f dPre_f W2[f] over every f in order, dA = (dH + λs·sign h)
 * · act_h'; then dW2_f += dPre_f·h for every f, then dW1_f += x_f·dA over the kept features (tied: both
 * into dW, in that order). The loss is −0.5·((l0 + l1) + (l2 + l3)); the optimizer runs over all of P.
 * Like the sparse path it leaves out exact zeros only, which changes no bit (see the header): the terms
 * of outputs with pre_f ≤ 0 under a ReLU output (walked as a list), and all of an all-zero sample's
 * terms but db's and the loss's.
 */
function trainFamily(ctx: usize, inst: usize, step0: i32, k: i32, lossOut: usize, gradOnly: bool): i32 {
  const F = ci(ctx, C_F);
  const M = ci(ctx, C_M);
  const Fp = ci(ctx, C_FP);
  const Mp = ci(ctx, C_MP);
  const B = ci(ctx, C_B);
  const reluOut = ci(ctx, C_RELU) != 0;
  const reluHidden = ci(ctx, C_HRELU) != 0;
  const untied = ci(ctx, C_UNTIED) != 0;
  const signed = ci(ctx, C_SIGNED) != 0;
  const absTarget = ci(ctx, C_ABS) != 0;
  const l1 = <f32>cf64(ctx, C_L1);
  const perBatch = ci(ctx, C_PER_BATCH) != 0;
  const steps = ci(ctx, C_STEPS);
  const logEvery = ci(ctx, C_LOG_EVERY);
  const Wk = cp(ctx, C_WK);
  const G = cp(ctx, C_G);
  const cf = cp(ctx, C_CF);
  const x = cp(ctx, C_XBLK); // row 0 of each per-sample block: one sample at a time
  const idxOwn = cp(ctx, C_NZ_IDX);
  const vals = cp(ctx, C_NZ_VAL);
  const h = cp(ctx, C_HBLK);
  const pre = cp(ctx, C_PRE);
  const dH = cp(ctx, C_DHBLK);
  const lossAcc = cp(ctx, C_LOSS_ACC);
  const maskIdx = cp(ctx, C_MASK_IDX);
  const actIdx = cp(ctx, C_ACT_IDX);
  const actVal = cp(ctx, C_ACT_VAL);
  const dPreZ = cp(ctx, C_DPRE_Z);
  const lossZ = cp(ctx, C_LOSS_Z);
  const t = absTarget ? cp(ctx, C_TROW) : x;
  const attacked = ci(ctx, C_ATTACK) != 0;
  const advD = cp(ctx, C_ADV_D);
  const advA = cp(ctx, C_ADV_A);
  const advE = cp(ctx, C_ADV_E);
  const eps = load<f32>(inst + I_EPS);
  const perExample = ci(ctx, C_ADV_REL) != 0;
  const attackSeed = load<u32>(inst + I_ATTACK_SEED);
  // C_SMALL (family.ts sets it only for at most 8 hidden units on clean inputs): familySmallImpl runs the batch
  const small = ci(ctx, C_SMALL) != 0;

  const G4 = Fp >> 2;
  const Vt = Mp >> 2;
  const wBytes = <usize>(F * Mp) << 2;
  const nP4 = ((untied ? 2 : 1) * F * Mp + Fp) >> 2;
  const rng = inst + I_RNG;
  const thr = inst + I_THR;
  const P = thr + (<usize>Fp << 2);
  const W1 = P;
  const W2 = untied ? P + wBytes : P;
  const b = W2 + wBytes;
  const G1 = G;
  const G2 = untied ? G + wBytes : G;
  const db = G2 + wBytes;
  let recorded = 0;

  for (let st = 0; st < k; st++) {
    const step = step0 + st;
    const rec = gradOnly || step % logEvery == 0 || step == steps - 1;
    zeroVec(G, nP4);
    v128.store(lossAcc, f32x4.splat(0));
    // an all-zero sample has a = h = 0 (act_h(0) = 0, sign 0 = 0), so pre = b and dA·x, dPre·h add
    // only zeros: it changes db and the loss alone, by the same terms every time in a step
    zeroSample(reluOut, b, cf, G4, dPreZ, lossZ);
    if (attacked) attackSetup(W1, Wk, advD, advA, advE, F, M, Fp, Vt);
    let maskK = 0;
    if (perBatch) maskK = drawMask(ctx, rng, thr, G4, maskIdx);
    if (small) {
      if (Vt == 1) rec ? familySmall1Rec(ctx, inst, maskK) : familySmall1(ctx, inst, maskK);
      else rec ? familySmall2Rec(ctx, inst, maskK) : familySmall2(ctx, inst, maskK);
    }
    const nB = small ? 0 : B;
    for (let e = 0; e < nB; e++) {
      const idx = perBatch ? maskIdx : idxOwn;
      const K = perBatch ? maskK : drawMask(ctx, rng, thr, G4, idxOwn);
      genValues(rng, K, idx, vals, x);
      // an attacked example is never all zero (x + ε·D_i), so it takes the full path below
      const hit = attacked ? attackedFeature(attackSeed, <u32>(step * B + e), F) : -1;
      if (K == 0 && !attacked) {
        addVec(db, dPreZ, G4);
        if (rec) addLossTerms(lossAcc, lossZ, G4);
        continue;
      }
      if (signed) {
        signList(vals, K);
        scatter(x, idx, vals, K);
      }
      if (absTarget) absRow(x, t, G4);
      accum(false, idx, vals, K, W1, Vt, h);
      // the attacked input's hidden pre-activation: (x + ε D_i)·W = x·W + ε A_i
      const epsE = attacked && perExample ? eps * norm2(vals, K) : eps;
      if (attacked) addScaled(h, advA + <usize>hit * (<usize>Vt << 4), epsE, Vt);
      if (reluHidden) reluVec(h, Vt);
      preAll(Wk, b, h, M, G4, pre);
      // a ReLU output also lists its active features (pre > 0), the only ones whose dPre can be non-zero
      let nAct = 0;
      if (reluOut) nAct = rec ? elemReluListRec(pre, t, cf, db, G4, lossAcc, actIdx, actVal) : elemReluList(pre, t, cf, db, G4, lossAcc, actIdx, actVal);
      else rec ? elemLinearRec(pre, t, cf, db, G4, lossAcc, 0, 0) : elemLinear(pre, t, cf, db, G4, lossAcc, 0, 0);
      if (rec && l1 != 0) l1LossTerms(lossAcc, h, Vt, <f32>-2 * l1);
      if (reluOut) accum(false, actIdx, actVal, nAct, W2, Vt, dH);
      else accum(true, 0, pre, F, W2, Vt, dH);
      hiddenBack(dH, h, Vt, reluHidden, l1);
      if (reluOut) rank1(false, actIdx, actVal, nAct, G2, Vt, h);
      else rank1(true, 0, pre, F, G2, Vt, h);
      rank1(false, idx, vals, K, G1, Vt, dH);
      // the encoder term of the attack, ε D_i ⊗ ∂L/∂a, summed per attacked feature and applied after the batch
      if (attacked) addScaled(advE + <usize>hit * (<usize>Vt << 4), dH, epsE, Vt);
      clearRow(x, idx, K);
    }
    // dW_j += Σ_i D_ij E_i: the attack's encoder terms of the whole batch, feature by feature in order
    if (attacked) for (let i = 0; i < F; i++) rank1(true, 0, advD + <usize>i * (<usize>Fp << 2), F, G1, Vt, advE + <usize>i * (<usize>Vt << 4));
    if (rec) {
      storeLoss(lossAcc, lossOut + (<usize>recorded << 2));
      recorded++;
    }
    if (gradOnly) break;
    optimize(ctx, inst, P, G, nP4);
    transposeW(W2, Wk, F, M, Mp, Fp);
  }
  return recorded;
}

/** A step's loss from the lane accumulator: −0.5·((l0 + l1) + (l2 + l3)), stored at `out` (both paths). */
function storeLoss(lossAcc: usize, out: usize): void {
  const l = v128.load(lossAcc);
  const sum = (f32x4.extract_lane(l, 0) + f32x4.extract_lane(l, 1)) + (f32x4.extract_lane(l, 2) + f32x4.extract_lane(l, 3));
  store<f32>(out, sum * <f32>-0.5);
}

// ---------------------------------------------------------------------------------------------------
// Exports

/** Start of free memory (after the static tables). */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * The data of `steps` steps of an instance's stream, [steps][B][F] into `out` (for tests: it must equal
 * data/synthetic.ts's fillBatch). Uses the nzIdx / nzVal / xblk scratch rows; advances the rng.
 */
export function sampleData(ctx: usize, inst: usize, steps: i32, out: usize): void {
  const F = ci(ctx, C_F);
  const Fp = ci(ctx, C_FP);
  const B = ci(ctx, C_B);
  const perBatch = ci(ctx, C_PER_BATCH) != 0;
  const x = cp(ctx, C_XBLK);
  const G4 = Fp >> 2;
  let idx = cp(ctx, C_NZ_IDX);
  const vals = cp(ctx, C_NZ_VAL);
  const rng = inst + I_RNG;
  const thr = inst + I_THR;
  let o = out;
  for (let st = 0; st < steps; st++) {
    let K = 0;
    if (perBatch) K = drawMask(ctx, rng, thr, G4, cp(ctx, C_MASK_IDX));
    for (let e = 0; e < B; e++) {
      if (perBatch) idx = cp(ctx, C_MASK_IDX);
      else K = drawMask(ctx, rng, thr, G4, idx);
      genValues(rng, K, idx, vals, x);
      memory.copy(o, x, <usize>F << 2);
      o += <usize>F << 2;
      clearRow(x, idx, K);
    }
  }
}

/** Rebuild Wk from the instance's Wf (call after loading an instance block). */
export function prepare(ctx: usize, inst: usize): void {
  const F = ci(ctx, C_F);
  const M = ci(ctx, C_M);
  const Fp = ci(ctx, C_FP);
  const Mp = ci(ctx, C_MP);
  const Wk = cp(ctx, C_WK);
  // Wk is the decoder's transpose: W, or on the family path's untied layout W2, which follows W1 in P
  let dec = inst + I_THR + (<usize>Fp << 2);
  if (ci(ctx, C_FAMILY) != 0 && ci(ctx, C_UNTIED) != 0) dec += <usize>(F * Mp) << 2;
  zeroVec(Wk, (M * Fp) >> 2);
  transposeW(dec, Wk, F, M, Mp, Fp);
}

/**
 * Run `k` training steps of one instance, steps step0 .. step0+k-1 of the run. The loss of each recorded
 * step (s % logEvery == 0 or the last step) is written to lossOut in order; returns how many. With
 * `gradOnly`, one step computes the loss and gradients (left in G) and applies no update.
 */
export function train(ctx: usize, inst: usize, step0: i32, k: i32, lossOut: usize, gradOnly: bool): i32 {
  // the model family's own path: one branch per call, so today's paths below are untouched
  if (ci(ctx, C_FAMILY) != 0) return trainFamily(ctx, inst, step0, k, lossOut, gradOnly);
  const F = ci(ctx, C_F);
  const M = ci(ctx, C_M);
  const Fp = ci(ctx, C_FP);
  const Mp = ci(ctx, C_MP);
  const B = ci(ctx, C_B);
  const S = ci(ctx, C_S);
  const relu = ci(ctx, C_RELU) != 0;
  const perBatch = ci(ctx, C_PER_BATCH) != 0;
  const dense = ci(ctx, C_DENSE) != 0;
  const steps = ci(ctx, C_STEPS);
  const logEvery = ci(ctx, C_LOG_EVERY);
  const Wk = cp(ctx, C_WK);
  const G = cp(ctx, C_G);
  const cf = cp(ctx, C_CF);
  const xblk = cp(ctx, C_XBLK);
  const nzIdx = cp(ctx, C_NZ_IDX);
  const nzVal = cp(ctx, C_NZ_VAL);
  const nzCnt = cp(ctx, C_NZ_CNT);
  const hblk = cp(ctx, C_HBLK);
  const preblk = cp(ctx, C_PRE);
  const actIdx = cp(ctx, C_ACT_IDX);
  const actVal = cp(ctx, C_ACT_VAL);
  const actCnt = cp(ctx, C_ACT_CNT);
  const dHblk = cp(ctx, C_DHBLK);
  const dPreZ = cp(ctx, C_DPRE_Z);
  const lossZ = cp(ctx, C_LOSS_Z);
  const lossAcc = cp(ctx, C_LOSS_ACC);
  const maskIdx = cp(ctx, C_MASK_IDX);

  const G4 = Fp >> 2; // feature vectors
  const Vt = Mp >> 2; // hidden vectors
  const rowF = <usize>Fp << 2; // bytes of a feature row
  const rowL = <usize>(Fp + 4) << 2; // bytes of a list row
  const rowM = <usize>Mp << 2; // bytes of a hidden row
  const nP4 = (F * Mp + Fp) >> 2;
  const rng = inst + I_RNG;
  const thr = inst + I_THR;
  const P = thr + rowF;
  const Wf = P;
  const b = P + (<usize>(F * Mp) << 2);
  const db = G + (<usize>(F * Mp) << 2);
  const sparse = !dense;
  const listAct = sparse && relu;
  const small = ci(ctx, C_SMALL) != 0;
  let recorded = 0;

  for (let st = 0; st < k; st++) {
    const step = step0 + st;
    const rec = gradOnly || step % logEvery == 0 || step == steps - 1;
    zeroVec(G, nP4);
    v128.store(lossAcc, f32x4.splat(0));
    // the all-zero sample (sparse and small paths): pre = b, x = 0; its dPre and loss terms, once per step
    if (sparse || small) zeroSample(relu, b, cf, G4, dPreZ, lossZ);
    let maskK = 0;
    if (perBatch) maskK = drawMask(ctx, rng, thr, G4, maskIdx);

    if (small && !tiny(ctx, inst, rec)) {
      if (Vt == 1) rec ? small1Rec(ctx, inst, maskK) : small1(ctx, inst, maskK);
      else rec ? small2Rec(ctx, inst, maskK) : small2(ctx, inst, maskK);
    }
    const nB = small ? 0 : B;
    for (let s0 = 0; s0 < nB; s0 += S) {
      const nS = min(S, B - s0);
      // 1. data
      for (let s = 0; s < nS; s++) {
        const x = xblk + <usize>s * rowF;
        const vals = nzVal + <usize>s * rowL;
        let idx = maskIdx;
        let K = maskK;
        if (!perBatch) {
          idx = nzIdx + <usize>s * rowL;
          K = drawMask(ctx, rng, thr, G4, idx);
        }
        genValues(rng, K, idx, vals, x);
        store<i32>(nzCnt + (<usize>s << 2), K);
      }
      // 2. h
      for (let s = 0; s < nS; s++) {
        const idx = perBatch ? maskIdx : nzIdx + <usize>s * rowL;
        const K = load<i32>(nzCnt + (<usize>s << 2));
        const h = hblk + <usize>s * rowM;
        if (dense) accum(true, idx, xblk + <usize>s * rowF, F, Wf, Vt, h);
        else if (K > 0) accum(false, idx, nzVal + <usize>s * rowL, K, Wf, Vt, h);
      }
      // 3. pre
      for (let s = 0; s < nS; s++) {
        if (sparse && load<i32>(nzCnt + (<usize>s << 2)) == 0) continue;
        preAll(Wk, b, hblk + <usize>s * rowM, M, G4, preblk + <usize>s * rowF);
      }
      // 4. elementwise
      for (let s = 0; s < nS; s++) {
        const K = load<i32>(nzCnt + (<usize>s << 2));
        if (sparse && K == 0) {
          addVec(db, dPreZ, G4);
          if (rec) addLossTerms(lossAcc, lossZ, G4);
          continue;
        }
        const p = preblk + <usize>s * rowF;
        const x = xblk + <usize>s * rowF;
        const ai = actIdx + <usize>s * rowL;
        const av = actVal + <usize>s * rowL;
        let nAct = F;
        if (listAct) nAct = rec ? elemReluListRec(p, x, cf, db, G4, lossAcc, ai, av) : elemReluList(p, x, cf, db, G4, lossAcc, ai, av);
        else if (relu) rec ? elemReluRec(p, x, cf, db, G4, lossAcc, ai, av) : elemRelu(p, x, cf, db, G4, lossAcc, ai, av);
        else rec ? elemLinearRec(p, x, cf, db, G4, lossAcc, ai, av) : elemLinear(p, x, cf, db, G4, lossAcc, ai, av);
        store<i32>(actCnt + (<usize>s << 2), nAct);
      }
      // 5. dH
      for (let s = 0; s < nS; s++) {
        if (sparse && load<i32>(nzCnt + (<usize>s << 2)) == 0) continue;
        const dH = dHblk + <usize>s * rowM;
        const nAct = load<i32>(actCnt + (<usize>s << 2));
        if (listAct) accum(false, actIdx + <usize>s * rowL, actVal + <usize>s * rowL, nAct, Wf, Vt, dH);
        else accum(true, actIdx, preblk + <usize>s * rowF, F, Wf, Vt, dH);
      }
      // 6. dW += dPre h + x dH, per sample in order
      for (let s = 0; s < nS; s++) {
        const K = load<i32>(nzCnt + (<usize>s << 2));
        if (sparse && K == 0) continue;
        const h = hblk + <usize>s * rowM;
        const dH = dHblk + <usize>s * rowM;
        const nAct = load<i32>(actCnt + (<usize>s << 2));
        if (listAct) rank1(false, actIdx + <usize>s * rowL, actVal + <usize>s * rowL, nAct, G, Vt, h);
        else rank1(true, actIdx, preblk + <usize>s * rowF, F, G, Vt, h);
        const idx = perBatch ? maskIdx : nzIdx + <usize>s * rowL;
        if (dense) rank1(true, idx, xblk + <usize>s * rowF, F, G, Vt, dH);
        else rank1(false, idx, nzVal + <usize>s * rowL, K, G, Vt, dH);
      }
      // 7. clear the data rows
      for (let s = 0; s < nS; s++) {
        const idx = perBatch ? maskIdx : nzIdx + <usize>s * rowL;
        clearRow(xblk + <usize>s * rowF, idx, load<i32>(nzCnt + (<usize>s << 2)));
      }
    }

    if (rec) {
      storeLoss(lossAcc, lossOut + (<usize>recorded << 2));
      recorded++;
    }
    if (gradOnly) break;
    optimize(ctx, inst, P, G, nP4);
    transposeW(Wf, Wk, F, M, Mp, Fp);
  }
  return recorded;
}
