// How much memory one node of an experiment needs, estimated from its parameters alone, so that sizes a
// machine cannot hold are refused when params.yaml is read, before anything is allocated (features and
// hidden both 10,000 would otherwise fill V8's heap in the generate node and end the run with a fatal
// error instead of a message).
//
// The estimate is an upper bound fitted to measured peaks (resident set of a run-node process, Node 20,
// this machine, December 2026): the plan, the trained weights and the analysis hold each model parameter
// several times over, as float32 arrays, JS number arrays and JSON text (plan.json and weights.json
// take ≈ 22 bytes per parameter). 4 models of 3,000 → 300 (3.6 M parameters) peaked at 547 MiB in
// generate, 579 MiB in train and 857 MiB in analyze, which also builds F × F matrices per model; a
// generate node of a few models peaks at ≈ 105 MiB, an analyze node, with the analysis loaded, at ≈ 150
// to 170 MiB (superposition's 77 models of 20 → 5: 167 MiB; uniform-paper's 20 of 400 → 30: 234 MiB).

import type { ModelDefinition } from '../core/models/types.ts';
import { ParamsError, PipelineError } from '../pipeline/errors.ts';
import {
  extraImportanceList,
  relativeDensityList,
  resolveRecipe,
  runModelKind,
  valueList,
  type ExperimentParams,
  type Params,
} from './params.ts';

/** What a node process holds before its models (Node, tsx, the project's modules), rounded up. */
const BASE_BYTES = 192 * 2 ** 20;
/** Per model parameter (and per snapshotted value): its copies as float32, JS numbers and JSON text. */
const BYTES_PER_PARAMETER = 256;
/** Per F × F entry: the analysis's feature-by-feature matrices (WᵀW and its kin, float64, a few at once). */
const BYTES_PER_FEATURE_PAIR = 32;
/** Per held-out value (eval_samples × F, float32), drawn per model while it is evaluated. */
const BYTES_PER_HELD_OUT_VALUE = 8;

/** The default limit per node; TMS_MEMORY_LIMIT_MIB overrides it. */
export const DEFAULT_MEMORY_LIMIT_MIB = 2048;

/** One part of the estimate: what it is (with the sizes behind it, for the refusal) and its bytes. */
export interface MemoryTerm {
  what: string;
  bytes: number;
}

export interface MemoryEstimate {
  bytes: number;
  /** the parts above the empty process, largest first */
  terms: MemoryTerm[];
}

/** The number of scalars in one model of this kind at this size (every parameter tensor). */
function parametersPerModel(model: ModelDefinition, features: number, hidden: number): number {
  return model.parameters.reduce((n, p) => n + p.shape({ features, hidden }).reduce((a, b) => a * b, 1), 0);
}

/** The models a run trains: densities × (extra importances or relative densities) × restarts. */
function modelsOf(run: ExperimentParams['runs'][number]): number {
  const extra = extraImportanceList(run.extra_importance) ?? relativeDensityList(run.extra_relative_density);
  return valueList(run.densities).length * (extra?.length ?? 1) * run.restarts;
}

/**
 * The peak memory of the largest node (generate, train or analyze) of one experiment on one base seed.
 * `models` holds the definition of every model kind the runs name; an unknown kind counts as the tied
 * model (its file is checked to exist elsewhere, with its own message).
 */
export function estimateNodeMemory(
  experiment: ExperimentParams,
  params: Pick<Params, 'recipes'>,
  models: ReadonlyMap<string, ModelDefinition>,
): MemoryEstimate {
  const { features: F, hidden: H } = experiment;
  let modelCount = 0;
  let parameters = 0;
  let snapshots = 0;
  for (const run of experiment.runs) {
    const count = modelsOf(run);
    const model = models.get(runModelKind(run));
    const perModel = model === undefined ? F * H + F : parametersPerModel(model, F, H);
    modelCount += count;
    parameters += count * perModel;
    if (run.snapshot_every !== undefined) {
      const steps = resolveRecipe(params, run).steps;
      snapshots += count * perModel * (Math.floor(steps / run.snapshot_every) + 2);
    }
  }
  const terms: MemoryTerm[] = [
    {
      what: `the weights: ${modelCount} models × ${Math.round(parameters / modelCount).toLocaleString('en-US')} parameters`,
      bytes: BYTES_PER_PARAMETER * parameters,
    },
    { what: 'the weight snapshots (snapshot_every)', bytes: BYTES_PER_PARAMETER * snapshots },
    { what: `the analysis's ${F} × ${F} feature matrices`, bytes: BYTES_PER_FEATURE_PAIR * F * F },
    { what: `the held-out set: eval_samples × ${F} features`, bytes: BYTES_PER_HELD_OUT_VALUE * experiment.eval_samples * F },
  ]
    .filter((t) => t.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { bytes: BASE_BYTES + terms.reduce((n, t) => n + t.bytes, 0), terms };
}

/** The limit per node in bytes: TMS_MEMORY_LIMIT_MIB, or the default. */
export function memoryLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TMS_MEMORY_LIMIT_MIB;
  if (raw === undefined || raw === '') return DEFAULT_MEMORY_LIMIT_MIB * 2 ** 20;
  const mib = Number(raw);
  if (!Number.isFinite(mib) || mib <= 0)
    throw new PipelineError('E_PARAMS', `TMS_MEMORY_LIMIT_MIB (environment): must be a positive number of MiB, got '${raw}'`);
  return mib * 2 ** 20;
}

/** 719 GiB, 1.30 GiB, 500 MiB */
function size(bytes: number): string {
  if (bytes < 2 ** 30) return `${Math.round(bytes / 2 ** 20)} MiB`;
  return `${(bytes / 2 ** 30).toFixed(bytes < 10 * 2 ** 30 ? 2 : 0)} GiB`;
}

/**
 * Refuse, naming the experiment's keys, any experiment whose largest node would need more than the limit:
 * one line with the estimate, its largest part, the limit and what to change.
 */
export function checkMemory(
  params: Pick<Params, 'recipes' | 'experiments'>,
  file: string,
  models: ReadonlyMap<string, ModelDefinition>,
  limit = memoryLimitBytes(),
): void {
  for (const [id, experiment] of Object.entries(params.experiments)) {
    const estimate = estimateNodeMemory(experiment, params, models);
    if (estimate.bytes <= limit) continue;
    const largest = estimate.terms[0] as MemoryTerm;
    throw new ParamsError(
      file,
      `experiments.${id}`,
      `a node of this experiment needs about ${size(estimate.bytes)} (most of it ${largest.what}, ${size(largest.bytes)}), ` +
        `more than the ${size(limit)} allowed per node (TMS_MEMORY_LIMIT_MIB); lower features (${experiment.features}), ` +
        `hidden (${experiment.hidden}), eval_samples or the models per run (densities × restarts), or raise the limit on a machine with the memory`,
    );
  }
}
