// Correlated and anticorrelated feature sets (§Geometry, non-uniform superposition). Thresholds are
// analysis/correlated.ts's CORRELATED_THRESHOLDS, fixed before training; each check reads the lowest-loss
// model of every density.

import type { FeatureSet, FeatureSetKind } from '../../core/types.ts';
import type { ExperimentAnalysis, ModelAnalysis } from '../types.ts';
import { CORRELATED_THRESHOLDS } from '../correlated.ts';

export const CORRELATED_TOLERANCES = {
  ...CORRELATED_THRESHOLDS,
  /** share of the densities with a stated regime whose collapsed-pair count must match the paper (the phase diagram's 75 % bar) */
  collapseAgreement: 0.75,
  /** a local basis needs at least this many represented members per set, so the within-set statistic says something */
  localMinRepresented: 2,
} as const;

/** The experiment's selected models, densest first, when all its sets are of `kind` and of `size` (any size when omitted). */
export function setModels(
  a: ExperimentAnalysis,
  kind: FeatureSetKind,
  hidden: number | null,
  size?: number,
): { models: ModelAnalysis[]; sets: FeatureSet[] } | null {
  const sets = a.featureSets ?? [];
  if (sets.length === 0 || sets.some((t) => t.kind !== kind || (size !== undefined && t.features.length !== size))) return null;
  if (hidden !== null && a.hidden !== hidden) return null;
  const models = a.selected
    .map((k) => a.models[k])
    .filter((m): m is ModelAnalysis => m !== undefined)
    .sort((x, y) => y.density - x.density);
  return models.length === 0 ? null : { models, sets };
}
