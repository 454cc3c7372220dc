// The experiments the report template knows, and the order in which the report presents experiments.

import type { ReportInput } from '../types.ts';

/** the experiments the template knows, in the order the report presents them */
export const KNOWN_EXPERIMENTS = [
  'intro',
  'superposition',
  'seed-intro',
  'seed-superposition',
  'uniform',
  'uniform-paper',
  'uniform-small',
  'phase-n2m1',
  'seed-phase-n2m1',
  'phase-n3m2',
  'nonuniform-pentagon',
  'nonuniform-crossing',
  'correlated-pairs',
  'anticorrelated-pairs',
  'correlated-collapse',
  'correlated-local',
  'dynamics',
  'dynamics-correlated',
] as const;
export type KnownExperiment = (typeof KNOWN_EXPERIMENTS)[number];

/** the known experiments present in the input, in report order, then any others, sorted */
export function orderedExperimentIds(input: ReportInput): string[] {
  const known = KNOWN_EXPERIMENTS.filter((id) => id in input.experiments);
  const others = Object.keys(input.experiments)
    .filter((id) => !(KNOWN_EXPERIMENTS as readonly string[]).includes(id))
    .sort();
  return [...known, ...others];
}
