// The paper's quantitative claims, each checked against one experiment's analysis. Every claim is its
// own file, analysis/claims/checks/<claim id>.ts, default-exporting `defineClaim({ id, title, check })`;
// an experiment names its claims by id (experiments/<id>.ts `claims:`) and the analyze and verdicts
// stages load them through stages/declarations.ts. What the claims of one family (a section of the
// paper) share lives in analysis/claims/<family>.ts, with its tolerances fixed there a priori, from the
// paper and the guide's "Notes for checkers" — never adjusted to the results.
//
// This module is what the rest of the project imports of them: the family modules' shared exports
// (tolerances, hand-worked points, the choice of models), the changes to the checks, and the running
// of a list of claims.
//
// A check returns null when the experiment holds no model the claim is about (wrong shape, no linear
// model, no model near the claim's density).

import type { ClaimResult, ExperimentAnalysis } from './types.ts';
import type { ClaimDefinition } from './claims/define.ts';

// Of the shared helpers only the check type, the intro and 20 → 5 thresholds and the choice of models
// are part of this module's interface: the prose helpers stay inside analysis/claims/.
export { TOLERANCES, failWhenNotJudged, nearestSelected, selectedModels, type ClaimCheck } from './claims/common.ts';
export { defineClaim, type ClaimDefinition } from './claims/define.ts';
export * from './claims/superposition.ts';
export * from './claims/intro.ts';
export * from './claims/uniform.ts';
export * from './claims/phase.ts';
export * from './claims/phase-n3m2.ts';
export * from './claims/correlated.ts';
export * from './claims/dynamics.ts';
export * from './claims/nonuniform.ts';
export * from './claims/changes.ts';

/** The results of these claims on one analysis, in the order given; a claim about no model of it is left out. */
export function checkClaims(analysis: ExperimentAnalysis, claims: readonly ClaimDefinition[]): ClaimResult[] {
  const out: ClaimResult[] = [];
  for (const { check } of claims) {
    const r = check(analysis);
    if (r !== null) out.push(r);
  }
  return out;
}
