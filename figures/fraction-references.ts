// The reference lines of the dimensionality fractions (1, 3/4, 2/3, 1/2, 2/5, 3/8) for a figure whose y
// scale is a feature's dimensionality: each row carries its line's value and where its label goes, moved
// apart where two lines are closer than a line of text (2/5 and 3/8), each the least it can.

import { DIMENSIONALITY_FRACTIONS } from '../analysis/geometry.ts';
import { FRAME_PADDING } from './frame-padding.ts';
import { spreadOnLinearScale } from './label-spread.ts';
import { round6, type DataRow } from './types.ts';

/** the least distance between two labels' centres, px (a line of the 10-px label text) */
const LABEL_GAP = 12;

export function fractionReferenceRows(domain: readonly [number, number], pixels: number): DataRow[] {
  const labelAt = spreadOnLinearScale(
    DIMENSIONALITY_FRACTIONS.map((fr) => fr.value),
    domain,
    pixels,
    FRAME_PADDING,
    LABEL_GAP,
  );
  return DIMENSIONALITY_FRACTIONS.map((fr, k) => ({
    kind: 'reference',
    label: fr.label,
    value: round6(fr.value),
    labelAt: round6(labelAt[k] as number),
  }));
}
