// The DAG's two item sets. Per-model stages (generate, train, analyze) run once per experiment and base
// seed, e.g. "intro/20221014", so that each seed is cached on its own and adding a seed trains only that
// seed; per-experiment stages (verdicts, figures) run once per experiment and read the seeds they need.

// Only types come from experiments/params.ts: every per-seed node's code digest includes this module, and
// the training nodes must not rerun when the parameter validation changes.
import type { Params } from '../experiments/params.ts';
import { PipelineError } from '../pipeline/errors.ts';

/** The item of one experiment trained on one base seed. */
export function seedItem(experiment: string, seed: number): string {
  return `${experiment}/${seed}`;
}

/** "intro/20221014" → { experiment: 'intro', seed: 20221014 }. */
export function parseSeedItem(item: string | undefined): { experiment: string; seed: number } {
  const at = item?.lastIndexOf('/') ?? -1;
  const seed = Number(item?.slice(at + 1));
  if (item === undefined || at <= 0 || !Number.isInteger(seed))
    throw new PipelineError('E_DAG', `'${item}' is not an experiment/seed item (e.g. intro/20221014)`);
  return { experiment: item.slice(0, at), seed };
}

/** The base seeds an experiment uses: the first max_base_seeds of the list (all when unset), in params.yaml order. */
export function seedsOf(params: Pick<Params, 'base_seeds' | 'experiments'>, experiment: string): number[] {
  const e = params.experiments[experiment];
  if (e === undefined) throw new PipelineError('E_DAG', `unknown experiment '${experiment}'`);
  return params.base_seeds.slice(0, e.max_base_seeds ?? params.base_seeds.length);
}

/** The per-seed items of one experiment. */
export function experimentSeedItems(params: Pick<Params, 'base_seeds' | 'experiments'>, experiment: string): string[] {
  return seedsOf(params, experiment).map((seed) => seedItem(experiment, seed));
}

/** Every experiment × its base seeds, experiment by experiment. */
export function allSeedItems(params: Pick<Params, 'base_seeds' | 'experiments'>): string[] {
  return Object.keys(params.experiments).flatMap((id) => experimentSeedItems(params, id));
}

/** The item of the seed whose models the figures and the descriptive text show: the first base seed. */
export function primarySeedItem(params: Pick<Params, 'base_seeds' | 'experiments'>, experiment: string): string {
  return seedItem(experiment, seedsOf(params, experiment)[0]!);
}
