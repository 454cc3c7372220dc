// Assertions and inputs shared by the trainer tests (tfjs and fused engines).

import { expect } from 'vitest';
import { createPrng } from '../../data/prng.ts';
import type { TrainingResult } from '../../core/types.ts';

/** n normal draws of standard deviation `std` from the project's seeded PRNG */
export function randn(n: number, std: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  createPrng(seed).fillNormal(out, 0, std);
  return out;
}

/** |got − want| ≤ rtol·|want| + atol·max|want| for every element */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  let maxAbs = 0;
  for (let k = 0; k < want.length; k++) maxAbs = Math.max(maxAbs, Math.abs(want[k] as number));
  let worst = 0;
  let worstAt = -1;
  for (let k = 0; k < want.length; k++) {
    const w = want[k] as number;
    const excess = Math.abs((got[k] as number) - w) - (rtol * Math.abs(w) + atol * maxAbs);
    if (excess > worst) {
      worst = excess;
      worstAt = k;
    }
  }
  expect(worstAt, `${what}: element ${worstAt} got ${got[worstAt]} want ${want[worstAt]}`).toBe(-1);
}

/** the bytes of a float array, for bit-identity checks */
export const bytes = (a: Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Instance i of a group trained together is bit-identical to the same instance trained alone. */
export function expectSameAsAlone(
  alone: TrainingResult,
  together: TrainingResult,
  i: number,
  shape: { I: number; F: number; H: number },
): void {
  const { I, F, H } = shape;
  expect(bytes(alone.W)).toEqual(bytes(together.W.slice(i * F * H, (i + 1) * F * H)));
  expect(bytes(alone.b)).toEqual(bytes(together.b.slice(i * F, (i + 1) * F)));
  expect(bytes(alone.lossCurve)).toEqual(bytes(together.lossCurve.filter((_, k) => k % I === i)));
}
