// One asymmetric superposition motif of the |x| sweep, drawn as a circuit (paper §"Computation in
// Superposition", the motif it describes; our detector, analysis/abs.ts findAsymmetricMotifs): the two
// features' inputs on the left, the motif neuron and the inhibiting neuron in the middle, the two features'
// outputs on the right, every W1 and W2 weight between them as an edge (orange positive, purple negative,
// width ∝ |weight|) labelled with its value after the paper's per-neuron rescaling. The motif drawn is the
// one closest to the paper's ideal over all selected models (analysis/claims/abs.ts motifToShow).

import { rescaleNeurons } from '../../analysis/abs.ts';
import { absSummaries, motifToShow } from '../../analysis/claims/abs.ts';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { CONFIG, NEGATIVE, POSITIVE, absFigureModels } from '../abs.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

const WIDTH = 460;
const HEIGHT = 220;

export default defineFigure({
  kind: 'abs-motif',
  title: 'An asymmetric superposition motif found in the |x| sweep',
  caption:
    'Left: the inputs of the dominant feature and of the victim feature; middle: the neuron that stores both ' +
    '(unequal input weights, reciprocal output weights) and the neuron that inhibits the victim when the ' +
    "dominant feature is active; right: the two features' outputs. Edges are the W₁ and W₂ weights after " +
    "rescaling each neuron's largest |W₁| to 1, orange positive and purple negative, width growing with |weight|.",
  build: buildAbsMotif,
});

export function buildAbsMotif(analysis: ExperimentAnalysis): VegaLiteSpec {
  const models = absFigureModels(analysis, 'abs-motif');
  const pick = motifToShow(analysis.derived?.absModels ?? absSummaries(analysis));
  const model = pick === null ? undefined : models.find((m) => analysis.models.indexOf(m) === pick.cell.model);
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json' as const,
    description: `abs-motif for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
  };
  if (pick === null || model === undefined) {
    return {
      ...base,
      data: { values: [{ text: 'No asymmetric superposition motif was found in any selected model.' }] },
      mark: { type: 'text', fontSize: 12, fill: '#555' },
      encoding: { text: { field: 'text' } },
    };
  }
  const { motif } = pick;
  const { W1, W2 } = rescaleNeurons(model.W, model.decoder);
  const i = motif.dominant;
  const j = motif.victim;
  const k = motif.neuron;
  const q = motif.inhibitor;
  // positions: column 0 inputs, 1 neurons, 2 outputs; row 0 the dominant / motif neuron, row 1 the victim / inhibitor
  const nodes: DataRow[] = [
    { kind: 'node', x: 0, y: 0, ry: -0.27, label: `x${i}`, role: `dominant f${i}` },
    { kind: 'node', x: 0, y: 1, ry: 1.27, label: `x${j}`, role: `victim f${j}` },
    { kind: 'node', x: 1, y: 0, ry: -0.27, label: `n${k}`, role: 'stores both' },
    { kind: 'node', x: 1, y: 1, ry: 1.27, label: `n${q}`, role: 'inhibits the victim' },
    { kind: 'node', x: 2, y: 0, ry: -0.27, label: `y${i}`, role: `output |x${i}|` },
    { kind: 'node', x: 2, y: 1, ry: 1.27, label: `y${j}`, role: `output |x${j}|` },
  ];
  const edges: DataRow[] = [];
  const edge = (x: number, y: number, x2: number, y2: number, w: number, at: number) =>
    edges.push({
      kind: 'edge',
      x,
      y,
      x2,
      y2,
      weight: round6(w),
      magnitude: round6(Math.abs(w)),
      sign: w < 0 ? 'negative' : 'positive',
      lx: round6(x + at * (x2 - x)),
      ly: round6(y + at * (y2 - y)),
    });
  // W1 labels sit nearer the inputs and W2 labels nearer the outputs, so the two crossing pairs keep theirs apart
  // (a straight edge's label at its middle, a crossing edge's a quarter of the way from its input or output end)
  for (const [f, row] of [
    [i, 0],
    [j, 1],
  ] as const) {
    edge(0, row, 1, 0, W1[f]?.[k] ?? 0, row === 0 ? 0.5 : 0.25);
    edge(0, row, 1, 1, W1[f]?.[q] ?? 0, row === 1 ? 0.5 : 0.25);
    edge(1, 0, 2, row, W2[f]?.[k] ?? 0, row === 0 ? 0.5 : 0.75);
    edge(1, 1, 2, row, W2[f]?.[q] ?? 0, row === 1 ? 0.5 : 0.75);
  }
  const maxMagnitude = Math.max(...edges.map((e) => e.magnitude as number));
  const x = { type: 'quantitative' as const, scale: { domain: [-0.45, 2.45] }, axis: null };
  const y = { type: 'quantitative' as const, scale: { domain: [-0.45, 1.45], reverse: true }, axis: null };
  const colour = {
    field: 'sign',
    type: 'nominal' as const,
    title: 'weight',
    scale: { domain: ['positive', 'negative'], range: [POSITIVE, NEGATIVE] },
  };
  return {
    ...base,
    title: {
      text: `1 − S = ${Number(model.density.toPrecision(3))}: n${k} stores f${i} and f${j} (inputs ${round6(motif.inputRatio).toFixed(1)}× apart), n${q} inhibits f${j}`,
      fontSize: 11,
      fontWeight: 'normal',
    },
    data: { values: [...nodes, ...edges] },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'edge'" }],
        mark: { type: 'rule', strokeCap: 'round' },
        encoding: {
          x: { ...x, field: 'x' },
          y: { ...y, field: 'y' },
          x2: { field: 'x2' },
          y2: { field: 'y2' },
          color: colour,
          strokeWidth: {
            field: 'magnitude',
            type: 'quantitative',
            scale: { domain: [0, round6(maxMagnitude)], range: [0.5, 7] },
            legend: null,
          },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'edge'" }],
        // a white halo under each label keeps it readable where it sits on an edge
        mark: { type: 'text', fontSize: 10, fill: 'white', stroke: 'white', strokeWidth: 3 },
        encoding: { x: { ...x, field: 'lx' }, y: { ...y, field: 'ly' }, text: { field: 'weight', type: 'quantitative', format: '.2f' } },
      },
      {
        transform: [{ filter: "datum.kind === 'edge'" }],
        mark: { type: 'text', fontSize: 10, fill: '#222' },
        encoding: { x: { ...x, field: 'lx' }, y: { ...y, field: 'ly' }, text: { field: 'weight', type: 'quantitative', format: '.2f' } },
      },
      {
        transform: [{ filter: "datum.kind === 'node'" }],
        mark: { type: 'circle', size: 900, fill: 'white', stroke: '#333', strokeWidth: 1.2, opacity: 1 },
        encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' } },
      },
      {
        transform: [{ filter: "datum.kind === 'node'" }],
        mark: { type: 'text', fontSize: 10, fill: '#111' },
        encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' }, text: { field: 'label' } },
      },
      {
        transform: [{ filter: "datum.kind === 'node'" }],
        // the role above a top-row node and below a bottom-row one, clear of the edges
        mark: { type: 'text', fontSize: 9, fill: '#666' },
        encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'ry' }, text: { field: 'role' } },
      },
    ],
  };
}
