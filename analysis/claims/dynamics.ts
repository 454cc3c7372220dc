// Learning dynamics (ours: the guide's table has no row for §1.6): the loss falls at the jumps

/** Tolerance of the learning-dynamics check, fixed a priori; never tuned to the results. */
export const DYNAMICS_TOLERANCES = {
  /**
   * the loss must fall faster, per snapshot interval, inside jumps than outside them by at least this
   * factor: 1, the weakest reading of the paper's "the loss drops at each jump"
   */
  dropRatio: 1,
} as const;
