// The paper's feature-geometry graphs (§"The geometry of superposition", guide §1.4) for a uniform-
// superposition experiment: at a few densities (analysis/feature-graph.ts graphModelChoice: the middle
// of the D* = 1/2 plateau and the two densities past it; the graphs are the analysis's, metrics.json's
// derived.featureGraphs), every represented feature as a node coloured by its
// dimensionality Dᵢ, an edge where |Wᵢ·Wⱼ| exceeds the threshold, width ∝ |Wᵢ·Wⱼ|. Each connected
// component (a tegum factor) is drawn as a ring whose size grows with its feature count, strongly
// overlapping features side by side, in rows largest first (figures/feature-graph-layout.ts); the positions
// come from that pure layout function, so the spec is plain data.

import { FEATURE_GRAPH_RULES, type FeatureGraph } from '../../analysis/feature-graph.ts';
import type { ExperimentAnalysis, ModelAnalysis } from '../../analysis/types.ts';
import { layoutFeatureGraph } from '../feature-graph-layout.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

const PANEL = 300;
const EDGE = 'rgb(90,90,90)';
/** a dot's diameter as a fraction of the distance between neighbouring features on a ring, and at most this many pixels */
const DOT_FRACTION = 0.55;
const DOT_MAX = 11;

/** "1/(1−S) = 3.02 · D* = 0.504" */
function panelLabel(density: number, dStar: number): string {
  return `1/(1−S) = ${Number((1 / density).toPrecision(3))} · D* = ${Number(dStar.toPrecision(3))}`;
}

export default defineFigure({
  kind: 'feature-graphs',
  title: 'Feature-geometry graphs: which features share a subspace',
  caption:
    'One panel per chosen density: the middle of the D* = 1/2 plateau and the two densities after it. Each dot is a ' +
    `represented feature (‖Wᵢ‖ > ${FEATURE_GRAPH_RULES.representedNorm}), coloured by its dimensionality Dᵢ; a line joins two ` +
    `features whose directions overlap, |Wᵢ·Wⱼ| > ${FEATURE_GRAPH_RULES.edgeThreshold}, thicker for a larger overlap. Features ` +
    'with no line between them live in orthogonal subspaces, so each connected group is one factor of the ' +
    'arrangement, drawn as a ring (largest first) with its features evenly spaced, so a larger group is a larger ' +
    'ring, and strongly overlapping features placed side by side: two dots are an antipodal pair, three a ' +
    'triangle, five a pentagon.',
  build: buildFeatureGraphs,
});

export function buildFeatureGraphs(analysis: ExperimentAnalysis): VegaLiteSpec {
  // the drawn models are those whose graph the analysis kept
  const picks = (analysis.derived?.featureGraphs ?? []).flatMap((p) =>
    p.graph === undefined
      ? []
      : [{ m: analysis.models[p.model] as ModelAnalysis, graph: p.graph as FeatureGraph, components: p.components }],
  );
  if (picks.length === 0)
    throw new Error(`figure feature-graphs: experiment '${analysis.experiment}' has no feature graphs (not a uniform-superposition sweep)`);
  const labels = picks.map(({ m }) => panelLabel(m.density, m.dStar));
  const rows: DataRow[] = [];
  picks.forEach(({ m, graph, components }, p) => {
    const layout = layoutFeatureGraph(components, graph.edges);
    const positions = new Map(layout.nodes.map((n) => [n.feature, n]));
    // a dot a little over half the distance to its ring neighbours, so neighbours never touch (vega's size is the area)
    const dot = Math.min(DOT_MAX, DOT_FRACTION * layout.spacing * PANEL);
    const nodeSize = round6((Math.PI / 4) * dot * dot);
    for (const e of graph.edges) {
      const a = positions.get(e.i)!;
      const b = positions.get(e.j)!;
      rows.push({
        kind: 'edge',
        panel: labels[p]!,
        i: e.i,
        j: e.j,
        weight: round6(e.weight),
        x: round6(a.x),
        y: round6(a.y),
        x2: round6(b.x),
        y2: round6(b.y),
      });
    }
    for (const n of graph.nodes) {
      const at = positions.get(n)!;
      rows.push({
        kind: 'node',
        panel: labels[p]!,
        feature: n,
        component: at.component,
        D: round6(m.dimensionality[n] ?? 0),
        x: round6(at.x),
        y: round6(at.y),
        size: nodeSize,
      });
    }
  });
  const unit = (field: string) => ({
    field,
    type: 'quantitative' as const,
    scale: { domain: [0, 1], nice: false, zero: false },
    axis: null,
  });
  const flipped = (field: string) => ({ ...unit(field), scale: { domain: [1, 0], nice: false, zero: false } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `feature-graphs for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', sort: labels, header: { title: null, labelFontSize: 11, labelPadding: 4 } },
    columns: picks.length,
    spacing: { column: 14 },
    spec: {
      width: PANEL,
      height: PANEL,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'edge'" }],
          mark: { type: 'rule', stroke: EDGE, opacity: 0.8, aria: false },
          encoding: {
            x: unit('x'),
            y: flipped('y'),
            x2: { field: 'x2' },
            y2: { field: 'y2' },
            strokeWidth: {
              field: 'weight',
              type: 'quantitative',
              scale: { domain: [FEATURE_GRAPH_RULES.edgeThreshold, 1.2], range: [0.4, 3], clamp: true },
              legend: null,
            },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'node'" }],
          mark: { type: 'circle', opacity: 1, stroke: 'white', strokeWidth: 0.3, aria: false },
          encoding: {
            x: unit('x'),
            y: flipped('y'),
            size: { field: 'size', type: 'quantitative', scale: null },
            fill: {
              field: 'D',
              type: 'quantitative',
              title: 'Dᵢ',
              scale: { domain: [0, 1], scheme: 'viridis' },
              legend: { type: 'gradient', gradientLength: 120, format: '.2~f' },
            },
          },
        },
      ],
    },
    config: {
      view: { stroke: '#ddd' },
      legend: { titleFontSize: 10, labelFontSize: 9 },
    },
  };
}
