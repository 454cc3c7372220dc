// This replication's DAG at a glance: generate → train → analyze (per experiment and base seed) →
// verdicts (per experiment, over its seeds) and figures (per experiment, its first seed) → report.
// The engine in pipeline/ knows nothing about superposition; everything specific is declared here.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveSeed } from '../data/prng.ts';
import { parseParams, type Params } from '../experiments/params.ts';
import { checkMemory } from '../experiments/memory-estimate.ts';
import { buildPlan } from '../experiments/plan.ts';
import { BACKEND_PACKAGES, libtensorflowVersion } from '../model/backend.ts';
import { chooseTraining, type TrainingChoice } from '../model/engine.ts';
import { summarizeFloat32 } from '../data/float32-summary.ts';
import type { TrainingPlan } from '../data/plan.ts';
import { instanceWork } from '../data/plan-shards.ts';
import { PipelineError } from '../pipeline/errors.ts';
import type { PipelineDefinition } from '../pipeline/types.ts';
import analyze from './analyze.ts';
import { declaredNames, loadDeclaration } from './declarations.ts';
import type { ModelDefinition } from '../core/models/types.ts';
import figures from './figures.ts';
import generate from './generate.ts';
import { parseSeedItem } from './items.ts';
import { packageVersions } from './package-versions.ts';
import report from './report.ts';
import train from './train.ts';
import verdicts from './verdicts.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every model of core/models/, for the scheduler's cost estimates (the nodes load the ones they train). */
const MODELS: ReadonlyMap<string, ModelDefinition> = new Map(
  await Promise.all(
    declaredNames('model').map(async (kind) => [kind, await loadDeclaration<ModelDefinition>('model', kind, 'core/models/')] as const),
  ),
);

/** Packages whose version can change a result: they are part of every cache key. */
const RESULT_PACKAGES = [
  'assemblyscript',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  'vega',
  'vega-lite',
  'markdown-it',
  'yaml',
];

export const pipeline: PipelineDefinition<Params> = {
  name: 'tms-replication',
  root,
  paramsFile: 'params.yaml',
  parseParams(raw, file) {
    // the experiments that exist are the modules in experiments/ (no list to keep)
    const params = parseParams(raw, file, declaredNames('experiment'), {
      backend: process.env.TMS_BACKEND,
      engine: process.env.TMS_ENGINE,
      baseSeeds: process.env.TMS_BASE_SEEDS,
    });
    // sizes this machine cannot hold are refused here, before any node (or the cost estimate below) allocates them
    checkMemory(params, file, MODELS);
    return params;
  },
  // per-experiment nodes; generate, train and analyze run once per experiment and base seed (stages/items.ts)
  items: (params) => Object.keys(params.experiments),
  stages: [generate, train, analyze, verdicts, figures, report],
  toolchain(params) {
    let training: TrainingChoice;
    try {
      training = chooseTraining(params.engine, params.backend);
    } catch (error) {
      throw new PipelineError('E_BACKEND', (error as Error).message);
    }
    // the backend only where it computes the result (the tfjs engine): an installed backend that the fused engine
    // does not use changes no key. A native backend adds its package and the TensorFlow release of its libtensorflow.
    const backend: Record<string, string> = {};
    if (training.backend !== null) {
      const id = training.backend.id;
      backend['backend'] = id;
      if (id === 'node' || id === 'node-gpu') {
        Object.assign(backend, packageVersions([BACKEND_PACKAGES[id]]), { libtensorflow: libtensorflowVersion(id) });
      }
    }
    return { node: process.version, engine: training.engine, ...backend, ...packageVersions(RESULT_PACKAGES) };
  },
  // a per-seed node's seed derives from its own base seed and experiment; the others from the first base seed
  seed: (params, node) => {
    if (node.item?.includes('/')) {
      const { experiment, seed } = parseSeedItem(node.item);
      return deriveSeed(seed, experiment);
    }
    return deriveSeed(params.base_seeds[0]!, node.item ?? node.stage);
  },
  // Training is the only stage whose cost matters (seconds to minutes; the others take well under a
  // second), so only train nodes get an estimate: the plan the generate stage would write tells exactly
  // how many models train for how many steps. Read by the scheduler only, never part of a cache key.
  estimateCost(params, node) {
    if (node.stage !== 'train') return 0;
    const { experiment: id, seed } = parseSeedItem(node.item);
    return trainingWork(buildPlan(id, params.experiments[id]!, params, deriveSeed(seed, id), MODELS));
  },
  // snapshots.f32 is a raw float32 array (its shape is in plan.json / weights.json)
  describeOutput: (file, bytes) => (file.endsWith('.f32') ? summarizeFloat32(bytes) : undefined),
  globalDeps: ['package-lock.json'],
  // beside the report, outside its DVC output: the facts of a run are not part of the document
  runRecord: 'reports/run-record.md',
  lockFile: 'pipeline.lock.json',
  runNodeCommand: 'npx tsx main.ts run-node',
};

/**
 * Relative cost of a plan's training: models × steps × batch × (F·(H + 2) + 40). The F·H term is the
 * matrix work (forward and backward); the rest is the elementwise and per-example overhead, which is what
 * the tiny phase-change models spend their time on. The constants are a rough fit to the fused engine's
 * measured node times here (uniform 200→20: 145 s; phase n=2, m=1: 65 s; intro: 6 s); only the order of
 * the estimates matters.
 */
export function trainingWork(plan: TrainingPlan): number {
  return plan.groups.reduce((work, group) => work + group.instances.length * instanceWork(plan, group), 0);
}
