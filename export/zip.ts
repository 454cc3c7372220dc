// A minimal zip writer for .npz files: STORED entries only (no compression, so numpy can read the
// arrays without inflating them and the bytes depend on nothing but the data), a fixed timestamp (so the
// same arrays always give the same file), no extra fields, no zip64. numpy.load opens it with Python's
// zipfile, which checks every entry's CRC-32 when it reads it.
//
// Layout (APPNOTE.TXT, section 4.3): for each entry a local file header and its data, then the central
// directory (one header per entry, pointing back at its local header) and the end-of-central-directory
// record. Entries are streamed: the local header is written with the CRC left at zero, the data follow
// chunk by chunk, and the CRC is patched in once it is known (the sink writes at positions), so an entry
// of hundreds of megabytes (the held-out samples) never has to be held whole.

import * as zlib from 'node:zlib';

/** Where the archive's bytes go: positional writes, as a file handle or a memory buffer takes them. */
export interface ZipSink {
  write(bytes: Uint8Array, position: number): Promise<void>;
}

/** Plain zip (no zip64): sizes, offsets and the archive itself stay below 4 GiB, and at most 65,535 entries. */
export const ZIP32_MAX = 0xffffffff;
const MAX_ENTRIES = 0xffff;

/** 1980-01-01 00:00:00 in MS-DOS format, the earliest a zip can say: a fixed time keeps the output deterministic. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
/** "version needed to extract" and "version made by": 2.0 (MS-DOS attributes), what a stored entry needs */
const VERSION = 20;

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;

// --- CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320, initial value and final xor 0xFFFFFFFF) ---

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Table-driven CRC-32 of `bytes`, continuing from `previous` (the CRC of the bytes before them, 0 to start). */
export function crc32Table(bytes: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let k = 0; k < bytes.length; k += 1) c = TABLE[(c ^ bytes[k]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC-32 as zip uses it: Node's native zlib.crc32 where this Node has it (≥ 20.15), which is much faster, else the table. */
export const crc32: (bytes: Uint8Array, previous?: number) => number =
  typeof zlib.crc32 === 'function' ? (bytes, previous = 0) => zlib.crc32(bytes, previous) >>> 0 : crc32Table;

// --- the writer ---

interface CentralEntry {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
}

/** Bytes of a stored archive holding entries of these names (UTF-8) and sizes. */
export function storedZipSize(entries: ReadonlyArray<{ name: string; size: number }>): number {
  let total = END_RECORD;
  for (const e of entries) {
    const name = Buffer.byteLength(e.name, 'utf8');
    total += LOCAL_HEADER + CENTRAL_HEADER + 2 * name + e.size;
  }
  return total;
}

export class StoredZipWriter {
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  private readonly names = new Set<string>();
  private finished = false;

  constructor(private readonly sink: ZipSink) {}

  /** Append one entry of exactly `size` bytes, the data given as chunks. */
  async add(name: string, size: number, chunks: Iterable<Uint8Array>): Promise<void> {
    if (this.finished) throw new Error('zip: add after finish');
    if (this.names.has(name)) throw new Error(`zip: duplicate entry '${name}'`);
    if (this.entries.length === MAX_ENTRIES) throw new Error(`zip: more than ${MAX_ENTRIES} entries need zip64`);
    const encoded = new TextEncoder().encode(name);
    const start = this.offset;
    if (start + LOCAL_HEADER + encoded.length + size > ZIP32_MAX)
      throw new Error(`zip: entry '${name}' would end past 4 GiB (needs zip64)`);
    this.names.add(name);
    const header = localHeader(encoded, size);
    await this.sink.write(header, start);
    let at = start + header.length;
    let crc = 0;
    for (const chunk of chunks) {
      if (at + chunk.byteLength > start + header.length + size) throw new Error(`zip: entry '${name}' has more than its ${size} bytes`);
      crc = crc32(chunk, crc);
      await this.sink.write(chunk, at);
      at += chunk.byteLength;
    }
    if (at !== start + header.length + size) throw new Error(`zip: entry '${name}' has ${at - start - header.length} bytes, not ${size}`);
    // the CRC field of the local header, now that the data are known
    const field = new Uint8Array(4);
    new DataView(field.buffer).setUint32(0, crc, true);
    await this.sink.write(field, start + 14);
    this.entries.push({ name: encoded, crc, size, offset: start });
    this.offset = at;
  }

  /** Write the central directory and the end record; returns the archive's length in bytes. */
  async finish(): Promise<number> {
    if (this.finished) throw new Error('zip: finish twice');
    this.finished = true;
    const directoryStart = this.offset;
    let at = directoryStart;
    for (const e of this.entries) {
      const header = centralHeader(e);
      await this.sink.write(header, at);
      at += header.length;
    }
    const directorySize = at - directoryStart;
    if (at + END_RECORD > ZIP32_MAX) throw new Error('zip: the archive would be larger than 4 GiB (needs zip64)');
    const end = new Uint8Array(END_RECORD);
    const v = new DataView(end.buffer);
    v.setUint32(0, 0x06054b50, true); // end of central directory signature
    v.setUint16(4, 0, true); // this disk
    v.setUint16(6, 0, true); // disk of the central directory
    v.setUint16(8, this.entries.length, true); // entries on this disk
    v.setUint16(10, this.entries.length, true); // entries in all
    v.setUint32(12, directorySize, true);
    v.setUint32(16, directoryStart, true);
    v.setUint16(20, 0, true); // comment length
    await this.sink.write(end, at);
    return at + END_RECORD;
  }
}

/** Flag bit 11: the name is UTF-8 (without it, readers take the name as code page 437). */
function nameFlags(name: Uint8Array): number {
  return name.some((b) => b >= 0x80) ? 0x800 : 0;
}

/** A local file header with the CRC still zero (patched in after the data). */
function localHeader(name: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(LOCAL_HEADER + name.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x04034b50, true); // local file header signature
  v.setUint16(4, VERSION, true); // version needed to extract
  v.setUint16(6, nameFlags(name), true); // no data descriptor: the CRC is patched in place
  v.setUint16(8, 0, true); // method 0: stored
  v.setUint16(10, DOS_TIME, true);
  v.setUint16(12, DOS_DATE, true);
  v.setUint32(14, 0, true); // CRC-32, patched in by add()
  v.setUint32(18, size, true); // compressed size = size: stored
  v.setUint32(22, size, true);
  v.setUint16(26, name.length, true);
  v.setUint16(28, 0, true); // extra field length
  out.set(name, LOCAL_HEADER);
  return out;
}

function centralHeader(e: CentralEntry): Uint8Array {
  const out = new Uint8Array(CENTRAL_HEADER + e.name.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x02014b50, true); // central file header signature
  v.setUint16(4, VERSION, true); // version made by (MS-DOS, 2.0)
  v.setUint16(6, VERSION, true); // version needed to extract
  v.setUint16(8, nameFlags(e.name), true);
  v.setUint16(10, 0, true); // method: stored
  v.setUint16(12, DOS_TIME, true);
  v.setUint16(14, DOS_DATE, true);
  v.setUint32(16, e.crc, true);
  v.setUint32(20, e.size, true);
  v.setUint32(24, e.size, true);
  v.setUint16(28, e.name.length, true);
  v.setUint16(30, 0, true); // extra field length
  v.setUint16(32, 0, true); // comment length
  v.setUint16(34, 0, true); // disk number start
  v.setUint16(36, 0, true); // internal attributes
  v.setUint32(38, 0, true); // external attributes
  v.setUint32(42, e.offset, true); // where its local header starts
  out.set(e.name, CENTRAL_HEADER);
  return out;
}

/** A sink that keeps the archive in memory (small archives, tests); `bytes()` returns what was written. */
export function memorySink(): ZipSink & { bytes(): Uint8Array } {
  let buffer = new Uint8Array(1024);
  let length = 0;
  return {
    async write(bytes, position) {
      const end = position + bytes.byteLength;
      if (end > buffer.length) {
        const grown = new Uint8Array(Math.max(end, 2 * buffer.length));
        grown.set(buffer.subarray(0, length));
        buffer = grown;
      }
      buffer.set(bytes, position);
      length = Math.max(length, end);
    },
    bytes: () => buffer.slice(0, length),
  };
}
