import { describe, expect, it } from 'vitest';
import { createPrng, createStreams, laneState, type Prng } from '../../data/prng.ts';
import { fillBatch, sampleEvalSet } from '../../data/synthetic.ts';

const seeds = (n: number, base = 100): Uint32Array => new Uint32Array(n).map((_, i) => base + i);

const laneStateOf = (p: Prng): number[] => Array.from(laneState(p));

/** An independent replay of a stream's four sfc32 lanes (unsigned 32-bit arithmetic, as published). */
class Lanes {
  private constructor(private readonly s: number[][]) {}
  static of(p: Prng): Lanes {
    const st = laneState(p); // [a0..a3, b0..b3, c0..c3, d0..d3]
    return new Lanes([0, 1, 2, 3].map((j) => [0, 1, 2, 3].map((k) => (st[4 * k + j] as number) >>> 0)));
  }
  /** one word per lane */
  draw(): number[] {
    return this.s.map((w) => {
      const [a, b, c, d] = w as [number, number, number, number];
      const t = (((a + b) >>> 0) + d) >>> 0;
      w[0] = (b ^ (b >>> 9)) >>> 0;
      w[1] = (c + (c << 3)) >>> 0;
      w[2] = ((((c << 21) | (c >>> 11)) >>> 0) + t) >>> 0;
      w[3] = (d + 1) >>> 0;
      return t;
    });
  }
  state(): number[] {
    return [0, 1, 2, 3].flatMap((k) => this.s.map((w) => (w[k] as number) | 0));
  }
}

describe('fillBatch per_element', () => {
  it('keeps each element with its feature density and draws values in [0, 1)', () => {
    const I = 2;
    const B = 20_000;
    const F = 4;
    const density = new Float32Array([1, 0.5, 0.1, 0.01, 0.3, 0.3, 0.03, 0]);
    const out = new Float32Array(I * B * F);
    fillBatch(out, createStreams(seeds(I)), density, B, F, 'per_element');
    for (let i = 0; i < I; i++) {
      for (let f = 0; f < F; f++) {
        const p = density[i * F + f] as number;
        let kept = 0;
        let sum = 0;
        for (let b = 0; b < B; b++) {
          const v = out[(i * B + b) * F + f] as number;
          expect(v >= 0 && v < 1).toBe(true);
          if (v !== 0) {
            kept++;
            sum += v;
          }
        }
        const rate = kept / B;
        // binomial standard error, 5 sigma (+ a little for p = 0 and 1)
        const tol = 5 * Math.sqrt((p * (1 - p)) / B) + 1e-4;
        expect(Math.abs(rate - p)).toBeLessThanOrEqual(tol);
        if (kept > 500) expect(Math.abs(sum / kept - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / kept));
      }
    }
  });

  it('replays the four-lane stream exactly: ⌈F/4⌉ mask draws, then ⌈K/4⌉ value draws per example', () => {
    for (const F of [3, 4, 6]) {
      const B = 40;
      const density = new Float32Array([0.5, 0.2, 0.9, 1, 0, 0.35].slice(0, F));
      const out = new Float32Array(B * F);
      const stream = createPrng(11);
      fillBatch(out, [stream], density, B, F, 'per_element');
      const lanes = Lanes.of(createPrng(11));
      const want = new Float32Array(B * F);
      for (let e = 0; e < B; e++) {
        const kept: number[] = [];
        for (let q = 0; q < Math.ceil(F / 4); q++) {
          const words = lanes.draw();
          for (let j = 0; j < 4; j++) {
            const f = 4 * q + j;
            if (f < F && Math.floor((words[j] as number) / 256) / 2 ** 24 < (density[f] as number)) kept.push(f);
          }
        }
        for (let n = 0; n < kept.length; n += 4) {
          const words = lanes.draw();
          for (let j = 0; j < 4 && n + j < kept.length; j++)
            want[e * F + (kept[n + j] as number)] = Math.floor((words[j] as number) / 256) / 2 ** 24;
        }
      }
      expect(Array.from(out)).toEqual(Array.from(want));
      // and the stream object has advanced by exactly those draws
      expect(laneStateOf(stream)).toEqual(lanes.state());
    }
  });

  it('an instance’s data does not depend on the other instances', () => {
    const B = 64;
    const F = 5;
    const d3 = new Float32Array(3 * F);
    for (let k = 0; k < d3.length; k++) d3[k] = 0.2 + 0.05 * k;
    const all = new Float32Array(3 * B * F);
    const s3 = seeds(3, 7);
    const streams3 = createStreams(s3);
    const alone = new Float32Array(B * F);
    const streams1 = createStreams([s3[1] as number]);
    // two consecutive steps, to include the stream state carried between calls
    for (let step = 0; step < 2; step++) {
      fillBatch(all, streams3, d3, B, F, 'per_element');
      fillBatch(alone, streams1, d3.slice(F, 2 * F), B, F, 'per_element');
      expect(Array.from(alone)).toEqual(Array.from(all.subarray(B * F, 2 * B * F)));
    }
  });

  it('advances the streams: consecutive calls give fresh data', () => {
    const out1 = new Float32Array(2 * 8 * 3);
    const out2 = new Float32Array(2 * 8 * 3);
    const streams = createStreams(seeds(2));
    const density = new Float32Array(6).fill(0.7);
    fillBatch(out1, streams, density, 8, 3, 'per_element');
    fillBatch(out2, streams, density, 8, 3, 'per_element');
    expect(Array.from(out1)).not.toEqual(Array.from(out2));
  });
});

describe('fillBatch per_batch', () => {
  it('shares one keep mask across the batch, with fresh values per example', () => {
    const I = 3;
    const B = 32;
    const F = 6;
    const density = new Float32Array(I * F).fill(0.5);
    const out = new Float32Array(I * B * F);
    const streams = createStreams(seeds(I, 40));
    for (let step = 0; step < 20; step++) {
      fillBatch(out, streams, density, B, F, 'per_batch');
      for (let i = 0; i < I; i++) {
        for (let f = 0; f < F; f++) {
          const first = out[i * B * F + f] !== 0;
          const values = new Set<number>();
          for (let b = 0; b < B; b++) {
            const v = out[(i * B + b) * F + f] as number;
            expect(v !== 0).toBe(first); // (a kept value of exactly 0 has probability 2^-24 per draw)
            values.add(v);
          }
          if (first) expect(values.size).toBeGreaterThan(B / 2);
        }
      }
    }
  });

  it('keeps features with their density across steps', () => {
    const F = 4;
    const B = 2;
    const density = new Float32Array([1, 0.5, 0.2, 0]);
    const streams = [createPrng(3)];
    const out = new Float32Array(B * F);
    const kept = new Array<number>(F).fill(0);
    const steps = 20_000;
    for (let s = 0; s < steps; s++) {
      fillBatch(out, streams, density, B, F, 'per_batch');
      for (let f = 0; f < F; f++) if (out[f] !== 0) kept[f] = (kept[f] ?? 0) + 1;
    }
    for (let f = 0; f < F; f++) {
      const p = density[f] as number;
      const tol = 5 * Math.sqrt((p * (1 - p)) / steps) + 1e-4;
      expect(Math.abs((kept[f] as number) / steps - p)).toBeLessThanOrEqual(tol);
    }
  });

  it('an instance’s data does not depend on the other instances', () => {
    const B = 16;
    const F = 5;
    const d3 = new Float32Array(3 * F).fill(0.4);
    const s3 = seeds(3, 90);
    const streams3 = createStreams(s3);
    const streams1 = createStreams([s3[2] as number]);
    const all = new Float32Array(3 * B * F);
    const alone = new Float32Array(B * F);
    for (let step = 0; step < 3; step++) {
      fillBatch(all, streams3, d3, B, F, 'per_batch');
      fillBatch(alone, streams1, d3.slice(2 * F), B, F, 'per_batch');
      expect(Array.from(alone)).toEqual(Array.from(all.subarray(2 * B * F)));
    }
  });
});

describe('fillBatch per_batch stream', () => {
  it('replays exactly: ⌈F/4⌉ mask draws once per call, then ⌈K/4⌉ value draws per example', () => {
    const F = 7;
    const B = 9;
    const density = new Float32Array([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    const streams = [createPrng(21)];
    const lanes = Lanes.of(createPrng(21));
    const out = new Float32Array(B * F);
    for (let step = 0; step < 5; step++) {
      fillBatch(out, streams, density, B, F, 'per_batch');
      const kept: number[] = [];
      for (let q = 0; q < 2; q++) {
        const words = lanes.draw();
        for (let j = 0; j < 4; j++) if (4 * q + j < F && Math.floor((words[j] as number) / 256) / 2 ** 24 < 0.5) kept.push(4 * q + j);
      }
      const want = new Float32Array(B * F);
      for (let e = 0; e < B; e++) {
        for (let n = 0; n < kept.length; n += 4) {
          const words = lanes.draw();
          for (let j = 0; j < 4 && n + j < kept.length; j++)
            want[e * F + (kept[n + j] as number)] = Math.floor((words[j] as number) / 256) / 2 ** 24;
        }
      }
      expect(Array.from(out)).toEqual(Array.from(want));
    }
  });
});

describe('fillBatch argument checks', () => {
  it('rejects mismatched sizes and unknown mask modes', () => {
    const streams = createStreams(seeds(2));
    expect(() => fillBatch(new Float32Array(10), streams, new Float32Array(6), 4, 3, 'per_element')).toThrow(/out has 10/);
    expect(() => fillBatch(new Float32Array(24), streams, new Float32Array(5), 4, 3, 'per_element')).toThrow(/density/);
    expect(() => fillBatch(new Float32Array(24), streams, new Float32Array(6).fill(1.5), 4, 3, 'per_element')).toThrow(/probability/);
    expect(() => fillBatch(new Float32Array(24), streams, new Float32Array(6).fill(Number.NaN), 4, 3, 'per_element')).toThrow(
      /probability/,
    );
    // @ts-expect-error an invalid mask mode on purpose
    expect(() => fillBatch(new Float32Array(24), streams, new Float32Array(6), 4, 3, 'per_row')).toThrow(/per_element, per_batch/);
  });
});

describe('sampleEvalSet', () => {
  it('draws [I, samples, F] per-element data from its own streams', () => {
    const density = new Float32Array([0.5, 0.5, 1, 1]);
    const x = sampleEvalSet(createStreams(seeds(2, 500)), density, 10, 2);
    expect(x).toHaveLength(2 * 10 * 2);
    const y = new Float32Array(40);
    fillBatch(y, createStreams(seeds(2, 500)), density, 10, 2, 'per_element');
    expect(Array.from(x)).toEqual(Array.from(y));
    for (let k = 20; k < 40; k++) expect(x[k]).not.toBe(0); // density 1
  });
});
