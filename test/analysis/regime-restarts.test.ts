import { describe, expect, it } from 'vitest';
import { regimeConvergence } from '../../analysis/regime-restarts.ts';
import { zeros } from './fixtures.ts';

/** W with features 0 … n − 1 each on its own neuron (n represented, n monosemantic) */
function dedicated(n: number): number[][] {
  const W = zeros(10, 5);
  for (let f = 0; f < n; f++) (W[f] as number[])[f] = 1;
  return W;
}

/** dedicated(5) with feature 5 shared by neurons 3 and 4: 6 represented, 3 monosemantic */
function sixInFive(): number[][] {
  const W = dedicated(5);
  (W[5] as number[])[3] = 0.7;
  (W[5] as number[])[4] = 0.7;
  return W;
}

function m(density: number, replica: number, evalLoss: number, W: number[][], run = 0) {
  return { run, density, replica, evalLoss, W };
}

describe('regimeConvergence', () => {
  it('follows the best of the first k restarts and its regime, in replica order', () => {
    // listed out of replica order: replica 0 (loss 0.3, 5/5), replica 1 (0.2, 6/3), replica 2 (0.25, 5/5), replica 3 (0.1, 5/5)
    const models = [m(0.2, 1, 0.2, sixInFive()), m(0.2, 0, 0.3, dedicated(5)), m(0.2, 3, 0.1, dedicated(5)), m(0.2, 2, 0.25, dedicated(5))];
    const [cell, ...rest] = regimeConvergence(models);
    expect(rest).toEqual([]);
    expect(cell?.density).toBe(0.2);
    expect(cell?.steps.map((s) => [s.restarts, s.model, s.replica, s.loss, s.represented, s.monosemantic])).toEqual([
      [1, 1, 0, 0.3, 5, 5],
      [2, 0, 1, 0.2, 6, 3],
      [3, 0, 1, 0.2, 6, 3],
      [4, 2, 3, 0.1, 5, 5],
    ]);
    // the regime changed at k = 2 and back at k = 4; the best of all four was drawn fourth
    expect(cell?.lastRegimeChange).toBe(4);
    expect(cell?.bestFoundAt).toBe(4);
  });

  it('keeps the earlier restart on a tie and reports 1 when the first restart’s regime is never replaced', () => {
    const models = [m(0.5, 0, 0.2, dedicated(5)), m(0.5, 1, 0.2, sixInFive()), m(0.5, 2, 0.1, dedicated(5))];
    const [cell] = regimeConvergence(models);
    expect(cell?.steps.map((s) => s.replica)).toEqual([0, 0, 2]);
    expect(cell?.lastRegimeChange).toBe(1);
    expect(cell?.bestFoundAt).toBe(3);
  });

  it('keeps cells apart and indexes the whole list when some models are left out', () => {
    const models = [
      m(0.5, 0, 0.1, dedicated(4), 1),
      m(0.5, 0, 0.3, dedicated(5)),
      m(0.1, 0, 0.2, dedicated(3)),
      m(0.5, 1, 0.2, dedicated(5)),
    ];
    const cells = regimeConvergence(models, (x) => x.run === 0);
    expect(cells.map((c) => [c.run, c.density, c.steps.map((s) => s.model)])).toEqual([
      [0, 0.5, [1, 3]],
      [0, 0.1, [2]],
    ]);
    expect(cells[1]?.steps[0]).toMatchObject({ represented: 3, monosemantic: 3 });
  });
});
