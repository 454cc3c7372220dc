// What the "perturbing one feature" figures (§"Non-uniform superposition", guide §1.5; figures/kinds/
// nonuniform-geometry.ts and nonuniform-loss.ts) share, for a 5 → 2 experiment whose last feature's
// density is scaled by a relative density ρ: the cells of restarts at each ρ and the ρ panel labels.

import type { RelativeDensityCell } from '../analysis/nonuniform.ts';
import type { ExperimentAnalysis } from '../analysis/types.ts';

/** The relative-density cells of a 2-D experiment; `figure` names the figure in the errors. */
export function cellsOf(analysis: ExperimentAnalysis, figure: string): RelativeDensityCell[] {
  if (analysis.hidden !== 2) {
    throw new Error(
      `figure ${figure}: experiment '${analysis.experiment}' has hidden = ${analysis.hidden}; this figure draws 2-D hidden spaces only (hidden must be 2)`,
    );
  }
  const cells = analysis.derived?.relativeDensityCells ?? [];
  if (cells.length === 0) {
    throw new Error(
      `figure ${figure}: experiment '${analysis.experiment}' has no model with per-feature densities (set extra_relative_density on a run)`,
    );
  }
  return cells;
}

/** "ρ = 0.447" with enough digits to keep the labels of different cells apart. */
export function rhoLabels(rhos: readonly number[]): string[] {
  for (let digits = 3; digits <= 17; digits++) {
    const labels = rhos.map((r) => `ρ = ${Number(r.toPrecision(digits))}`);
    if (new Set(labels).size === labels.length || digits === 17) return labels;
  }
  /* c8 ignore next */
  return rhos.map((r) => `ρ = ${r}`);
}
