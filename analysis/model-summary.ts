// The few numbers of one trained model that the claims turn on, computed from W and b alone, so that they
// can be compared across base seeds (analysis/verdicts' per-seed summaries), across recipes (dead features)
// and across implementations (the PyTorch cross-check, whose weights go through the same function).

import { TOLERANCES } from './claims/common.ts';
import { UNIFORM_TOLERANCES } from './claims/uniform.ts';
import { DIMENSIONALITY_FRACTIONS, fractionHistogram } from './geometry.ts';
import {
  angles,
  angularGaps,
  cosine,
  dimensionality,
  dStar,
  featureNorms,
  orthogonalFeatures,
  representedFeatures,
  superposition,
  type Rows,
} from './metrics.ts';
import type { Activation } from '../core/types.ts';
import type { ExperimentAnalysis } from './types.ts';

/** The arrangement of a 2-D model's represented features, by the intro checks' ±10° rules. */
export const PLANE_GEOMETRIES = ['orthogonal pair', 'two digons', 'pentagon', 'other'] as const;
export type PlaneGeometry = (typeof PLANE_GEOMETRIES)[number];

export interface ModelSummary {
  run: number;
  activation: Activation;
  density: number;
  /** ‖W_i‖ > 0.5 */
  represented: number;
  /** represented, with a superposition score below 0.1 */
  orthogonal: number;
  unrepresented: number;
  /**
   * unrepresented features with a negative bias: their own output ReLU(W_i·h + b_i) is 0 for every input
   * that activates only them, so their own reconstruction sends no gradient back to W_i or b_i
   */
  dead: number;
  dStar: number;
  /** represented features whose D_i lies within ±0.03 of one of the paper's fractions */
  onFractions: number;
  /** for two hidden dimensions: the arrangement of the represented features */
  geometry?: PlaneGeometry;
}

/** The arrangement of a model with two hidden dimensions: two features at right angles, two antipodal pairs at right angles, a regular pentagon, or other. */
export function planeGeometry(W: Rows): PlaneGeometry {
  const rep = representedFeatures(featureNorms(W));
  const dir = angles(W, 2);
  const gaps = angularGaps(rep.map((i) => dir[i] as number));
  const near = (g: number, target: number): boolean => Math.abs(g - target) <= TOLERANCES.angleDeg;
  const antipode = Math.cos(((180 - TOLERANCES.angleDeg) * Math.PI) / 180);
  if (rep.length === 2) return gaps.every((g) => near(g, 90) || near(g, 270)) ? 'orthogonal pair' : 'other';
  if (rep.length === 4) {
    const paired = rep.every((i) => rep.some((j) => j !== i && cosine(W, i, j) <= antipode));
    return paired && gaps.every((g) => near(g, 90)) ? 'two digons' : 'other';
  }
  if (rep.length === 5) return gaps.every((g) => near(g, 72)) ? 'pentagon' : 'other';
  return 'other';
}

export function summarizeModel(
  W: Rows,
  b: ArrayLike<number>,
  meta: { run: number; activation: Activation; density: number },
): ModelSummary {
  const norms = featureNorms(W);
  const hidden = (W[0] as ArrayLike<number> | undefined)?.length ?? 0;
  const rep = representedFeatures(norms);
  const dims = dimensionality(W);
  const dead = norms.filter((_, i) => !rep.includes(i) && (b[i] as number) < 0).length;
  return {
    ...meta,
    represented: rep.length,
    orthogonal: orthogonalFeatures(norms, superposition(W)).length,
    unrepresented: norms.length - rep.length,
    dead,
    dStar: dStar(W, hidden),
    onFractions: fractionHistogram(
      rep.map((i) => dims[i] as number),
      UNIFORM_TOLERANCES.fraction,
      DIMENSIONALITY_FRACTIONS,
    ).matched,
    ...(hidden === 2 ? { geometry: planeGeometry(W) } : {}),
  };
}

/** The selected model of every cell of one seed's analysis, summarised. */
export function selectedSummaries(a: ExperimentAnalysis): ModelSummary[] {
  return a.selected.map((k) => {
    const m = a.models[k]!;
    return summarizeModel(m.W, m.b, { run: m.run, activation: m.activation, density: m.density });
  });
}
