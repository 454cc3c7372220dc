// What each stage writes for the stages after it, declared once with its type: a consumer reads an
// output through its declaration (`METRICS.read(dir)`) instead of spelling a file name and casting parsed
// JSON, and a stage never imports another stage's code to learn where its outputs are (so a figures node's
// code digest does not hold the analysis). Reading checks that the file is the record it should be; the
// cache has already checked its bytes against their digest.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClaimResult, ExperimentAnalysis } from '../analysis/types.ts';
import type { ChangeOutcome } from '../analysis/change-verdicts.ts';
import type { ModelSummary } from '../analysis/model-summary.ts';
import type { ClaimVerdict } from '../analysis/verdicts.ts';
import { PLAN_FILE, WEIGHTS_FILE, type TrainedWeights, type TrainingPlan } from '../data/plan.ts';
import { PipelineError } from '../pipeline/errors.ts';

/** What verdicts.json holds: every claim of one experiment judged over its base seeds. */
export interface ExperimentVerdicts {
  experiment: string;
  /** the base seeds, in params.yaml order (the first is the one the figures show) */
  seeds: number[];
  threshold: number;
  claims: ClaimVerdict[];
  /** the same models judged by the old rule of every change to the checks that concerns these claims */
  changes: ChangeOutcome[];
  /** per base seed, the summary of each selected model (for statistics over seeds) */
  models: Array<{ seed: number; models: ModelSummary[] }>;
}

/** What the report needs to place a figure (figures.json lists them in the experiment's order). */
export interface FigureIndexEntry {
  id: string;
  title: string;
  caption: string;
}

/** One JSON output file of a stage, with its type. */
export interface JsonOutput<T> {
  file: string;
  /** the record in `dir` (a node's output folder), checked to have the declared shape */
  read(dir: string): Promise<T>;
  /** writes the record into `dir` as the stage always has (indentation is part of the bytes, so of the digest) */
  write(dir: string, value: T): Promise<void>;
}

/**
 * `shape`: 'array', or the keys an object of this record always has. `indent`: JSON indentation (0: one line).
 */
function jsonOutput<T>(file: string, shape: 'array' | readonly string[], indent: number): JsonOutput<T> {
  return {
    file,
    async read(dir) {
      const path = join(dir, file);
      const value: unknown = JSON.parse(await readFile(path, 'utf8'));
      const problem =
        shape === 'array'
          ? Array.isArray(value)
            ? undefined
            : 'is not a JSON array'
          : typeof value !== 'object' || value === null || Array.isArray(value)
            ? 'is not a JSON object'
            : shape.find((key) => !(key in value)) !== undefined
              ? `has no key '${shape.find((key) => !(key in value))}'`
              : undefined;
      if (problem !== undefined) throw new PipelineError('E_OUTPUT', `${path}: ${problem} (expected ${file} as its stage writes it)`);
      return value as T;
    },
    async write(dir, value) {
      await writeFile(join(dir, file), `${indent > 0 ? JSON.stringify(value, null, indent) : JSON.stringify(value)}\n`);
    },
  };
}

/** generate: the resolved recipe, initial weights and seeds of every run group. */
export const PLAN = jsonOutput<TrainingPlan>(PLAN_FILE, ['experiment', 'features', 'hidden', 'groups'], 0);
/** train: the final weights and loss curves (weight snapshots, when recorded, are the binary data/snapshots.ts file). */
export const WEIGHTS = jsonOutput<TrainedWeights>(WEIGHTS_FILE, ['experiment', 'engine', 'groups'], 0);
/** analyze: every model's measurements and the selection of restarts. */
export const METRICS = jsonOutput<ExperimentAnalysis>('metrics.json', ['experiment', 'features', 'hidden', 'models', 'selected'], 0);
/** analyze: each declared claim's result on this seed. */
export const CLAIMS = jsonOutput<ClaimResult[]>('claims.json', 'array', 2);
/** verdicts: every claim over the seeds. */
export const VERDICTS = jsonOutput<ExperimentVerdicts>('verdicts.json', ['experiment', 'seeds', 'claims', 'changes', 'models'], 1);
/** figures: the figures drawn, in order. */
export const FIGURE_INDEX = jsonOutput<FigureIndexEntry[]>('figures.json', 'array', 2);
