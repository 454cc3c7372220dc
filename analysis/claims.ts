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

/** All checks in the order of the guide's claims table, each with a short title for the report's tables. */
export const CLAIM_CHECKS: ReadonlyArray<{ id: string; title: string; check: ClaimCheck }> = [
  { id: 'linear_top_m', title: 'the linear model keeps the 5 most important features, orthogonal (PCA)', check: checkLinearTopM },
  { id: 'linear_bias', title: "the linear model's biases: 0 where kept, the mean s/2 where dropped", check: checkLinearBias },
  {
    id: 'relu_dense_equals_linear',
    title: 'with dense inputs the ReLU model behaves like the linear one',
    check: checkReluDenseEqualsLinear,
  },
  {
    id: 'relu_20_5_counts',
    title: 'the number of represented and orthogonal features at each sparsity (20 → 5)',
    check: checkRelu205Counts,
  },
  { id: 'antipodal_first', title: 'features first enter superposition as antipodal pairs', check: checkAntipodalFirst },
  {
    id: 'high_sparsity_negative_bias',
    title: 'at high sparsity: positive interference and negative biases',
    check: checkHighSparsityNegativeBias,
  },
  {
    id: 'important_features_last',
    title: 'the most important features are the last to enter superposition',
    check: checkImportantFeaturesLast,
  },
  { id: 'intro_dense', title: 'dense 5 → 2: two features at right angles, three dropped', check: checkIntroDense },
  { id: 'intro_80pct', title: '80 % sparse 5 → 2: two antipodal pairs, one feature dropped', check: checkIntro80pct },
  { id: 'intro_pentagon', title: '90 % sparse 5 → 2: all five as a regular pentagon', check: checkIntroPentagon },
  { id: 'pentagon_norm_bias', title: 'in the pentagon ‖Wᵢ‖² + bᵢ ≈ 1 (negative bias, longer norm)', check: checkPentagonNormBias },
  { id: 'Dstar_sticky', title: 'D* sticks at 1 and at 1/2, then falls', check: checkDstarSticky },
  {
    id: 'dimensionality_fractions',
    title: 'feature dimensionalities cluster at 1, 3/4, 2/3, 1/2, 2/5, 3/8',
    check: checkDimensionalityFractions,
  },
  { id: 'dimensionality_sum', title: 'feature dimensionalities add up to m', check: checkDimensionalitySum },
  { id: 'phase_n2m1_theory', title: '2 → 1 phase diagram from the closed-form losses', check: checkPhaseTheory },
  { id: 'phase_n2m1_empirical', title: 'trained 2 → 1 models follow the phase diagram', check: checkPhaseEmpirical },
  { id: 'phase_n3m2_theory', title: '3 → 2 phase diagram from the closed-form losses', check: checkPhaseN3m2Theory },
  { id: 'phase_n3m2_empirical', title: 'trained 3 → 2 models follow the diagram (average of ten, ours)', check: checkPhaseN3m2Empirical },
  {
    id: 'phase_n3m2_lowest_loss',
    title: 'trained 3 → 2 models follow the diagram (lowest-loss restart, ours)',
    check: checkPhaseN3m2LowestLoss,
  },
  { id: 'correlated_orthogonal', title: 'correlated features get orthogonal directions', check: checkCorrelatedOrthogonal },
  { id: 'anticorrelated_antipodal', title: 'anticorrelated features get opposite directions', check: checkAnticorrelatedAntipodal },
  { id: 'correlated_collapse', title: 'correlated pairs collapse one by one as they get denser', check: checkCorrelatedCollapse },
  { id: 'local_orthogonal_basis', title: 'a set of correlated features forms a local orthogonal basis', check: checkLocalOrthogonalBasis },
  { id: 'dynamics_loss_drops_at_jumps', title: 'the loss drops when feature dimensionalities jump (ours)', check: checkDynamicsLossDrops },
  { id: 'dynamics_octahedron', title: 'two correlated triples in 3-D end as an octahedron (ours)', check: checkDynamicsOctahedron },
  { id: 'pentagon_to_digon', title: 'a pentagon turns into two digons when one feature is ~2.5× sparser', check: checkPentagonToDigon },
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
