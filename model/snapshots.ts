// Weight snapshots during training: which steps are recorded, and a buffer the trainers fill. Both
// engines share it, so they snapshot the same steps into the same layout.
//
// The snapshot at step s holds W and b after s optimizer updates: step 0 is the initial weights, and
// the last step (= steps) the final ones. Snapshots are read from the trainer's state between steps and
// never change it, so training with snapshots gives bit-identical results to training without.

import type { WeightSnapshots } from '../core/types.ts';

/**
 * The snapshot steps of a run of `steps` updates taken every `every` steps: 0, every, 2·every, …, and
 * `steps` itself when it is not a multiple of `every`.
 */
export function snapshotSteps(steps: number, every: number): number[] {
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`snapshotSteps: steps must be a positive integer, got ${steps}`);
  if (!Number.isInteger(every) || every < 1) throw new Error(`snapshotSteps: snapshotEvery must be a positive integer, got ${every}`);
  const out: number[] = [];
  for (let s = 0; s < steps; s += every) out.push(s);
  out.push(steps);
  return out;
}

/** Check a group's optional snapshotEvery; `who` prefixes the error message. */
export function checkSnapshotEvery(every: number | undefined, who: string): void {
  if (every === undefined) return;
  if (!Number.isInteger(every) || every < 1) throw new Error(`${who}: snapshotEvery must be a positive integer, got ${every}`);
}

/** The snapshots of one training group, filled instance by instance as training reaches each step. */
export class SnapshotRecorder {
  readonly steps: number[];
  private readonly row = new Map<number, number>();
  private readonly W: Float32Array;
  private readonly b: Float32Array;

  constructor(
    steps: number,
    every: number,
    private readonly shape: { instances: number; features: number; hidden: number },
  ) {
    this.steps = snapshotSteps(steps, every);
    this.steps.forEach((s, r) => this.row.set(s, r));
    const { instances: I, features: F, hidden: H } = shape;
    this.W = new Float32Array(this.steps.length * I * F * H);
    this.b = new Float32Array(this.steps.length * I * F);
  }

  /** Whether `step` (updates applied so far) is a snapshot step. */
  has(step: number): boolean {
    return this.row.has(step);
  }

  /**
   * Store instance i's weights at `step`: W [F·H] and b [F] read through `weight(f, h)` and `bias(f)`,
   * so that each engine reads its own packed layout without an intermediate copy.
   */
  put(step: number, i: number, weight: (f: number, h: number) => number, bias: (f: number) => number): void {
    const r = this.row.get(step);
    if (r === undefined) throw new Error(`snapshots: step ${step} is not a snapshot step`);
    const { instances: I, features: F, hidden: H } = this.shape;
    const wBase = (r * I + i) * F * H;
    const bBase = (r * I + i) * F;
    for (let f = 0; f < F; f++) {
      for (let h = 0; h < H; h++) this.W[wBase + f * H + h] = weight(f, h);
      this.b[bBase + f] = bias(f);
    }
  }

  result(): WeightSnapshots {
    return { steps: [...this.steps], W: this.W, b: this.b };
  }
}
