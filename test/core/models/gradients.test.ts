// Every model of core/models/ (found by reading the folder, so a new file is checked without being listed
// here) against two independent computations: its hand-written gradients against central finite
// differences of its own loss, and its element-by-element forward pass against its graph run through a
// small float64 implementation of TensorOps on nested arrays.
import { describe, expect, it } from 'vitest';
import type { ModelDefinition, ModelShape, TensorOps } from '../../../core/models/types.ts';
import { createPrng, type Prng } from '../../../data/prng.ts';
import { MODELS } from './family.ts';

const SHAPE: ModelShape = { features: 5, hidden: 3 };
const STEP = 1e-6;
/** No ReLU input and no nonzero h_k closer to 0 than this, so that a ±STEP perturbation never crosses a kink. */
const KINK_MARGIN = 1e-4;

// ---------------------------------------------------------------------------------------------------------
// TensorOps on nested arrays, float64. Numpy's rules on the leading axes: right-aligned, a size-1 axis (or a
// missing one) broadcasts. matMul works on the last two axes, add on the last one, relu on every element.

type Tensor = number | Tensor[];

function depth(t: Tensor): number {
  return typeof t === 'number' ? 0 : 1 + depth(t[0] ?? 0);
}

function asArray(t: Tensor): Tensor[] {
  if (typeof t === 'number') throw new Error('nested ops: expected an array, got a number');
  return t;
}

function asVector(t: Tensor): number[] {
  return asArray(t).map((v) => {
    if (typeof v !== 'number') throw new Error('nested ops: expected a vector');
    return v;
  });
}

/** f applied to the core blocks (the last coreA axes of a, coreB of b), broadcast over the leading axes. */
function broadcast(a: Tensor, b: Tensor, coreA: number, coreB: number, f: (a: Tensor, b: Tensor) => Tensor): Tensor {
  const leadA = depth(a) - coreA;
  const leadB = depth(b) - coreB;
  if (leadA < 0 || leadB < 0) throw new Error('nested ops: an operand has fewer axes than the operation needs');
  if (leadA === 0 && leadB === 0) return f(a, b);
  if (leadA > leadB) return asArray(a).map((ai) => broadcast(ai, b, coreA, coreB, f));
  if (leadB > leadA) return asArray(b).map((bi) => broadcast(a, bi, coreA, coreB, f));
  const A = asArray(a);
  const B = asArray(b);
  if (A.length !== B.length && A.length !== 1 && B.length !== 1) throw new Error(`nested ops: leading axes ${A.length} and ${B.length}`);
  const n = Math.max(A.length, B.length);
  return Array.from({ length: n }, (_, i) => broadcast(A[A.length === 1 ? 0 : i]!, B[B.length === 1 ? 0 : i]!, coreA, coreB, f));
}

function matMul2(a: Tensor, b: Tensor, transposeB: boolean): Tensor {
  const A = asArray(a).map(asVector);
  const B0 = asArray(b).map(asVector);
  const B = transposeB ? B0[0]!.map((_, j) => B0.map((row) => row[j]!)) : B0;
  const inner = B.length;
  const cols = B[0]!.length;
  return A.map((row) => {
    if (row.length !== inner) throw new Error(`nested ops: matMul of [.., ${row.length}] by [${inner}, ..]`);
    return Array.from({ length: cols }, (_, j) => {
      let s = 0;
      for (let k = 0; k < inner; k++) s += row[k]! * B[k]![j]!;
      return s;
    });
  });
}

function add1(a: Tensor, b: Tensor): Tensor {
  const u = asVector(a);
  const v = asVector(b);
  if (u.length !== v.length) throw new Error(`nested ops: add of [.., ${u.length}] and [.., ${v.length}]`);
  return u.map((x, i) => x + v[i]!);
}

function mapElements(t: Tensor, f: (v: number) => number): Tensor {
  return typeof t === 'number' ? f(t) : t.map((v) => mapElements(v, f));
}

/** The nested-array ops; every ReLU input is handed to `onRelu` (to find how close a point is to a kink). */
function nestedOps(onRelu: (v: number) => void = () => {}): TensorOps<Tensor> {
  return {
    matMul: (a, b, transposeB = false) => broadcast(a, b, 2, 2, (x, y) => matMul2(x, y, transposeB)),
    add: (a, b) => broadcast(a, b, 1, 1, add1),
    relu: (a) =>
      mapElements(a, (v) => {
        onRelu(v);
        return v > 0 ? v : 0;
      }),
  };
}

/** A flat row-major [rows, cols] array as nested rows. */
function rows(flat: ArrayLike<number>, r: number, c: number): number[][] {
  return Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, k) => flat[i * c + k]!));
}

/** A definition's parameters as nested arrays: a weight [F, H] as F rows, a bias [F] as a vector. */
function nestedParams(model: ModelDefinition, params: Record<string, Float64Array>): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const p of model.parameters) {
    const shape = p.shape(SHAPE);
    const values = params[p.name]!;
    out[p.name] = shape.length === 2 ? rows(values, shape[0]!, shape[1]!) : Array.from(values);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Random points.

interface Point {
  params: Record<string, Float64Array>;
  x: Float64Array;
  importance: Float64Array;
}

function drawPoint(rng: Prng, model: ModelDefinition): Point {
  const params: Record<string, Float64Array> = {};
  for (const p of model.parameters) {
    const size = p.shape(SHAPE).reduce((a, b) => a * b, 1);
    const scale = p.role === 'weight' ? 0.8 : 0.3;
    params[p.name] = Float64Array.from({ length: size }, () => scale * rng.normal());
  }
  // as the model's inputs say: U[0, 1) or U[−1, 1) when active; about a third of the features inactive
  // (exactly 0), and always at least one
  const x = Float64Array.from({ length: SHAPE.features }, () => {
    if (rng.nextDouble() < 0.3) return 0;
    const u = rng.nextDouble();
    return model.inputs === 'signed' ? 2 * u - 1 : u;
  });
  x[Math.floor(rng.nextDouble() * SHAPE.features)] = 0;
  const importance = Float64Array.from({ length: SHAPE.features }, () => 0.2 + rng.nextDouble());
  return { params, x, importance };
}

/** The ReLU inputs of one example (from the graph) and its hidden activations (from forward). */
function kinkValues(model: ModelDefinition, point: Point): { reluInputs: number[]; hidden: Float64Array } {
  const reluInputs: number[] = [];
  model.graph(
    nestedOps((v) => reluInputs.push(v)),
    nestedParams(model, point.params),
    [Array.from(point.x)],
  );
  return { reluInputs, hidden: model.forward(point.params, point.x, SHAPE).hidden };
}

function farFromKinks(model: ModelDefinition, point: Point): boolean {
  const { reluInputs, hidden } = kinkValues(model, point);
  // an h_k of exactly 0 behind a ReLU stays 0 under the perturbation (its input is far from 0)
  return reluInputs.every((v) => Math.abs(v) >= KINK_MARGIN) && hidden.every((h) => h === 0 || Math.abs(h) >= KINK_MARGIN);
}

/** A random point at least KINK_MARGIN from every kink (redrawn until it is). */
function drawSmoothPoint(rng: Prng, model: ModelDefinition): Point {
  for (let tries = 0; tries < 100; tries++) {
    const point = drawPoint(rng, model);
    if (farFromKinks(model, point)) return point;
  }
  throw new Error(`${model.kind}: no point away from the kinks in 100 draws`);
}

const POINTS_PER_L1 = 4;
const L1S = [0, 0.05];

describe.each(MODELS)('$stem', ({ stem, model }) => {
  it('has hand-written gradients that agree with central finite differences of its loss', () => {
    const rng = createPrng(0x7a11 + MODELS.findIndex((m) => m.stem === stem));
    let reluActive = 0;
    let reluInactive = 0;
    for (const l1 of L1S) {
      for (let n = 0; n < POINTS_PER_L1; n++) {
        const point = drawSmoothPoint(rng, model);
        for (const v of kinkValues(model, point).reluInputs) {
          if (v > 0) reluActive++;
          else reluInactive++;
        }
        const lossAt = (params: Record<string, Float64Array>): number =>
          model.lossAndGradients(params, point.x, SHAPE, point.importance, { l1 }).loss;
        const { gradients } = model.lossAndGradients(point.params, point.x, SHAPE, point.importance, { l1 });
        expect(Object.keys(gradients).sort()).toEqual(model.parameters.map((p) => p.name).sort());
        for (const p of model.parameters) {
          const analytic = gradients[p.name]!;
          const values = point.params[p.name]!;
          expect(analytic.length).toBe(values.length);
          for (let j = 0; j < values.length; j++) {
            const plus = { ...point.params, [p.name]: Float64Array.from(values) };
            const minus = { ...point.params, [p.name]: Float64Array.from(values) };
            plus[p.name]![j] = values[j]! + STEP;
            minus[p.name]![j] = values[j]! - STEP;
            const numeric = (lossAt(plus) - lossAt(minus)) / (2 * STEP);
            const g = analytic[j]!;
            const err = Math.abs(g - numeric);
            const ok = err <= 1e-8 || err <= 1e-6 * Math.abs(g);
            if (!ok) expect.fail(`${stem} λ=${l1} point ${n}: ∂L/∂${p.name}[${j}] = ${g} by hand, ${numeric} by finite differences`);
          }
        }
      }
    }
    // the points exercise both sides of the model's ReLUs (active and cut off)
    if (reluActive + reluInactive > 0) {
      expect(reluActive).toBeGreaterThan(0);
      expect(reluInactive).toBeGreaterThan(0);
    }
  });

  it('computes in forward what its graph computes, broadcast over examples and instances', () => {
    const rng = createPrng(0xf0d + MODELS.findIndex((m) => m.stem === stem));
    const close = (a: number, b: number): void => {
      if (Math.abs(a - b) > 1e-12) expect.fail(`${stem}: forward ${a}, graph ${b}`);
    };
    const expectRow = (graphRow: Tensor, reference: Float64Array): void => {
      const row = asVector(graphRow);
      expect(row.length).toBe(reference.length);
      row.forEach((v, i) => close(reference[i]!, v));
    };
    // one instance: parameters as the definition lays them out ([F, H] and [F]), a batch x [B, F]
    const point = drawPoint(rng, model);
    const batch = [point.x, ...Array.from({ length: 3 }, () => drawPoint(rng, model).x)];
    const single = model.graph(
      nestedOps(),
      nestedParams(model, point.params),
      batch.map((x) => Array.from(x)),
    );
    batch.forEach((x, e) => {
      const ref = model.forward(point.params, x, SHAPE);
      expectRow(asArray(single.hidden)[e]!, ref.hidden);
      expectRow(asArray(single.output)[e]!, ref.output);
    });
    // two instances side by side, as the graph trainer runs them: weights [I, F, H], biases [I, 1, F], x [I, B, F]
    const instances = [drawPoint(rng, model), drawPoint(rng, model)];
    const stacked: Record<string, Tensor> = {};
    for (const p of model.parameters) {
      stacked[p.name] = instances.map((pt) => {
        const nested = nestedParams(model, pt.params)[p.name]!;
        return p.shape(SHAPE).length === 1 ? [nested] : nested;
      });
    }
    const xs = instances.map(() => Array.from({ length: 3 }, () => drawPoint(rng, model).x));
    const both = model.graph(
      nestedOps(),
      stacked,
      xs.map((b) => b.map((x) => Array.from(x))),
    );
    instances.forEach((pt, i) => {
      xs[i]!.forEach((x, e) => {
        const ref = model.forward(pt.params, x, SHAPE);
        expectRow(asArray(asArray(both.hidden)[i]!)[e]!, ref.hidden);
        expectRow(asArray(asArray(both.output)[i]!)[e]!, ref.output);
      });
    });
  });
});

it('finds the models in core/models/', () => {
  expect(MODELS.length).toBeGreaterThan(0);
});
