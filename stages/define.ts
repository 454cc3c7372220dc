// Typed identity helper so each stage file reads as a declaration.
import type { StageDefinition } from '../pipeline/types.ts';
import type { Params } from '../experiments/params.ts';

export function defineStage(stage: StageDefinition<Params>): StageDefinition<Params> {
  return stage;
}
