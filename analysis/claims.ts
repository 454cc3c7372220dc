// The paper's quantitative claims, each checked against one experiment's analysis: one function per
// claim id of the guide's claims table (§3), written in analysis/claims/, one file per family of claims
// (a section of the paper), each with its tolerances fixed there a priori, from the paper and the
// guide's "Notes for checkers" — never adjusted to the results. This file puts them in the table's
// order and is the one place the rest of the project imports them from.
//
// A check returns null when the experiment holds no model the claim is about (wrong shape, no linear
// model, no model near the claim's density).

import type { ClaimResult, ExperimentAnalysis } from './types.ts';
import type { ClaimCheck } from './claims/common.ts';
import {
  checkAntipodalFirst,
  checkHighSparsityNegativeBias,
  checkImportantFeaturesLast,
  checkLinearBias,
  checkLinearTopM,
  checkRelu205Counts,
  checkReluDenseEqualsLinear,
} from './claims/superposition.ts';
import { checkIntro80pct, checkIntroDense, checkIntroPentagon, checkPentagonNormBias } from './claims/intro.ts';
import { checkDimensionalityFractions, checkDimensionalitySum, checkDstarSticky } from './claims/uniform.ts';
import { checkPhaseEmpirical, checkPhaseTheory } from './claims/phase.ts';
import { checkPhaseN3m2Empirical, checkPhaseN3m2LowestLoss, checkPhaseN3m2Theory } from './claims/phase-n3m2.ts';
import {
  checkAnticorrelatedAntipodal,
  checkCorrelatedCollapse,
  checkCorrelatedOrthogonal,
  checkLocalOrthogonalBasis,
} from './claims/correlated.ts';
import { checkDynamicsLossDrops, checkDynamicsOctahedron } from './claims/dynamics.ts';
import { checkPentagonToDigon } from './claims/nonuniform.ts';

// Everything a family file exports is part of this module's interface (checks, tolerances, the
// hand-worked points); of the shared helpers only the check type, the intro and 20 → 5 thresholds and
// the choice of models are: the prose helpers stay inside analysis/claims/.
export { TOLERANCES, failWhenNotJudged, nearestSelected, selectedModels, type ClaimCheck } from './claims/common.ts';
export * from './claims/superposition.ts';
export * from './claims/intro.ts';
export * from './claims/uniform.ts';
export * from './claims/phase.ts';
export * from './claims/phase-n3m2.ts';
export * from './claims/correlated.ts';
export * from './claims/dynamics.ts';
export * from './claims/nonuniform.ts';
export * from './claims/changes.ts';

/** All checks in the order of the guide's claims table. */
export const CLAIM_CHECKS: ReadonlyArray<{ id: string; check: ClaimCheck }> = [
  { id: 'linear_top_m', check: checkLinearTopM },
  { id: 'linear_bias', check: checkLinearBias },
  { id: 'relu_dense_equals_linear', check: checkReluDenseEqualsLinear },
  { id: 'relu_20_5_counts', check: checkRelu205Counts },
  { id: 'antipodal_first', check: checkAntipodalFirst },
  { id: 'high_sparsity_negative_bias', check: checkHighSparsityNegativeBias },
  { id: 'important_features_last', check: checkImportantFeaturesLast },
  { id: 'intro_dense', check: checkIntroDense },
  { id: 'intro_80pct', check: checkIntro80pct },
  { id: 'intro_pentagon', check: checkIntroPentagon },
  { id: 'pentagon_norm_bias', check: checkPentagonNormBias },
  { id: 'Dstar_sticky', check: checkDstarSticky },
  { id: 'dimensionality_fractions', check: checkDimensionalityFractions },
  { id: 'dimensionality_sum', check: checkDimensionalitySum },
  { id: 'phase_n2m1_theory', check: checkPhaseTheory },
  { id: 'phase_n2m1_empirical', check: checkPhaseEmpirical },
  { id: 'phase_n3m2_theory', check: checkPhaseN3m2Theory },
  { id: 'phase_n3m2_empirical', check: checkPhaseN3m2Empirical },
  { id: 'phase_n3m2_lowest_loss', check: checkPhaseN3m2LowestLoss },
  { id: 'correlated_orthogonal', check: checkCorrelatedOrthogonal },
  { id: 'anticorrelated_antipodal', check: checkAnticorrelatedAntipodal },
  { id: 'correlated_collapse', check: checkCorrelatedCollapse },
  { id: 'local_orthogonal_basis', check: checkLocalOrthogonalBasis },
  { id: 'dynamics_loss_drops_at_jumps', check: checkDynamicsLossDrops },
  { id: 'dynamics_octahedron', check: checkDynamicsOctahedron },
  { id: 'pentagon_to_digon', check: checkPentagonToDigon },
];

/** Every claim that applies to this experiment, in table order. */
export function checkClaims(analysis: ExperimentAnalysis): ClaimResult[] {
  const out: ClaimResult[] = [];
  for (const { check } of CLAIM_CHECKS) {
    const r = check(analysis);
    if (r !== null) out.push(r);
  }
  return out;
}
