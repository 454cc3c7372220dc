// What the report stage hands to the report builder: every number and figure it may print.

import type { ChangeOutcome } from '../analysis/change-verdicts.ts';
import type { ModelSummary } from '../analysis/model-summary.ts';
import type { ExperimentAnalysis } from '../analysis/types.ts';
import type { ClaimVerdict } from '../analysis/verdicts.ts';
import type { CrossCheckResults } from '../crosscheck/job.ts';
import type { OptimizerConfig } from '../core/types.ts';

export interface RenderedFigure {
  /** figure id, also its file stem under reports/replication/figures/ */
  id: string;
  title: string;
  caption: string;
  /** the SVG text: the HTML reads its size (to reserve the figure's box) and refuses one that runs a script or loads anything */
  svg: string;
  /** path relative to reports/replication/, used by the Markdown file */
  file: string;
  /** the figure restacked for a phone (figures/narrow.ts), where it is wide and has one: its SVG text and path */
  narrow?: { svg: string; file: string };
}

export interface ExperimentReport {
  id: string;
  title: string;
  /** the base seeds the experiment was trained on, in params.yaml order */
  seeds: number[];
  /** the analysis of the first base seed: the models the figures and the descriptive text show */
  analysis: ExperimentAnalysis;
  /** every claim of the experiment judged over its base seeds */
  claims: ClaimVerdict[];
  /** the claims judged by the old rule of every change to the checks that concerns them */
  changes: ChangeOutcome[];
  /** per base seed, the summary of each selected model */
  seedModels: Array<{ seed: number; models: ModelSummary[] }>;
  figures: RenderedFigure[];
  /** sha256 of the experiment's entry in params.yaml (canonical JSON): the settings its figures come from */
  paramsDigest?: string;
}

/** The PyTorch cross-check's results (crosscheck/results.json), and whether they were made with params.yaml's settings of now. */
export interface CrossCheckInput {
  results: CrossCheckResults;
  /** how the settings results.json was made with differ from params.yaml's (empty: the same) */
  differences: string[];
}

/** One DAG node's line in the provenance block: what identifies its computation (never when or how long it ran). */
export interface NodeKey {
  node: string;
  cacheKey: string;
}

/**
 * What the document says produced it: only facts that follow from the code, the parameters, the seeds and
 * the toolchain, so the same inputs give the same bytes on any machine. Run facts (the commit, timings,
 * dates) go to the run record that reproduce writes beside the report (pipeline/run-record.ts).
 */
export interface Provenance {
  /** the engine that trained every model, and its backend where it has one: "fused", "tfjs on the node backend" */
  training: string;
  /** why that engine (one line, from model/engine.ts) */
  trainingReason: string;
  node: string;
  /** sha256 of the canonical parameters */
  paramsDigest: string;
  /** package name → version of the runtime dependencies */
  packages: Record<string, string>;
  /** every other node of the DAG with the cache key of its latest result */
  nodes: NodeKey[];
}

/** An experiment that has a module (experiments/<id>.ts), whether or not this run trained it. */
export interface DeclaredExperiment {
  id: string;
  title: string;
  /** the claims its module declares, in its order */
  claims: readonly string[];
}

export interface ReportInput {
  /** the experiments of this run, keyed by id, in params.yaml's order (the order the report presents them) */
  experiments: Record<string, ExperimentReport>;
  /** every experiment that has a module, sorted by id: the template's sections may name any of them */
  declared: DeclaredExperiment[];
  provenance: Provenance;
  /** the parameters as loaded from params.yaml (for recipe tables) */
  params: unknown;
  /** the committed cross-check against PyTorch, absent when crosscheck/results.json is */
  crossCheck?: CrossCheckInput;
  /** per run of every experiment, the spread of its initial weights and biases and its optimizer (for the methods) */
  training: RunTraining[];
}

/** How one run of params.yaml starts and steps: what a reader needs to reimplement it. */
export interface RunTraining {
  experiment: string;
  run: number;
  /** standard deviation of the initial W and b (0: b starts at zero) */
  initW: number;
  initB: number;
  optimizer: OptimizerConfig;
  /** optimizer steps and examples per step of every model of the run */
  steps: number;
  batch: number;
}

export interface BuiltReport {
  markdown: string;
  /** one HTML page with inline CSS that shows the figures' SVG files beside it (figures/), nothing remote */
  html: string;
}
