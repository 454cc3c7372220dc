// The claims as the pipeline finds them: every file under analysis/claims/checks/, and the claims an
// experiment declares (experiments/<id>.ts `claims:`), loaded through stages/declarations.ts as the
// analyze stage loads them.

import { checkClaims } from '../../analysis/claims.ts';
import type { ClaimDefinition } from '../../analysis/claims/define.ts';
import type { ClaimResult, ExperimentAnalysis } from '../../analysis/types.ts';
import { declaredNames, loadClaims, loadDeclaration, loadExperiment } from '../../stages/declarations.ts';

/** Every declared claim, in file-name order. */
export async function allClaims(): Promise<ClaimDefinition[]> {
  const out: ClaimDefinition[] = [];
  for (const id of declaredNames('claim')) out.push(await loadDeclaration<ClaimDefinition>('claim', id, 'test'));
  return out;
}

/** The claims experiments/<id>.ts declares, in its order. */
export async function claimsOf(experiment: string): Promise<ClaimDefinition[]> {
  return loadClaims(experiment, await loadExperiment(experiment));
}

/** Every experiment's declared claims, loaded once, for fixtures built synchronously. */
const DECLARED = new Map(await Promise.all(declaredNames('experiment').map(async (id) => [id, await claimsOf(id)] as const)));

/** What the analyze stage writes for this experiment: its declared claims checked on `analysis`, in its order. */
export function checkDeclared(experiment: string, analysis: ExperimentAnalysis): ClaimResult[] {
  const claims = DECLARED.get(experiment);
  if (claims === undefined) throw new Error(`no experiment '${experiment}'`);
  return checkClaims(analysis, claims);
}

/** An experiment's declared claims, loaded once (see checkDeclared). */
export function declaredClaims(experiment: string): ClaimDefinition[] {
  const claims = DECLARED.get(experiment);
  if (claims === undefined) throw new Error(`no experiment '${experiment}'`);
  return claims;
}
