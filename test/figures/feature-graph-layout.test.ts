import { describe, expect, it } from 'vitest';
import { layoutFeatureGraph, ringOrder, ringRadius, type LayoutEdge } from '../../figures/feature-graph-layout.ts';

/** every pair of the given features joined with weight w */
function clique(members: number[], w: number): LayoutEdge[] {
  return members.flatMap((i, a) => members.slice(a + 1).map((j) => ({ i, j, weight: w })));
}

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

describe('ringOrder', () => {
  it('follows the strongest overlaps, so a chain of strong edges becomes neighbours on the ring', () => {
    // strong chain 0–3–1–4–2–5, weak edges between everything else
    const chain = [0, 3, 1, 4, 2, 5];
    const edges = [...clique([0, 1, 2, 3, 4, 5], 0.1)].map((e) => {
      const a = chain.indexOf(e.i);
      const b = chain.indexOf(e.j);
      return Math.abs(a - b) === 1 ? { ...e, weight: 0.9 } : e;
    });
    const order = ringOrder([0, 1, 2, 3, 4, 5], edges);
    expect(new Set(order)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    for (let k = 1; k < order.length; k++) expect(Math.abs(chain.indexOf(order[k]!) - chain.indexOf(order[k - 1]!))).toBe(1);
  });

  it('is ascending feature order when every overlap is equal', () => {
    expect(ringOrder([7, 3, 5], clique([3, 5, 7], 0.5))).toEqual([3, 5, 7]);
  });
});

describe('layoutFeatureGraph', () => {
  const components = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [12, 13, 14, 15, 16], [17, 18], [19, 20], [21]];
  const edges = [...clique(components[0]!, 0.4), ...clique(components[1]!, 0.5), { i: 17, j: 18, weight: 1 }, { i: 19, j: 20, weight: 1 }];
  const layout = layoutFeatureGraph(components, edges);
  const at = new Map(layout.nodes.map((n) => [n.feature, n]));

  it('places every feature once, inside the unit square', () => {
    expect(layout.nodes.map((n) => n.feature).sort((a, b) => a - b)).toEqual([...Array(22).keys()]);
    for (const n of layout.nodes) expect(n.x >= 0 && n.x <= 1 && n.y >= 0 && n.y <= 1).toBe(true);
  });

  it('keeps neighbouring features on every ring one spacing apart, so a larger component is a larger ring', () => {
    for (const members of components.filter((c) => c.length > 1)) {
      const order = ringOrder(members, edges);
      for (let k = 0; k < order.length; k++) {
        const next = order[(k + 1) % order.length]!;
        if (members.length > 2 || k === 0) expect(distance(at.get(order[k]!)!, at.get(next)!)).toBeCloseTo(layout.spacing, 9);
      }
    }
    expect(ringRadius(12)).toBeGreaterThan(2 * ringRadius(5));
  });

  it('lays a pair flat and keeps different components further apart than neighbours on a ring', () => {
    expect(at.get(17)!.y).toBeCloseTo(at.get(18)!.y, 12);
    for (const a of layout.nodes)
      for (const b of layout.nodes) if (a.component < b.component) expect(distance(a, b)).toBeGreaterThanOrEqual(1.5 * layout.spacing);
  });

  it('uses the room: the rows fill the square in one direction at least', () => {
    const xs = layout.nodes.map((n) => n.x);
    const ys = layout.nodes.map((n) => n.y);
    const extent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    expect(extent).toBeGreaterThan(0.7);
  });
});
