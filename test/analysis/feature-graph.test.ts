import { describe, expect, it } from 'vitest';
import {
  componentSizes,
  connectedComponents,
  featureGraph,
  graphModelChoice,
  layoutComponents,
  featureGraphPicks,
} from '../../analysis/feature-graph.ts';
import { inPlane, polygon, zeros } from './fixtures.ts';

/**
 * 12 features in 6 dimensions: a pentagon in dims (0, 1), an antipodal pair on dim 2, a triangle in
 * dims (3, 4), a lone feature on dim 5, and one unlearned feature (norm 0.1).
 */
function tegum(): number[][] {
  const W = zeros(12, 6);
  polygon(5).forEach((p, k) => (W[k] = inPlane(p, 6, 0, 1)));
  W[5] = [0, 0, 1, 0, 0, 0];
  W[6] = [0, 0, -1, 0, 0, 0];
  polygon(3).forEach((p, k) => (W[7 + k] = inPlane(p, 6, 3, 4)));
  W[10] = [0, 0, 0, 0, 0, 1];
  W[11] = [0.1, 0, 0, 0, 0, 0];
  return W;
}

describe('featureGraph', () => {
  it('joins features whose |W_i·W_j| exceeds 0.2, with that weight, and leaves out unlearned ones', () => {
    const g = featureGraph(tegum());
    expect(g.nodes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // a regular pentagon of unit vectors: every pair overlaps by |cos 72°| = 0.309 or |cos 144°| = 0.809
    const pentagonEdges = g.edges.filter((e) => e.j < 5);
    expect(pentagonEdges).toHaveLength(10);
    expect(pentagonEdges.find((e) => e.i === 0 && e.j === 1)?.weight).toBeCloseTo(Math.cos((72 * Math.PI) / 180), 12);
    expect(pentagonEdges.find((e) => e.i === 0 && e.j === 2)?.weight).toBeCloseTo(-Math.cos((144 * Math.PI) / 180), 12);
    expect(g.edges.find((e) => e.i === 5)).toEqual({ i: 5, j: 6, weight: 1 });
    expect(g.edges.filter((e) => e.i >= 7 && e.i <= 9)).toHaveLength(3);
    // the unlearned feature 11 overlaps feature 0 by 0.1 only and is not a node anyway
    expect(g.edges.some((e) => e.j === 11 || e.i === 10 || e.j === 10)).toBe(false);
  });

  it('drops an edge at or below the threshold', () => {
    expect(
      featureGraph([
        [1, 0],
        [0.2, 0.98],
      ]).edges,
    ).toEqual([]);
    expect(
      featureGraph([
        [1, 0],
        [0.21, 0.98],
      ]).edges,
    ).toHaveLength(1);
  });
});

describe('connectedComponents and componentSizes', () => {
  it('finds the tegum factors, largest first', () => {
    const components = connectedComponents(featureGraph(tegum()));
    expect(components).toEqual([[0, 1, 2, 3, 4], [7, 8, 9], [5, 6], [10]]);
    expect([...componentSizes(components)]).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [5, 1],
    ]);
  });

  it('joins a chain through shared neighbours into one component', () => {
    const g = {
      nodes: [1, 2, 3, 4],
      edges: [
        { i: 3, j: 4, weight: 1 },
        { i: 1, j: 4, weight: 1 },
      ],
    };
    expect(connectedComponents(g)).toEqual([[1, 3, 4], [2]]);
  });
});

describe('layoutComponents', () => {
  it('puts each component in its own grid cell, as a ring from the top, single nodes at the centre', () => {
    const pos = layoutComponents([[0, 1, 2, 3], [5, 6], [9]], 2, 0.25);
    const at = (f: number) => pos.find((p) => p.feature === f)!;
    // cell (0, 0): centre (0.5, 0.5), the ring's first node straight up (y grows downwards)
    expect([at(0).x, at(0).y]).toEqual([0.5, 0.25]);
    expect(at(1).x).toBeCloseTo(0.75, 12);
    expect(at(1).y).toBeCloseTo(0.5, 12);
    // cell (1, 0) and cell (0, 1)
    expect([at(5).x, at(5).y]).toEqual([1.5, 0.25]);
    expect(at(6).y).toBeCloseTo(0.75, 12);
    expect(at(9)).toEqual({ feature: 9, component: 2, x: 0.5, y: 1.5 });
  });
});

describe('graphModelChoice', () => {
  it('picks the plateau’s middle and the two models past it', () => {
    // densest first: plateau within ±0.05 of 1/2 at positions 2–4
    expect(graphModelChoice([1, 0.8, 0.52, 0.5, 0.47, 0.4, 0.3, 0.2], 0.05)).toEqual([3, 5, 6]);
  });

  it('falls back to the middle and the two after it without a plateau, and stops at the end', () => {
    expect(graphModelChoice([1, 0.9, 0.8, 0.7, 0.3], 0.05)).toEqual([2, 3, 4]);
    expect(graphModelChoice([1, 0.5], 0.05)).toEqual([1]);
  });
});

describe('featureGraphPicks', () => {
  // two antipodal pairs in 2 dimensions: 4 nodes, 2 edges of weight 1
  const W = [
    [1, 0],
    [-1, 0],
    [0, 1],
    [0, -1],
  ];
  const sweep = (dStars: number[]) => dStars.map((dStar, k) => ({ position: 10 + k, W, dStar }));

  it("draws graphModelChoice's models with their graphs, then describes the sparsest by its components only", () => {
    // plateau at positions 1–2: its middle (1) and the two after it (3, 4) are drawn; the sparsest (5) is added
    const picks = featureGraphPicks(sweep([1, 0.5, 0.5, 0.4, 0.4, 0.3]), 0.05);
    expect(picks.map((p) => [p.model, p.graph !== undefined])).toEqual([
      [11, true],
      [13, true],
      [14, true],
      [15, false],
    ]);
    expect(picks[0]!.graph!.edges.map((e) => [e.i, e.j, e.weight])).toEqual([
      [0, 1, 1],
      [2, 3, 1],
    ]);
    for (const p of picks)
      expect(p.components).toEqual([
        [0, 1],
        [2, 3],
      ]);
  });

  it('adds no second entry when the sparsest model is drawn, and nothing for an empty sweep', () => {
    expect(featureGraphPicks(sweep([1, 0.5, 0.5, 0.5, 0.4]), 0.05).map((p) => p.model)).toEqual([12, 14]);
    expect(featureGraphPicks([], 0.05)).toEqual([]);
  });
});
