// The real DAG end to end on a copy of the project with a tiny training budget: a cold run builds
// every node and the report, a warm run is all cache hits, a changed parameter reruns exactly the
// nodes that read it, and bad input stops before anything is cached.

import { existsSync, readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../pipeline/fs-atomic.ts';
import { digestFile } from '../../pipeline/hash.ts';
import { COPY_BASE_SEEDS, copyProject, expectedNodeCount, runMain, setParam, runResults } from './project-copy.ts';

let dir: string;
let NODES: number;
const [FIRST, SECOND] = COPY_BASE_SEEDS as [number, number];

/** sha256 of every file below the given folders of the project copy. */
async function digestTree(root: string, folders: string[]): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const folder of folders) {
    for (const file of await listFiles(join(root, folder))) digests[`${folder}/${file}`] = await digestFile(join(root, folder, file));
  }
  return digests;
}

beforeAll(async () => {
  dir = await copyProject();
  NODES = await expectedNodeCount(dir);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run reproduce on the real DAG', () => {
  it('builds every node and the report on a cold run', () => {
    const run = runMain(dir, ['reproduce']);
    expect(run.status, run.stderr).toBe(0);
    const rows = runResults(run.stderr);
    expect(Object.keys(rows)).toHaveLength(NODES);
    expect(Object.values(rows).every((r) => r === 'ran')).toBe(true);
    expect(run.stderr).toMatch(
      /training with engine fused: fused WebAssembly SIMD kernel \(engine auto: on CPUs it outruns TensorFlow\.js/,
    );
    for (const file of [
      'report.md',
      'report.html',
      'figures/intro-geometry.svg',
      'figures/superposition-relu.vl.json',
      'figures/seed-superposition-relu.svg',
    ]) {
      expect(existsSync(join(dir, 'reports', 'replication', file)), file).toBe(true);
    }
  });

  it('gives byte-identical artifacts and figures when rebuilt from an empty cache (same seed, same backend)', async () => {
    const before = await digestTree(dir, ['artifacts', 'reports/replication/figures']);
    await rm(join(dir, 'cache'), { recursive: true });
    await rm(join(dir, 'artifacts'), { recursive: true });
    await rm(join(dir, 'reports'), { recursive: true });
    const run = runMain(dir, ['reproduce']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`${NODES} ran, 0 cache hits`));
    const after = await digestTree(dir, ['artifacts', 'reports/replication/figures']);
    expect(Object.keys(after).length).toBeGreaterThan(40);
    expect(after).toEqual(before);
  });

  it('is all cache hits when nothing changed', () => {
    const run = runMain(dir, ['reproduce']);
    expect(run.status, run.stderr).toBe(0);
    const rows = runResults(run.stderr);
    expect(Object.keys(rows)).toHaveLength(NODES);
    expect(Object.values(rows).every((r) => r === 'cache hit')).toBe(true);
    expect(run.stderr).toMatch(new RegExp(`0 ran, ${NODES} cache hits`));
  });

  it('reruns only what depends on a changed parameter', async () => {
    await setParam(dir, ['experiments', 'seed-intro', 'runs', 0, 'steps'], 31);
    const explain = runMain(dir, ['explain', `generate@seed-intro/${FIRST}`]);
    expect(explain.stdout).toMatch(/parameter experiments\.seed-intro\.runs changed/);
    const run = runMain(dir, ['reproduce']);
    expect(run.status, run.stderr).toBe(0);
    const rows = runResults(run.stderr);
    const reran = Object.keys(rows)
      .filter((n) => rows[n] === 'ran')
      .sort();
    const perSeed = (seed: number) => ['analyze', 'generate', 'train'].map((stage) => `${stage}@seed-intro/${seed}`);
    expect(reran).toEqual([...perSeed(FIRST), ...perSeed(SECOND), 'figures@seed-intro', 'report', 'verdicts@seed-intro'].sort());
  });

  it('trains only the new seed when an experiment gets one more base seed, and none when it gets fewer', async () => {
    await setParam(dir, ['experiments', 'intro', 'max_base_seeds'], 1);
    const fewer = runMain(dir, ['reproduce']);
    expect(fewer.status, fewer.stderr).toBe(0);
    const after = runResults(fewer.stderr);
    expect(
      Object.keys(after)
        .filter((n) => after[n] === 'ran')
        .sort(),
    ).toEqual(['report', 'verdicts@intro']);
    expect(Object.keys(after)).not.toContain(`train@intro/${SECOND}`);
    await setParam(dir, ['experiments', 'intro', 'max_base_seeds'], 2);
    const back = runMain(dir, ['reproduce']);
    // the second seed's nodes were cached before: nothing is generated, trained or analysed again
    const backRows = runResults(back.stderr);
    expect(
      Object.keys(backRows)
        .filter((n) => backRows[n] === 'ran')
        .every((n) => n === 'report' || n.startsWith('verdicts@')),
    ).toBe(true);
    const third = runMain(dir, ['reproduce', '--base-seeds', `${FIRST},${SECOND},7`]);
    expect(third.status, third.stderr).toBe(0);
    const rows = runResults(third.stderr);
    const trained = Object.keys(rows).filter((n) => n.startsWith('train@') && rows[n] === 'ran');
    // every experiment whose max_base_seeds allows a third seed trains that seed, and only that seed
    expect(trained.length).toBeGreaterThan(0);
    expect(trained.every((n) => n.endsWith('/7'))).toBe(true);
    expect(trained).not.toContain('train@intro/7');
    expect(Object.keys(rows).filter((n) => n.startsWith('figures@') && rows[n] === 'ran')).toEqual([]);
    // back to the file's seeds: the workspace follows params.yaml again, from the cache
    const restored = runMain(dir, ['reproduce']);
    expect(restored.stderr).toMatch(/^0 ran, /m);
  });

  it('lists the nodes and shows a manifest and an artifact', async () => {
    const ls = runMain(dir, ['ls']);
    expect(ls.status).toBe(0);
    expect(ls.stdout.split('\n').filter((l) => /\bfresh\b/.test(l))).toHaveLength(NODES);
    const show = runMain(dir, ['show', `train@intro/${FIRST}`]);
    const manifest = JSON.parse(show.stdout) as {
      toolchain: Record<string, string>;
      outputs: Record<string, unknown>;
      seconds: number;
      codeFiles: Record<string, string>;
    };
    // the fused engine uses no TensorFlow.js backend, so none is in its key (installing tfjs-node changes nothing)
    expect(manifest.toolchain.engine).toBe('fused');
    expect(manifest.toolchain).not.toHaveProperty('backend');
    expect(Object.keys(manifest.outputs)).toEqual(['weights.json']);
    expect(Object.keys(manifest.codeFiles)).toEqual(
      expect.arrayContaining(['model/train.ts', 'model/fused/engine.ts', 'model/fused/trainer.wasm']),
    );
    // a run with snapshot_every adds the snapshot file next to weights.json
    const dynamics = JSON.parse(runMain(dir, ['show', `train@dynamics/${FIRST}`]).stdout) as { outputs: Record<string, unknown> };
    expect(Object.keys(dynamics.outputs).sort()).toEqual(['snapshots.f32', 'weights.json']);
    // a binary output is summarised on request (and in a terminal) instead of dumped as bytes
    const size = (await readFile(join(dir, `artifacts/train/dynamics/${FIRST}/snapshots.f32`))).length;
    const summary = runMain(dir, ['show', `train@dynamics/${FIRST}`, 'snapshots.f32', '--summary']).stdout;
    expect(summary).toContain(`snapshots.f32: binary, ${size} bytes, sha256 `);
    expect(summary).toContain(`float32 little-endian, ${size / 4} values: min `);
    const data = runMain(dir, ['show', `analyze@intro/${SECOND}`, 'claims.json']);
    expect(JSON.parse(data.stdout)).toEqual(JSON.parse(await readFile(join(dir, `artifacts/analyze/intro/${SECOND}/claims.json`), 'utf8')));
    const verdicts = JSON.parse(runMain(dir, ['show', 'verdicts@intro', 'verdicts.json']).stdout) as {
      seeds: number[];
      claims: Array<{ seeds: Array<{ seed: number }> }>;
    };
    expect(verdicts.seeds).toEqual([FIRST, SECOND]);
    expect(verdicts.claims.every((c) => c.seeds.map((o) => o.seed).join() === `${FIRST},${SECOND}`)).toBe(true);
  });

  it('stops on bad input with one clear line and caches nothing', async () => {
    const before = readdirSync(join(dir, 'cache', 'actions')).length;
    const backend = runMain(dir, ['reproduce', '--backend', 'tpu']);
    expect(backend.status).toBe(2);
    expect(backend.stderr.trim()).toBe(
      "error [E_PARAMS]: params.yaml: --backend: must be one of auto, node-gpu, node, wasm, cpu; got 'tpu'",
    );
    const unavailable = runMain(dir, ['reproduce', '--backend', 'node-gpu']);
    expect(unavailable.status).toBe(2);
    expect(unavailable.stderr).toMatch(/error \[E_BACKEND\]: backend 'node-gpu' is not available/);
    const node = runMain(dir, ['show', 'train@nope']);
    expect(node.status).toBe(2);
    expect(node.stderr.trim()).toMatch(
      /^error \[E_NODE\]: unknown node 'train@nope' \(closest: train@intro\/20221014, .*; 'ls' lists all \d+ nodes\)$/,
    );
    // a file name that is an inherited property of every object is no output either
    const inherited = runMain(dir, ['show', `train@intro/${FIRST}`, 'constructor']);
    expect(inherited.status).toBe(1);
    expect(inherited.stderr.trim()).toMatch(/^error \[E_NO_FILE\]: train@intro\/\d+ has no output 'constructor' \(outputs: /);
    for (const [flag, problem] of [
      ['', 'must be a non-empty list'],
      ['3,3', 'seed 3 is already --base-seeds[0]'],
      ['-1', 'must be ≥ 0, got -1'],
    ] as const) {
      const bad = runMain(dir, ['reproduce', '--base-seeds', flag]);
      expect(bad.status).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toContain(problem);
    }
    await setParam(dir, ['verdict_threshold'], 1.5);
    const threshold = runMain(dir, ['reproduce']);
    expect(threshold.status).toBe(2);
    expect(threshold.stderr.trim()).toBe('error [E_PARAMS]: params.yaml: verdict_threshold: must be ≤ 1, got 1.5');
    await setParam(dir, ['verdict_threshold'], 0.8);
    await setParam(dir, ['recipes', 'notebook', 'optimizer'], 'adagrad');
    const param = runMain(dir, ['reproduce']);
    expect(param.status).toBe(2);
    expect(param.stderr.trim()).toBe(
      "error [E_PARAMS]: params.yaml: recipes.notebook.optimizer: must be one of adamw, adam, sgd, rmsprop; got 'adagrad'",
    );
    expect(readdirSync(join(dir, 'cache', 'actions'))).toHaveLength(before);
  });
});
