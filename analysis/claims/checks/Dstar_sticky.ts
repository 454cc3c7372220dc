// The claim `Dstar_sticky`, one of the uniform-superposition claims
// (analysis/claims/uniform.ts holds what they share).

import type { ModelAnalysis } from '../../types.ts';
import { f, passOrFail, put, type ClaimCheck } from '../common.ts';
import { longestPlateau } from '../../geometry.ts';
import { UNIFORM_TOLERANCES, isUniform, uniformModels, inv } from '../uniform.ts';
import { defineClaim } from '../define.ts';

/** Dstar_sticky: D* = 1 when dense, a plateau at 1/2 over several densities, then below 1/2. */
const checkDstarSticky: ClaimCheck = (a) => {
  if (!isUniform(a)) return null;
  const models = uniformModels(a);
  const T = UNIFORM_TOLERANCES;
  if (models.length < T.plateauMinLength + 2) return null;
  const d = models.map((m) => m.dStar);
  const densest = models[0] as ModelAnalysis;
  const denseOk = Math.abs(densest.dStar - 1) <= T.dStarDense;
  const plateau = longestPlateau(d, 0.5, T.dStarPlateau);
  const plateauLength = plateau?.length ?? 0;
  const plateauOk = plateauLength >= T.plateauMinLength;
  const tail = models.slice(-T.sparseTail);
  const tailOk = tail.every((m) => m.dStar < 0.5 - T.dStarPlateau) && (plateau === null || plateau.last < models.length - T.sparseTail);
  const numbers: Record<string, number> = {
    models: models.length,
    densestDensity: densest.density,
    plateauLength,
  };
  put(numbers, 'densestDStar', densest.dStar);
  if (plateau !== null) {
    numbers['plateauDensityMax'] = (models[plateau.first] as ModelAnalysis).density;
    numbers['plateauDensityMin'] = (models[plateau.last] as ModelAnalysis).density;
  }
  const sparsest = models[models.length - 1] as ModelAnalysis;
  numbers['sparsestDensity'] = sparsest.density;
  put(numbers, 'sparsestDStar', sparsest.dStar);
  models.forEach((m) => put(numbers, `1/(1-S)=${inv(m.density)}:dStar`, m.dStar));
  const plateauText =
    plateau === null
      ? 'no density has D* within ±0.05 of 1/2'
      : `the longest run within ±${T.dStarPlateau} of 1/2 spans ${plateauLength} densities, 1/(1−S) = ${inv((models[plateau.first] as ModelAnalysis).density)} to ${inv((models[plateau.last] as ModelAnalysis).density)}`;
  return {
    id: 'Dstar_sticky',
    expected: `With many equally important features, D* = m/‖W‖² is 1 for dense inputs, then sticks at 1/2 (antipodal pairs) over a wide range of sparsity, and falls below 1/2 at the highest sparsities (checked: |D* − 1| ≤ ${T.dStarDense} at the densest model, ≥ ${T.plateauMinLength} consecutive densities within ±${T.dStarPlateau} of 1/2, D* < ${0.5 - T.dStarPlateau} at the ${T.sparseTail} sparsest).`,
    observed: `D* is ${f(densest.dStar, 3)} at 1/(1−S) = ${inv(densest.density)}; ${plateauText}; at the ${T.sparseTail} sparsest densities D* = ${tail.map((m) => f(m.dStar, 3)).join(', ')} (1/(1−S) = ${tail.map((m) => inv(m.density)).join(', ')}).`,
    status: passOrFail(denseOk && plateauOk && tailOk),
    numbers,
    headline: {
      label: 'consecutive densities with D* within ±0.05 of 1/2',
      value: plateauLength,
      paper: `a wide range (≥ ${T.plateauMinLength} here)`,
      integer: true,
    },
  };
};

export default defineClaim({ id: 'Dstar_sticky', title: 'D* sticks at 1 and at 1/2, then falls', check: checkDstarSticky });
