// The memory estimate that refuses sizes a machine cannot hold: what it counts (every parameter tensor of
// the model a run names, the snapshots, the F × F analysis), that it refuses the case that used to crash
// V8 with one line naming the keys, and, end to end, that it bounds the memory a real node uses.

import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import untiedAbs from '../../core/models/untied-abs.ts';
import reluOutput from '../../core/models/relu-output.ts';
import { checkMemory, estimateNodeMemory, memoryLimitBytes } from '../../experiments/memory-estimate.ts';
import { parseParams, type ExperimentParams, type Params } from '../../experiments/params.ts';
import { PROJECT_ROOT, copyProject, runMain, setParam } from '../stages/project-copy.ts';

const MODELS = new Map([
  ['relu-output', reluOutput],
  ['untied-abs', untiedAbs],
]);
const MIB = 2 ** 20;

/** The committed params.yaml, parsed, with one experiment replaced. */
function paramsWith(id: string, experiment: unknown): Params {
  const raw = parse(readFileSync(join(PROJECT_ROOT, 'params.yaml'), 'utf8')) as { experiments: Record<string, unknown> };
  raw.experiments = { [id]: experiment };
  return parseParams(raw, 'params.yaml', [id]);
}

const run = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  recipe: 'notebook',
  ...('model' in over ? {} : { activation: 'relu' }),
  densities: [0.1, 0.05],
  restarts: 1,
  ...over,
});
const experiment = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  features: 1000,
  hidden: 100,
  importance_decay: 1,
  eval_samples: 1024,
  runs: [run()],
  ...over,
});

/** The estimate's part named like `what`, in bytes. */
function term(e: ExperimentParams, params: Params, what: RegExp): number {
  return estimateNodeMemory(e, params, MODELS).terms.find((t) => what.test(t.what))?.bytes ?? 0;
}

describe('estimateNodeMemory', () => {
  it('counts every model a run trains and every parameter tensor of its model', () => {
    const tied = paramsWith('uniform', experiment());
    const weights = term(tied.experiments.uniform!, tied, /weights/);
    // twice the restarts or a third density: twice or 3/2 the models, so twice or 3/2 the weights
    const restarts = paramsWith('uniform', experiment({ runs: [run({ restarts: 2 })] }));
    expect(term(restarts.experiments.uniform!, restarts, /weights/)).toBe(2 * weights);
    const densities = paramsWith('uniform', experiment({ runs: [run({ densities: [0.1, 0.05, 0.01] })] }));
    expect(term(densities.experiments.uniform!, densities, /weights/)).toBe(1.5 * weights);
    // the untied |x| model has W1 and W2 [F, H] and b [F]: (2·F·H + F) / (F·H + F) times the tied one's
    const untied = paramsWith('abs-sweep', experiment({ runs: [run({ model: 'untied-abs' })] }));
    expect(term(untied.experiments['abs-sweep']!, untied, /weights/) / weights).toBeCloseTo(
      (2 * 1000 * 100 + 1000) / (1000 * 100 + 1000),
      12,
    );
    expect(estimateNodeMemory(untied.experiments['abs-sweep']!, untied, MODELS).terms[0]!.what).toBe(
      'the weights: 2 models × 201,000 parameters',
    );
  });

  it('counts a snapshot of every model every snapshot_every steps, plus the first and the last', () => {
    const plain = paramsWith('dynamics', experiment({ runs: [run({ steps: 1000 })] }));
    const snapshotted = paramsWith('dynamics', experiment({ runs: [run({ steps: 1000, snapshot_every: 100 })] }));
    const weights = term(plain.experiments.dynamics!, plain, /weights/);
    // after 0, 100, …, 1000 updates and the last: 12 copies of the weights (as model/snapshots.ts records)
    expect(term(snapshotted.experiments.dynamics!, snapshotted, /snapshots/)).toBe(12 * weights);
    expect(term(plain.experiments.dynamics!, plain, /snapshots/)).toBe(0);
  });

  it('grows with F² for the analysis and with eval_samples × F for the held-out set', () => {
    const small = paramsWith('uniform', experiment({ features: 500 }));
    const large = paramsWith('uniform', experiment({ features: 1000 }));
    expect(term(large.experiments.uniform!, large, /feature matrices/)).toBe(
      4 * term(small.experiments.uniform!, small, /feature matrices/),
    );
    const more = paramsWith('uniform', experiment({ eval_samples: 4096 }));
    expect(term(more.experiments.uniform!, more, /held-out/)).toBe(4 * term(large.experiments.uniform!, large, /held-out/));
  });
});

describe('checkMemory', () => {
  it('refuses features and hidden both 10,000 (a fatal V8 error before) with one line naming the keys', () => {
    const huge = paramsWith('intro', experiment({ features: 10_000, hidden: 10_000 }));
    expect(() => checkMemory(huge, 'params.yaml', MODELS, 2048 * MIB)).toThrow(
      /^params\.yaml: experiments\.intro: a node of this experiment needs about \d+ GiB \(most of it the weights: 2 models × 100,010,000 parameters, \d+ GiB\), more than the 2\.00 GiB allowed per node \(TMS_MEMORY_LIMIT_MIB\); lower features \(10000\), hidden \(10000\), eval_samples or the models per run/,
    );
  });

  it('accepts every experiment of the committed params.yaml under the default limit, and refuses them under a tiny one', () => {
    const raw = parse(readFileSync(join(PROJECT_ROOT, 'params.yaml'), 'utf8')) as { experiments: Record<string, unknown> };
    const params = parseParams(raw, 'params.yaml', Object.keys(raw.experiments));
    expect(() => checkMemory(params, 'params.yaml', MODELS, memoryLimitBytes({}))).not.toThrow();
    expect(() => checkMemory(params, 'params.yaml', MODELS, 100 * MIB)).toThrow(/more than the 100 MiB allowed per node/);
  });

  it('reads its limit from TMS_MEMORY_LIMIT_MIB, and refuses a limit that is not a positive number', () => {
    expect(memoryLimitBytes({})).toBe(2048 * MIB);
    expect(memoryLimitBytes({ TMS_MEMORY_LIMIT_MIB: '512' })).toBe(512 * MIB);
    for (const bad of ['0', '-5', 'lots', 'Infinity'])
      expect(() => memoryLimitBytes({ TMS_MEMORY_LIMIT_MIB: bad })).toThrow(
        `TMS_MEMORY_LIMIT_MIB (environment): must be a positive number of MiB, got '${bad}'`,
      );
  });
});

describe('the estimate against a real node', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await copyProject({ experiments: ['uniform'] });
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('bounds the peak memory that generate and train of 4 models of 2,000 → 200 measure, within a factor of 4', async () => {
    await setParam(dir, ['experiments', 'uniform', 'features'], 2000);
    await setParam(dir, ['experiments', 'uniform', 'hidden'], 200);
    await setParam(dir, ['experiments', 'uniform', 'runs', 0, 'densities'], [0.1, 0.05]);
    await setParam(dir, ['experiments', 'uniform', 'runs', 0, 'restarts'], 2);
    await setParam(dir, ['recipes', 'notebook', 'steps'], 5); // memory does not grow with the steps
    const raw = parse(readFileSync(join(dir, 'params.yaml'), 'utf8')) as { experiments: Record<string, unknown> };
    const params = parseParams(raw, 'params.yaml', ['uniform']);
    const estimate = estimateNodeMemory(params.experiments.uniform!, params, MODELS).bytes / MIB;
    const result = runMain(dir, ['reproduce', `train@uniform/${params.base_seeds[0]}`, '--jobs', '1']);
    expect(result.status, result.stderr).toBe(0);
    const peak = Number(/peak memory (\d+) MiB/.exec(result.stderr)?.[1]);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(estimate);
    expect(estimate).toBeLessThanOrEqual(4 * peak);
    process.stderr.write(`memory estimate ${estimate.toFixed(0)} MiB, measured peak ${peak} MiB\n`);
    // and the same sizes pass the check at the default limit, but not at one below the estimate
    const tooLow = runMain(dir, ['ls'], { TMS_MEMORY_LIMIT_MIB: String(Math.floor(estimate / 2)) });
    expect(tooLow.status).toBe(2);
    expect(tooLow.stderr.trim().split('\n')).toHaveLength(1);
    expect(tooLow.stderr).toMatch(/^error \[E_PARAMS\]: params\.yaml: experiments\.uniform: a node of this experiment needs about /);
  }, 240_000);
});
