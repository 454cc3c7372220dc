// The paper's |x| demonstration figure (§"Computation in Superposition", guide §1.9): the densest selected
// untied |x| model's W₁ and W₂ after the paper's display rescaling (footnote 15: each neuron's largest
// |W1| is 1, its W2 column scaled inversely), as two feature × neuron heatmaps side by side with every
// value written in its cell. Neurons are ordered as the paper groups them: by the feature they read most
// (the most important first), the ReLU(x) neuron before the ReLU(−x) one.

import { figureNeuronOrder, neuronRoles, rescaleNeurons } from '../../analysis/abs.ts';
import { ABS_RULES } from '../../analysis/claims/abs.ts';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { CONFIG, NEGATIVE, POSITIVE, absFigureModels } from '../abs.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

/** side of one cell, in pixels */
const CELL = 34;

export default defineFigure({
  kind: 'abs-weights',
  title: 'The |x| model on dense inputs: W₁ and W₂ of every neuron, rescaled',
  caption:
    "The lowest-loss dense |x| model. Left: W₁, each feature's input weight into each neuron; right: W₂, the " +
    "weight each feature's output reads from each neuron. Each neuron's column is rescaled as in the paper " +
    '(its largest |W₁| is 1, W₂ multiplied by the same factor), which leaves the computed function unchanged. ' +
    'Orange is positive, purple negative (clamped at ±1). A neuron labelled "+f0" reads ReLU(x₀), "−f0" ReLU(−x₀).',
  build: buildAbsWeights,
});

export function buildAbsWeights(analysis: ExperimentAnalysis): VegaLiteSpec {
  const model = absFigureModels(analysis, 'abs-weights')[0]!;
  const F = model.features;
  const { W1, W2 } = rescaleNeurons(model.W, model.decoder);
  const roles = neuronRoles(model.W, model.decoder, ABS_RULES.neurons);
  const order = figureNeuronOrder(roles);
  const label = (k: number): string => {
    const r = roles[k]!;
    return `n${k} (${r.sign > 0 ? '+' : '−'}f${r.top})`;
  };
  const neuronKeys = order.map(label);
  const featureKeys = Array.from({ length: F }, (_, f) => `f${f}`);
  const rows: DataRow[] = [];
  for (const [matrix, M] of [
    ['W1', W1],
    ['W2', W2],
  ] as const) {
    for (let f = 0; f < F; f++) {
      for (const k of order) {
        const v = round6(M[f]?.[k] ?? 0);
        rows.push({ matrix, feature: `f${f}`, neuron: label(k), value: v });
      }
    }
  }
  const panel = (matrix: 'W1' | 'W2', title: string) => ({
    title: { text: title, fontSize: 11, fontWeight: 'normal' as const },
    transform: [{ filter: `datum.matrix === '${matrix}'` }],
    width: CELL * order.length,
    height: CELL * F,
    encoding: {
      x: {
        field: 'neuron',
        type: 'ordinal' as const,
        scale: { domain: neuronKeys, paddingInner: 0, paddingOuter: 0 },
        axis: { title: 'neuron', labelAngle: -40, ticks: false, domain: false },
      },
      y: {
        field: 'feature',
        type: 'ordinal' as const,
        scale: { domain: featureKeys, paddingInner: 0, paddingOuter: 0 },
        axis: { title: 'feature', ticks: false, domain: false },
      },
    },
    layer: [
      {
        mark: { type: 'rect' as const, stroke: '#ececec', strokeWidth: 0.5 },
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative' as const,
            title: 'weight (rescaled)',
            scale: { domain: [-1, 0, 1], range: [NEGATIVE, 'white', POSITIVE], clamp: true, interpolate: 'rgb' as const },
            legend: { type: 'gradient' as const, values: [-1, -0.5, 0, 0.5, 1], format: '.1f' },
          },
        },
      },
      {
        mark: { type: 'text' as const, fontSize: 9 },
        encoding: {
          text: { field: 'value', type: 'quantitative' as const, format: '.2f' },
          // white on the strong colours, dark elsewhere
          color: { condition: { test: 'abs(datum.value) > 0.6', value: 'white' }, value: '#222' },
        },
      },
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `abs-weights for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    hconcat: [panel('W1', 'W1: input weights (into the neurons)'), panel('W2', 'W2: output weights (out of the neurons)')],
    spacing: 24,
    resolve: { scale: { color: 'shared' } },
    config: CONFIG,
  };
}
