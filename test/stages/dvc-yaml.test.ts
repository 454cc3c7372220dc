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
    const dvc = parse(await renderDvcYaml(pipeline)) as {
      stages: Record<string, { cmd: string; deps: string[]; params: string[]; outs: Record<string, { cache: boolean }>[] }>;
    };
    // one stage per experiment and base seed: "train@intro/20221014" is DVC's "train.intro.20221014"
    const train = dvc.stages['train.intro.20221014']!;
    expect(train.cmd).toBe('npx tsx main.ts run-node train@intro/20221014');
    expect(train.deps).toEqual(
      expect.arrayContaining([
        'stages/train.ts',
        'model/train.ts',
        'model/backend.ts',
        'model/engine.ts',
        'model/fused/trainer.wasm',
        'model/fused/worker.ts',
        'data/synthetic.ts',
        'artifacts/generate/intro/20221014',
        'package-lock.json',
      ]),
    );
    expect(train.params).toEqual(['backend', 'engine']);
    // cached by DVC too, so that dvc push carries it; the committed report, which git carries, is not
    expect(train.outs).toEqual(['artifacts/train/intro/20221014']);
    expect(dvc.stages['report']!.outs).toEqual([{ 'reports/replication': { cache: false } }]);
    // every key of the experiment that shapes its models, but not how many base seeds it uses
    expect(dvc.stages['generate.uniform.20221014']!.params).toEqual([
      'experiments.uniform.eval_samples',
      'experiments.uniform.features',
      'experiments.uniform.hidden',
      'experiments.uniform.importance_decay',
      'experiments.uniform.runs',
      'recipes.notebook',
    ]);
    // an experiment's analysis depends on its own declaration only
    expect(dvc.stages['analyze.intro.20221015']!.deps).toContain('experiments/intro.ts');
    expect(dvc.stages['analyze.intro.20221015']!.deps).not.toContain('experiments/superposition.ts');
    // the verdicts read every seed's analysis; the figures the first seed's only
    expect(dvc.stages['verdicts.intro']!.deps.filter((d) => d.startsWith('artifacts/'))).toEqual(
      ['20221014', '20221015', '20221016', '20221017', '20221018'].map((seed) => `artifacts/analyze/intro/${seed}`),
    );
    expect(dvc.stages['verdicts.intro']!.params).toEqual(['verdict_threshold']);
    expect(dvc.stages['figures.intro']!.deps.filter((d) => d.startsWith('artifacts/'))).toEqual(['artifacts/analyze/intro/20221014']);
    expect(dvc.stages.report!.outs).toEqual([{ 'reports/replication': { cache: false } }]);
  });
});
