// The model definitions of core/models/: what each file declares, its float64 reference against the
// existing, independently written reference of the tied model (test/model/reference.ts), the properties
// that tie the models to one another, and one case per model worked out by hand.
import { describe, expect, it } from 'vitest';
import type { ModelDefinition, ModelShape } from '../../../core/models/types.ts';
import { createPrng, type Prng } from '../../../data/prng.ts';
import { referenceLossAndGradients } from '../../model/reference.ts';
import { MODEL_EXPORTS } from './family.ts';

const MODELS = new Map(MODEL_EXPORTS.map(({ stem, exported }) => [stem, exported as ModelDefinition]));

function model(kind: string): ModelDefinition {
  const m = MODELS.get(kind);
  if (m === undefined) throw new Error(`no model ${kind} in core/models/`);
  return m;
}

const SHAPE: ModelShape = { features: 5, hidden: 3 };
const F = SHAPE.features;
const H = SHAPE.hidden;

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tol)) expect.fail(`${what}[${i}]: ${a}, expected ${e} (tolerance ${tol})`);
  }
}

/** Every parameter of a model, N(0, 0.8²) entries. */
function randomParams(m: ModelDefinition, rng: Prng): Record<string, Float64Array> {
  return Object.fromEntries(
    m.parameters.map((p) => [
      p.name,
      normals(
        rng,
        p.shape(SHAPE).reduce((a, b) => a * b, 1),
        0.8,
      ),
    ]),
  );
}

function normals(rng: Prng, n: number, scale: number): Float64Array {
  return Float64Array.from({ length: n }, () => scale * rng.normal());
}

/** x [F]: about a third of the features exactly 0, the rest U[0, 1) (or U[−1, 1) when signed). */
function inputs(rng: Prng, signed: boolean): Float64Array {
  return Float64Array.from({ length: F }, () => {
    if (rng.nextDouble() < 0.3) return 0;
    const u = rng.nextDouble();
    return signed ? 2 * u - 1 : u;
  });
}

function importance(rng: Prng): Float64Array {
  return Float64Array.from({ length: F }, () => 0.2 + rng.nextDouble());
}

describe('every file of core/models/', () => {
  it('default-exports a definition whose kind is its file stem', () => {
    expect(MODEL_EXPORTS.length).toBeGreaterThan(0);
    for (const { stem, exported } of MODEL_EXPORTS) {
      expect(exported, stem).toBeTypeOf('object');
      const m = exported as ModelDefinition;
      expect(m.kind).toBe(stem);
      expect(m.formula.length, stem).toBeGreaterThan(0);
      expect(m.formula, stem).not.toContain('\n');
      expect(['nonnegative', 'signed']).toContain(m.inputs);
      expect(['input', 'abs-input']).toContain(m.target);
      expect(['linear', 'relu']).toContain(m.hiddenActivation);
      for (const fn of [m.graph, m.forward, m.lossAndGradients]) expect(fn, stem).toBeTypeOf('function');
    }
  });

  it('declares parameters of the shapes its formula implies: every weight [F, H], every bias [F], each named in the formula', () => {
    for (const [stem, m] of MODELS) {
      const names = m.parameters.map((p) => p.name);
      expect(new Set(names).size, stem).toBe(names.length);
      for (const p of m.parameters) {
        expect(p.shape(SHAPE), `${stem} ${p.name}`).toEqual(p.role === 'weight' ? [F, H] : [F]);
        // the name as a whole token: W matches "Wᵀ" but not "W1"
        expect(m.formula, `${stem} ${p.name}`).toMatch(new RegExp(`(^|[^A-Za-z0-9_])${p.name}($|[^A-Za-z0-9_])`));
      }
    }
  });

  it('names the parameters the paper names', () => {
    const expected: Record<string, Record<string, number[]>> = {
      'relu-output': { W: [F, H], b: [F] },
      'linear-output': { W: [F, H], b: [F] },
      'relu-hidden': { W: [F, H], b: [F] },
      'untied-abs': { W1: [F, H], W2: [F, H], b: [F] },
    };
    for (const [kind, shapes] of Object.entries(expected)) {
      expect(Object.fromEntries(model(kind).parameters.map((p) => [p.name, p.shape(SHAPE)]))).toEqual(shapes);
    }
  });

  it('returns a gradient for every parameter, of its size, and a loss that is the one of its forward pass', () => {
    const rng = createPrng(11);
    for (const [stem, m] of MODELS) {
      for (const l1 of [0, 0.05]) {
        const params = Object.fromEntries(
          m.parameters.map((p) => [
            p.name,
            normals(
              rng,
              p.shape(SHAPE).reduce((a, b) => a * b, 1),
              p.role === 'weight' ? 0.8 : 0.3,
            ),
          ]),
        );
        const x = inputs(rng, m.inputs === 'signed');
        const imp = importance(rng);
        const { loss, gradients } = m.lossAndGradients(params, x, SHAPE, imp, { l1 });
        for (const p of m.parameters) expect(gradients[p.name]?.length, `${stem} ${p.name}`).toBe(params[p.name]!.length);
        expect(Object.keys(gradients).length).toBe(m.parameters.length);
        // Σ_f I_f (t_f − y_f)² + λ Σ_k |h_k| from forward, with the target the definition declares
        const { hidden, output } = m.forward(params, x, SHAPE);
        let expected = 0;
        for (let f = 0; f < F; f++) {
          const t = m.target === 'abs-input' ? Math.abs(x[f]!) : x[f]!;
          expected += imp[f]! * (t - output[f]!) ** 2;
        }
        for (const h of hidden) expected += l1 * Math.abs(h);
        expectClose([loss], [expected], 1e-12, `${stem} λ=${l1} loss`);
      }
    }
  });

  it('has hidden activations as hiddenActivation says: odd in x when linear, ReLU-shaped (≥ 0, off for x or −x) when rectified', () => {
    const rng = createPrng(12);
    for (const [stem, m] of MODELS) {
      const params = randomParams(m, rng);
      let signs = 0;
      for (let n = 0; n < 4; n++) {
        const x = inputs(rng, true);
        const hx = m.forward(params, x, SHAPE).hidden;
        const hm = m.forward(
          params,
          x.map((v) => -v),
          SHAPE,
        ).hidden;
        expect(hx.length, stem).toBe(H);
        for (let k = 0; k < H; k++) {
          if (m.hiddenActivation === 'linear') {
            expect(hx[k]! + hm[k]!, stem).toBeCloseTo(0, 12);
            if (hx[k]! < 0) signs++;
          } else {
            expect(Math.min(hx[k]!, hm[k]!), stem).toBe(0);
            expect(Math.max(hx[k]!, hm[k]!), stem).toBeGreaterThanOrEqual(0);
            if (hx[k]! > 0) signs++;
          }
        }
      }
      expect(signs, `${stem}: the check saw no negative (linear) or positive (relu) hidden activation`).toBeGreaterThan(0);
    }
  });

  it('computes what its layers declare: h = act_h(x·encoder), y = act_y(h·decoderᵀ + bias), the structure the fused kernel implements', () => {
    const rng = createPrng(13);
    const act = (kind: 'linear' | 'relu', v: number): number => (kind === 'relu' ? Math.max(0, v) : v);
    for (const [stem, m] of MODELS) {
      const { encoder, decoder, bias, output } = m.layers;
      const names = m.parameters.map((p) => p.name);
      expect(names, stem).toContain(encoder);
      expect(names, stem).toContain(decoder);
      expect(names, stem).toContain(bias);
      // every parameter is one of the three roles: nothing the structure leaves out
      expect(new Set([encoder, decoder, bias]), stem).toEqual(new Set(names));
      const params = randomParams(m, rng);
      const [We, Wd, b] = [params[encoder]!, params[decoder]!, params[bias]!];
      for (let n = 0; n < 4; n++) {
        const x = inputs(rng, m.inputs === 'signed');
        const h = Array.from({ length: H }, (_, k) =>
          act(
            m.hiddenActivation,
            x.reduce((s, xf, f) => s + xf * We[f * H + k]!, 0),
          ),
        );
        const y = Array.from({ length: F }, (_, f) => act(output, b[f]! + h.reduce((s, hk, k) => s + hk * Wd[f * H + k]!, 0)));
        const got = m.forward(params, x, SHAPE);
        expectClose(got.hidden, h, 1e-12, `${stem} hidden`);
        expectClose(got.output, y, 1e-12, `${stem} output`);
      }
    }
  });

  it('says which parameter is missing or of the wrong size', () => {
    const x = new Float64Array(F);
    for (const [stem, m] of MODELS) {
      const first = m.parameters[0]!;
      const params = Object.fromEntries(m.parameters.map((p) => [p.name, new Float64Array(p.shape(SHAPE).reduce((a, b) => a * b, 1))]));
      expect(() => m.forward({ ...params, [first.name]: new Float64Array(1) }, x, SHAPE), stem).toThrow(first.name);
      const { [first.name]: _dropped, ...rest } = params;
      expect(() => m.forward(rest, x, SHAPE), stem).toThrow(first.name);
      expect(() => m.forward(params, new Float64Array(F + 1), SHAPE), stem).toThrow(/x/);
    }
  });
});

describe('the tied models against test/model/reference.ts (the training engine tests’ oracle)', () => {
  it.each([
    ['relu-output', 'relu'],
    ['linear-output', 'linear'],
  ] as const)('%s equals referenceLossAndGradients (activation %s, one instance, batch 1, loss sum) at λ = 0', (kind, activation) => {
    const m = model(kind);
    const rng = createPrng(kind === 'relu-output' ? 21 : 22);
    let inactive = 0;
    for (let n = 0; n < 6; n++) {
      const W = normals(rng, F * H, 0.8);
      const b = normals(rng, F, 0.3);
      const x = inputs(rng, false);
      const imp = importance(rng);
      const ours = m.lossAndGradients({ W, b }, x, SHAPE, imp, { l1: 0 });
      const ref = referenceLossAndGradients({ features: F, hidden: H, instances: 1, activation, importance: imp, loss: 'sum' }, W, b, x);
      expectClose([ours.loss], ref.loss, 1e-12, `${kind} loss`);
      expectClose(ours.gradients.W!, ref.dW, 1e-12, `${kind} dW`);
      expectClose(ours.gradients.b!, ref.db, 1e-12, `${kind} db`);
      inactive += m.forward({ W, b }, x, SHAPE).output.filter((y) => y === 0).length;
    }
    // the ReLU model's points include outputs the ReLU cut off
    if (activation === 'relu') expect(inactive).toBeGreaterThan(0);
  });
});

describe('how the models relate', () => {
  it('untied-abs with W1 = W2 = W on inputs ≥ 0 is relu-hidden: same output and loss, and ∂L/∂W1 + ∂L/∂W2 = ∂L/∂W', () => {
    const untied = model('untied-abs');
    const tied = model('relu-hidden');
    const rng = createPrng(31);
    for (const l1 of [0, 0.05]) {
      for (let n = 0; n < 4; n++) {
        const W = normals(rng, F * H, 0.8);
        const b = normals(rng, F, 0.3);
        const x = inputs(rng, false); // signed inputs that happen to be all ≥ 0: |x| = x
        const imp = importance(rng);
        const u = untied.lossAndGradients({ W1: W, W2: W, b }, x, SHAPE, imp, { l1 });
        const t = tied.lossAndGradients({ W, b }, x, SHAPE, imp, { l1 });
        expectClose([u.loss], [t.loss], 1e-12, 'loss');
        expectClose(untied.forward({ W1: W, W2: W, b }, x, SHAPE).output, tied.forward({ W, b }, x, SHAPE).output, 1e-12, 'output');
        // the tied gradient's two terms are the untied model's two gradients
        const sum = u.gradients.W1!.map((g, i) => g + u.gradients.W2![i]!);
        expectClose(sum, t.gradients.W!, 1e-12, 'dW1 + dW2');
        expectClose(u.gradients.b!, t.gradients.b!, 1e-12, 'db');
      }
    }
  });

  it('relu-hidden with every hidden pre-activation > 0 is relu-output: same hidden, output, loss and gradients', () => {
    const hidden = model('relu-hidden');
    const output = model('relu-output');
    const rng = createPrng(32);
    for (const l1 of [0, 0.05]) {
      for (let n = 0; n < 4; n++) {
        // W > 0 and x ≥ 0 with one feature on: every a_k = Σ_f x_f W_fk > 0, so the hidden ReLU passes all
        const W = normals(rng, F * H, 0.8).map(Math.abs);
        const b = normals(rng, F, 0.3);
        const x = inputs(rng, false);
        x[n] = 0.5;
        const imp = importance(rng);
        const fh = hidden.forward({ W, b }, x, SHAPE);
        const fo = output.forward({ W, b }, x, SHAPE);
        expect(fh.hidden.every((h) => h > 0)).toBe(true);
        expectClose(fh.hidden, fo.hidden, 1e-12, 'hidden');
        expectClose(fh.output, fo.output, 1e-12, 'output');
        const gh = hidden.lossAndGradients({ W, b }, x, SHAPE, imp, { l1 });
        const go = output.lossAndGradients({ W, b }, x, SHAPE, imp, { l1 });
        expectClose([gh.loss], [go.loss], 1e-12, 'loss');
        expectClose(gh.gradients.W!, go.gradients.W!, 1e-12, 'dW');
        expectClose(gh.gradients.b!, go.gradients.b!, 1e-12, 'db');
      }
    }
  });
});

describe('one case worked by hand, F = 2, H = 1', () => {
  // Shared numbers: W = [0.5, −1]ᵀ (W_00 = 0.5, W_10 = −1), b = [0.1, −0.3], I = [1, 0.5], λ = 0.1.
  const shape: ModelShape = { features: 2, hidden: 1 };
  const W = [0.5, -1];
  const b = [0.1, -0.3];
  const imp = [1, 0.5];
  const l1 = 0.1;
  const near = (actual: number, expected: number): void => expect(actual).toBeCloseTo(expected, 12);

  it('relu-output', () => {
    // x = [0.6, 0.2]: h = 0.6·0.5 + 0.2·(−1) = 0.1
    // pre = [0.1 + 0.1·0.5, −0.3 + 0.1·(−1)] = [0.15, −0.4] → y = [0.15, 0] (the second output cut off)
    // L = 1·(0.6 − 0.15)² + 0.5·(0.2 − 0)² + 0.1·|0.1| = 0.2025 + 0.02 + 0.01 = 0.2325
    // ∂L/∂pre = [−2·1·0.45, 0 (ReLU off)] = [−0.9, 0];  ∂L/∂h = −0.9·0.5 + 0·(−1) + 0.1·sign(0.1) = −0.35
    // ∂L/∂W_00 = ∂L/∂pre_0·h (decoder) + x_0·∂L/∂h (encoder) = −0.9·0.1 + 0.6·(−0.35) = −0.09 − 0.21 = −0.3
    // ∂L/∂W_10 = 0·0.1 + 0.2·(−0.35) = −0.07 (only the encoder term: its output is off)
    const m = model('relu-output');
    const x = [0.6, 0.2];
    const f = m.forward({ W, b }, x, shape);
    near(f.hidden[0]!, 0.1);
    near(f.output[0]!, 0.15);
    expect(f.output[1]).toBe(0);
    const r = m.lossAndGradients({ W, b }, x, shape, imp, { l1 });
    near(r.loss, 0.2325);
    near(r.gradients.W![0]!, -0.3);
    near(r.gradients.W![1]!, -0.07);
    near(r.gradients.b![0]!, -0.9);
    near(r.gradients.b![1]!, 0); // (−0 here: a zero ReLU slope times a negative factor)
  });

  it('linear-output', () => {
    // x = [0.6, 0.2]: h = 0.1, y = pre = [0.15, −0.4] (nothing cut off)
    // L = 1·(0.45)² + 0.5·(0.2 + 0.4)² + 0.1·0.1 = 0.2025 + 0.18 + 0.01 = 0.3925
    // ∂L/∂y = [−2·1·0.45, −2·0.5·0.6] = [−0.9, −0.6];  ∂L/∂h = −0.9·0.5 + (−0.6)·(−1) + 0.1 = 0.25
    // ∂L/∂W_00 = −0.9·0.1 + 0.6·0.25 = 0.06;  ∂L/∂W_10 = −0.6·0.1 + 0.2·0.25 = −0.01
    const m = model('linear-output');
    const x = [0.6, 0.2];
    const f = m.forward({ W, b }, x, shape);
    near(f.output[0]!, 0.15);
    near(f.output[1]!, -0.4);
    const r = m.lossAndGradients({ W, b }, x, shape, imp, { l1 });
    near(r.loss, 0.3925);
    near(r.gradients.W![0]!, 0.06);
    near(r.gradients.W![1]!, -0.01);
    near(r.gradients.b![1]!, -0.6);
  });

  it('relu-hidden', () => {
    // x = [0.2, 0.6]: a = 0.2·0.5 + 0.6·(−1) = −0.5 → h = 0: the neuron is off, so y = ReLU(b) = [0.1, 0]
    // (relu-output at this x would give h = −0.5 and y = [ReLU(0.1 − 0.25), ReLU(−0.3 + 0.5)] = [0, 0.2])
    // L = 1·(0.2 − 0.1)² + 0.5·(0.6 − 0)² + 0.1·|0| = 0.01 + 0.18 = 0.19
    // ∂L/∂pre = [−2·1·0.1, 0 (ReLU off)] = [−0.2, 0] = ∂L/∂b
    // ∂L/∂W_00 = ∂L/∂pre_0·h + x_0·∂L/∂a = −0.2·0 + 0.2·0 = 0 (ReLU'(a) = 0 stops the encoder term)
    const m = model('relu-hidden');
    const x = [0.2, 0.6];
    const f = m.forward({ W, b }, x, shape);
    expect(f.hidden[0]).toBe(0);
    near(f.output[0]!, 0.1);
    expect(f.output[1]).toBe(0);
    near(model('relu-output').forward({ W, b }, x, shape).output[1]!, 0.2);
    const r = m.lossAndGradients({ W, b }, x, shape, imp, { l1 });
    near(r.loss, 0.19);
    near(r.gradients.b![0]!, -0.2);
    near(r.gradients.W![0]!, 0); // (−0 here: a zero ReLU slope times a negative factor)
    near(r.gradients.W![1]!, 0); // (−0 here: a zero ReLU slope times a negative factor)
  });

  it('untied-abs', () => {
    // W1 = [0.5, −1]ᵀ, W2 = [1, 2]ᵀ, b = [0.2, −0.3]; signed x = [0.6, −0.2], target |x| = [0.6, 0.2]
    // a = 0.6·0.5 + (−0.2)·(−1) = 0.5 → h = 0.5;  pre = [0.2 + 0.5·1, −0.3 + 0.5·2] = [0.7, 0.7] = y
    // L = 1·(0.6 − 0.7)² + 0.5·(0.2 − 0.7)² + 0.1·0.5 = 0.01 + 0.125 + 0.05 = 0.185
    // ∂L/∂pre = [−2·1·(−0.1), −2·0.5·(−0.5)] = [0.2, 0.5];  ∂L/∂h = 0.2·1 + 0.5·2 + 0.1 = 1.3 = ∂L/∂a
    // ∂L/∂W2_00 = ∂L/∂pre_0·h = 0.2·0.5 = 0.1;  ∂L/∂W1_10 = x_1·∂L/∂a = −0.2·1.3 = −0.26 (x keeps its sign)
    const m = model('untied-abs');
    const params = { W1: W, W2: [1, 2], b: [0.2, -0.3] };
    const x = [0.6, -0.2];
    const f = m.forward(params, x, shape);
    near(f.hidden[0]!, 0.5);
    near(f.output[0]!, 0.7);
    near(f.output[1]!, 0.7);
    const r = m.lossAndGradients(params, x, shape, imp, { l1 });
    near(r.loss, 0.185);
    near(r.gradients.W2![0]!, 0.1);
    near(r.gradients.W1![1]!, -0.26);
    near(r.gradients.W1![0]!, 0.78);
    near(r.gradients.b![1]!, 0.5);
  });
});
