import { describe, expect, it } from 'vitest';
import { decodeSnapshots, encodeSnapshots, snapshotAt, snapshotFloats } from '../../data/snapshots.ts';
import type { WeightSnapshots } from '../../core/types.ts';

/** snapshots whose every value encodes its own position: W = 1000·t + 100·i + 10·f + h, b = −(1000·t + 100·i + f) */
function labelled(steps: number[], I: number, F: number, H: number): WeightSnapshots {
  const T = steps.length;
  const W = new Float32Array(T * I * F * H);
  const b = new Float32Array(T * I * F);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < I; i++) {
      for (let f = 0; f < F; f++) {
        for (let h = 0; h < H; h++) W[((t * I + i) * F + f) * H + h] = 1000 * t + 100 * i + 10 * f + h;
        b[(t * I + i) * F + f] = -(1000 * t + 100 * i + f);
      }
    }
  }
  return { steps, W, b };
}

const shapeA = { instances: 2, features: 3, hidden: 2 };
const shapeB = { instances: 1, features: 2, hidden: 1 };

describe('snapshots.f32', () => {
  const a = labelled([0, 5, 7], 2, 3, 2);
  const b = labelled([0, 4], 1, 2, 1);
  const groups = [
    { snapshots: a, shape: shapeA },
    { snapshots: undefined, shape: shapeA },
    { snapshots: b, shape: shapeB },
  ];

  it('lays out each group as W [T, I, F, H] then b [T, I, F], groups one after another', () => {
    const { bytes, index } = encodeSnapshots(groups);
    expect(snapshotFloats(3, shapeA)).toBe(3 * 2 * 3 * 3);
    expect(index).toEqual([{ steps: [0, 5, 7], offset: 0 }, undefined, { steps: [0, 4], offset: 54 }]);
    expect(bytes.byteLength).toBe(4 * (54 + 2 * 1 * 2 * 2));
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    // group a, snapshot 2, instance 1, feature 2, hidden 1: W at ((2·2 + 1)·3 + 2)·2 + 1 = 35
    expect(floats[35]).toBe(2000 + 100 + 20 + 1);
    // its b after the 36 W values: 36 + (2·2 + 1)·3 + 2 = 53
    expect(floats[53]).toBe(-(2000 + 100 + 2));
    // group b starts at 54: W of snapshot 1, feature 1 at 54 + 3; b of snapshot 0, feature 1 at 54 + 4 + 1
    expect(floats[57]).toBe(1000 + 10);
    expect(floats[59]).toBe(-1);
  });

  it('reads back exactly what was written, null for groups without snapshots', () => {
    const { bytes, index } = encodeSnapshots(groups);
    const weights = { groups: index.map((entry) => (entry === undefined ? {} : { snapshots: entry })) } as Parameters<
      typeof decodeSnapshots
    >[1];
    const back = decodeSnapshots(bytes, weights, [shapeA, shapeA, shapeB]);
    expect(back[1]).toBeNull();
    expect(back[0]?.steps).toEqual([0, 5, 7]);
    expect(Array.from(back[0]?.W ?? [])).toEqual(Array.from(a.W));
    expect(Array.from(back[0]?.b ?? [])).toEqual(Array.from(a.b));
    expect(Array.from(back[2]?.W ?? [])).toEqual(Array.from(b.W));
    const one = snapshotAt(back[0] as WeightSnapshots, shapeA, 1, 1);
    expect(Array.from(one.W)).toEqual([1100, 1101, 1110, 1111, 1120, 1121]);
    expect(Array.from(one.b)).toEqual([-1100, -1101, -1102]);
    expect(() => snapshotAt(back[0] as WeightSnapshots, shapeA, 3, 0)).toThrow(RangeError);
  });

  it('refuses a file that does not match weights.json', () => {
    const { bytes, index } = encodeSnapshots(groups);
    const weights = { groups: index.map((entry) => (entry === undefined ? {} : { snapshots: entry })) } as Parameters<
      typeof decodeSnapshots
    >[1];
    expect(() => decodeSnapshots(bytes.subarray(0, bytes.byteLength - 4), weights, [shapeA, shapeA, shapeB])).toThrow(/snapshots.f32/);
    expect(() => decodeSnapshots(bytes.subarray(0, 6), weights, [shapeA, shapeA, shapeB])).toThrow(/not a whole number of float32/);
    const moved = { groups: [{ snapshots: { steps: [0, 5, 7], offset: 4 } }] } as Parameters<typeof decodeSnapshots>[1];
    expect(() => decodeSnapshots(bytes, moved, [shapeA])).toThrow(/starts at float 4, expected 0/);
    expect(() => decodeSnapshots(bytes, weights, [shapeA, shapeA, { ...shapeB, hidden: 2 }])).toThrow(/snapshots.f32/);
  });

  it('refuses arrays of the wrong size', () => {
    expect(() => encodeSnapshots([{ snapshots: a, shape: shapeB }])).toThrow(/expected T·I·F·H/);
  });
});
