// The choices a parameter file names, as import-free constants: validating params.yaml needs the
// allowed values, not the code behind them, so a node that only reads parameters (generate) does not
// carry the training engines or the WebAssembly kernel in its code digest.

import type { BackendId, FeatureSetKind } from './types.ts';

/** TensorFlow.js backends in the order `auto` tries them (model/backend.ts). */
export const BACKEND_IDS = ['node-gpu', 'node', 'wasm', 'cpu'] as const satisfies readonly BackendId[];

/** Values accepted by params.yaml's `backend` and the --backend flag. */
export const BACKEND_REQUESTS = ['auto', ...BACKEND_IDS] as const;

/** Training engines (model/engine.ts). */
export const ENGINE_IDS = ['tfjs', 'fused'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

/** Values accepted by params.yaml's `engine` and the --engine flag. */
export const ENGINE_REQUESTS = ['auto', ...ENGINE_IDS] as const;
export type EngineRequest = (typeof ENGINE_REQUESTS)[number];

/** How the members of a feature set are drawn together (data/feature-sets.ts). */
export const FEATURE_SET_KINDS = ['correlated', 'anticorrelated'] as const satisfies readonly FeatureSetKind[];
