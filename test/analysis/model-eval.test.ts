// The held-out loss through a model's definition (analysis/model-eval.ts): a case worked by hand, the signed
// inputs of the |x| model, and agreement with the tied model's own evaluator (metrics.ts evalLoss), which
// the analysis keeps for the paper's first two models.
import { describe, expect, it } from 'vitest';
import { evalLoss, toRows } from '../../analysis/metrics.ts';
import { modelEvalLoss, modelInputs } from '../../analysis/model-eval.ts';
import { createPrng } from '../../data/prng.ts';
import { MODEL_CATALOG } from '../core/models/family.ts';

const model = (kind: string) => MODEL_CATALOG.get(kind)!;

describe('modelEvalLoss', () => {
  it('is the mean over samples and features of I_f (t_f − y_f)²: a 2 → 1 case by hand', () => {
    // W = [1, −1], b = [0, 0.5]; x = (1, 0): h = 1, y = ReLU(1, −1 + 0.5) = (1, 0): errors 0, 0;
    // x = (0, 1): h = −1, y = ReLU(−1, 1.5) = (0, 1.5): errors 0, 0.25 (importance 2 → 0.5). Mean over 4: 0.125
    const x = new Float32Array([1, 0, 0, 1]);
    const loss = modelEvalLoss(model('relu-output'), { W: [1, -1], b: [0, 0.5] }, x, [1, 2], { features: 2, hidden: 1 });
    expect(loss).toBeCloseTo(0.125, 12);
  });

  it('maps held-out samples to signed inputs only for a model on signed inputs', () => {
    const x = new Float32Array([0.25, 0, 0.75]);
    expect(Array.from(modelInputs(model('untied-abs'), x))).toEqual([-0.5, 0, 0.5]);
    expect(Array.from(modelInputs(model('relu-hidden'), x))).toEqual([0.25, 0, 0.75]);
    expect(Array.from(x)).toEqual([0.25, 0, 0.75]); // a copy: the shared samples stay as they are
  });

  it("agrees with the tied model's own evaluator for relu-output and linear-output", () => {
    const rng = createPrng(5);
    const shape = { features: 6, hidden: 3 };
    const W = Array.from({ length: 18 }, () => 0.7 * rng.normal());
    const b = Array.from({ length: 6 }, () => 0.2 * rng.normal());
    const importance = Array.from({ length: 6 }, (_, f) => 0.9 ** f);
    const x = Float32Array.from({ length: 6 * 50 }, () => (rng.nextDouble() < 0.4 ? rng.nextDouble() : 0));
    for (const [kind, activation] of [
      ['relu-output', 'relu'],
      ['linear-output', 'linear'],
    ] as const) {
      const viaDefinition = modelEvalLoss(model(kind), { W, b }, x, importance, shape);
      expect(viaDefinition).toBeGreaterThan(0);
      expect(Math.abs(viaDefinition - evalLoss(toRows(W, 6, 3), b, x, importance, activation))).toBeLessThan(1e-12 * viaDefinition);
    }
  });
});
