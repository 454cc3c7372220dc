// The paper's appendix "Nonlinear compression" (guide §1.10), worked out in closed form: no training.
//
// The appendix packs two numbers x, y ∈ [0, 1) into one, t = (⌊Zx⌋ + y)/Z, for an integer Z ≥ 2: the
// integer part of Zt keeps x to a precision of 1/Z and the fractional part keeps y whole. Decoding needs
// ⌊·⌋ again (x̂ from ⌊Zt⌋, ŷ = Zt − ⌊Zt⌋, the paper's fmod). A network cannot compute a jump, so the paper
// replaces every jump by a steep linear segment ε wide and compares the mean squared error on dense
// uniform x, y with linear compression (keeping one number, or the average), reporting that even at
// ε = 0.1 and Z = 3 the nonlinear code wins. The paper gives no formula for the ramps; what we assume:
//   - ε is measured in the argument of ⌊·⌋ (in Zx and Zt), i.e. as a fraction of one quantisation step,
//     so ε ∈ [0, 1];
//   - each jump of ⌊u⌋ at an integer j ∈ {1, …, Z−1} (the only jumps on [0, Z)) becomes a linear ramp over
//     [j − ε, j], ending where the jump was: the approximation equals ⌊u⌋ outside those ramps, is
//     continuous, and is a sum of ReLUs, [ReLU(u − j + ε) − ReLU(u − j)]/ε per jump;
//   - encoder and decoder use the same approximation;
//   - x is decoded to the middle of its quantisation cell, x̂ = (⌊Zt⌋ + ½)/Z, the least-squares reading
//     of a quantised value (`offset`; 0 reads the cell's lower edge, ⌊Zt⌋/Z, the literal inverse);
//   - the MSE is the mean over the two numbers, ½ E[(x − x̂)² + (y − ŷ)²], with x, y independent U[0, 1).
//
// The closed form (nonlinearMse) was derived by integrating the squared error exactly over the polygons of
// the (Zx, y) plane on which both approximations are affine (done symbolically; the test checks it against
// brute-force integration of encode/decode themselves). Per quantisation cell of Zx: the last cell
// decodes x to the offset within its cell and y exactly; every other cell has a plateau (Zx within
// 1 − ε of the cell's start), where y only errs when it lands on a decoder ramp, and an encoder ramp,
// where the encoded value slides into the next cell and the decoder mixes the two numbers. Summing the
// cells gives a polynomial of degree 5 in ε.

/** The paper's setting of the appendix: "even with ε = 0.1 and Z = 3" the nonlinear code beats linear compression. */
export const PAPER_Z = 3;
export const PAPER_EPSILON = 0.1;
/** Quantisation steps drawn beside the paper's Z = 3 (figure and report). */
export const EXTRA_Z: readonly number[] = [2, 5];
/** x̂ at the middle of its quantisation cell (our reading), and at its lower edge (the literal ⌊Zt⌋/Z). */
export const MIDPOINT_OFFSET = 0.5;
export const FLOOR_OFFSET = 0;

/** The variance of U[0, 1). */
const UNIFORM_VARIANCE = 1 / 12;

function checkSetting(Z: number, epsilon: number, who: string): void {
  if (!Number.isInteger(Z) || Z < 2) throw new Error(`${who}: Z must be a whole number ≥ 2, got ${Z}`);
  if (!(epsilon >= 0 && epsilon <= 1)) throw new Error(`${who}: ε must lie in [0, 1], got ${epsilon}`);
}

/**
 * ⌊u⌋ on [0, Z) with each jump at j = 1 … Z−1 replaced by a linear ramp over [j − ε, j] (ε = 0: the exact
 * floor). Continuous for ε > 0; equal to ⌊u⌋ outside the ramps.
 */
export function steepFloor(u: number, Z: number, epsilon: number): number {
  checkSetting(Z, epsilon, 'steepFloor');
  let sum = 0;
  for (let j = 1; j < Z; j++) {
    if (u >= j) sum += 1;
    else if (epsilon > 0 && u > j - epsilon) sum += (u - j + epsilon) / epsilon;
  }
  return sum;
}

/** The code of (x, y): t = (⌊Zx⌋ + y)/Z with the floor replaced by steepFloor. */
export function encode(x: number, y: number, Z: number, epsilon: number): number {
  return (steepFloor(Z * x, Z, epsilon) + y) / Z;
}

/** (x̂, ŷ) from t: x̂ = (⌊Zt⌋ + offset)/Z and ŷ = Zt − ⌊Zt⌋, both floors replaced by steepFloor. */
export function decode(t: number, Z: number, epsilon: number, offset = MIDPOINT_OFFSET): [number, number] {
  const v = Z * t;
  const whole = steepFloor(v, Z, epsilon);
  return [(whole + offset) / Z, v - whole];
}

/**
 * The exact MSE of the steep-ramp code, ½ E[(x − x̂)² + (y − ŷ)²] over independent x, y ~ U[0, 1), for
 * Z ≥ 2 and ε ∈ [0, 1]:
 *   [Z(12c² − 12c + 4) + (Z−1)(6Z² + 24c − 8)ε + (Z−1)(4 − 6Z²)ε² + ((Z²+1)(4Z−5) − 4c)ε³ − Z²ε⁴ − ε⁵] / (24Z³)
 * with c the decoder's offset. At ε = 0 it is ((c − ½)² + 1/12)/(2Z²): the quantisation error of x alone.
 */
export function nonlinearMse(Z: number, epsilon: number, offset = MIDPOINT_OFFSET): number {
  checkSetting(Z, epsilon, 'nonlinearMse');
  const c = offset;
  const e = epsilon;
  const numerator =
    Z * (12 * c * c - 12 * c + 4) +
    e * ((Z - 1) * (6 * Z * Z + 24 * c - 8)) +
    e ** 2 * ((Z - 1) * (4 - 6 * Z * Z)) +
    e ** 3 * ((Z * Z + 1) * (4 * Z - 5) - 4 * c) -
    e ** 4 * Z * Z -
    e ** 5;
  return numerator / (24 * Z ** 3);
}

/**
 * The MSE of the best linear compression of (x, y) into one number and back: ½ × the smaller eigenvalue
 * of the covariance of (x, y), which is (1/12)·I, so every direction does equally well, whether
 * keeping x (ŷ = ½) or the average (x̂ = ŷ = (x + y)/2). Without a bias the average still gives it: the
 * second-moment matrix [[1/3, 1/4], [1/4, 1/3]] also has 1/12 as its smaller eigenvalue.
 */
export function bestLinearMse(): number {
  return UNIFORM_VARIANCE / 2;
}

export interface MsePoint {
  epsilon: number;
  mse: number;
}

/** The nonlinear code's MSE at each ε. */
export function mseCurve(Z: number, epsilons: readonly number[], offset = MIDPOINT_OFFSET): MsePoint[] {
  return epsilons.map((epsilon) => ({ epsilon, mse: nonlinearMse(Z, epsilon, offset) }));
}

/**
 * The smallest ε ∈ [0, 1] at which the nonlinear code stops beating the best linear compression
 * (its MSE reaches the linear one), or undefined when it beats it on all of [0, 1]. A scan finds the
 * first bracket, bisection narrows it to float precision.
 */
export function breakEvenEpsilon(Z: number, offset = MIDPOINT_OFFSET): number | undefined {
  const linear = bestLinearMse();
  const gap = (e: number): number => nonlinearMse(Z, e, offset) - linear;
  if (gap(0) >= 0) return 0;
  const steps = 1000;
  for (let k = 1; k <= steps; k++) {
    let hi = k / steps;
    if (gap(hi) < 0) continue;
    let lo = (k - 1) / steps;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (gap(mid) < 0) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  }
  return undefined;
}
