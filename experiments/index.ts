// The experiments this replication knows. Adding one means adding its module here and its
// parameters under `experiments:` in params.yaml.
import intro from './intro.ts';
import seedIntro from './seed-intro.ts';
import seedSuperposition from './seed-superposition.ts';
import superposition from './superposition.ts';
import phaseN2m1 from './phase-n2m1.ts';
import phaseN3m2 from './phase-n3m2.ts';
import seedPhaseN2m1 from './seed-phase-n2m1.ts';
import nonuniformPentagon from './nonuniform-pentagon.ts';
import nonuniformCrossing from './nonuniform-crossing.ts';
import uniform from './uniform.ts';
import uniformPaper from './uniform-paper.ts';
import uniformSmall from './uniform-small.ts';
import correlatedPairs from './correlated-pairs.ts';
import anticorrelatedPairs from './anticorrelated-pairs.ts';
import correlatedCollapse from './correlated-collapse.ts';
import correlatedLocal from './correlated-local.ts';
import dynamics from './dynamics.ts';
import dynamicsCorrelated from './dynamics-correlated.ts';
import type { ExperimentDefinition } from './types.ts';

export const EXPERIMENTS: readonly ExperimentDefinition[] = [
  intro,
  superposition,
  seedIntro,
  seedSuperposition,
  uniform,
  uniformPaper,
  uniformSmall,
  phaseN2m1,
  seedPhaseN2m1,
  phaseN3m2,
  nonuniformPentagon,
  nonuniformCrossing,
  correlatedPairs,
  anticorrelatedPairs,
  correlatedCollapse,
  correlatedLocal,
  dynamics,
  dynamicsCorrelated,
];

export const EXPERIMENT_IDS: readonly string[] = EXPERIMENTS.map((e) => e.id);

/** The module that declares an experiment, relative to the project root. */
export function experimentFile(id: string): string {
  return `experiments/${id}.ts`;
}
