// Correlated and anticorrelated feature sets (the paper's "non-uniform superposition" experiments): how a
// set's members are kept or dropped together, on top of the independent mask words of data/synthetic.ts.
//
// The stream of independent features is untouched: every example still makes its ⌈F/4⌉ mask draws, one
// word per feature, and then the value draws for the kept features in increasing order. A set only
// re-reads those words:
//   - its keep decision is its *first* member's word against the first member's threshold, for every member;
//   - an anticorrelated set keeps exactly one member, number ⌊u·size⌋ (u = the 24-bit uniform of its
//     *second* member's word, members in increasing feature order), when the set is kept.
// So a correlated set is all zero with probability 1 − p and otherwise all members carry independent
// U[0, 1) values; an anticorrelated set is all zero with probability 1 − p and otherwise has exactly one
// uniformly chosen non-zero member. The fused kernel (model/fused/assembly/index.ts) reads the routing
// table built here and makes the same decisions bit for bit.

import { FEATURE_SET_KINDS } from '../core/choices.ts';
import type { FeatureSet } from '../core/types.ts';

/** Entries per feature in the routing table. */
export const ROUTE_WIDTH = 4;

/**
 * Check that the sets are well formed for F features; throws `${who}: …` naming the set and the rule.
 * Rules: kind correlated | anticorrelated; ≥ 2 members; integer members in [0, F); no feature twice.
 */
export function checkFeatureSets(sets: readonly FeatureSet[], features: number, who: string): void {
  const owner = new Map<number, number>();
  sets.forEach((set, s) => {
    if (!(FEATURE_SET_KINDS as readonly string[]).includes(set.kind)) {
      throw new Error(`${who}: feature set ${s} has kind '${String(set.kind)}' (allowed: ${FEATURE_SET_KINDS.join(', ')})`);
    }
    if (!Array.isArray(set.features) || set.features.length < 2) {
      throw new Error(`${who}: feature set ${s} needs at least 2 features, got ${JSON.stringify(set.features)}`);
    }
    for (const f of set.features) {
      if (!Number.isInteger(f) || f < 0 || f >= features) {
        throw new Error(`${who}: feature set ${s} names feature ${String(f)}, outside 0 … ${features - 1}`);
      }
      const other = owner.get(f);
      if (other !== undefined) throw new Error(`${who}: feature ${f} is in feature sets ${other} and ${s}; sets must be disjoint`);
      owner.set(f, s);
    }
  });
}

/**
 * The routing table, [F][4] int32: for feature f,
 *   [0] the feature whose mask word and threshold decide f's keep (f itself, or its set's first member),
 *   [1] for an anticorrelated set, the feature whose word picks the kept member (its second member), else −1,
 *   [2] the set's size (1 for an independent feature),
 *   [3] f's position among its set's members in increasing order (0 for an independent feature).
 */
export function featureSetTable(sets: readonly FeatureSet[], features: number): Int32Array {
  checkFeatureSets(sets, features, 'featureSetTable');
  const table = new Int32Array(ROUTE_WIDTH * features);
  for (let f = 0; f < features; f++) table.set([f, -1, 1, 0], ROUTE_WIDTH * f);
  for (const set of sets) {
    const members = [...set.features].sort((a, b) => a - b);
    const first = members[0] as number;
    const choice = set.kind === 'anticorrelated' ? (members[1] as number) : -1;
    members.forEach((f, position) => table.set([first, choice, members.length, position], ROUTE_WIDTH * f));
  }
  return table;
}

/** The member ⌊u·size⌋ that a 24-bit uniform u24 = word >>> 8 picks (exact in integers). */
export function chosenMember(u24: number, size: number): number {
  return Math.floor((u24 * size) / 16777216);
}

/**
 * The kept features of one example (or one step, per_batch), in increasing order, from the mask words
 * (one int32 word per feature, index = feature) and the keep thresholds ⌈p·2^24⌉. Writes them to
 * `kept` and returns how many.
 */
export function keptFeatures(words: Int32Array, thresholds: Int32Array, table: Int32Array, features: number, kept: Int32Array): number {
  let K = 0;
  for (let f = 0; f < features; f++) {
    const o = ROUTE_WIDTH * f;
    const source = table[o] as number;
    if ((words[source] as number) >>> 8 >= (thresholds[source] as number)) continue;
    const choice = table[o + 1] as number;
    if (choice >= 0 && chosenMember((words[choice] as number) >>> 8, table[o + 2] as number) !== table[o + 3]) continue;
    kept[K++] = f;
  }
  return K;
}
