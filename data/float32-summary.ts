// What `npm run pipeline -- show <node> <file>.f32` prints in a terminal: the pipeline's binary output
// (snapshots.f32, the weight snapshots) is a raw little-endian float32 array whose shape lives in the
// node's JSON outputs, so the summary gives what the bytes alone tell.

/** Count, range, mean, share of exact zeros and the first values of a little-endian float32 file. */
export function summarizeFloat32(bytes: Uint8Array, head = 8): string {
  if (bytes.length % 4 !== 0) return `not a float32 array: ${bytes.length} bytes is not a multiple of 4`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length / 4;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let zeros = 0;
  let nonFinite = 0;
  for (let k = 0; k < n; k++) {
    const v = view.getFloat32(4 * k, true);
    if (!Number.isFinite(v)) {
      nonFinite += 1;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros += 1;
    sum += v;
  }
  const finite = n - nonFinite;
  const g = (v: number): string => Number(v.toPrecision(6)).toString();
  const first = Array.from({ length: Math.min(head, n) }, (_, k) => g(view.getFloat32(4 * k, true)));
  const stats =
    finite === 0 ? 'no finite value' : `min ${g(min)}, max ${g(max)}, mean ${g(sum / finite)}, ${g((100 * zeros) / n)} % exact zeros`;
  return [
    `float32 little-endian, ${n} values: ${stats}${nonFinite > 0 ? `, ${nonFinite} not finite` : ''}`,
    `first ${first.length}: ${first.join(', ')}${n > first.length ? ', …' : ''}`,
  ].join('\n');
}
