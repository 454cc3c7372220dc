// Superposition as a phase change: n = 3, m = 2, the third feature is the extra one. The bars are the
// n = 2 checks' (PHASE_TOLERANCES), so both phase diagrams are judged alike.

import type { ExperimentAnalysis } from '../types.ts';
import { hasShape } from './common.ts';
import type { N3m2Phase } from '../phase-n3m2.ts';

const PHASE_N3M2_SHAPE = { features: 3, hidden: 2 } as const;

export function isN3m2Grid(a: ExperimentAnalysis): boolean {
  return hasShape(a, PHASE_N3M2_SHAPE) && a.models.some((m) => m.importance !== undefined);
}

/**
 * A point worked out by hand, against which the closed forms are checked: at r = 2, s = 1/2,
 * s/3 − s²/4 = 1/6 − 1/16 = 5/48, so extra ignored = 2·5/48 = 5/24, a normal dropped = 5/48,
 * normal pair = s²/3 = 1/12, extra in a pair = 3·(1/4)/6 = 1/8; the lowest is the normal pair.
 */
export const N3M2_HAND_POINT = {
  r: 2,
  s: 0.5,
  losses: { 'extra-ignored': 5 / 24, 'normal-dropped': 5 / 48, 'normal-pair': 1 / 12, 'extra-pair': 1 / 8 },
  winner: 'normal-pair',
} as const satisfies { r: number; s: number; losses: Record<N3m2Phase, number>; winner: N3m2Phase };
