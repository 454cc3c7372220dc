// Non-uniform superposition: one feature of the 5 → 2 pentagon made sparser or denser

/** Tolerances of the pentagon → digons check, fixed a priori (guide §1.5, §3); never tuned to the results. */
export const NONUNIFORM_TOLERANCES = {
  /** the paper: the transition happens when the varied feature is ~2.5× sparser than the others */
  paperRelativeDensity: 1 / 2.5,
  /**
   * "~2.5×" is read off a figure, so the crossing of our best-loss curves passes within a factor 1.5
   * of it either way (ρ in [0.267, 0.6], i.e. 1.67× to 3.75× sparser)
   */
  crossingFactor: 1.5,
  /** "sufficiently sparser": every ρ at or below the paper's transition divided by the same factor (ρ ≤ 0.267) */
  sparseFactor: 1.5,
  /** the base of the experiment: the fit at ρ = 1 (the grid value within this factor of 1) */
  baseFactor: 1.05,
} as const;
