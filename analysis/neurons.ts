// Which features each neuron of a privileged-basis model stores (the paper's "Superposition in a
// Privileged Basis"), as pure functions on plain arrays. The model is h = ReLU(x·W), y = ReLU(h·Wᵀ + b)
// with W stored as F rows of H numbers, so column k of W holds neuron k's input weights and, tied, its
// output weights too.
//
// The rule (fixed before any privileged-basis model was looked at): a feature is represented when
// ‖W_f‖ > 0.5 (the project's threshold everywhere); a represented feature f is stored by neuron k when
// its weight into the neuron is a substantial positive share of what drives that neuron,
//   W_fk ≥ 0.5 · max over represented f' of W_f'k   and   W_fk > 0.2.
// Only positive weights store: behind the hidden ReLU a negative W_fk can only switch the neuron off (the
// paper draws such weights below the axis as inhibition, not as a feature the neuron carries). The share
// is the neuron's view: a neuron whose one large weight dwarfs the rest is monosemantic even when small
// positive weights of other features leak into it. The floor keeps a dead neuron's stray weights, which
// can be a large share of a tiny maximum, from counting; 0.2² = 4 % of a unit feature's squared norm.

import { REPRESENTED_NORM, featureNorms, type Rows } from './metrics.ts';

/** Every threshold of the per-neuron analysis. */
export const NEURON_THRESHOLDS = {
  /** ‖W_f‖ above this = represented (the project's REPRESENTED_NORM) */
  representedNorm: REPRESENTED_NORM,
  /** a neuron stores a represented feature whose weight is at least this share of the neuron's largest represented weight */
  storedShare: 0.5,
  /** … and above this absolute weight */
  storedFloor: 0.2,
} as const;

/** What one neuron carries: no feature (unused), exactly one (monosemantic) or several (polysemantic). */
export type NeuronKind = 'unused' | 'monosemantic' | 'polysemantic';

export interface NeuronRole {
  neuron: number;
  /** the represented features it stores, ascending */
  features: number[];
  kind: NeuronKind;
}

/**
 * A connected set of the storage graph (feature f — neuron k when k stores f): features that share
 * neurons, and those neurons. A monosemantic neuron whose feature no other neuron stores is a group of
 * 1 feature in 1 neuron; the paper's "three features in two neurons" is a group of 3 in 2.
 */
export interface NeuronGroup {
  /** ascending */
  features: number[];
  /** ascending */
  neurons: number[];
}

export interface NeuronAnalysis {
  /** features with ‖W_f‖ > representedNorm, ascending */
  represented: number[];
  /** one entry per neuron, in neuron order */
  neurons: NeuronRole[];
  /** per feature [F]: the neurons that store it, ascending (empty for an unrepresented feature) */
  featureNeurons: number[][];
  monosemantic: number;
  polysemantic: number;
  unused: number;
  /** the groups with at least one feature, ordered by their lowest feature */
  groups: NeuronGroup[];
  /** represented features that no neuron stores (every positive weight below the neurons' bars) */
  unstored: number[];
}

/** The regime of a model as the paper counts it: features represented, and neurons that store exactly one. */
export interface NeuronRegime {
  represented: number;
  monosemantic: number;
}

function weight(W: Rows, f: number, k: number): number {
  const row = W[f];
  if (row === undefined || k >= row.length) throw new RangeError(`neurons: W has no entry (${f}, ${k})`);
  return row[k] as number;
}

/** Per-neuron analysis of a privileged-basis model's W (F rows of H numbers). */
export function neuronAnalysis(W: Rows, thresholds: typeof NEURON_THRESHOLDS = NEURON_THRESHOLDS): NeuronAnalysis {
  const F = W.length;
  const H = W[0]?.length ?? 0;
  if (W.some((row) => row.length !== H)) throw new RangeError(`neurons: W must have ${H} numbers in every row`);
  const norms = featureNorms(W);
  const represented = norms.flatMap((n, f) => (n > thresholds.representedNorm ? [f] : []));
  const featureNeurons: number[][] = Array.from({ length: F }, () => []);
  const neurons: NeuronRole[] = [];
  for (let k = 0; k < H; k++) {
    const top = Math.max(0, ...represented.map((f) => weight(W, f, k)));
    const features = represented.filter((f) => {
      const w = weight(W, f, k);
      return w > thresholds.storedFloor && w >= thresholds.storedShare * top;
    });
    for (const f of features) (featureNeurons[f] as number[]).push(k);
    const kind: NeuronKind = features.length === 0 ? 'unused' : features.length === 1 ? 'monosemantic' : 'polysemantic';
    neurons.push({ neuron: k, features, kind });
  }
  const count = (kind: NeuronKind): number => neurons.filter((n) => n.kind === kind).length;
  return {
    represented,
    neurons,
    featureNeurons,
    monosemantic: count('monosemantic'),
    polysemantic: count('polysemantic'),
    unused: count('unused'),
    groups: storageGroups(featureNeurons, neurons),
    unstored: represented.filter((f) => (featureNeurons[f] as number[]).length === 0),
  };
}

/** Connected sets of the feature–neuron storage graph that hold at least one stored feature. */
function storageGroups(featureNeurons: readonly number[][], neurons: readonly NeuronRole[]): NeuronGroup[] {
  const seen = new Set<number>();
  const groups: NeuronGroup[] = [];
  featureNeurons.forEach((ks, start) => {
    if (ks.length === 0 || seen.has(start)) return;
    const features = new Set<number>([start]);
    const inGroup = new Set<number>();
    const queue = [start];
    seen.add(start);
    while (queue.length > 0) {
      const f = queue.pop() as number;
      for (const k of featureNeurons[f] ?? []) {
        if (inGroup.has(k)) continue;
        inGroup.add(k);
        for (const g of neurons[k]?.features ?? []) {
          if (seen.has(g)) continue;
          seen.add(g);
          features.add(g);
          queue.push(g);
        }
      }
    }
    groups.push({ features: [...features].sort((a, b) => a - b), neurons: [...inGroup].sort((a, b) => a - b) });
  });
  return groups;
}

/** The (represented, monosemantic) counts of a model. */
export function neuronRegime(W: Rows): NeuronRegime {
  const a = neuronAnalysis(W);
  return { represented: a.represented.length, monosemantic: a.monosemantic };
}

export function sameRegime(a: NeuronRegime, b: NeuronRegime): boolean {
  return a.represented === b.represented && a.monosemantic === b.monosemantic;
}

/** The groups in which several features share neurons (the superposed part of the model). */
export function sharedGroups(a: NeuronAnalysis): NeuronGroup[] {
  return a.groups.filter((g) => g.features.length > 1);
}
