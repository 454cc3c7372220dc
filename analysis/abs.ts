// Computation in superposition (paper §"Computation in Superposition", guide §1.9): the neurons of the
// untied |x| model h = ReLU(x·W1), y = ReLU(h·W2ᵀ + b), read off its two weight matrices. Pure functions
// on plain arrays, W1 and W2 both F rows of H numbers (row f = feature f's weights into, and out of, the
// H neurons), with every threshold passed in (analysis/claims/abs.ts fixes them):
//   - the paper's display rescaling (footnote 15): each neuron's W1 column scaled so its largest |W1| is 1,
//     its W2 column scaled inversely, which leaves the function the model computes unchanged;
//   - each neuron's role: live or dead, its largest feature and that weight's sign, how many features have
//     a substantial input weight into it (poly- or monosemantic);
//   - the dense layout of the n = 3, m = 6 demonstration: every feature computed as ReLU(x) + ReLU(−x);
//   - every occurrence of the asymmetric superposition motif.
//
// Every quantity below is invariant under the rescaling: a ratio of input weights within one neuron, a
// ratio of output weights within one neuron, or a product W1_fk·W2_gk (a path through neuron k).

import type { Rows } from './metrics.ts';

/** The thresholds that read a neuron's role (analysis/claims/abs.ts ABS_RULES holds the values). */
export interface NeuronRules {
  /** a neuron is live when max_f |W1_fk| · max_f |W2_fk| (its largest output weight after rescaling) reaches this */
  liveStrength: number;
  /** a feature has a substantial input weight into a neuron when |W1_fk| ≥ this · max_f |W1_fk| */
  polysemanticFraction: number;
  /** descriptive only: "highly polysemantic" when the second-largest |W1_fk| ≥ this · the largest */
  highlyPolysemanticFraction: number;
}

/** The thresholds of the dense ReLU(x) + ReLU(−x) layout, on the rescaled weights. */
export interface DenseRules {
  /** every feature but the neuron's own has rescaled |W1| below this */
  otherWeight: number;
  /** the rescaled W2 from the neuron to its own feature's output (the path's gain) within this of 1 */
  gain: number;
  /** the rescaled |W2| from the neuron to every other feature's output below this */
  crossOutput: number;
}

/** The thresholds of the asymmetric superposition motif. */
export interface MotifRules {
  /** |W1_ik| ≥ this · |W1_jk|: the dominant feature's input weight is this many times the victim's */
  inputRatio: number;
  /** (W2_jk / W2_ik) / (|W1_ik| / |W1_jk|) within [1/this, this]: reciprocal output weights */
  reciprocalFactor: number;
  /** both features' paths through the neuron, |W1_fk| · W2_fk, reach this: the neuron stores both */
  minGain: number;
  /** the second neuron cancels at least this share of the interference the first sends to the victim */
  inhibition: number;
}

/** One neuron of an untied |x| model. */
export interface AbsNeuron {
  neuron: number;
  /** max_f |W1_fk|: the footnote-15 scale (0 for an all-zero column) */
  scale: number;
  /** max_f |W1_fk| · max_f |W2_fk| ≥ NeuronRules.liveStrength */
  live: boolean;
  /** the feature with the largest |W1_fk| (lowest index on ties) */
  top: number;
  /** sign of W1_{top,k}: +1 the neuron reads ReLU(x_top), −1 ReLU(−x_top) */
  sign: 1 | -1;
  /** second-largest |W1_fk| over the largest (0 when the column is zero) */
  secondRatio: number;
  /** features with |W1_fk| ≥ polysemanticFraction · the largest (the top feature included) */
  substantial: number;
  /** live and more than one substantial feature */
  polysemantic: boolean;
  /** live and secondRatio ≥ highlyPolysemanticFraction */
  highlyPolysemantic: boolean;
  /** W2_{top,k} · max_f |W1_fk|: the top feature's output weight after rescaling (its path's gain) */
  gain: number;
}

/** One occurrence of the asymmetric superposition motif. */
export interface AsymmetricMotif {
  /** the neuron that stores both features */
  neuron: number;
  /** the feature with the large input weight, whose activity interferes with the victim's output */
  dominant: number;
  victim: number;
  /** |W1_dominant,k| / |W1_victim,k| (≥ MotifRules.inputRatio) */
  inputRatio: number;
  /** W2_victim,k / W2_dominant,k */
  outputRatio: number;
  /** |W1_fk| · W2_fk of the dominant and of the victim */
  dominantGain: number;
  victimGain: number;
  /** the victim's input weight has the opposite sign to the dominant's, as in the paper's W = [2, −½] */
  oppositeSigns: boolean;
  /** the inhibiting neuron that cancels the largest share of the interference */
  inhibitor: number;
  /** that share: (sign·W1_dominant,k′)(−W2_victim,k′) / (|W1_dominant,k| W2_victim,k) */
  inhibition: number;
  /** how many neurons qualify as inhibitors */
  inhibitors: number;
}

function get(W: Rows, f: number, k: number, what: string): number {
  const v = W[f]?.[k];
  if (v === undefined) throw new RangeError(`abs: ${what}[${f}][${k}] is outside the matrix (${W.length} rows)`);
  return v;
}

function shapeOf(W1: Rows, W2: Rows): { F: number; H: number } {
  const F = W1.length;
  const H = W1[0]?.length ?? 0;
  if (W2.length !== F || W1.some((r) => r.length !== H) || W2.some((r) => r.length !== H)) {
    throw new Error(`abs: W1 and W2 must both be ${F} rows of ${H} numbers`);
  }
  return { F, H };
}

/** max_f |W1_fk| of every neuron, [H]. */
export function neuronScales(W1: Rows): number[] {
  const H = W1[0]?.length ?? 0;
  const out = new Array<number>(H).fill(0);
  for (const r of W1) for (let k = 0; k < H; k++) out[k] = Math.max(out[k] as number, Math.abs(r[k] as number));
  return out;
}

/**
 * The paper's display rescaling (footnote 15): W1's column k divided by its largest |W1_fk|, W2's column k
 * multiplied by it, so ReLU(x·W1)·W2ᵀ is unchanged. An all-zero column stays zero.
 */
export function rescaleNeurons(W1: Rows, W2: Rows): { W1: number[][]; W2: number[][]; scales: number[] } {
  const { F, H } = shapeOf(W1, W2);
  const scales = neuronScales(W1);
  const a: number[][] = [];
  const b: number[][] = [];
  for (let f = 0; f < F; f++) {
    const ra: number[] = [];
    const rb: number[] = [];
    for (let k = 0; k < H; k++) {
      const s = scales[k] as number;
      ra.push(s > 0 ? get(W1, f, k, 'W1') / s : 0);
      rb.push(s > 0 ? get(W2, f, k, 'W2') * s : 0);
    }
    a.push(ra);
    b.push(rb);
  }
  return { W1: a, W2: b, scales };
}

/** The role of every neuron. */
export function neuronRoles(W1: Rows, W2: Rows, rules: NeuronRules): AbsNeuron[] {
  const { F, H } = shapeOf(W1, W2);
  const out: AbsNeuron[] = [];
  for (let k = 0; k < H; k++) {
    let top = 0;
    let largest = 0;
    let maxOut = 0;
    for (let f = 0; f < F; f++) {
      const w = Math.abs(get(W1, f, k, 'W1'));
      if (w > largest) {
        largest = w;
        top = f;
      }
      maxOut = Math.max(maxOut, Math.abs(get(W2, f, k, 'W2')));
    }
    let second = 0;
    let substantial = 0;
    for (let f = 0; f < F; f++) {
      const w = Math.abs(get(W1, f, k, 'W1'));
      if (f !== top) second = Math.max(second, w);
      if (largest > 0 && w >= rules.polysemanticFraction * largest) substantial++;
    }
    const live = largest * maxOut >= rules.liveStrength;
    const secondRatio = largest > 0 ? second / largest : 0;
    out.push({
      neuron: k,
      scale: largest,
      live,
      top,
      sign: get(W1, top, k, 'W1') < 0 ? -1 : 1,
      secondRatio,
      substantial,
      polysemantic: live && substantial > 1,
      highlyPolysemantic: live && secondRatio >= rules.highlyPolysemanticFraction,
      gain: get(W2, top, k, 'W2') * largest,
    });
  }
  return out;
}

/** How one neuron fits the dense layout: one feature at ±1, the others ≈ 0, read out with gain ≈ 1 and nowhere else. */
export interface DenseNeuron {
  neuron: number;
  top: number;
  sign: 1 | -1;
  /** largest rescaled |W1| of the other features */
  maxOtherWeight: number;
  /** rescaled W2 to the top feature's output */
  gain: number;
  /** largest rescaled |W2| to the other features' outputs */
  maxCrossOutput: number;
  /** all three within DenseRules */
  clean: boolean;
}

export interface DenseLayout {
  neurons: DenseNeuron[];
  /** per feature, the clean neurons reading ReLU(x_f) and ReLU(−x_f) */
  plus: number[][];
  minus: number[][];
  /** every neuron clean and every feature with exactly one clean +1 neuron and one clean −1 neuron */
  matches: boolean;
}

/** The dense |x| layout (paper's n = 3, m = 6 demonstration): each feature as ReLU(x_f) + ReLU(−x_f). */
export function denseLayout(W1: Rows, W2: Rows, rules: DenseRules): DenseLayout {
  const { F, H } = shapeOf(W1, W2);
  const scaled = rescaleNeurons(W1, W2);
  const neurons: DenseNeuron[] = [];
  const plus: number[][] = Array.from({ length: F }, () => []);
  const minus: number[][] = Array.from({ length: F }, () => []);
  for (let k = 0; k < H; k++) {
    let top = 0;
    for (let f = 1; f < F; f++) if (Math.abs(get(scaled.W1, f, k, 'W1')) > Math.abs(get(scaled.W1, top, k, 'W1'))) top = f;
    let maxOtherWeight = 0;
    let maxCrossOutput = 0;
    for (let f = 0; f < F; f++) {
      if (f === top) continue;
      maxOtherWeight = Math.max(maxOtherWeight, Math.abs(get(scaled.W1, f, k, 'W1')));
      maxCrossOutput = Math.max(maxCrossOutput, Math.abs(get(scaled.W2, f, k, 'W2')));
    }
    const sign: 1 | -1 = get(scaled.W1, top, k, 'W1') < 0 ? -1 : 1;
    const gain = get(scaled.W2, top, k, 'W2');
    const clean =
      (scaled.scales[k] as number) > 0 &&
      maxOtherWeight < rules.otherWeight &&
      Math.abs(gain - 1) <= rules.gain &&
      maxCrossOutput < rules.crossOutput;
    neurons.push({ neuron: k, top, sign, maxOtherWeight, gain, maxCrossOutput, clean });
    if (clean) (sign > 0 ? plus : minus)[top]!.push(k);
  }
  const matches = neurons.every((n) => n.clean) && plus.every((p) => p.length === 1) && minus.every((m) => m.length === 1);
  return { neurons, plus, minus, matches };
}

/**
 * Every occurrence of the asymmetric superposition motif, by neuron, then dominant, then victim:
 *   - neuron k stores two features i (dominant) and j (victim): both paths |W1_fk|·W2_fk reach minGain,
 *     |W1_ik| ≥ inputRatio·|W1_jk|, and the output weights are reciprocal: (W2_jk/W2_ik)/(|W1_ik|/|W1_jk|)
 *     within a factor reciprocalFactor of 1 (the paper's W1 = [2, −½], W2 = [½, 2] gives exactly 1);
 *   - so when i fires on the side neuron k reads (sign s = sign W1_ik), k sends the large interference
 *     |W1_ik|·W2_jk per unit of |x_i| into j's output;
 *   - a second neuron k′ ≠ k fires on the same side of i (s·W1_ik′ > 0) and inhibits j's output
 *     (W2_jk′ < 0), cancelling at least the share `inhibition` of that interference:
 *     (s·W1_ik′)(−W2_jk′) ≥ inhibition · |W1_ik|·W2_jk.
 * The strongest such k′ is reported with the number that qualify.
 */
export function findAsymmetricMotifs(W1: Rows, W2: Rows, rules: MotifRules): AsymmetricMotif[] {
  const { F, H } = shapeOf(W1, W2);
  const out: AsymmetricMotif[] = [];
  for (let k = 0; k < H; k++) {
    // the features neuron k stores: a positive path of at least minGain
    const stored: number[] = [];
    for (let f = 0; f < F; f++) if (Math.abs(get(W1, f, k, 'W1')) * get(W2, f, k, 'W2') >= rules.minGain) stored.push(f);
    for (const i of stored) {
      const a = Math.abs(get(W1, i, k, 'W1'));
      const s = get(W1, i, k, 'W1') < 0 ? -1 : 1;
      for (const j of stored) {
        if (j === i) continue;
        const c = Math.abs(get(W1, j, k, 'W1'));
        if (!(a >= rules.inputRatio * c)) continue;
        const inputRatio = a / c;
        const outputRatio = get(W2, j, k, 'W2') / get(W2, i, k, 'W2');
        const reciprocity = outputRatio / inputRatio;
        if (!(reciprocity >= 1 / rules.reciprocalFactor && reciprocity <= rules.reciprocalFactor)) continue;
        const interference = a * get(W2, j, k, 'W2');
        let inhibitor = -1;
        let inhibition = 0;
        let inhibitors = 0;
        for (let q = 0; q < H; q++) {
          if (q === k) continue;
          const fires = s * get(W1, i, q, 'W1');
          const inhibits = -get(W2, j, q, 'W2');
          if (!(fires > 0 && inhibits > 0)) continue;
          const share = (fires * inhibits) / interference;
          if (share < rules.inhibition) continue;
          inhibitors++;
          if (share > inhibition) {
            inhibition = share;
            inhibitor = q;
          }
        }
        if (inhibitor < 0) continue;
        out.push({
          neuron: k,
          dominant: i,
          victim: j,
          inputRatio,
          outputRatio,
          dominantGain: a * get(W2, i, k, 'W2'),
          victimGain: c * get(W2, j, k, 'W2'),
          oppositeSigns: Math.sign(get(W1, j, k, 'W1')) === -s,
          inhibitor,
          inhibition,
          inhibitors,
        });
      }
    }
  }
  return out;
}

/** The neuron order of the paper's stacked-bar figure: by the index of the largest feature (the most important first), then the ReLU(x) neuron before the ReLU(−x) one, then by neuron; dead neurons last. */
export function figureNeuronOrder(neurons: readonly AbsNeuron[]): number[] {
  return [...neurons]
    .sort((x, y) => Number(y.live) - Number(x.live) || x.top - y.top || y.sign - x.sign || x.neuron - y.neuron)
    .map((n) => n.neuron);
}
