// The NumPy `.npy` format, version 1.0 (numpy.lib.format): the 6-byte magic "\x93NUMPY", the version
// bytes 1 and 0, a little-endian uint16 header length, then a Python dict literal giving dtype, memory
// order and shape, padded with spaces and ended by '\n' so that the data starts at a multiple of 64
// bytes (numpy aligns its header the same way, so the arrays can be memory-mapped), then the raw data in
// C order. Only the three dtypes this project exports are written: '<f4', '<i4' and '<U<n>' (fixed-width
// UCS-4 text, so that a string can be read with allow_pickle=False; an object array would need pickle).

import { endianness } from 'node:os';

export type NpyDescr = '<f4' | '<i4' | `<U${number}`;

/** An array to write: its dtype, its shape and its data in C order, as byte chunks produced on demand. */
export interface NpyArray {
  descr: NpyDescr;
  shape: readonly number[];
  /** the data bytes, C order; called once per write, so that a large array (the held-out samples) is never held whole */
  chunks: () => Iterable<Uint8Array>;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** numpy.lib.format.ARRAY_ALIGN: the header is padded so that the data starts at a multiple of this */
const ALIGN = 64;
/** magic (6) + version (2) + header length (2) */
const PREAMBLE = 10;

// Typed arrays use the platform's byte order; the files promise little-endian ('<').
if (endianness() !== 'LE') throw new Error('export/npy.ts writes little-endian arrays and runs only on a little-endian platform');

/** Bytes per element of a dtype. */
export function itemSize(descr: NpyDescr): number {
  if (descr === '<f4' || descr === '<i4') return 4;
  return 4 * Number(descr.slice(2)); // UCS-4: four bytes per code point
}

/** Python's repr of a shape tuple: (), (3,), (2, 3). */
function shapeRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** The header (magic through padding) of an array of this dtype and shape. */
export function npyHeader(descr: NpyDescr, shape: readonly number[]): Uint8Array {
  for (const n of shape) if (!Number.isInteger(n) || n < 0) throw new Error(`npy: bad shape [${shape.join(', ')}]`);
  // the keys in sorted order with a trailing ", " before the brace: the text numpy itself writes
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  const unpadded = PREAMBLE + dict.length + 1; // + '\n'
  const total = Math.ceil(unpadded / ALIGN) * ALIGN;
  const text = `${dict}${' '.repeat(total - unpadded)}\n`;
  const headerLength = text.length;
  if (headerLength > 0xffff) throw new Error(`npy: a header of ${headerLength} bytes needs format version 2.0`);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = 1; // major version
  out[7] = 0; // minor version
  out[8] = headerLength & 0xff;
  out[9] = headerLength >>> 8;
  for (let k = 0; k < text.length; k += 1) out[PREAMBLE + k] = text.charCodeAt(k); // the dict is ASCII
  return out;
}

/** Bytes of the data of an array: item size × number of elements. */
export function npyDataSize(array: Pick<NpyArray, 'descr' | 'shape'>): number {
  return itemSize(array.descr) * array.shape.reduce((n, d) => n * d, 1);
}

/** Bytes of the whole .npy file. */
export function npySize(array: Pick<NpyArray, 'descr' | 'shape'>): number {
  return npyHeader(array.descr, array.shape).byteLength + npyDataSize(array);
}

/** The .npy file as chunks: the header, then the data (checked against the shape as it goes). */
export function* npyChunks(array: NpyArray): Iterable<Uint8Array> {
  yield npyHeader(array.descr, array.shape);
  const expected = npyDataSize(array);
  let written = 0;
  for (const chunk of array.chunks()) {
    written += chunk.byteLength;
    if (written > expected) break;
    yield chunk;
  }
  if (written !== expected)
    throw new Error(`npy: shape [${array.shape.join(', ')}] of ${array.descr} needs ${expected} data bytes, got ${written}`);
}

/** The whole .npy file in one buffer (small arrays, tests). */
export function encodeNpy(array: NpyArray): Uint8Array {
  const parts = [...npyChunks(array)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function bytesOf(values: Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** A float32 array of the given shape from data already in memory. */
export function float32Array(shape: readonly number[], data: Float32Array): NpyArray {
  return { descr: '<f4', shape, chunks: () => [bytesOf(data)] };
}

/** A float32 array whose data is produced piece by piece (in C order) when it is written. */
export function float32Stream(shape: readonly number[], pieces: () => Iterable<Float32Array>): NpyArray {
  return {
    descr: '<f4',
    shape,
    chunks: function* () {
      for (const piece of pieces()) yield bytesOf(piece);
    },
  };
}

export function int32Array(shape: readonly number[], data: Int32Array): NpyArray {
  return { descr: '<i4', shape, chunks: () => [bytesOf(data)] };
}

/**
 * A 0-d text array ('<U<n>', n = code points, at least 1 as numpy's own np.array('') has): what numpy reads
 * with allow_pickle=False, and `str(a)` or `a.item()` gives the text back. numpy strips trailing NULs from
 * such strings, so the text must not end with one (JSON never does).
 */
export function unicodeScalar(text: string): NpyArray {
  if (text.endsWith('\0')) throw new Error('npy: a <U string cannot end with NUL (numpy strips trailing NULs)');
  const codePoints = Array.from(text, (c) => c.codePointAt(0)!);
  const n = Math.max(1, codePoints.length);
  const data = new Uint32Array(n);
  data.set(codePoints);
  return { descr: `<U${n}`, shape: [], chunks: () => [new Uint8Array(data.buffer)] };
}
