// Loads one experiment's declaration at run time. The import path is computed, so a node's code
// digest holds only its own experiment's module (declared through the stage's itemFiles), not all
// of them: editing the intro experiment never invalidates the others.

import type { ExperimentDefinition } from '../experiments/types.ts';

export function experimentModuleFile(id: string): string {
  return `experiments/${id}.ts`;
}

export async function loadExperiment(id: string): Promise<ExperimentDefinition> {
  const module = (await import(new URL(`../${experimentModuleFile(id)}`, import.meta.url).href)) as { default: ExperimentDefinition };
  return module.default;
}
