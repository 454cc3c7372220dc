// The model family as the tests find it: every module of core/models/ that default-exports
// defineModel(…) (types.ts and the shared reference helpers do not), by its file stem. Derived from the
// folder, so a new model is tested the moment its file exists.

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelDefinition } from '../../../core/models/types.ts';

const MODELS_DIR = resolve(import.meta.dirname, '../../../core/models');

const STEMS = readdirSync(MODELS_DIR)
  .filter((f) => f.endsWith('.ts') && /^export default defineModel\(/m.test(readFileSync(join(MODELS_DIR, f), 'utf8')))
  .map((f) => f.slice(0, -'.ts'.length))
  .sort();

/** Each model file's default export, unchecked (the definitions test checks it). */
export const MODEL_EXPORTS: ReadonlyArray<{ stem: string; exported: unknown }> = await Promise.all(
  STEMS.map(async (stem) => ({ stem, exported: ((await import(join(MODELS_DIR, `${stem}.ts`))) as { default?: unknown }).default })),
);

/** Each model, by its file stem. */
export const MODELS: ReadonlyArray<{ stem: string; model: ModelDefinition }> = MODEL_EXPORTS.map(({ stem, exported }) => ({
  stem,
  model: exported as ModelDefinition,
}));

/** The family as the pipeline's planner and analysis take it: every definition by its kind. */
export const MODEL_CATALOG: ReadonlyMap<string, ModelDefinition> = new Map(MODELS.map(({ stem, model }) => [stem, model]));
