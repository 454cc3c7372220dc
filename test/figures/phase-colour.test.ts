import { describe, expect, it } from 'vitest';
import { KEY_STEPS, colourKeyRows, phaseColour } from '../../figures/phase-colour.ts';

describe('two-dimensional phase colour', () => {
  it('is blue for a dedicated unit feature, red for one in full superposition, light grey for an unlearned one', () => {
    expect(phaseColour(1, 0)).toBe('#3b6fb6');
    expect(phaseColour(1, 1)).toBe('#d23c2a');
    expect(phaseColour(0, 0)).toBe('#f2f2f2');
    expect(phaseColour(0, 3)).toBe('#f2f2f2');
    expect(phaseColour(Number.NaN, Number.NaN)).toBe('#f2f2f2');
  });

  it('clamps the norm and the score at 1', () => {
    expect(phaseColour(1.3, 4)).toBe('#d23c2a');
    expect(phaseColour(2, -1)).toBe('#3b6fb6');
  });

  it('mixes linearly in between', () => {
    // half the norm: halfway from (242, 242, 242) to (59, 111, 182) = (150.5, 176.5, 212) → #97b1d4
    expect(phaseColour(0.5, 0)).toBe('#97b1d4');
    // half the score at full norm: halfway from blue to red = (134.5, 85.5, 112) → #875670
    expect(phaseColour(1, 0.5)).toBe('#875670');
  });

  it('has a key of every combination, from grey at the bottom to blue and red at the top', () => {
    const rows = colourKeyRows();
    expect(rows).toHaveLength(KEY_STEPS * KEY_STEPS);
    expect(rows[0]?.['colour']).toBe('#f2f2f2');
    expect(rows[rows.length - KEY_STEPS]?.['colour']).toBe('#3b6fb6');
    expect(rows[rows.length - 1]?.['colour']).toBe('#d23c2a');
  });
});
