// The train stage's weight snapshots on disk: `snapshots.f32`, next to weights.json, written only when
// some group of the plan sets snapshotEvery (params.yaml: a run's `snapshot_every`).
//
// Layout: raw float32, little-endian, no header. The groups that recorded snapshots follow one another
// in plan order; weights.json's `groups[g].snapshots` gives each one's steps (T of them) and the float
// offset where its part starts. A group's part is
//   W  [T, I, F, H]   row-major: snapshot, instance, feature, hidden
//   b  [T, I, F]
// so it holds T·I·F·(H + 1) floats, and snapshot t of instance i has W at offset + ((t·I + i)·F)·H and b
// at offset + T·I·F·H + (t·I + i)·F. Binary, not JSON: a 100 → 10 model snapshotted 200 times is
// 220,000 floats, which JSON would write as ~4 MB of decimal text and parse slowly.

import type { WeightSnapshots } from '../core/types.ts';
import { fromFloat32Bytes, toFloat32Bytes, type SnapshotIndex, type TrainedWeights } from './plan.ts';

export const SNAPSHOTS_FILE = 'snapshots.f32';

/** The shape of one group's snapshots. */
export interface SnapshotShape {
  instances: number; // I
  features: number; // F
  hidden: number; // H
}

/** Floats of a group's part of the file: T·I·F·(H + 1). */
export function snapshotFloats(snapshotCount: number, shape: SnapshotShape): number {
  return snapshotCount * shape.instances * shape.features * (shape.hidden + 1);
}

/**
 * The file's bytes for the given groups (undefined: a group without snapshots), and each group's index
 * entry for weights.json (undefined where it has none).
 */
export function encodeSnapshots(groups: ReadonlyArray<{ snapshots: WeightSnapshots | undefined; shape: SnapshotShape }>): {
  bytes: Uint8Array;
  index: Array<SnapshotIndex | undefined>;
} {
  let total = 0;
  const index = groups.map(({ snapshots, shape }) => {
    if (snapshots === undefined) return undefined;
    const T = snapshots.steps.length;
    const { instances: I, features: F, hidden: H } = shape;
    if (snapshots.W.length !== T * I * F * H || snapshots.b.length !== T * I * F) {
      throw new Error(
        `snapshots: W has ${snapshots.W.length} and b ${snapshots.b.length} values, expected T·I·F·H = ${T * I * F * H} and T·I·F = ${T * I * F}`,
      );
    }
    const entry: SnapshotIndex = { steps: [...snapshots.steps], offset: total };
    total += snapshotFloats(T, shape);
    return entry;
  });
  const out = new Float32Array(total);
  groups.forEach(({ snapshots }, g) => {
    const entry = index[g];
    if (snapshots === undefined || entry === undefined) return;
    out.set(snapshots.W, entry.offset);
    out.set(snapshots.b, entry.offset + snapshots.W.length);
  });
  return { bytes: toFloat32Bytes(out), index };
}

/**
 * Read snapshots.f32 back: one entry per group of `weights` (null for a group without snapshots), with
 * the shapes taken from `shapes` (one per group, e.g. from the plan). Throws when the file's length or
 * an offset disagrees with weights.json, so a mismatched pair of files is never read silently.
 */
export function decodeSnapshots(
  bytes: Uint8Array,
  weights: Pick<TrainedWeights, 'groups'>,
  shapes: readonly SnapshotShape[],
): Array<WeightSnapshots | null> {
  if (bytes.byteLength % 4 !== 0) throw new Error(`${SNAPSHOTS_FILE}: ${bytes.byteLength} bytes is not a whole number of float32 values`);
  const all = fromFloat32Bytes(bytes);
  let expected = 0;
  const out = weights.groups.map((g, k) => {
    const entry = g.snapshots;
    if (entry === undefined) return null;
    const shape = shapes[k];
    if (shape === undefined) throw new Error(`${SNAPSHOTS_FILE}: no shape for group ${k}`);
    if (entry.offset !== expected) throw new Error(`${SNAPSHOTS_FILE}: group ${k} starts at float ${entry.offset}, expected ${expected}`);
    const T = entry.steps.length;
    const nW = T * shape.instances * shape.features * shape.hidden;
    const nb = T * shape.instances * shape.features;
    expected += nW + nb;
    if (expected > all.length) throw new Error(`${SNAPSHOTS_FILE}: group ${k} needs floats up to ${expected}, the file has ${all.length}`);
    return {
      steps: [...entry.steps],
      W: all.slice(entry.offset, entry.offset + nW),
      b: all.slice(entry.offset + nW, entry.offset + nW + nb),
    };
  });
  if (expected !== all.length) throw new Error(`${SNAPSHOTS_FILE}: has ${all.length} floats, weights.json describes ${expected}`);
  return out;
}

/** Instance i's W [F·H] and b [F] at snapshot t (views into the group's arrays). */
export function snapshotAt(s: WeightSnapshots, shape: SnapshotShape, t: number, i: number): { W: Float32Array; b: Float32Array } {
  const { instances: I, features: F, hidden: H } = shape;
  if (!(t >= 0 && t < s.steps.length) || !(i >= 0 && i < I))
    throw new RangeError(`snapshotAt: snapshot ${t} of instance ${i} is outside ${s.steps.length} × ${I}`);
  const k = t * I + i;
  return { W: s.W.subarray(k * F * H, (k + 1) * F * H), b: s.b.subarray(k * F, (k + 1) * F) };
}
