// The train stage's shards against its own whole run: real plans of the project (shortened), trained by
// the real trainers whole and as shards, must give the same bytes once merged. Shards are made finer here
// than the pipeline makes them (its threshold would need minutes of training per shard), by wrapping
// shardSlices; everything else is the stage as the pipeline runs it.

import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { deriveSeed } from '../../data/prng.ts';
import { slicePlan } from '../../data/plan-shards.ts';
import type { TrainingPlan } from '../../data/plan.ts';
import type { Params } from '../../experiments/params.ts';
import { buildPlan } from '../../experiments/plan.ts';
import type { ShardRef, StageContext } from '../../pipeline/types.ts';
import { PLAN } from '../../stages/outputs.ts';
import { pipeline } from '../../stages/index.ts';
import train from '../../stages/train.ts';
import { MODEL_CATALOG } from '../core/models/family.ts';

vi.mock('../../data/plan-shards.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../data/plan-shards.ts')>();
  // about three shards of a plan, whatever its size
  const total = (plan: TrainingPlan): number => plan.groups.reduce((n, g) => n + g.instances.length * actual.instanceWork(plan, g), 0);
  return { ...actual, shardSlices: (plan: TrainingPlan) => actual.shardSlices(plan, total(plan) / 3.5) };
});

const params = pipeline.parseParams(parse(readFileSync('params.yaml', 'utf8')), 'params.yaml');
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'train-shards-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The experiment's plan for its first base seed, cut to `instances` models per group and `steps` steps. */
function shortPlan(id: string, instances: number, steps: number): TrainingPlan {
  const plan = buildPlan(id, params.experiments[id]!, params, deriveSeed(params.base_seeds[0]!, id), MODEL_CATALOG);
  const cut = slicePlan(
    plan,
    plan.groups.map((g, k) => ({ group: k, from: 0, to: Math.min(instances, g.instances.length) })),
  );
  return { ...cut, groups: cut.groups.map((g) => ({ ...g, steps })) };
}

function context(planDir: string, outDir: string, shard?: ShardRef): StageContext<Params> {
  return {
    node: { stage: 'train', item: 'test/1', id: 'train@test/1' },
    params: { engine: 'fused', backend: 'auto' } as Params,
    seed: 0,
    toolchain: {},
    input: () => planDir,
    items: [],
    inputItems: () => [],
    ...(shard === undefined ? {} : { shard }),
    outDir,
    root,
    log: () => {},
    progress: () => {},
    runs: async () => [],
  };
}

/** An empty folder (what the pipeline hands a stage as its outDir). */
async function folder(path: string): Promise<string> {
  await mkdir(path, { recursive: true });
  return path;
}

async function folderBytes(dir: string): Promise<Record<string, Buffer>> {
  const files = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(join(dir, f))] as const)));
}

describe('train stage shards', () => {
  // each covers a path of the stage: the tied model's trainer (intro), several groups and an attack
  // (adversarial-training), a model with a hidden ReLU (privileged-basis), an untied decoder whose every
  // parameter is kept (abs-sweep), and weight snapshots (dynamics)
  it.each([
    ['intro', 8, 120],
    ['adversarial-training', 2, 60],
    ['privileged-basis', 4, 60],
    ['abs-sweep', 3, 60],
    ['dynamics', 3, 120],
  ])('%s: every shard trained apart and merged gives the bytes of the whole run', { timeout: 120_000 }, async (id, instances, steps) => {
    const dir = await mkdtemp(join(root, `${id}-`));
    const planDir = await folder(join(dir, 'plan'));
    const plan = shortPlan(id, instances, steps);
    await PLAN.write(planDir, plan);
    const whole = await folder(join(dir, 'whole'));
    await train.run(context(planDir, whole));

    const count = await train.shards!.count(context(planDir, whole));
    expect(count).toBeGreaterThanOrEqual(2);
    const parts: string[] = [];
    for (let index = 0; index < count; index += 1) {
      parts.push(await folder(join(dir, `part-${index}`)));
      await train.run(context(planDir, parts[index]!, { index, count }));
    }
    const merged = await folder(join(dir, 'merged'));
    await train.shards!.merge(context(planDir, merged), parts);

    const expected = await folderBytes(whole);
    if (id === 'dynamics') expect(Object.keys(expected)).toContain('snapshots.f32');
    expect(Object.keys(await folderBytes(merged))).toEqual(Object.keys(expected));
    for (const [file, bytes] of Object.entries(await folderBytes(merged))) expect(bytes.equals(expected[file]!), file).toBe(true);
    // and a shard is not the whole: it holds only its own instances
    const first = JSON.parse(await readFile(join(parts[0]!, 'weights.json'), 'utf8')) as { groups: Array<{ b: number[] }> };
    const firstInstances = first.groups.reduce((n, g) => n + g.b.length / plan.features, 0);
    expect(firstInstances).toBeLessThan(plan.groups.reduce((n, g) => n + g.instances.length, 0));
  });

  it('refuses a shard of a count its plan does not split into', async () => {
    const dir = await mkdtemp(join(root, 'count-'));
    const planDir = await folder(join(dir, 'plan'));
    await PLAN.write(planDir, shortPlan('intro', 6, 10));
    const count = await train.shards!.count(context(planDir, dir));
    await expect(train.run(context(planDir, await folder(join(dir, 'out')), { index: 0, count: count + 1 }))).rejects.toThrow(
      `the plan splits into ${count} shards, not ${count + 1}`,
    );
  });
});
