import { describe, expect, it } from 'vitest';
import { restartCurve } from '../../analysis/restarts.ts';

const m = (density: number, replica: number, expectedLoss: number) => ({ run: 0, density, replica, evalLoss: 9, expectedLoss });

describe('restartCurve', () => {
  it('gives, for each number of restarts, how often the choice is final and how far its loss is above the best', () => {
    // cell A: losses 2, 1, 1.5 (the best is restart 1); cell B: 1, 3, 4 (the first restart is already the best)
    const models = [m(0.5, 0, 2), m(0.5, 1, 1), m(0.5, 2, 1.5), m(0.1, 0, 1), m(0.1, 1, 3), m(0.1, 2, 4)];
    expect(restartCurve(models)).toEqual([
      { restarts: 1, sameChoice: 1, cells: 2, maxExcess: 1, meanExcess: 0.5 },
      { restarts: 2, sameChoice: 2, cells: 2, maxExcess: 0, meanExcess: 0 },
      { restarts: 3, sameChoice: 2, cells: 2, maxExcess: 0, meanExcess: 0 },
    ]);
  });
});
