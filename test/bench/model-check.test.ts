// The model check that the references must pass before their timings count (bench/model-check.ts): its
// expected answers against losses and gradients worked out by hand, and that it catches a wrong answer.

import { describe, expect, it } from 'vitest';
import {
  checkModels,
  evalCase,
  evalError,
  expectedEval,
  MODEL_CHECK_TOLERANCE,
  type EvalCase,
  type EvalLine,
} from '../../bench/model-check.ts';

describe('expected answers (core/models/, float64)', () => {
  it('relu-output: one example, worked by hand', () => {
    // n = 2, m = 1: h = x·W = 0.5·1 + 0.25·2 = 1; pre = h·W + b = [1, 1]; y = [1, 1]
    // loss = 1·(0.5 − 1)² + 0.5·(0.25 − 1)² = 0.53125, mean over B·F = 2 → 0.265625
    // dPre = −2 I (x − y) = [1, 0.75]; dW_f = dPre_f h + x_f Σ_g dPre_g W_g = [1 + 0.5·2.5, 0.75 + 0.25·2.5], halved
    const c: EvalCase = {
      model: 'relu-output',
      n: 2,
      m: 1,
      instances: 1,
      params: { W: [1, 2], b: [0, -1] },
      x: [0.5, 0.25],
      importance: [1, 0.5],
    };
    const e = expectedEval(c);
    expect(e.loss[0]).toBeCloseTo(0.265625, 14);
    expect(e.gradients['W']![0]).toBeCloseTo(1.125, 14);
    expect(e.gradients['W']![1]).toBeCloseTo(0.6875, 14);
    expect(e.gradients['b']).toEqual([0.5, 0.375]);
  });

  it('untied-abs: one signed example, worked by hand (the target is |x|)', () => {
    // n = 1, m = 2, x = −0.5: a = x·W1 = [−0.5, 0.5], h = [0, 0.5]; pre = h·W2 = 1 = y; t = 0.5 → loss 0.25
    // dPre = −2 (0.5 − 1) = 1 = db; dW2 = dPre·h = [0, 0.5]; dA = dPre·W2 ⊙ [a > 0] = [0, 2]; dW1 = x·dA = [0, −1]
    const c: EvalCase = {
      model: 'untied-abs',
      n: 1,
      m: 2,
      instances: 1,
      params: { W1: [1, -1], W2: [1, 2], b: [0] },
      x: [-0.5],
      importance: [1],
    };
    const e = expectedEval(c);
    expect(e.loss).toEqual([0.25]);
    expect(e.gradients).toEqual({ W1: [0, -1], W2: [0, 0.5], b: [1] });
  });

  it('averages over the batch per instance, instances apart', () => {
    // relu-hidden, two instances of eight examples: instance 0 alone gets the answer it gets beside instance 1
    const c = evalCase('relu-hidden');
    const e = expectedEval(c);
    expect(e.loss).toHaveLength(2);
    const first = expectedEval({
      ...c,
      instances: 1,
      params: { W: c.params['W']!.slice(0, 18), b: c.params['b']!.slice(0, 6) },
      x: c.x.slice(0, 48),
    });
    expect(first.loss[0]).toBeCloseTo(e.loss[0]!, 14);
    expect(first.gradients['W']).toEqual(e.gradients['W']!.slice(0, 18));
  });
});

describe('check batches', () => {
  it('are deterministic, with the parameters of each definition and its kind of inputs', () => {
    expect(evalCase('untied-abs')).toEqual(evalCase('untied-abs'));
    expect(Object.keys(evalCase('untied-abs').params).sort()).toEqual(['W1', 'W2', 'b']);
    expect(Object.keys(evalCase('relu-hidden').params).sort()).toEqual(['W', 'b']);
    const signed = evalCase('untied-abs').x;
    const plain = evalCase('relu-output').x;
    expect(signed.some((v) => v < 0)).toBe(true);
    expect(plain.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(plain.some((v) => v === 0)).toBe(true); // sparse
  });
});

describe('the verdict', () => {
  const cases = (['relu-output', 'relu-hidden', 'untied-abs'] as const).map(evalCase);
  const answers = cases.map(expectedEval);

  it('passes answers equal up to summation order, matched by model whatever their order', () => {
    const jittered: EvalLine[] = answers.map((a) => ({ ...a, loss: a.loss.map((v) => v * (1 + 1e-14)) })).reverse();
    const verdict = checkModels(cases, jittered);
    expect([...verdict.keys()]).toEqual(['relu-output', 'relu-hidden', 'untied-abs']);
    for (const v of verdict.values()) expect(v.ok).toBe(true);
  });

  it('fails a wrong model, a missing gradient and a missing answer', () => {
    // untied-abs trained toward x instead of |x|: a different loss
    const wrongTarget = expectedEval({ ...cases[2]!, x: cases[2]!.x.map((v) => Math.abs(v)) });
    const lines = [answers[0]!, { ...answers[1]!, gradients: { b: answers[1]!.gradients['b']! } }, wrongTarget];
    const verdict = checkModels(cases, lines);
    expect(verdict.get('relu-output')).toEqual({ error: 0, ok: true });
    expect(verdict.get('relu-hidden')).toEqual({ error: Infinity, ok: false });
    expect(verdict.get('untied-abs')!.ok).toBe(false);
    expect(verdict.get('untied-abs')!.error).toBeGreaterThan(1e-3);
    expect(checkModels(cases, []).get('relu-output')).toEqual({ error: Infinity, ok: false });
    // one gradient entry off by a part in a million of the largest: caught
    const W = [...answers[0]!.gradients['W']!];
    W[3]! += 1e-6 * Math.max(...W.map(Math.abs));
    expect(evalError(answers[0]!, { ...answers[0]!, gradients: { ...answers[0]!.gradients, W } })).toBeGreaterThan(MODEL_CHECK_TOLERANCE);
  });
});
