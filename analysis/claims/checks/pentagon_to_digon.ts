// The claim `pentagon_to_digon`, one of the non-uniform superposition claims
// (analysis/claims/nonuniform.ts holds what they share).

import type { ModelAnalysis } from '../../types.ts';
import { DENSITY_EPS, f, hasShape, put, s, type ClaimCheck, passOrFail } from '../common.ts';
import { GEOMETRY_LABELS, GEOMETRY_RULES, lossCrossing } from '../../nonuniform.ts';
import { NONUNIFORM_TOLERANCES } from '../nonuniform.ts';
import { defineClaim } from '../define.ts';

const NONUNIFORM_SHAPE = { features: 5, hidden: 2 } as const;

/** pentagon_to_digon: pentagon at ρ = 1; two digons (varied feature at 0) when sparse enough; loss curves cross near ρ = 0.4. */
const checkPentagonToDigon: ClaimCheck = (a) => {
  if (!hasShape(a, NONUNIFORM_SHAPE)) return null;
  const cells = a.derived?.relativeDensityCells ?? [];
  if (cells.length === 0) return null;
  const T = NONUNIFORM_TOLERANCES;
  const base = cells.find((c) => Math.abs(Math.log(c.rho)) <= Math.log(T.baseFactor) + DENSITY_EPS);
  const sparseLimit = T.paperRelativeDensity / T.sparseFactor;
  const sparse = cells.filter((c) => c.rho <= sparseLimit + DENSITY_EPS);
  const crossing = lossCrossing(cells);
  const lo = T.paperRelativeDensity / T.crossingFactor;
  const hi = T.paperRelativeDensity * T.crossingFactor;
  const baseOk = base !== undefined && base.geometry === 'pentagon';
  const sparseOk = sparse.length > 0 && sparse.every((c) => c.geometry === 'digons');
  const crossingOk = crossing !== null && crossing.rho >= lo - DENSITY_EPS && crossing.rho <= hi + DENSITY_EPS;
  const variedNorm = (c: (typeof cells)[number]): number => {
    const m = a.models[c.selected] as ModelAnalysis;
    return m.norms[m.norms.length - 1] as number;
  };
  // the selected geometry's switch: the densest ρ whose chosen fit is two digons
  const digonCells = cells.filter((c) => c.geometry === 'digons');
  const densestDigon = digonCells.length > 0 ? Math.max(...digonCells.map((c) => c.rho)) : Number.NaN;
  const numbers: Record<string, number> = {
    cells: cells.length,
    restartsPerCell: Math.max(...cells.map((c) => c.members.length)),
    basePentagon: baseOk ? 1 : 0,
    sparseCells: sparse.length,
    sparseDigons: sparse.filter((c) => c.geometry === 'digons').length,
    pentagonCells: cells.filter((c) => c.geometry === 'pentagon').length,
    digonCells: digonCells.length,
    paperRelativeDensity: T.paperRelativeDensity,
    crossingLow: lo,
    crossingHigh: hi,
  };
  put(numbers, 'densestDigonRho', densestDigon);
  if (sparse.length > 0) numbers['maxSparseVariedNorm'] = Math.max(...sparse.map(variedNorm));
  if (base !== undefined) numbers['baseVariedNorm'] = variedNorm(base);
  if (crossing !== null) {
    numbers['crossingRho'] = crossing.rho;
    numbers['crossingSparser'] = 1 / crossing.rho;
    numbers['crossingBelow'] = crossing.below;
    numbers['crossingAbove'] = crossing.above;
    numbers['signChanges'] = crossing.signChanges;
    numbers['cellsWithBoth'] = crossing.cellsWithBoth;
  }
  const geometryAt = (c: (typeof cells)[number]): string => `${GEOMETRY_LABELS[c.geometry]} at ρ = ${s(c.rho)}`;
  const crossingText =
    crossing === null
      ? 'the best-loss curves of the two geometries never cross from digons-better to pentagon-better'
      : `the best pentagon and best two-digon losses cross at ρ = ${f(crossing.rho, 3)} (${f(1 / crossing.rho, 2)}× sparser; between the grid values ${s(crossing.below)} and ${s(crossing.above)}, ${crossing.signChanges} sign change${crossing.signChanges === 1 ? '' : 's'} over the ${crossing.cellsWithBoth} ρ values where restarts found both), against the allowed ${f(lo, 3)}–${f(hi, 3)}`;
  return {
    id: 'pentagon_to_digon',
    expected: `Five equally important features at density 0.05 form a regular pentagon in two dimensions; making one feature about 2.5× sparser (ρ ≈ 0.4) switches the best solution, in a first-order change, to two antipodal pairs with the sparse feature dropped, where the loss curves of the two geometries cross (checked: the lowest-loss fit at ρ = 1 is a pentagon, every lowest-loss fit at ρ ≤ ${f(sparseLimit, 3)} is two digons with the varied feature at norm < ${GEOMETRY_RULES.representedNorm}, and the crossing lies within a factor ${T.crossingFactor} of 0.4).`,
    observed: `${base === undefined ? 'No fit at ρ = 1' : `The lowest-loss fit at ρ = 1 is a ${GEOMETRY_LABELS[base.geometry]}`}; at ρ ≤ ${f(sparseLimit, 3)} the lowest-loss fits are ${sparse.length === 0 ? 'absent from the grid' : sparse.map(geometryAt).join(', ')}; ${crossingText}.`,
    status: passOrFail(baseOk && sparseOk && crossingOk),
    numbers,
    ...(crossing !== null
      ? { headline: { label: 'pentagon → two digons: the varied feature × sparser', value: 1 / crossing.rho, paper: '≈ 2.5×' } }
      : {}),
  };
};

export default defineClaim({
  id: 'pentagon_to_digon',
  title: 'a pentagon turns into two digons when one feature is ~2.5× sparser',
  check: checkPentagonToDigon,
});
