import { describe, expect, it } from 'vitest';
import { canonicalise2D } from '../../analysis/canonical-2d.ts';
import { polar, polygon } from './fixtures.ts';

function rotate(W: number[][], deg: number): number[][] {
  const a = (deg * Math.PI) / 180;
  return W.map(([x = 0, y = 0]) => [Math.cos(a) * x - Math.sin(a) * y, Math.sin(a) * x + Math.cos(a) * y]);
}

function expectRows(got: number[][], want: number[][]): void {
  got.forEach((r, i) => r.forEach((v, k) => expect(v).toBeCloseTo(want[i]![k]!, 10)));
}

describe('canonicalise2D', () => {
  it('turns the anchor straight up and puts the next feature on the right', () => {
    // feature i at 72° + 72°·i, so feature 4 at 0°. Turned by +90°: f0…f4 at 162°, 234°, 306°, 18°, 90°;
    // f0 is then on the left, so the picture is mirrored: 18°, 306°, 234°, 162°, 90°
    const got = canonicalise2D(polygon(5, 1, 72), [4, 0, 1, 2, 3]);
    expectRows(
      got,
      [18, 306, 234, 162, 90].map((d) => polar(d)),
    );
  });

  it('gives the same picture for any rotation or mirror image of a fit', () => {
    const W = [polar(10, 1.1), polar(95, 0.9), polar(170), polar(250, 1.2), polar(300, 0.8)];
    const mirrored = W.map(([x = 0, y = 0]) => [-x, y]);
    const reference = canonicalise2D(W, [4, 0]);
    for (const variant of [rotate(W, 33), rotate(W, 200), mirrored, rotate(mirrored, 77)])
      expectRows(canonicalise2D(variant, [4, 0]), reference);
  });

  it('falls back to the first represented feature when the anchor is dropped, and keeps norms', () => {
    const W = [polar(45), polar(225), polar(135), polar(315), [0.01, 0]];
    const got = canonicalise2D(W, [4, 0, 1, 2, 3]);
    expectRows(
      [got[0]!, got[1]!],
      [
        [0, 1],
        [0, -1],
      ],
    );
    got.forEach((r, i) => expect(Math.hypot(...r)).toBeCloseTo(Math.hypot(...W[i]!), 12));
  });
});
