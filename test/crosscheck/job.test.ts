import { describe, expect, it } from 'vitest';
import { mergeSeedRuns, type CrossCheckJob, type CrossCheckModel, type TrainedByTorch } from '../../crosscheck/job.ts';

const model = (evalLoss: number): CrossCheckModel => ({ run: 0, activation: 'relu', density: 1, restart: 0, evalLoss, W: [[1]], b: [0] });
const job = { seeds: [3, 1, 2], experiments: [{ id: 'a' }, { id: 'b' }] } as unknown as CrossCheckJob;
const part = (seed: number): TrainedByTorch => ({
  torch: '1.13',
  python: '3.11',
  experiments: [
    { id: 'a', seeds: [{ seed, models: [model(seed)] }] },
    { id: 'b', seeds: [{ seed, models: [model(10 * seed)] }] },
  ],
});

describe('mergeSeedRuns', () => {
  it('joins per-seed outputs into one, each experiment with its seeds in the order of the job', () => {
    const merged = mergeSeedRuns(job, [part(1), part(2), part(3)]);
    expect(merged.experiments.map((e) => e.id)).toEqual(['a', 'b']);
    expect(merged.experiments[0]!.seeds.map((s) => [s.seed, s.models[0]!.evalLoss])).toEqual([
      [3, 3],
      [1, 1],
      [2, 2],
    ]);
    expect(merged.experiments[1]!.seeds.map((s) => [s.seed, s.models[0]!.evalLoss])).toEqual([
      [3, 30],
      [1, 10],
      [2, 20],
    ]);
  });

  it('refuses a seed that no process trained, or that two did', () => {
    expect(() => mergeSeedRuns(job, [part(1), part(3)])).toThrow(/0 runs of a with seed 2/);
    expect(() => mergeSeedRuns(job, [part(1), part(2), part(3), part(2)])).toThrow(/2 runs of a with seed 2/);
  });
});
