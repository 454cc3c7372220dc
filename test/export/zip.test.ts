// The stored-zip writer of the .npz export: CRC-32 against its check value, and the archive's structure
// read back field by field (APPNOTE.TXT 4.3: local headers and data, central directory, end record).

import { describe, expect, it } from 'vitest';
import { crc32, crc32Table, memorySink, StoredZipWriter, storedZipSize } from '../../export/zip.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('CRC-32', () => {
  it('gives the check value of "123456789", 0xCBF43926, in the table version and the one the writer uses', () => {
    expect(crc32Table(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32Table(new Uint8Array(0))).toBe(0);
  });

  it('continues across chunks, and both versions agree on any bytes', () => {
    const bytes = Uint8Array.from({ length: 10_000 }, (_, k) => (k * 2654435761) >>> 24);
    const whole = crc32Table(bytes);
    expect(crc32Table(bytes.subarray(3000), crc32Table(bytes.subarray(0, 3000)))).toBe(whole);
    expect(crc32(bytes.subarray(7), crc32(bytes.subarray(0, 7)))).toBe(whole);
    expect(crc32(bytes)).toBe(whole);
  });
});

interface Entry {
  name: string;
  data: Uint8Array;
  crc: number;
}

/** Reads a stored archive from its end record, checking every field the writer promises. */
function readZip(zip: Uint8Array): Entry[] {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(v.getUint32(end, true), 'end of central directory signature').toBe(0x06054b50);
  const count = v.getUint16(end + 10, true);
  expect(v.getUint16(end + 8, true)).toBe(count);
  const directorySize = v.getUint32(end + 12, true);
  const directoryStart = v.getUint32(end + 16, true);
  expect(directoryStart + directorySize).toBe(end);
  expect(v.getUint16(end + 20, true), 'no comment').toBe(0);
  const entries: Entry[] = [];
  let at = directoryStart;
  let expectedLocal = 0; // entries follow one another from the start of the file
  for (let k = 0; k < count; k += 1) {
    expect(v.getUint32(at, true), 'central header signature').toBe(0x02014b50);
    expect(v.getUint16(at + 10, true), 'method: stored').toBe(0);
    expect([v.getUint16(at + 12, true), v.getUint16(at + 14, true)], 'fixed time and date: 1980-01-01 00:00').toEqual([0, 0x21]);
    const crc = v.getUint32(at + 16, true);
    const size = v.getUint32(at + 20, true);
    expect(v.getUint32(at + 24, true)).toBe(size);
    const nameLength = v.getUint16(at + 28, true);
    expect(v.getUint16(at + 30, true) + v.getUint16(at + 32, true), 'no extra field, no comment').toBe(0);
    const local = v.getUint32(at + 42, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    expect(local).toBe(expectedLocal);
    // the local header repeats the same facts
    expect(v.getUint32(local, true), 'local header signature').toBe(0x04034b50);
    expect(v.getUint16(local + 6, true), 'no data descriptor').toBe(0);
    expect(v.getUint16(local + 8, true)).toBe(0);
    expect([v.getUint16(local + 10, true), v.getUint16(local + 12, true)]).toEqual([0, 0x21]);
    expect([v.getUint32(local + 14, true), v.getUint32(local + 18, true), v.getUint32(local + 22, true)]).toEqual([crc, size, size]);
    expect(v.getUint16(local + 26, true)).toBe(nameLength);
    expect(v.getUint16(local + 28, true)).toBe(0);
    expect(new TextDecoder().decode(zip.subarray(local + 30, local + 30 + nameLength))).toBe(name);
    const data = zip.subarray(local + 30 + nameLength, local + 30 + nameLength + size);
    expect(crc32Table(data), `CRC of ${name}`).toBe(crc);
    entries.push({ name, data, crc });
    expectedLocal = local + 30 + nameLength + size;
    at += 46 + nameLength;
  }
  expect(expectedLocal).toBe(directoryStart);
  expect(at).toBe(end);
  return entries;
}

async function archive(entries: Array<{ name: string; chunks: Uint8Array[] }>): Promise<Uint8Array> {
  const sink = memorySink();
  const zip = new StoredZipWriter(sink);
  for (const e of entries)
    await zip.add(
      e.name,
      e.chunks.reduce((n, c) => n + c.length, 0),
      e.chunks,
    );
  const length = await zip.finish();
  const bytes = sink.bytes();
  expect(bytes.length).toBe(length);
  return bytes;
}

describe('stored zip', () => {
  const entries = [
    { name: 'meta.npy', chunks: [text('{"a": 1}')] },
    { name: 'loss/0.npy', chunks: [text('123'), text('456789'), new Uint8Array(0)] },
    { name: 'empty.npy', chunks: [] },
  ];

  it('writes local headers with the data, a central directory pointing at them and the end record, with correct CRCs', async () => {
    const bytes = await archive(entries);
    const read = readZip(bytes);
    expect(read.map((e) => e.name)).toEqual(['meta.npy', 'loss/0.npy', 'empty.npy']);
    expect(new TextDecoder().decode(read[1]!.data)).toBe('123456789');
    expect(read[1]!.crc).toBe(0xcbf43926);
    expect(read[2]!.data.length).toBe(0);
    expect(bytes.length).toBe(storedZipSize([...entries.map((e) => ({ name: e.name, size: e.chunks.reduce((n, c) => n + c.length, 0) }))]));
  });

  it('gives the same bytes for the same entries', async () => {
    expect(await archive(entries)).toEqual(await archive(entries));
  });

  it('refuses an entry whose data are not its declared size, and a duplicate name', async () => {
    const zip = new StoredZipWriter(memorySink());
    await expect(zip.add('a', 5, [text('1234')])).rejects.toThrow(/has 4 bytes, not 5/);
    const other = new StoredZipWriter(memorySink());
    await expect(other.add('a', 2, [text('123')])).rejects.toThrow(/more than its 2 bytes/);
    await other.add('b', 1, [text('x')]);
    await expect(other.add('b', 1, [text('y')])).rejects.toThrow(/duplicate entry 'b'/);
  });
});
