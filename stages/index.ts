// This replication's DAG at a glance: generate → train → analyze → figures (per experiment) → report.
// The engine in pipeline/ knows nothing about superposition; everything specific is declared here.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveSeed } from '../data/prng.ts';
import { EXPERIMENT_IDS } from '../experiments/index.ts';
import { parseParams, type Params } from '../experiments/params.ts';
import { chooseBackend } from '../model/backend.ts';
import { chooseEngine } from '../model/engine.ts';
import type { BackendId } from '../model/types.ts';
import { PipelineError } from '../pipeline/errors.ts';
import type { PipelineDefinition } from '../pipeline/types.ts';
import analyze from './analyze.ts';
import figures from './figures.ts';
import generate from './generate.ts';
import report from './report.ts';
import train from './train.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages whose version can change a result: they are part of every cache key. */
const RESULT_PACKAGES = ['assemblyscript', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', 'vega', 'vega-lite', 'markdown-it', 'yaml'];

/** Installed versions, read from node_modules directly (some packages do not export package.json). */
function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of RESULT_PACKAGES) {
    try {
      versions[name] = (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      versions[name] = 'missing';
    }
  }
  return versions;
}

export const pipeline: PipelineDefinition<Params> = {
  name: 'tms-replication',
  root,
  paramsFile: 'params.yaml',
  parseParams: (raw, file) => parseParams(raw, file, EXPERIMENT_IDS, process.env.TMS_BACKEND, process.env.TMS_ENGINE),
  items: (params) => Object.keys(params.experiments),
  stages: [generate, train, analyze, figures, report],
  toolchain(params) {
    let backend: BackendId;
    try {
      backend = chooseBackend(params.backend).id;
    } catch (error) {
      throw new PipelineError('E_BACKEND', (error as Error).message);
    }
    return { node: process.version, backend, engine: chooseEngine(params.engine, backend).id, ...packageVersions() };
  },
  seed: (params, node) => deriveSeed(params.seed, node.item ?? node.stage),
  globalDeps: ['package-lock.json'],
  runNodeCommand: 'npx tsx main.ts run-node',
};
