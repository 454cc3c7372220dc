// A claim of the paper, declared by its own file: analysis/claims/checks/<id>.ts default-exports
// `defineClaim({ id, title, check })`, and an experiment names the claims it is checked against by id
// (experiments/<id>.ts `claims:`). Nothing lists the claims: a new claim is a new file, loaded by
// stages/declarations.ts. What the claims of one family share (shapes, helpers, tolerances and
// hand-worked points) lives in that family's module under analysis/claims/.

import type { ClaimCheck } from './common.ts';

export interface ClaimDefinition {
  /** the claim's id, which is also its file's stem under analysis/claims/checks/ */
  id: string;
  /** a short title for the report's tables */
  title: string;
  /**
   * judges the claim on one base seed's analysis: pass, fail or not judged; null when the analysis holds
   * no model the claim is about (wrong shape, no linear model, no model near the claim's density)
   */
  check: ClaimCheck;
}

export function defineClaim(definition: ClaimDefinition): ClaimDefinition {
  return definition;
}
