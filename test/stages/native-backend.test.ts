// A reduced DAG end to end on the native backend: the tfjs engine on @tensorflow/tfjs-node (libtensorflow)
// trains a few experiments of a project copy, covering every kind of model (the tied ReLU and linear
// models, the ReLU-hidden model, the untied |x| model), and its weights are held to the fused engine's on
// the same copy within the engines' documented cross-engine tolerance (1e-4 relative; README "Backends and
// training engines"). .ci/run sets the backend up (npm run setup:native), so this runs in CI.

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_READY } from '../model/backend-scope.ts';
import type { TrainedWeights } from '../../data/plan.ts';
import { expectClose } from '../model/assertions.ts';
import { COPY_BASE_SEEDS, copyProject, runMain, runResults } from './project-copy.ts';

/** One experiment per kind of model the engines train. */
const EXPERIMENTS = ['intro', 'superposition', 'privileged-basis', 'abs-demo'];
const TOLERANCE = { rtol: 1e-4, atol: 1e-5 };

let dir: string;

async function trainedWeights(): Promise<Map<string, TrainedWeights>> {
  const weights = new Map<string, TrainedWeights>();
  for (const experiment of EXPERIMENTS) {
    for (const seed of COPY_BASE_SEEDS) {
      const file = join(dir, 'artifacts', 'train', experiment, String(seed), 'weights.json');
      weights.set(`${experiment}/${seed}`, JSON.parse(await readFile(file, 'utf8')) as TrainedWeights);
    }
  }
  return weights;
}

describe.skipIf(!NATIVE_READY)('a reduced DAG on --backend node --engine tfjs', () => {
  beforeAll(async () => {
    dir = await copyProject({ experiments: EXPERIMENTS });
  }, 60_000);
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('builds the report on the native backend, its weights within the cross-engine tolerance of the fused engine', async () => {
    const fused = runMain(dir, ['reproduce', '--engine', 'fused']);
    expect(fused.status, fused.stderr).toBe(0);
    const fusedWeights = await trainedWeights();

    const native = runMain(dir, ['reproduce', '--backend', 'node', '--engine', 'tfjs']);
    expect(native.status, native.stderr).toBe(0);
    // a different engine is a different key: every train node ran again, on libtensorflow
    const rows = runResults(native.stderr);
    const trainRows = Object.entries(rows).filter(([node]) => node.startsWith('train@'));
    expect(trainRows.length).toBeGreaterThanOrEqual(EXPERIMENTS.length);
    expect(trainRows.every(([, result]) => result === 'ran')).toBe(true);
    expect(native.stderr).toMatch(
      /training with engine tfjs on backend node \(requested explicitly\): TensorFlow\.js ops on the node backend/,
    );
    const report = await readFile(join(dir, 'reports', 'replication', 'report.md'), 'utf8');
    expect(report).toContain('- training engine: `tfjs on the node backend`.');

    const nativeWeights = await trainedWeights();
    for (const [item, want] of fusedWeights) {
      const got = nativeWeights.get(item)!;
      expect(got.engine, item).toBe('tfjs');
      expect(got.backend, item).toBe('node');
      expect(want.engine, item).toBe('fused');
      expect(want).not.toHaveProperty('backend');
      expect(got.groups.length, item).toBe(want.groups.length);
      want.groups.forEach((group, g) => {
        const other = got.groups[g]!;
        expectClose(other.W, group.W, TOLERANCE.rtol, TOLERANCE.atol, `${item} group ${g} W`);
        expectClose(other.b, group.b, TOLERANCE.rtol, TOLERANCE.atol, `${item} group ${g} b`);
        expectClose(other.lossCurve, group.lossCurve, TOLERANCE.rtol, TOLERANCE.atol, `${item} group ${g} loss curve`);
        for (const [name, values] of Object.entries(group.params ?? {})) {
          expectClose(other.params?.[name] ?? [], values, TOLERANCE.rtol, TOLERANCE.atol, `${item} group ${g} ${name}`);
        }
      });
    }
  }, 600_000);
});
