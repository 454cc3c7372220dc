// Do the references train the same models as the engines? Before its timings count, each reference
// script evaluates a few small batches (`--eval`, one per model it times): each instance's loss (mean over
// batch and features of I_f (t_f − y_f)², t = x or |x|) and its gradients, in float64, by the same forward
// pass it trains with. The bench holds them to core/models/'s float64 reference (the oracle every engine's
// tests use): a reference whose model disagrees has its rows of that model dropped, loudly.

import { createPrng, deriveSeed } from '../data/prng.ts';
import { MODEL_DEFINITIONS, BENCH_SEED, type BenchModel } from './workloads.ts';

/** One batch of one model, as the scripts' --eval reads it. */
export interface EvalCase {
  model: BenchModel;
  n: number;
  m: number;
  instances: number;
  /** every parameter by name, flat [I, ...its shape] */
  params: Record<string, number[]>;
  /** flat [I, B, n] */
  x: number[];
  importance: number[];
}

/** What a script prints for a case. */
export interface EvalLine {
  kind: 'eval';
  model: string;
  /** [I] */
  loss: number[];
  /** by parameter name, flat [I, ...] */
  gradients: Record<string, number[]>;
}

/** float64 against float64: only the order of summation differs. */
export const MODEL_CHECK_TOLERANCE = 1e-9;

const CASE_SHAPE = { n: 6, m: 3, instances: 2, batch: 8, density: 0.6 };

/**
 * A small deterministic batch of `model`: F = 6 features into H = 3, two instances of eight examples,
 * weights N(0, 0.5²), biases N(0, 0.1²), inputs active with probability 0.6 (signed for signed models).
 */
export function evalCase(model: BenchModel): EvalCase {
  const def = MODEL_DEFINITIONS[model];
  const { n, m, instances: I, batch: B, density } = CASE_SHAPE;
  const prng = createPrng(deriveSeed(BENCH_SEED, 'bench', 'model-check', model));
  const params: Record<string, number[]> = {};
  for (const p of def.parameters) {
    const size = I * p.shape({ features: n, hidden: m }).reduce((a, b) => a * b, 1);
    const std = p.role === 'weight' ? 0.5 : 0.1;
    params[p.name] = Array.from({ length: size }, () => std * prng.normal());
  }
  const x = Array.from({ length: I * B * n }, () => {
    const u = prng.nextDouble();
    const active = prng.nextDouble() < density;
    if (!active) return 0;
    return def.inputs === 'signed' ? 2 * u - 1 : u;
  });
  const importance = Array.from({ length: n }, (_, f) => 0.9 ** f);
  return { model, n, m, instances: I, params, x, importance };
}

/** core/models/'s float64 answer for a case: per instance, the mean over batch and features of the loss, and its gradients. */
export function expectedEval(c: EvalCase): EvalLine {
  const def = MODEL_DEFINITIONS[c.model];
  const shape = { features: c.n, hidden: c.m };
  const B = c.x.length / (c.instances * c.n);
  const scale = 1 / (B * c.n);
  const loss: number[] = [];
  const gradients: Record<string, number[]> = {};
  for (const p of def.parameters) gradients[p.name] = new Array<number>(c.params[p.name]?.length ?? 0).fill(0);
  for (let i = 0; i < c.instances; i++) {
    const params = Object.fromEntries(
      def.parameters.map((p) => {
        const all = c.params[p.name] as number[];
        const size = all.length / c.instances;
        return [p.name, all.slice(i * size, (i + 1) * size)];
      }),
    );
    let total = 0;
    for (let e = 0; e < B; e++) {
      const x = c.x.slice((i * B + e) * c.n, (i * B + e + 1) * c.n);
      const r = def.lossAndGradients(params, x, shape, c.importance, { l1: 0 });
      total += r.loss;
      for (const [name, g] of Object.entries(r.gradients)) {
        const out = gradients[name] as number[];
        const size = g.length;
        for (let k = 0; k < size; k++) out[i * size + k] = (out[i * size + k] as number) + scale * (g[k] as number);
      }
    }
    loss.push(scale * total);
  }
  return { kind: 'eval', model: c.model, loss, gradients };
}

/**
 * The largest error of a script's answer against core/models/'s, relative to the largest magnitude of
 * each quantity (the loss, each gradient); Infinity when a quantity is missing or has the wrong length.
 */
export function evalError(expected: EvalLine, got: EvalLine | undefined): number {
  if (got === undefined) return Infinity;
  const pairs: Array<[number[], number[] | undefined]> = [[expected.loss, got.loss]];
  for (const [name, g] of Object.entries(expected.gradients)) pairs.push([g, got.gradients?.[name]]);
  let worst = 0;
  for (const [want, have] of pairs) {
    if (have === undefined || have.length !== want.length) return Infinity;
    const scale = Math.max(...want.map(Math.abs)) || 1;
    for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs((have[k] as number) - (want[k] as number)) / scale);
  }
  return Number.isNaN(worst) ? Infinity : worst;
}

/** Per model: the error of a script's answers (their order is the cases'), and whether it is within tolerance. */
export function checkModels(cases: readonly EvalCase[], lines: readonly EvalLine[]): Map<BenchModel, { error: number; ok: boolean }> {
  const out = new Map<BenchModel, { error: number; ok: boolean }>();
  cases.forEach((c) => {
    const error = evalError(
      expectedEval(c),
      lines.find((l) => l.model === c.model),
    );
    out.set(c.model, { error, ok: error <= MODEL_CHECK_TOLERANCE });
  });
  return out;
}
