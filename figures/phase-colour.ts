// The paper's two-dimensional colour map for the empirical phase diagrams: one colour from the extra
// feature's (averaged) norm ‖Wₑₓₜᵣₐ‖ and its superposition score Σⱼ (Ŵₑₓₜᵣₐ·Wⱼ)² over j ≠ extra.
//
//   hue:        blue (score 0: the extra feature has a direction to itself) → red (score ≥ 1: another
//               feature reads along its direction as strongly as it does), linear in RGB in between;
//   saturation: the norm, from a light grey at ‖Wₑₓₜᵣₐ‖ = 0 (not learned) to the full hue at ≥ 1.
//
// So a learned, dedicated feature is blue, a learned feature in superposition red, an unlearned one
// near white whatever its score (the score of a near-zero vector says nothing), and a cell that averages
// models of different phases lands in between (pale, or purple), as the paper's blurred boundaries do.
// Pure functions; Vega-Lite receives the colour itself (scale: null), and a key chart shows the map.

import { round6, type DataRow } from './types.ts';

type Rgb = readonly [number, number, number];

/** the extra feature has a direction to itself (the n = 2 theory map's "dedicated" colour) */
export const DEDICATED_RGB: Rgb = [0x3b, 0x6f, 0xb6];
/** the extra feature is in superposition (the theory map's "superposition" colour) */
export const SUPERPOSED_RGB: Rgb = [0xd2, 0x3c, 0x2a];
/** the extra feature is not learned */
export const UNLEARNED_RGB: Rgb = [0xf2, 0xf2, 0xf2];
/** the superposition score at which the hue is fully red: the paper's "≥ 1" */
export const FULL_SUPERPOSITION = 1;
/** the norm at which the hue is fully saturated: a unit feature direction */
export const FULL_NORM = 1;

function clamp01(x: number): number {
  if (!(x > 0)) return 0; // NaN and negatives
  return x > 1 ? 1 : x;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function hex(c: Rgb): string {
  return `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/** The cell colour (#rrggbb) for the extra feature's norm and superposition score. */
export function phaseColour(norm: number, superposition: number): string {
  const hue = mix(DEDICATED_RGB, SUPERPOSED_RGB, clamp01(superposition / FULL_SUPERPOSITION));
  return hex(mix(UNLEARNED_RGB, hue, clamp01(norm / FULL_NORM)));
}

/** Steps per axis of the key chart. */
export const KEY_STEPS = 11;

/**
 * The key chart's rows: a KEY_STEPS × KEY_STEPS grid of (superposition score, norm) from 0 to the full
 * values, each cell with its colour; `kind: 'key'`.
 */
export function colourKeyRows(): DataRow[] {
  const rows: DataRow[] = [];
  const step = 1 / (KEY_STEPS - 1);
  for (let j = 0; j < KEY_STEPS; j++) {
    for (let i = 0; i < KEY_STEPS; i++) {
      const sup = i * step * FULL_SUPERPOSITION;
      const norm = j * step * FULL_NORM;
      rows.push({
        kind: 'key',
        sup0: round6(sup - (step * FULL_SUPERPOSITION) / 2),
        sup1: round6(sup + (step * FULL_SUPERPOSITION) / 2),
        norm0: round6(norm - (step * FULL_NORM) / 2),
        norm1: round6(norm + (step * FULL_NORM) / 2),
        colour: phaseColour(norm, sup),
      });
    }
  }
  return rows;
}

/** The key chart as a Vega-Lite unit spec over the shared data (rows of kind 'key'). */
export function colourKeySpec(size: number) {
  // half a key cell, so that the first and last cells are whole inside the domain
  const half = 0.5 / (KEY_STEPS - 1);
  return {
    width: size,
    height: size,
    title: { text: 'colour key', fontSize: 10, fontWeight: 'normal' as const, color: '#555' },
    transform: [{ filter: "datum.kind === 'key'" }],
    mark: { type: 'rect' as const, strokeWidth: 0 },
    encoding: {
      x: {
        field: 'sup0',
        type: 'quantitative' as const,
        title: 'superposition score',
        scale: { domain: [round6(-half * FULL_SUPERPOSITION), round6((1 + half) * FULL_SUPERPOSITION)], nice: false, zero: false },
        axis: { values: [0, 0.5, 1], format: '~g', grid: false, labelExpr: "datum.value >= 1 ? '≥ 1' : datum.label" },
      },
      x2: { field: 'sup1' },
      y: {
        field: 'norm0',
        type: 'quantitative' as const,
        title: '‖Wₑₓₜᵣₐ‖',
        scale: { domain: [round6(-half * FULL_NORM), round6((1 + half) * FULL_NORM)], nice: false, zero: false },
        axis: { values: [0, 0.5, 1], format: '~g', grid: false, labelExpr: "datum.value >= 1 ? '≥ 1' : datum.label" },
      },
      y2: { field: 'norm1' },
      color: { field: 'colour', type: 'nominal' as const, scale: null, legend: null },
    },
  };
}
