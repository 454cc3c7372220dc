// The thresholds the report's prose counts with. The first two are the analysis' own thresholds, so that
// the prose counts features exactly as analysis/metrics.ts does; the claim checks apply their own tolerances.

import { ORTHOGONAL_SUPERPOSITION, REPRESENTED_NORM as ANALYSIS_REPRESENTED_NORM } from '../../analysis/metrics.ts';

/** a feature counts as represented when ‖Wᵢ‖ exceeds this */
export const REPRESENTED_NORM = ANALYSIS_REPRESENTED_NORM;
/** a represented feature counts as orthogonal (a direction to itself) when Σⱼ (Ŵᵢ·Wⱼ)² over j ≠ i is below this */
export const ORTHOGONAL_SCORE = ORTHOGONAL_SUPERPOSITION;
/** two represented features form an antipodal pair when the cosine of their directions is below this */
export const ANTIPODAL_COSINE = -0.9;
/** densities at or below this count as "high sparsity" in the 20 → 5 prose (the paper's 1 − S ≤ 0.01) */
export const HIGH_SPARSITY_DENSITY = 0.01;
/** the paper's intro panels: 80 % sparsity (two antipodal pairs) and 90 % sparsity (pentagon) */
export const PAPER_ANTIPODAL_DENSITY = 0.2;
