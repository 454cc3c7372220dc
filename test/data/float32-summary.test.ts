import { describe, expect, it } from 'vitest';
import { summarizeFloat32 } from '../../data/float32-summary.ts';

const bytesOf = (values: number[]): Uint8Array => new Uint8Array(new Float32Array(values).buffer);

describe('summarizeFloat32', () => {
  it('gives count, range, mean, share of zeros and the first values, read little-endian', () => {
    // mean of 0, 1.5, −2, 0.25 = −0.25 / 4 = −0.0625; one exact zero of four
    expect(summarizeFloat32(bytesOf([0, 1.5, -2, 0.25]), 3).split('\n')).toEqual([
      'float32 little-endian, 4 values: min -2, max 1.5, mean -0.0625, 25 % exact zeros',
      'first 3: 0, 1.5, -2, …',
    ]);
  });

  it('counts values that are not finite apart and leaves them out of the statistics', () => {
    expect(summarizeFloat32(bytesOf([1, Number.NaN, 3, Number.POSITIVE_INFINITY]))).toContain(
      'min 1, max 3, mean 2, 0 % exact zeros, 2 not finite',
    );
    expect(summarizeFloat32(bytesOf([Number.NaN]))).toContain('1 values: no finite value, 1 not finite');
  });

  it('says so when the length is not a whole number of float32 values', () => {
    expect(summarizeFloat32(new Uint8Array(6))).toBe('not a float32 array: 6 bytes is not a multiple of 4');
  });
});
