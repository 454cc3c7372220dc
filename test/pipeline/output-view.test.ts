import { describe, expect, it } from 'vitest';
import { binarySummary, isBinary } from '../../pipeline/output-view.ts';

describe('isBinary', () => {
  it('takes UTF-8 text (also multi-byte) as text, and a NUL byte or an invalid sequence as binary', () => {
    expect(isBinary(new TextEncoder().encode('{"D*": 0.5, "note": "1 − S ≈ ½"}\n'))).toBe(false);
    expect(isBinary(new Uint8Array([0x61, 0x00, 0x62]))).toBe(true);
    // 0xff never occurs in UTF-8; 0xe2 0x88 starts a three-byte sequence that ends too early
    expect(isBinary(new Uint8Array([0x61, 0xff]))).toBe(true);
    expect(isBinary(new Uint8Array([0xe2, 0x88]))).toBe(true);
    // float32 1.0 is 00 00 80 3f
    expect(isBinary(new Uint8Array(new Float32Array([1]).buffer))).toBe(true);
  });
});

describe('binarySummary', () => {
  it('names the file, its size and digest, adds the project’s description and says how to get the bytes', () => {
    const text = binarySummary('x.f32', new Uint8Array(12), 'abc123', 'float32 little-endian, 3 values');
    expect(text.split('\n')).toEqual([
      'x.f32: binary, 12 bytes, sha256 abc123',
      'float32 little-endian, 3 values',
      '(the bytes themselves: add --raw, or redirect the output to a file)',
    ]);
    expect(binarySummary('y.bin', new Uint8Array(2), 'd', undefined).split('\n')).toHaveLength(2);
  });
});
