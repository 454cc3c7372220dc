// The intro's 5 → 2 ReLU models (importance 0.9^i): two perpendicular features when dense, two
// antipodal pairs at 80 % sparsity, and the pentagon with its negative bias at 90 %.

import type { ExperimentAnalysis, ModelAnalysis } from '../types.ts';
import { DENSITY_EPS, TOLERANCES, hasShape } from './common.ts';
import { angularGaps, lossForRanking, representedFeatures } from '../metrics.ts';

/** The experiment shape the claims are about. */
export const INTRO = { features: 5, hidden: 2 } as const;

interface PentagonCandidate {
  model: ModelAnalysis;
  /** how many of the 5 norms exceed 0.9 */
  strong: number;
  /** gaps between the represented features (all 5 features when all are strong) */
  gaps: number[];
  /** max |gap − 72°| (Infinity when fewer than 2 represented) */
  maxDeviation: number;
  isPentagon: boolean;
}

/**
 * Every ReLU model (all replicas, not only the selected ones) at s ≤ 0.1 of a 5 → 2 experiment, judged
 * against the guide's operational pentagon check: 5 norms > 0.9 and every gap within ±10° of 72°.
 * Best first: pentagons, then more strong norms, then smaller deviation, then lower loss.
 */
export function pentagonCandidates(a: ExperimentAnalysis): PentagonCandidate[] {
  if (!hasShape(a, INTRO)) return [];
  const out: PentagonCandidate[] = [];
  for (const m of a.models) {
    if (m.activation !== 'relu' || m.density > 0.1 + DENSITY_EPS) continue;
    const strong = m.norms.filter((n) => n > TOLERANCES.pentagonNorm).length;
    const rep = representedFeatures(m.norms);
    const gaps = angularGaps(rep.map((i) => m.angles[i] as number));
    const maxDeviation = rep.length >= 2 ? gaps.reduce((acc, g) => Math.max(acc, Math.abs(g - 72)), 0) : Infinity;
    const isPentagon = strong === 5 && rep.length === 5 && maxDeviation <= TOLERANCES.angleDeg;
    out.push({ model: m, strong, gaps, maxDeviation, isPentagon });
  }
  out.sort(
    (x, y) =>
      Number(y.isPentagon) - Number(x.isPentagon) ||
      y.strong - x.strong ||
      x.maxDeviation - y.maxDeviation ||
      lossForRanking(x.model) - lossForRanking(y.model),
  );
  return out;
}
