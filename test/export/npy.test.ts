// The .npy encoder against the format's specification (numpy.lib.format, version 1.0), byte by byte.

import { describe, expect, it } from 'vitest';
import { encodeNpy, float32Array, float32Stream, int32Array, npyHeader, npySize, unicodeScalar } from '../../export/npy.ts';

const ascii = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

describe('.npy version 1.0', () => {
  it('writes the magic, the version, the header length and the dict, padded so that the data start at a multiple of 64', () => {
    const bytes = encodeNpy(float32Array([2, 3], new Float32Array([1.5, -2, 0, 0.25, 3, 1e-3])));
    // the spec: "\x93NUMPY", major 1, minor 0, header length as little-endian uint16, then the header text
    expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00]);
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"; // 59 characters
    // 10 + 59 + '\n' = 70 bytes, rounded up to 128: 58 spaces of padding before the newline
    const headerLength = 128 - 10;
    expect([bytes[8], bytes[9]]).toEqual([headerLength & 0xff, headerLength >> 8]);
    expect(ascii(bytes.subarray(10, 128))).toBe(`${dict}${' '.repeat(58)}\n`);
    expect(bytes.length).toBe(128 + 6 * 4);
    // the data, C order, little-endian: 1.5 = 0x3fc00000, -2 = 0xc0000000
    expect([...bytes.subarray(128, 136)]).toEqual([0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0]);
    const data = new DataView(bytes.buffer, bytes.byteOffset + 128);
    expect([0, 1, 2, 3, 4, 5].map((k) => data.getFloat32(4 * k, true))).toEqual([1.5, -2, 0, 0.25, 3, Math.fround(1e-3)]);
  });

  it("writes Python's tuple syntax for every rank: (), (n,), (a, b, …)", () => {
    const text = (shape: number[]): string => ascii(npyHeader('<i4', shape).subarray(10)).trimEnd();
    expect(text([])).toBe("{'descr': '<i4', 'fortran_order': False, 'shape': (), }");
    expect(text([7])).toBe("{'descr': '<i4', 'fortran_order': False, 'shape': (7,), }");
    expect(text([201, 3, 100, 10])).toBe("{'descr': '<i4', 'fortran_order': False, 'shape': (201, 3, 100, 10), }");
    expect(text([0, 4])).toBe("{'descr': '<i4', 'fortran_order': False, 'shape': (0, 4), }");
  });

  it('pads every header to a multiple of 64 bytes and ends it with a newline', () => {
    for (const shape of [[], [1], [12345678, 9], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]]) {
      const h = npyHeader('<f4', shape);
      expect(h.length % 64, `shape [${shape.join(', ')}]`).toBe(0);
      expect(h[8]! + 256 * h[9]!).toBe(h.length - 10);
      expect(h[h.length - 1]).toBe(0x0a);
    }
  });

  it('writes int32 little-endian', () => {
    const bytes = encodeNpy(int32Array([2], new Int32Array([1, -2])));
    // 10 + 57 + 1 = 68 bytes: past 64, so the header takes 128 (60 spaces)
    expect(ascii(bytes.subarray(10, 128))).toBe(`{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }${' '.repeat(60)}\n`);
    expect([...bytes.subarray(128)]).toEqual([1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
  });

  it('writes a string as a 0-d fixed-width UCS-4 array (<U<n>), which numpy reads without pickle', () => {
    const bytes = encodeNpy(unicodeScalar('a→𝑊')); // three code points, one outside the BMP
    expect(ascii(bytes.subarray(10, 128)).trimEnd()).toBe("{'descr': '<U3', 'fortran_order': False, 'shape': (), }");
    expect([...bytes.subarray(128)]).toEqual([0x61, 0, 0, 0, 0x92, 0x21, 0, 0, 0x4a, 0xd4, 0x01, 0]);
    // numpy's np.array('') is '<U1': an empty string still takes one (NUL) character
    expect(encodeNpy(unicodeScalar('')).length).toBe(128 + 4);
  });

  it('streams data piece by piece and refuses data that do not fill the shape', () => {
    const streamed = encodeNpy(float32Stream([2, 2], () => [new Float32Array([1, 2]), new Float32Array([3, 4])]));
    expect(streamed).toEqual(encodeNpy(float32Array([2, 2], new Float32Array([1, 2, 3, 4]))));
    expect(npySize({ descr: '<f4', shape: [2, 2] })).toBe(streamed.length);
    expect(() => encodeNpy(float32Stream([2, 2], () => [new Float32Array([1, 2, 3])]))).toThrow(/needs 16 data bytes, got 12/);
    expect(() => encodeNpy(float32Stream([1], () => [new Float32Array([1, 2])]))).toThrow(/needs 4 data bytes/);
  });
});
