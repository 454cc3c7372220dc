// The replication's DAG definition: the cost estimate the scheduler orders stale nodes by.

import { describe, expect, it } from 'vitest';
import type { TrainingPlan } from '../../data/plan.ts';
import { loadParams } from '../../pipeline/params.ts';
import { pipeline, trainingWork } from '../../stages/index.ts';

describe('trainingWork', () => {
  it('is models × steps × batch × (F·(H + 2) + 40), summed over groups', () => {
    const group = (instances: number, steps: number, batch: number) =>
      ({ instances: Array.from({ length: instances }), steps, batch }) as unknown as TrainingPlan['groups'][number];
    const plan = { features: 5, hidden: 2, groups: [group(3, 100, 8), group(1, 10, 4)] } as unknown as TrainingPlan;
    // per example-step 5·4 + 40 = 60; 3·100·8·60 + 1·10·4·60
    expect(trainingWork(plan)).toBe(144_000 + 2_400);
  });
});

describe('estimateCost', () => {
  it('ranks training by the measured order of its nodes and gives every other stage 0', async () => {
    const params = await loadParams(pipeline);
    const cost = (stage: string, item?: string) => pipeline.estimateCost!(params, { stage, item, id: item ? `${stage}@${item}` : stage });
    // measured here with the fused engine: uniform 145 s > phase-n2m1 65 s > superposition 9 s > intro 6 s > seed-intro 0.3 s
    const order = ['uniform', 'phase-n2m1', 'superposition', 'intro', 'seed-intro'].map((id) => cost('train', `${id}/20221014`));
    expect([...order].sort((a, b) => b - a)).toEqual(order);
    // every base seed trains the same models
    expect(cost('train', 'intro/20221015')).toBe(cost('train', 'intro/20221014'));
    expect(cost('analyze', 'uniform/20221014')).toBe(0);
    expect(cost('verdicts', 'uniform')).toBe(0);
    expect(cost('report')).toBe(0);
  });
});
