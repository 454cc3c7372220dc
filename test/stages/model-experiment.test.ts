// A model is data in params.yaml: a run names any model of core/models/ with `model:` and an L1 penalty on
// its hidden activations with `l1:`. On a copy of the project, an experiment that trains the paper's
// privileged-basis model and its untied |x| model runs end to end on both engines: the plan draws every
// parameter by name, the weights keep them, and the analysis evaluates each model through its definition
// on its own inputs and target (checked here against the loss of a model that outputs nothing).

import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { drawHeldOut } from '../../data/held-out.ts';
import { instanceImportance, type TrainedWeights, type TrainingPlan } from '../../data/plan.ts';
import { signInputs } from '../../data/signed.ts';
import { COPY_BASE_SEEDS, copyProject, runMain, setParam } from './project-copy.ts';

const ID = 'model-zoo';
const SEED = COPY_BASE_SEEDS[0]!;
const MODULE = `// Two models of the family besides the paper's first, trained and measured (no figure or claim yet).
import { defineExperiment } from './types.ts';

export default defineExperiment({ id: '${ID}', title: 'The privileged-basis and |x| models', recipe: 'notebook', claims: [], figures: [] });
`;
const RUNS = [
  { recipe: 'notebook', model: 'relu-hidden', densities: [0.3], restarts: 2, lr: 0.01, steps: 600 },
  { recipe: 'notebook', model: 'untied-abs', l1: 0.001, densities: [0.3], restarts: 2, lr: 0.01, steps: 600 },
];

let dir: string;

beforeAll(async () => {
  dir = await copyProject({ experiments: ['intro'] });
  await setParam(dir, ['experiments', ID], { features: 6, hidden: 4, importance_decay: 0.9, eval_samples: 512, runs: RUNS });
  await writeFile(join(dir, 'experiments', `${ID}.ts`), MODULE);
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const nodeDir = (stage: string) => join(dir, 'artifacts', stage, ID, String(SEED));
const readJson = async <T>(stage: string, file: string): Promise<T> => JSON.parse(await readFile(join(nodeDir(stage), file), 'utf8')) as T;

/** The held-out loss of a model whose output is always 0: mean of I_f t_f², t = x or |x| (the same for both). */
function silentLoss(plan: TrainingPlan, index: number, signed: boolean): number {
  const inst = plan.groups.flatMap((g) => g.instances).find((i) => i.index === index)!;
  const x = drawHeldOut(plan, inst);
  if (signed) signInputs(x);
  const importance = instanceImportance(plan, inst);
  let total = 0;
  x.forEach((v, k) => (total += importance[k % plan.features]! * v * v));
  return total / x.length;
}

async function trainAndCheck(engine: 'fused' | 'tfjs'): Promise<void> {
  const run = runMain(dir, ['reproduce', `analyze@${ID}/${SEED}`, '--engine', engine]);
  expect(run.status, run.stderr).toBe(0);
  const plan = await readJson<TrainingPlan>('generate', 'plan.json');
  expect(plan.groups.map((g) => [g.model, g.activation, g.l1])).toEqual([
    ['relu-hidden', 'relu', undefined],
    ['untied-abs', 'relu', 0.001],
  ]);
  expect(Object.keys(plan.groups[1]!.params0)).toEqual(['W1', 'W2', 'b']);

  const weights = await readJson<TrainedWeights>('train', 'weights.json');
  expect(weights.engine).toBe(engine);
  const [hidden, untied] = weights.groups;
  // the tied model's W and b are all its parameters; the untied one keeps W1 (its encoder) as W, and all three by name
  expect(hidden!.params).toBeUndefined();
  expect(Object.keys(untied!.params ?? {})).toEqual(['W1', 'W2', 'b']);
  expect(untied!.W).toEqual(untied!.params!['W1']);
  expect(untied!.b).toEqual(untied!.params!['b']);
  expect(untied!.params!['W2']).toHaveLength(2 * 6 * 4);
  expect(untied!.W).not.toEqual(plan.groups[1]!.params0['W1']); // it trained

  const analysis = await readJson<ExperimentAnalysis>('analyze', 'metrics.json');
  expect(analysis.ranking).toBe('held-out');
  expect(analysis.models.map((m) => [m.model, m.l1])).toEqual([
    ['relu-hidden', undefined],
    ['relu-hidden', undefined],
    ['untied-abs', 0.001],
    ['untied-abs', 0.001],
  ]);
  for (const m of analysis.models) {
    // every model learned: well below the loss of outputting nothing, on its own inputs (signed for |x|)
    const silent = silentLoss(plan, m.index, m.model === 'untied-abs');
    expect(m.evalLoss, `${engine} ${m.model} ${m.index}`).toBeLessThan(0.7 * silent);
    expect(m.W).toHaveLength(6);
  }
}

describe('an experiment that names its models in params.yaml', () => {
  it('trains the privileged-basis and untied |x| models on the fused engine and evaluates them by their definitions', async () => {
    await trainAndCheck('fused');
  }, 300_000);

  it('trains them on TensorFlow.js too', async () => {
    await trainAndCheck('tfjs');
  }, 300_000);

  it('stops with one line naming the key, the model and the models there are when a run names one that does not exist', async () => {
    await setParam(dir, ['experiments', ID, 'runs', 0, 'model'], 'relu-hiden');
    const run = runMain(dir, ['reproduce', `analyze@${ID}/${SEED}`]);
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(
      /params\.yaml: experiments\.model-zoo\.runs\[0\]\.model: no model 'relu-hiden' \(no file core\/models\/relu-hiden\.ts; models: linear-output, relu-hidden, relu-output, untied-abs\)/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 300_000);
});
