// The expected loss of a small toy model, computed by conditioning on which features are active rather
// than by sampling inputs. With F features there are 2^F activity patterns, each with an exact
// probability Π p_i Π (1 − p_i); given a pattern, the active values are uniform on [0, 1)^k and the
// conditional loss is an integral over that cube, taken with a midpoint grid. A held-out sample of N
// inputs sees a rare feature only about p·N times, so its loss estimate is too noisy to rank restarts
// whose losses differ by a few per cent; this estimate weights every pattern exactly and has no
// sampling noise at all. Meant for small F (it enumerates 2^F patterns).

import { gram, type Rows } from './metrics.ts';
import type { Activation } from '../model/types.ts';

/** Grid points per pattern are capped near this, so that the cost stays ~2^F · this · F². */
export const EXPECTED_LOSS_POINTS = 4096;
/** Beyond this many features 2^F patterns are too many: the caller should sample instead. */
export const EXPECTED_LOSS_MAX_FEATURES = 12;

/**
 * E[ mean_f I_f (x_f − act(Σ_j x_j W_f·W_j + b_f))² ] over x_f = 0 with probability 1 − p_f, else
 * uniform on [0, 1) — the same quantity evalLoss estimates from samples (mean over features). Each
 * k-dimensional conditional integral uses a midpoint grid of g = ⌊points^(1/k)⌋ (at least 2) values per
 * active feature.
 *
 * @param W F rows of H numbers
 * @param b [F]
 * @param density [F] the probability p_f that feature f is active
 * @param importance [F]
 */
export function expectedLoss(
  W: Rows,
  b: ArrayLike<number>,
  density: ArrayLike<number>,
  importance: ArrayLike<number>,
  activation: Activation,
  points = EXPECTED_LOSS_POINTS,
): number {
  const F = W.length;
  if (F === 0 || F > EXPECTED_LOSS_MAX_FEATURES) throw new RangeError(`expectedLoss: needs 1 to ${EXPECTED_LOSS_MAX_FEATURES} features, got ${F}`);
  if (b.length !== F || density.length !== F || importance.length !== F) {
    throw new RangeError(`expectedLoss: b, density and importance need ${F} entries each, got ${b.length}, ${density.length}, ${importance.length}`);
  }
  const G = gram(W);
  const act = activation === 'relu' ? (v: number) => (v > 0 ? v : 0) : (v: number) => v;
  let total = 0;
  for (let pattern = 0; pattern < 1 << F; pattern++) {
    const active: number[] = [];
    let probability = 1;
    for (let f = 0; f < F; f++) {
      const p = density[f] as number;
      if (pattern & (1 << f)) {
        active.push(f);
        probability *= p;
      } else {
        probability *= 1 - p;
      }
    }
    if (probability === 0) continue;
    const k = active.length;
    const g = k === 0 ? 1 : Math.max(2, Math.floor(points ** (1 / k) + 1e-9));
    const cells = g ** k;
    const x = new Float64Array(k);
    let sum = 0;
    for (let c = 0; c < cells; c++) {
      // the c-th grid point: digit q of c in base g gives the q-th active feature's midpoint (d + ½)/g
      let rest = c;
      for (let q = 0; q < k; q++) {
        x[q] = ((rest % g) + 0.5) / g;
        rest = Math.floor(rest / g);
      }
      let loss = 0;
      let q = 0;
      for (let f = 0; f < F; f++) {
        const Gf = G[f] as number[];
        let pre = b[f] as number;
        for (let a = 0; a < k; a++) pre += (x[a] as number) * (Gf[active[a] as number] as number);
        const xf = active[q] === f ? (x[q++] as number) : 0;
        const e = xf - act(pre);
        loss += (importance[f] as number) * e * e;
      }
      sum += loss;
    }
    total += (probability * sum) / cells;
  }
  return total / F;
}
