// Labels beside reference lines that sit close together (the dimensionality fractions 2/5 and 3/8, 2/3 and
// 3/4) would touch or print over each other at the lines' own positions. Each label moves the least it can,
// in total, so that neighbours are at least a line of text apart: labels too close are gathered into a
// cluster spaced exactly `gap` apart and centred on where its members belong (the least-squares placement
// of an ordered row), and clusters that then meet are merged, until none overlap. A label that did not have
// to move stays on its line. Labels along a horizontal axis (markers at the top of a plot) are stacked in
// rows instead where they would run into each other (staggerRows), and labels of scattered points are
// lifted a line at a time until they clear the ones to their left (liftLabels).

/**
 * Positions for labels that belong at `values` (any one linear unit), in the same order, at least `gap`
 * apart and inside [lo, hi] where the room allows; their order along the axis is the order of `values`.
 */
export function spreadLabels(values: readonly number[], gap: number, lo = -Infinity, hi = Infinity): number[] {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  // a cluster of consecutive labels: `n` of them, and the sum over them of (where label k belongs − k·gap)
  const clusters: { n: number; sum: number }[] = [];
  const start = (c: { n: number; sum: number }): number => Math.min(Math.max(c.sum / c.n, lo), hi - (c.n - 1) * gap);
  for (const i of order) {
    clusters.push({ n: 1, sum: values[i] as number });
    for (;;) {
      const b = clusters[clusters.length - 1] as { n: number; sum: number };
      const a = clusters[clusters.length - 2];
      if (a === undefined || start(a) + a.n * gap <= start(b)) break;
      clusters.splice(clusters.length - 2, 2, { n: a.n + b.n, sum: a.sum + b.sum - b.n * a.n * gap });
    }
  }
  const placed = new Array<number>(values.length);
  let k = 0;
  for (const c of clusters) {
    const first = start(c);
    for (let j = 0; j < c.n; j++) placed[order[k++] as number] = first + j * gap;
  }
  return placed;
}

/**
 * spreadLabels on a linear scale of `pixels` over `domain` with `padding` pixels beyond each end: the label
 * positions in data units, at least `gapPixels` apart on screen and inside the padded range.
 */
export function spreadOnLinearScale(
  values: readonly number[],
  domain: readonly [number, number],
  pixels: number,
  padding: number,
  gapPixels: number,
): number[] {
  const perUnit = (pixels - 2 * padding) / (domain[1] - domain[0]);
  return spreadLabels(values, gapPixels / perUnit, domain[0] - padding / perUnit, domain[1] + padding / perUnit);
}

/**
 * Rows for labels that run rightwards from `starts` (pixels), each `widths` wide: a label goes on the first
 * row (0, 1, …) where it begins at least `gap` after the last label already there ends, so labels that would
 * run into each other are stacked instead of printed over each other.
 */
export function staggerRows(starts: readonly number[], widths: readonly number[], gap: number): number[] {
  const order = starts.map((_, i) => i).sort((a, b) => (starts[a] as number) - (starts[b] as number) || a - b);
  const rowEnds: number[] = [];
  const rows = new Array<number>(starts.length);
  for (const i of order) {
    const start = starts[i] as number;
    let row = rowEnds.findIndex((end) => end + gap <= start);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = start + (widths[i] as number);
    rows[i] = row;
  }
  return rows;
}

/** A label's box, in pixels, y downwards. */
export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * How many times `step` pixels each label must be lifted so that no two overlap: labels are taken left to
 * right (ties in the order given) and each is lifted until it clears every label placed before it, so a
 * label that overlaps nothing stays where it is.
 */
export function liftLabels(boxes: readonly LabelBox[], step: number): number[] {
  const order = boxes.map((_, i) => i).sort((a, b) => (boxes[a] as LabelBox).x - (boxes[b] as LabelBox).x || a - b);
  const placed: LabelBox[] = [];
  const lifts = new Array<number>(boxes.length).fill(0);
  const overlaps = (a: LabelBox, b: LabelBox): boolean =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  for (const i of order) {
    const box = { ...(boxes[i] as LabelBox) };
    while (placed.some((p) => overlaps(box, p))) {
      box.y -= step;
      lifts[i] = (lifts[i] as number) + 1;
    }
    placed.push(box);
  }
  return lifts;
}
