// A canonical orientation of a 2-D fit, for display only. The loss of a toy model is unchanged by any
// rotation or reflection of its hidden plane (W ↦ QW with Q orthogonal leaves WᵀW, hence the output,
// unchanged), so restarts that found the same solution can come out turned or mirrored. The paper
// rotates and flips its 2-D solutions before drawing them side by side; this is our rule for that.

import { featureNorms, representedFeatures, type Rows } from './metrics.ts';

/**
 * W turned so that the anchor feature points straight up (+y) and, when needed, mirrored left–right
 * so that the first other represented feature (in index order) that is off the vertical axis lies on
 * the right (x > 0). The anchor is the first of `anchors` that is represented (‖W_i‖ > threshold), else
 * the first represented feature; with none represented W is returned unchanged (as a copy).
 */
export function canonicalise2D(W: Rows, anchors: readonly number[], threshold = 0.5): number[][] {
  const rows = W.map((r) => [r[0] ?? 0, r[1] ?? 0]);
  const rep = representedFeatures(featureNorms(rows), threshold);
  const anchor = anchors.find((i) => rep.includes(i)) ?? rep[0];
  if (anchor === undefined) return rows;
  const [ax = 0, ay = 0] = rows[anchor] as number[];
  // rotate by π/2 − θ_anchor
  const turn = Math.PI / 2 - Math.atan2(ay, ax);
  const c = Math.cos(turn);
  const s = Math.sin(turn);
  const turned = rows.map(([x = 0, y = 0]) => [c * x - s * y, s * x + c * y]);
  // off the axis by more than float noise relative to the feature's length
  const side = rep.find(
    (i) => i !== anchor && Math.abs((turned[i] as number[])[0] as number) > 1e-9 * Math.hypot(...(turned[i] as number[])),
  );
  const mirror = side !== undefined && ((turned[side] as number[])[0] as number) < 0;
  // the anchor itself lies on the axis: put it there exactly, so that float noise never shows
  (turned[anchor] as number[])[0] = 0;
  (turned[anchor] as number[])[1] = Math.hypot(ax, ay);
  return mirror ? turned.map(([x = 0, y = 0]) => [x === 0 ? 0 : -x, y]) : turned;
}
