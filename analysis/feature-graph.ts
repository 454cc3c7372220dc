// Feature-geometry graphs (paper §"The geometry of superposition", guide §1.4): one node per represented
// feature, an edge between two features whose directions overlap, |W_i·W_j| above a threshold fixed a
// priori. Features in orthogonal subspaces share no edge, so the connected components are the factors
// of the tegum product the model has built (a digon, a triangle, a pentagon, …). Pure functions: the
// graph, its components, a component-size histogram, a deterministic grid layout for drawing, and the
// rule that picks which densities to draw.

import { featureNorms, representedFeatures, type Rows } from './metrics.ts';
import { longestPlateau } from './geometry.ts';

export const FEATURE_GRAPH_RULES = {
  /** nodes are the represented features, ‖W_i‖ above the guide's threshold */
  representedNorm: 0.5,
  /**
   * an edge joins i and j when |W_i·W_j| exceeds this: below the smallest overlap inside any of the
   * paper's structures for unit-length features (|cos 72°| ≈ 0.31 in a pentagon, 1/3 in a tetrahedron,
   * ≈ 0.26 between neighbours of a square antiprism) and above the small stray overlaps between factors
   * that training leaves behind
   */
  edgeThreshold: 0.2,
} as const;

export interface FeatureEdge {
  i: number;
  j: number;
  /** |W_i·W_j| */
  weight: number;
}

export interface FeatureGraph {
  /** the represented features, ascending */
  nodes: number[];
  /** i < j, in order of i then j */
  edges: FeatureEdge[];
}

/** The graph of one model: represented features, joined where |W_i·W_j| > threshold. */
export function featureGraph(W: Rows, rules: { representedNorm: number; edgeThreshold: number } = FEATURE_GRAPH_RULES): FeatureGraph {
  const nodes = representedFeatures(featureNorms(W), rules.representedNorm);
  const edges: FeatureEdge[] = [];
  for (let a = 0; a < nodes.length; a++) {
    const i = nodes[a] as number;
    const wi = W[i] as ArrayLike<number>;
    for (let c = a + 1; c < nodes.length; c++) {
      const j = nodes[c] as number;
      const wj = W[j] as ArrayLike<number>;
      let dot = 0;
      for (let k = 0; k < wi.length; k++) dot += (wi[k] as number) * (wj[k] as number);
      if (Math.abs(dot) > rules.edgeThreshold) edges.push({ i, j, weight: Math.abs(dot) });
    }
  }
  return { nodes, edges };
}

/**
 * The connected components (each ascending), largest first, ties by smallest feature. A node without
 * edges is a component of one: a feature alone in its subspace.
 */
export function connectedComponents(graph: FeatureGraph): number[][] {
  const parent = new Map<number, number>(graph.nodes.map((n) => [n, n]));
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) as number;
    // path compression
    let y = x;
    while (parent.get(y) !== r) {
      const next = parent.get(y) as number;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const { i, j } of graph.edges) {
    const a = find(i);
    const b = find(j);
    if (a !== b) parent.set(Math.max(a, b), Math.min(a, b));
  }
  const groups = new Map<number, number[]>();
  for (const n of graph.nodes) {
    const r = find(n);
    const g = groups.get(r);
    if (g) g.push(n);
    else groups.set(r, [n]);
  }
  return [...groups.values()].sort((x, y) => y.length - x.length || (x[0] as number) - (y[0] as number));
}

/** How many components have each size: size → count, ascending by size. */
export function componentSizes(components: readonly (readonly number[])[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const c of components) counts.set(c.length, (counts.get(c.length) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => a[0] - b[0]));
}

/** A node's position in a drawing of the graph, in units where each grid cell is 1 × 1. */
export interface NodePosition {
  feature: number;
  /** index of the component (largest first) */
  component: number;
  x: number;
  y: number;
}

/**
 * A deterministic layout: component k sits in grid cell (k mod columns, ⌊k / columns⌋) (row 0 at the
 * top, y growing downwards), its nodes on a circle of radius `radius` round the cell's centre in
 * ascending feature order, the first at the top; a single node sits at the centre. `columns` defaults
 * to ⌈√components⌉, so the grid is about square.
 */
export function layoutComponents(
  components: readonly (readonly number[])[],
  columns = Math.max(1, Math.ceil(Math.sqrt(components.length))),
  radius = 0.36,
): NodePosition[] {
  const out: NodePosition[] = [];
  components.forEach((members, k) => {
    const cx = (k % columns) + 0.5;
    const cy = Math.floor(k / columns) + 0.5;
    members.forEach((feature, q) => {
      if (members.length === 1) {
        out.push({ feature, component: k, x: cx, y: cy });
        return;
      }
      const angle = (2 * Math.PI * q) / members.length;
      out.push({ feature, component: k, x: cx + radius * Math.sin(angle), y: cy - radius * Math.cos(angle) });
    });
  });
  return out;
}

/**
 * The positions (in a list ordered densest first) of the models whose graphs are drawn: the middle of
 * the longest run of D* within ±tolerance of 1/2 (the antipodal-pair plateau) and the two models after
 * that run, where the paper's small polytopes appear; without a plateau, the middle model and the two
 * after it. Positions past the end are dropped. (At the sparsest densities nearly every pair of
 * features overlaps by more than the edge threshold and the graph is one connected ball, which the
 * report states in numbers rather than draws.)
 */
export function graphModelChoice(dStars: readonly number[], tolerance: number): number[] {
  if (dStars.length === 0) return [];
  const plateau = longestPlateau(dStars, 0.5, tolerance);
  const middle = plateau === null ? Math.floor((dStars.length - 1) / 2) : Math.floor((plateau.first + plateau.last) / 2);
  const after = plateau === null ? middle : plateau.last;
  return [middle, after + 1, after + 2].filter((k, i, all) => k < dStars.length && all.indexOf(k) === i);
}

/** One model whose feature graph the figure draws or the report describes (stored by analysis/derived.ts). */
export interface FeatureGraphPick {
  /** the model's position in ExperimentAnalysis.models */
  model: number;
  /**
   * its graph, for the models the figure draws (graphModelChoice); absent for the sparsest model, which the
   * report describes by its components only (its graph is nearly complete, up to F²/2 edges)
   */
  graph?: FeatureGraph;
  components: number[][];
}

/**
 * The feature graphs of a sweep: the models graphModelChoice picks from the sweep's models (densest first,
 * each with its position in the experiment's models), drawn, then the sparsest model when it is not among
 * them, described by its components.
 */
export function featureGraphPicks(
  sweep: ReadonlyArray<{ position: number; W: Rows; dStar: number }>,
  tolerance: number,
): FeatureGraphPick[] {
  const drawn = graphModelChoice(
    sweep.map((m) => m.dStar),
    tolerance,
  );
  const picks: FeatureGraphPick[] = drawn.map((k) => {
    const m = sweep[k]!;
    const graph = featureGraph(m.W);
    return { model: m.position, graph, components: connectedComponents(graph) };
  });
  const sparsest = sweep.length - 1;
  if (sparsest >= 0 && !drawn.includes(sparsest)) {
    const m = sweep[sparsest]!;
    picks.push({ model: m.position, components: connectedComponents(featureGraph(m.W)) });
  }
  return picks;
}
