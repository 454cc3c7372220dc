// Geometry of models trained on correlated / anticorrelated feature sets (the paper's §Geometry,
// non-uniform superposition), as pure functions on plain arrays: how partners within a set relate
// (orthogonal, antipodal, collapsed onto one direction), the paper's collapse regimes, and the
// within-set versus across-set overlaps of a local almost-orthogonal basis.

import type { FeatureSet } from '../core/types.ts';
import { REPRESENTED_NORM, cosine, featureNorms, type Rows } from './metrics.ts';

/** Every threshold of this module, fixed from the paper and the brief before any model was trained. */
export const CORRELATED_THRESHOLDS = {
  /** correlated partners are orthogonal when |cos| is below this (guide §3: "abs(cos) < ~0.2") */
  orthogonalCos: 0.2,
  /** anticorrelated partners are antipodal when cos is below this (≈ 154°; the same −0.9 as antipodal pairs elsewhere) */
  antipodalCos: -0.9,
  /** a correlated pair has collapsed when its partners are nearly parallel, cos above this (onto (a+b)/√2) */
  collapseCos: 0.9,
  /** within a correlated set the basis is near-diagonal when every |cos| is below this (the partners' 0.2 again) */
  localCos: 0.2,
} as const;

/** One pair of members of one set. */
export interface SetPair {
  /** index of the set in the experiment's feature_sets */
  set: number;
  i: number;
  j: number;
  cos: number;
  /** both members have ‖W‖ above the represented threshold */
  represented: boolean;
}

/** Every pair (i < j) of members within each set, with the cosine between their directions. */
export function setPairs(W: Rows, sets: readonly FeatureSet[], threshold = REPRESENTED_NORM): SetPair[] {
  const norms = featureNorms(W);
  const out: SetPair[] = [];
  sets.forEach((set, s) => {
    const members = [...set.features].sort((a, b) => a - b);
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++) {
        const i = members[a] as number;
        const j = members[b] as number;
        out.push({ set: s, i, j, cos: cosine(W, i, j), represented: (norms[i] as number) > threshold && (norms[j] as number) > threshold });
      }
    }
  });
  return out;
}

/** A correlated pair stored as one direction: both members represented and cos > collapseCos. */
export function isCollapsed(pair: SetPair): boolean {
  return pair.represented && pair.cos > CORRELATED_THRESHOLDS.collapseCos;
}

/** How many of the two-member correlated sets have collapsed. */
export function collapsedPairs(W: Rows, sets: readonly FeatureSet[]): number {
  const pairSets = sets.map((set, s) => ({ set, s })).filter(({ set }) => set.kind === 'correlated' && set.features.length === 2);
  const pairs = setPairs(W, sets);
  return pairSets.filter(({ s }) => pairs.some((p) => p.set === s && isCollapsed(p))).length;
}

/**
 * The paper's collapse regimes for three correlated pairs in two dimensions (guide §1.5): how many pairs
 * are collapsed at density s, or null where the paper states none (between 0.2 and 0.25, and above 0.5,
 * "most PCA-like", which names no count).
 */
export const PAPER_COLLAPSE_REGIMES: ReadonlyArray<{ from: number; to: number; collapsed: number }> = [
  { from: 0, to: 0.05, collapsed: 0 },
  { from: 0.05, to: 0.15, collapsed: 1 },
  { from: 0.15, to: 0.2, collapsed: 2 },
  { from: 0.25, to: 0.5, collapsed: 3 },
];

/** The regime count at density s: the first regime with from < s ≤ to (0.25 itself belongs to the last). */
export function paperCollapsedPairs(density: number): number | null {
  const regime = PAPER_COLLAPSE_REGIMES.find((r) => (density > r.from || (r.from === 0.25 && density === 0.25)) && density <= r.to);
  return regime === undefined ? null : regime.collapsed;
}

/** Overlaps of a model whose features come in correlated sets: within each set against across sets. */
export interface LocalBasisStats {
  /** represented members of each set */
  representedPerSet: number[];
  /** largest |cos| between two represented members of the same set (0 when no set has two) */
  maxWithinCos: number;
  /** mean |cos| between two represented members of the same set */
  meanWithinCos: number;
  /** mean |cos| between represented features of different sets (NaN with fewer than two sets) */
  meanAcrossCos: number;
}

export function localBasisStats(W: Rows, sets: readonly FeatureSet[], threshold = REPRESENTED_NORM): LocalBasisStats {
  const norms = featureNorms(W);
  const represented = sets.map((set) => set.features.filter((f) => (norms[f] as number) > threshold));
  const within = setPairs(W, sets, threshold)
    .filter((p) => p.represented)
    .map((p) => Math.abs(p.cos));
  const across: number[] = [];
  for (let s = 0; s < represented.length; s++) {
    for (let t = s + 1; t < represented.length; t++) {
      for (const i of represented[s] as number[]) for (const j of represented[t] as number[]) across.push(Math.abs(cosine(W, i, j)));
    }
  }
  const mean = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, x) => a + x, 0) / xs.length);
  return {
    representedPerSet: represented.map((r) => r.length),
    maxWithinCos: within.length === 0 ? 0 : Math.max(...within),
    meanWithinCos: mean(within),
    meanAcrossCos: mean(across),
  };
}

/** How each feature of a model with two feature sets sits relative to the other set and its own. */
export interface CrossSetLayout {
  /** every feature has ‖W‖ above the represented threshold */
  allRepresented: boolean;
  /** per feature: the lowest cosine to a feature of the other set (−1 = antipodal) */
  antipodeCos: number[];
  /** the largest |cos| between two members of one set */
  withinMaxAbsCos: number;
  /**
   * an octahedron-like layout: all represented, each feature antipodal (cos < antipodalCos) to a feature
   * of the other set, and the members of each set orthogonal (|cos| < orthogonalCos)
   */
  antipodalAcrossOrthogonalWithin: boolean;
}

/**
 * The paper's end state of its 6-in-3 learning-dynamics example (two correlated triples) is an
 * octahedron "with features from different sets antipodal": this measures exactly that, for any two
 * disjoint sets that cover the model's features.
 */
export function crossSetLayout(W: Rows, sets: readonly FeatureSet[], threshold = REPRESENTED_NORM): CrossSetLayout {
  if (sets.length !== 2) throw new Error(`crossSetLayout: needs exactly two feature sets, got ${sets.length}`);
  const [a, b] = sets as [FeatureSet, FeatureSet];
  const norms = featureNorms(W);
  const allRepresented = [...a.features, ...b.features].every((i) => (norms[i] as number) > threshold);
  const otherOf = (i: number): readonly number[] => (a.features.includes(i) ? b.features : a.features);
  const members = [...a.features, ...b.features].sort((x, y) => x - y);
  const antipodeCos = members.map((i) => Math.min(...otherOf(i).map((j) => cosine(W, i, j))));
  const withinMaxAbsCos = Math.max(0, ...setPairs(W, sets, threshold).map((p) => Math.abs(p.cos)));
  return {
    allRepresented,
    antipodeCos,
    withinMaxAbsCos,
    antipodalAcrossOrthogonalWithin:
      allRepresented &&
      antipodeCos.every((c) => c < CORRELATED_THRESHOLDS.antipodalCos) &&
      withinMaxAbsCos < CORRELATED_THRESHOLDS.orthogonalCos,
  };
}
