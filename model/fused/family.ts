// The fused engine for the whole model family of core/models/: `trainGraphGroupFused` trains a
// ModelTrainingGroup with the contract and the maths of model/graph-train.ts's `trainGraphGroup`, in the
// fused WebAssembly kernel (model/fused/assembly/index.ts).
//
// The kernel implements the family's shared two-layer structure as each definition declares it, never by
// its kind name: h = act_h(x·encoder), y = act_y(h·decoderᵀ + bias), tied when encoder = decoder, on
// non-negative or signed inputs, reconstructing x or |x|, with an optional L1 penalty λ‖h‖₁ and, for the
// tied output models, optional adversarial training (core/types.ts AdversarialTraining). Two routes:
//   - today's model (tied, linear hidden layer, non-negative inputs, target x, λ = 0, clean inputs:
//     relu-output and linear-output) goes to engine.ts's `trainGroupFused` unchanged, so its results and
//     its throughput stay exactly those of the tied paths (dense, sparse, small);
//   - everything else runs the kernel's family path (trainFamily: a dense per-sample path, and for at most
//     8 hidden units on clean inputs a small-model kernel that fuses a step's batch, bit-identical to it),
//     with the instance block P = [W1f | W2f | b] when untied and [Wf | b] when tied.
// Both share the data stream (data/synthetic.ts's fillBatch, bit for bit; signed inputs as data/signed.ts
// maps them), the optimizers, the chunk driver and the worker pool, so results are bit-identical for any
// thread count and chunk size.
//
//   trainGraphGroupFused(group, { threads?, onProgress?, path?, chunkSteps? }) → ModelTrainingResult
//   fusedUnsupported(model) → string | null
//   fusedGraphLossAndGradients(group)                                           (for tests)

import { createPrng, laneState } from '../../data/prng.ts';
import { keepThresholds } from '../../data/synthetic.ts';
import { trainsOnTiedPaths, type ModelDefinition } from '../../core/models/types.ts';
import { attackSeedHash } from '../../data/attack-stream.ts';
import {
  checkAttack,
  type ModelTrainingGroup,
  type ModelTrainingResult,
  type TrainingGroup,
  type TrainingProgress,
} from '../../core/types.ts';
import {
  KernelRunner,
  blockLayout,
  checkGroup,
  kernelConfig,
  resolveThreads,
  runInstances,
  trainGroupFused,
  type BlockLayout,
  type FusedPath,
  type KernelConfig,
} from './engine.ts';

const WHO = 'trainGraphGroupFused';

/** The parameter names the kernel reads from a supported definition. */
interface Structure {
  encoder: string;
  decoder: string;
  bias: string;
  tied: boolean;
}

/** A probe shape with F ≠ H, so a shape function that swaps or drops an axis shows up. */
const PROBE = { features: 7, hidden: 3 };

/**
 * One-line reason why the fused engine cannot train this model, or null when it can: the definition's
 * declared structure (layers, inputs, target, hidden activation) must be one the kernel implements, and
 * its parameters exactly the encoder and decoder [F, H] and the bias [F] that `layers` names.
 */
export function fusedUnsupported(model: ModelDefinition): string | null {
  const name = `model '${String(model.kind)}'`;
  const layers = model.layers as ModelDefinition['layers'] | undefined;
  if (layers === undefined || layers === null) return `${name} declares no layers {encoder, decoder, bias, output}`;
  const oneOf = (what: string, value: unknown, allowed: readonly string[]): string | null =>
    allowed.includes(value as string) ? null : `${name} has ${what} '${String(value)}' (the fused kernel implements ${allowed.join(', ')})`;
  const why =
    oneOf('output activation', layers.output, ['relu', 'linear']) ??
    oneOf('hidden activation', model.hiddenActivation, ['linear', 'relu']) ??
    oneOf('inputs', model.inputs, ['nonnegative', 'signed']) ??
    oneOf('target', model.target, ['input', 'abs-input']);
  if (why !== null) return why;
  const specs = new Map(model.parameters.map((p) => [p.name, p]));
  const expected: Array<[string, number[]]> = [
    [layers.encoder, [PROBE.features, PROBE.hidden]],
    [layers.decoder, [PROBE.features, PROBE.hidden]],
    [layers.bias, [PROBE.features]],
  ];
  for (const [param, shape] of expected) {
    const spec = specs.get(param);
    if (spec === undefined) return `${name}: layers name parameter '${String(param)}', which it does not define`;
    const got = spec.shape(PROBE);
    if (got.length !== shape.length || got.some((n, k) => n !== shape[k])) {
      return `${name}: parameter ${param} has shape [${got.join(', ')}] at F = 7, H = 3, expected [${shape.join(', ')}]`;
    }
  }
  if (layers.bias === layers.encoder || layers.bias === layers.decoder) return `${name}: the bias is also a weight matrix`;
  const known = new Set([layers.encoder, layers.decoder, layers.bias]);
  const extra = model.parameters.find((p) => !known.has(p.name));
  if (extra !== undefined) return `${name} has a parameter ${extra.name} outside its layers, which the fused kernel would not train`;
  return null;
}

function structureOf(model: ModelDefinition): Structure {
  const why = fusedUnsupported(model);
  if (why !== null) throw new Error(`${WHO}: ${why}`);
  const { encoder, decoder, bias } = model.layers;
  return { encoder, decoder, bias, tied: encoder === decoder };
}

/** The group as a TrainingGroup (W0 = encoder, b0 = bias, activation = the output's), for the shared checks and config. */
function asTrainingGroup(group: ModelTrainingGroup, s: Structure): TrainingGroup {
  const { model, options, params0, ...rest } = group;
  return {
    ...rest,
    activation: model.layers.output,
    W0: params0[s.encoder] ?? new Float32Array(0),
    b0: params0[s.bias] ?? new Float32Array(0),
  };
}

function checkParams(group: ModelTrainingGroup, s: Structure): void {
  const { instances: I, features: F, hidden: H } = group;
  for (const [name, size] of [
    [s.encoder, F * H],
    [s.decoder, F * H],
    [s.bias, F],
  ] as const) {
    const v = group.params0[name];
    if (v === undefined || v.length !== I * size) {
      throw new Error(`${WHO}: parameter ${name} needs I·${size === F ? 'F' : 'F·H'} = ${I * size} values, got ${v?.length ?? 'none'}`);
    }
  }
  const l1 = group.options.l1;
  if (typeof l1 !== 'number' || !Number.isFinite(l1) || l1 < 0) throw new Error(`${WHO}: l1 must be a finite number ≥ 0, got ${l1}`);
  checkAttack(group, WHO);
}

/** Hidden units the family's small-model kernel holds in registers (two f32x4 vectors). */
const FAMILY_SMALL_MAX_HIDDEN = 8;

/**
 * The kernel config of the family path: the shared config (cf, optimizer, stream) plus the structure.
 * `path`: 'small' runs a step's batch in the small-model kernel (hidden ≤ 8, clean inputs), 'dense' or
 * 'sparse' the per-sample path, 'auto' the small kernel wherever it applies; all give identical bytes.
 */
function familyConfig(group: ModelTrainingGroup, s: Structure, path: FusedPath): KernelConfig {
  const base = kernelConfig(asTrainingGroup(group, s), 'dense');
  const scale = group.loss === 'mean' ? 1 / (group.batch * group.features) : 1;
  const fits = group.hidden <= FAMILY_SMALL_MAX_HIDDEN && group.attack === undefined;
  if (path === 'small' && !fits) {
    throw new Error(
      `${WHO}: path 'small' needs hidden ≤ ${FAMILY_SMALL_MAX_HIDDEN} and no attack, got hidden ${group.hidden}${group.attack ? ' with an attack' : ''}`,
    );
  }
  return {
    ...base,
    dense: true,
    small: fits && (path === 'auto' || path === 'small'),
    family: {
      hiddenRelu: group.model.hiddenActivation === 'relu',
      untied: !s.tied,
      signed: group.model.inputs === 'signed',
      absTarget: group.model.target === 'abs-input',
      l1: group.options.l1 * scale,
      attack: group.attack !== undefined,
      attackPerExample: group.attack?.perExample === true,
    },
  };
}

/** Instance i's initial block: its stream's four lanes, t = 0, keep thresholds, P = [W1f | (W2f |) b], zero moments. */
function familyBlock(group: ModelTrainingGroup, s: Structure, L: BlockLayout, i: number): Uint8Array {
  const { features: F, hidden: H } = group;
  const bytes = new Uint8Array(L.bytes);
  const buf = bytes.buffer;
  new Int32Array(buf, 0, 16).set(laneState(createPrng(group.dataSeeds[i] as number)));
  new Int32Array(buf, L.thrOff, L.Fp).set(keepThresholds(group.density, i, F));
  if (group.attack !== undefined) {
    // the kernel's I_EPS and I_ATTACK_SEED, between the update count and the thresholds
    new Float32Array(buf, 68, 1)[0] = group.attack.epsilon[i] as number;
    new Uint32Array(buf, 72, 1)[0] = attackSeedHash(group.attack.seeds[i] as number);
  }
  const P = new Float32Array(buf, L.pOff, L.nP);
  const mats = s.tied ? [s.encoder] : [s.encoder, s.decoder];
  mats.forEach((name, n) => {
    const W = group.params0[name] as Float32Array;
    for (let f = 0; f < F; f++) for (let h = 0; h < H; h++) P[n * F * L.Mp + f * L.Mp + h] = W[(i * F + f) * H + h] as number;
  });
  const b = group.params0[s.bias] as Float32Array;
  for (let f = 0; f < F; f++) P[mats.length * F * L.Mp + f] = b[i * F + f] as number;
  return bytes;
}

/** Instance i's parameters (or gradients) by name out of a P-shaped buffer, into out[name] [I, ...shape]. */
function unpackFamily(
  P: Float32Array,
  group: ModelTrainingGroup,
  s: Structure,
  L: BlockLayout,
  i: number,
  out: Record<string, Float32Array>,
): void {
  const { instances: I, features: F, hidden: H } = group;
  const mats = s.tied ? [s.encoder] : [s.encoder, s.decoder];
  mats.forEach((name, n) => {
    const W = (out[name] ??= new Float32Array(I * F * H));
    for (let f = 0; f < F; f++) for (let h = 0; h < H; h++) W[(i * F + f) * H + h] = P[n * F * L.Mp + f * L.Mp + h] as number;
  });
  const b = (out[s.bias] ??= new Float32Array(I * F));
  for (let f = 0; f < F; f++) b[i * F + f] = P[mats.length * F * L.Mp + f] as number;
}

/** Checks the group and returns its structure and config (the family path's). */
function prepareFamily(group: ModelTrainingGroup, path: FusedPath): { s: Structure; cfg: KernelConfig; L: BlockLayout } {
  const s = structureOf(group.model);
  checkParams(group, s);
  checkGroup(asTrainingGroup(group, s), WHO);
  const cfg = familyConfig(group, s, path);
  return { s, cfg, L: blockLayout(group.features, group.hidden, !s.tied) };
}

/**
 * Train one group like model/graph-train.ts's `trainGraphGroup` (same model, loss, optimizers, data
 * stream, loss recording and progress calls) in the fused kernel. Today's model (tied, linear hidden
 * layer, non-negative inputs reconstructing themselves, no penalty) runs `trainGroupFused` as before;
 * every other supported model the kernel's family path. `path` chooses among the paths of either (all
 * give the same results): today's model's dense, sparse or small; the family's small-model kernel
 * ('small', and 'auto' where it applies) or its per-sample path ('dense', 'sparse').
 * Throws with fusedUnsupported's line for a structure the kernel does not implement.
 */
export async function trainGraphGroupFused(
  group: ModelTrainingGroup,
  options: { threads?: number; onProgress?: (p: TrainingProgress) => void; path?: FusedPath; chunkSteps?: number } = {},
): Promise<ModelTrainingResult> {
  const s = structureOf(group.model);
  if (trainsOnTiedPaths(group.model, group.options.l1, group.attack !== undefined)) {
    checkParams(group, s);
    const r = await trainGroupFused(asTrainingGroup(group, s), options);
    return { params: { [s.encoder]: r.W, [s.bias]: r.b }, lossSteps: r.lossSteps, lossCurve: r.lossCurve };
  }
  const path = options.path ?? 'auto';
  if (!['auto', 'dense', 'sparse', 'small'].includes(path))
    throw new Error(`${WHO}: unknown path '${String(path)}' (allowed: auto, dense, sparse, small)`);
  const { cfg, L } = prepareFamily(group, path);
  const I = group.instances;
  const blocks = Array.from({ length: I }, (_, i) => familyBlock(group, s, L, i));
  const { lossSteps, lossCurve } = await runInstances({
    cfg,
    blocks,
    density: group.density,
    threads: resolveThreads(options.threads, I, WHO),
    chunkSteps: options.chunkSteps,
    cuts: [],
    onProgress: options.onProgress,
    onChunkEnd: undefined,
    who: WHO,
  });
  const params: Record<string, Float32Array> = {};
  for (let i = 0; i < I; i++) {
    const block = blocks[i] as Uint8Array;
    unpackFamily(new Float32Array(block.buffer, block.byteOffset + L.pOff, L.nP), group, s, L, i, params);
  }
  return { params, lossSteps, lossCurve };
}

/**
 * Loss [I] and gradients by name ([I, ...shape]) of each instance's first batch (step 0 of its stream)
 * at params0, computed by the family path's training code without an update (for every supported model,
 * today's included, so the tests hold the family path itself to the float64 reference).
 */
export function fusedGraphLossAndGradients(
  group: ModelTrainingGroup,
  path: FusedPath = 'auto',
): { loss: Float32Array; gradients: Record<string, Float32Array> } {
  const { s, cfg, L } = prepareFamily(group, path);
  const I = group.instances;
  const runner = new KernelRunner();
  runner.configure(cfg);
  const loss = new Float32Array(I);
  const gradients: Record<string, Float32Array> = {};
  for (let i = 0; i < I; i++) {
    loss[i] = runner.run(i, familyBlock(group, s, L, i), 0, 1, true)[0] as number;
    unpackFamily(runner.gradients(), group, s, L, i, gradients);
  }
  return { loss, gradients };
}
