// dvc.yaml is generated from the TypeScript definition; the committed file must match it.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkDvcYaml, renderDvcYaml } from '../../pipeline/dvc.ts';
import { pipeline } from '../../stages/index.ts';

describe('dvc.yaml', () => {
  it('is in sync with the pipeline definition (run `npm run dvc:generate` after changing the DAG)', async () => {
    expect(await checkDvcYaml(pipeline)).toBeUndefined();
  });

  it('lists the whole code closure, the upstream outputs and exactly the parameters of each node', async () => {
    const dvc = parse(await renderDvcYaml(pipeline)) as { stages: Record<string, { cmd: string; deps: string[]; params: string[]; outs: string[] }> };
    const train = dvc.stages['train.intro']!;
    expect(train.cmd).toBe('npx tsx main.ts run-node train@intro');
    expect(train.deps).toEqual(expect.arrayContaining(['stages/train.ts', 'model/train.ts', 'model/backend.ts', 'model/engine.ts', 'model/fused/trainer.wasm', 'model/fused/worker.ts', 'data/synthetic.ts', 'artifacts/generate/intro', 'package-lock.json']));
    expect(train.params).toEqual(['backend', 'engine']);
    expect(train.outs).toEqual(['artifacts/train/intro']);
    expect(dvc.stages['generate.seed-intro']!.params).toEqual(['experiments.seed-intro', 'recipes.seed']);
    // an experiment's analysis depends on its own declaration only
    expect(dvc.stages['analyze.intro']!.deps).toContain('experiments/intro.ts');
    expect(dvc.stages['analyze.intro']!.deps).not.toContain('experiments/superposition.ts');
    expect(dvc.stages.report!.outs).toEqual(['reports/replication']);
  });
});
