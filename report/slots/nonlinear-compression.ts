// Appendix A, the paper's "Nonlinear compression" (analysis/nonlinear-compression.ts): the numbers of the
// closed-form comparison between the steep-ramp code t = (⌊Zx⌋ + y)/Z and linear compression. They depend
// on no trained model, so every slot has a value in every run; only the figure, drawn by the
// `superposition` experiment, needs a guard (the flag below).

import {
  EXTRA_Z,
  FLOOR_OFFSET,
  MIDPOINT_OFFSET,
  PAPER_EPSILON,
  PAPER_Z,
  bestLinearMse,
  breakEvenEpsilon,
  nonlinearMse,
} from '../../analysis/nonlinear-compression.ts';
import type { FlagFn, SlotFn } from './context.ts';
import { findFigure } from './figure-lookup.ts';
import { fmt, joinAnd } from './format.ts';

const P = 'nonlinear_compression';

/** The break-even ε as prose: a number, or a statement that the code wins on all of [0, 1]. */
function breakEven(Z: number, offset: number): string {
  const e = breakEvenEpsilon(Z, offset);
  return e === undefined ? 'beyond ε = 1' : fmt(e);
}

export function nonlinearCompressionSlots(): Record<string, SlotFn> {
  const paper = (offset: number): number => nonlinearMse(PAPER_Z, PAPER_EPSILON, offset);
  return {
    [`${P}.z`]: () => fmt(PAPER_Z),
    [`${P}.epsilon`]: () => fmt(PAPER_EPSILON),
    [`${P}.extra_z`]: () => joinAnd(EXTRA_Z.map((Z) => fmt(Z))),
    [`${P}.linear_mse`]: () => fmt(bestLinearMse()),
    [`${P}.exact_mse`]: () => fmt(nonlinearMse(PAPER_Z, 0, MIDPOINT_OFFSET)),
    [`${P}.paper_mse`]: () => fmt(paper(MIDPOINT_OFFSET)),
    [`${P}.paper_ratio`]: () => fmt(paper(MIDPOINT_OFFSET) / bestLinearMse()),
    [`${P}.paper_mse_floor`]: () => fmt(paper(FLOOR_OFFSET)),
    [`${P}.paper_ratio_floor`]: () => fmt(paper(FLOOR_OFFSET) / bestLinearMse()),
    [`${P}.extra_mse`]: () => joinAnd(EXTRA_Z.map((Z) => `${fmt(nonlinearMse(Z, PAPER_EPSILON, MIDPOINT_OFFSET))} at Z = ${fmt(Z)}`)),
    [`${P}.break_even`]: () => breakEven(PAPER_Z, MIDPOINT_OFFSET),
    [`${P}.break_even_extra`]: () => joinAnd(EXTRA_Z.map((Z) => `${breakEven(Z, MIDPOINT_OFFSET)} at Z = ${fmt(Z)}`)),
    [`${P}.break_even_floor`]: () => breakEven(PAPER_Z, FLOOR_OFFSET),
    // the part of the error at the paper's setting that the ramps add to the rounding of x
    [`${P}.ramp_share`]: () =>
      `${fmt((100 * (paper(MIDPOINT_OFFSET) - nonlinearMse(PAPER_Z, 0, MIDPOINT_OFFSET))) / paper(MIDPOINT_OFFSET), 2)} %`,
    // how many times the paper's ε the ramps could be before the code stops beating linear compression
    [`${P}.margin`]: () => {
      const e = breakEvenEpsilon(PAPER_Z, MIDPOINT_OFFSET);
      return e === undefined ? `more than ${fmt(1 / PAPER_EPSILON)}` : fmt(e / PAPER_EPSILON);
    },
  };
}

/** `has.superposition.compression_figure`: the run drew the appendix figure (the `superposition` experiment declares it). */
export function nonlinearCompressionFlags(): Record<string, FlagFn> {
  return {
    'has.superposition.compression_figure': (ctx) => Boolean(findFigure(ctx.input, { experiment: 'superposition', suffix: 'compression' })),
  };
}
