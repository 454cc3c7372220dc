// The cross-check's file format: the job crosscheck/run.ts gives the PyTorch implementation, and what it
// writes to crosscheck/results.json (committed, read by the report).

import { densityList, handTrainedActivation, resolveRecipe, type Params } from '../experiments/params.ts';
import type { Activation } from '../core/types.ts';

/** The experiments the PyTorch implementation trains (their settings come from params.yaml). */
export const CROSS_CHECK_EXPERIMENTS = ['intro', 'superposition', 'uniform-small'] as const;

/** Where `npm run crosscheck` writes its results, relative to the project root. */
export const CROSS_CHECK_FILE = 'crosscheck/results.json';

export interface CrossCheckExperimentJob {
  id: string;
  features: number;
  hidden: number;
  importance: number[];
  densities: number[];
  runs: Array<{ activation: Activation; restarts: number }>;
  steps: number;
  batch: number;
  lr: number;
  weight_decay: number;
  eval_samples: number;
}

export interface CrossCheckJob {
  /** PyTorch's own seeds (torch.Generator().manual_seed), unrelated to the pipeline's base seeds */
  seeds: number[];
  experiments: CrossCheckExperimentJob[];
}

/** One selected model (the lowest held-out loss among its restarts) of one density. */
export interface CrossCheckModel {
  run: number;
  activation: Activation;
  density: number;
  restart: number;
  evalLoss: number;
  W: number[][];
  b: number[];
}

export interface CrossCheckResults {
  /** how the file was made */
  command: string;
  seconds: number;
  torch: string;
  python: string;
  job: CrossCheckJob;
  experiments: Array<{ id: string; seeds: Array<{ seed: number; models: CrossCheckModel[] }> }>;
}

/**
 * The job for params.yaml's settings of the cross-check's experiments (every run of an experiment must share
 * the notebook recipe's steps, batch, learning rate and densities: that is what toy_models.py trains).
 * Throws a one-line Error naming the experiment when the settings are outside what it implements.
 */
export function crossCheckJob(params: Pick<Params, 'recipes' | 'experiments'>, seeds: number[], steps?: number): CrossCheckJob {
  const job: CrossCheckJob = { seeds, experiments: [] };
  for (const id of CROSS_CHECK_EXPERIMENTS) {
    const e = params.experiments[id];
    if (e === undefined) throw new Error(`params.yaml has no experiment '${id}'`);
    const recipe = resolveRecipe(params, e.runs[0]!);
    if (
      recipe.optimizer !== 'adamw' ||
      recipe.mask !== 'per_element' ||
      recipe.loss !== 'mean' ||
      recipe.init !== 'xavier_normal' ||
      recipe.bias_init !== 'zero'
    ) {
      throw new Error(
        `experiments.${id} must use the notebook recipe (AdamW, per-element mask, mean loss, Xavier-normal W, zero b), which is what toy_models.py implements`,
      );
    }
    const densities = densityList(e.runs[0]!.densities);
    for (const run of e.runs) {
      const r = resolveRecipe(params, run);
      if (
        r.steps !== recipe.steps ||
        r.batch !== recipe.batch ||
        r.lr !== recipe.lr ||
        densityList(run.densities).join() !== densities.join()
      ) {
        throw new Error(`experiments.${id}: every run must share steps, batch, learning rate and densities for the cross-check`);
      }
    }
    job.experiments.push({
      id,
      features: e.features,
      hidden: e.hidden,
      importance: Array.from({ length: e.features }, (_, i) => e.importance_decay ** i),
      densities,
      runs: e.runs.map((run, r) => {
        const activation = handTrainedActivation(run);
        if (activation === null)
          throw new Error(`experiments.${id}.runs[${r}]: the cross-check trains relu-output and linear-output models without l1 only`);
        return { activation, restarts: run.restarts };
      }),
      steps: steps ?? recipe.steps,
      batch: recipe.batch,
      lr: recipe.lr,
      weight_decay: recipe.weight_decay,
      eval_samples: e.eval_samples,
    });
  }
  return job;
}

/** How a job differs from another (the settings results.json was made with against params.yaml's now), one phrase each. */
export function jobDifferences(made: CrossCheckJob, now: CrossCheckJob): string[] {
  const out: string[] = [];
  for (const e of now.experiments) {
    const m = made.experiments.find((x) => x.id === e.id);
    if (m === undefined) {
      out.push(`${e.id} is missing`);
      continue;
    }
    for (const key of ['features', 'hidden', 'importance', 'densities', 'runs', 'steps', 'batch', 'lr', 'weight_decay'] as const) {
      if (JSON.stringify(m[key]) !== JSON.stringify(e[key]))
        out.push(`${e.id}.${key} was ${JSON.stringify(m[key])}, is ${JSON.stringify(e[key])}`);
    }
  }
  return out;
}

/** What one run of toy_models.py writes: its versions and, per experiment in job order, the seeds it trained. */
export type TrainedByTorch = Pick<CrossCheckResults, 'torch' | 'python' | 'experiments'>;

/**
 * The outputs of processes that each trained some of the job's seeds, as if one process had trained them
 * all: every experiment of the job, its seeds in the job's order. Throws when a seed is missing or twice.
 */
export function mergeSeedRuns(job: CrossCheckJob, parts: readonly TrainedByTorch[]): TrainedByTorch {
  const first = parts[0];
  if (first === undefined) throw new Error('no cross-check output to merge');
  const experiments = job.experiments.map(({ id }) => {
    const seeds = parts.flatMap((part) => part.experiments.find((e) => e.id === id)?.seeds ?? []);
    const ordered = job.seeds.map((seed) => {
      const found = seeds.filter((s) => s.seed === seed);
      if (found.length !== 1) throw new Error(`cross-check output has ${found.length} runs of ${id} with seed ${seed}, expected 1`);
      return found[0]!;
    });
    return { id, seeds: ordered };
  });
  return { torch: first.torch, python: first.python, experiments };
}
