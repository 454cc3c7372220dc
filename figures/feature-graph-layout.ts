// Where the feature-geometry figure (figures/kinds/feature-graphs.ts) draws each feature. A grid of equal
// cells, one ring per component, made every ring as small as the largest cell allows: a 39-feature ring
// shrank to a hairball of chords while an antipodal pair filled a cell top to bottom, its two ends next to
// the pairs above and below so that columns of pairs read as chains. Here neighbouring features on every ring
// are the same distance apart, so a ring's size grows with its feature count; each component gets a square
// box a little larger than its ring, the boxes are laid in rows (largest first) and the spacing is the
// largest at which the rows fit in the unit square. A pair lies flat, and a ring's features are ordered
// so that strongly overlapping features sit side by side, which keeps most lines short chords instead of
// diameters across the ring. Pure and deterministic: the same graph gives the same positions.

/** An edge of the feature graph: features i and j overlap by `weight` (= |Wᵢ·Wⱼ|). */
export interface LayoutEdge {
  i: number;
  j: number;
  weight: number;
}

export interface PlacedNode {
  feature: number;
  /** index of the component in the list given (largest first) */
  component: number;
  /** in [0, 1], x to the right */
  x: number;
  /** in [0, 1], y downwards */
  y: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  /** the distance between neighbouring features on a ring, in the unit square's units */
  spacing: number;
}

/** a box's side beyond its ring's diameter, in spacings: the gap between two components' nearest features is at least this */
const BOX_MARGIN = 1.6;
/** bisection steps for the largest spacing that fits */
const FIT_STEPS = 50;
/** how much the feature placed before last counts, against the last one, when choosing the next feature of a ring */
const ORDER_DECAY = 0.5;

/** The radius, in spacings, of the ring of `n` features (neighbours one spacing apart); a pair is one spacing long. */
export function ringRadius(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 0.5;
  return 1 / (2 * Math.sin(Math.PI / n));
}

/**
 * The features of one component in ring order: the one with the smallest total overlap first (the end of a
 * chain, so the walk runs along it rather than starting in its middle and jumping back), then each time the
 * feature that overlaps most with the last ones placed (the last counting most), ties to the lower feature
 * number.
 */
export function ringOrder(members: readonly number[], edges: readonly LayoutEdge[]): number[] {
  const inside = new Set(members);
  const weight = new Map<string, number>();
  for (const e of edges) {
    if (!inside.has(e.i) || !inside.has(e.j)) continue;
    weight.set(`${e.i},${e.j}`, e.weight);
    weight.set(`${e.j},${e.i}`, e.weight);
  }
  const w = (a: number, b: number): number => weight.get(`${a},${b}`) ?? 0;
  const sorted = [...members].sort((a, b) => a - b);
  const total = (a: number): number => sorted.reduce((sum, b) => sum + w(a, b), 0);
  const first = sorted.reduce((best, a) => (total(a) < total(best) ? a : best), sorted[0] as number);
  const order = [first];
  const left = new Set(sorted.filter((a) => a !== first));
  while (left.size > 0) {
    let best = -1;
    let bestScore = -1;
    for (const a of left) {
      let score = 0;
      for (let k = 0; k < order.length; k++) score += w(a, order[order.length - 1 - k] as number) * ORDER_DECAY ** k;
      if (score > bestScore) {
        best = a;
        bestScore = score;
      }
    }
    order.push(best);
    left.delete(best);
  }
  return order;
}

/** Boxes of the given sides laid in rows of total width ≤ 1, left to right; each box's top-left corner, and the height used. */
function shelves(sides: readonly number[]): { corners: [number, number][]; height: number } {
  const corners: [number, number][] = [];
  let x = 0;
  let top = 0;
  let rowHeight = 0;
  for (const side of sides) {
    if (x > 0 && x + side > 1) {
      top += rowHeight;
      x = 0;
      rowHeight = 0;
    }
    corners.push([x, top]);
    x += side;
    rowHeight = Math.max(rowHeight, side);
  }
  return { corners, height: top + rowHeight };
}

/** Lays the components (largest first) out in the unit square, neighbouring features `spacing` apart on every ring. */
export function layoutFeatureGraph(components: readonly (readonly number[])[], edges: readonly LayoutEdge[]): GraphLayout {
  const sides = components.map((c) => 2 * ringRadius(c.length) + BOX_MARGIN);
  const fits = (spacing: number): boolean => {
    const scaled = sides.map((s) => s * spacing);
    return Math.max(0, ...scaled) <= 1 && shelves(scaled).height <= 1;
  };
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < FIT_STEPS; k++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  const spacing = lo;
  const scaled = sides.map((s) => s * spacing);
  const { corners, height } = shelves(scaled);
  // centre the rows in the square, as far as they leave room
  const rowsWidth = Math.max(0, ...corners.map(([x], k) => x + (scaled[k] as number)));
  const dx = (1 - rowsWidth) / 2;
  const dy = (1 - height) / 2;
  const nodes: PlacedNode[] = [];
  components.forEach((members, k) => {
    const [x0, y0] = corners[k] as [number, number];
    const cx = dx + x0 + (scaled[k] as number) / 2;
    const cy = dy + y0 + (scaled[k] as number) / 2;
    const radius = ringRadius(members.length) * spacing;
    ringOrder(members, edges).forEach((feature, q) => {
      // the first feature at the top; a pair lies flat
      const angle = members.length === 2 ? Math.PI / 2 + Math.PI * q : (2 * Math.PI * q) / members.length;
      nodes.push({ feature, component: k, x: cx + radius * Math.sin(angle), y: cy - radius * Math.cos(angle) });
    });
  });
  return { nodes, spacing };
}
