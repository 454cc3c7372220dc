// The paper's per-neuron figure of "Superposition in a Privileged Basis": for the lowest-loss model at each
// density, one stacked bar per neuron k made of the weights W_fk of every feature f, positive weights
// stacked upwards from 0 and negative ones downwards (feature 0 nearest the axis), so a bar's height above
// the axis is what drives the neuron and its depth below what inhibits it. Segments are coloured by the
// feature's superposition score Σⱼ (Ŵᵢ·Wⱼ)² over j ≠ i, black (0) to blue (≥ 1), as the paper colours features,
// grey for a feature that is not represented; a segment tall enough carries its feature's index. Under
// each bar, the neuron's role by analysis/neurons.ts: mono(semantic), poly(semantic) or unused.

import { NEURON_THRESHOLDS, neuronAnalysis, type NeuronKind } from '../../analysis/neurons.ts';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { selectedModels } from '../panels.ts';
import { superpositionColour } from '../superposition-colour.ts';
import { defineFigure, panelLabels, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

const PANEL_WIDTH = 130;
const PANEL_HEIGHT = 170;
const COLUMNS = 6;
const UNREPRESENTED = '#d4d4d4';
/** a segment at least this tall (in weight units) carries its feature's index */
const LABEL_MIN_HEIGHT = 0.3;
/** the band under the lowest bar that holds the neurons' roles, as a share of the weight range */
const ROLE_BAND = 0.14;

const ROLE_TEXT: Record<NeuronKind, string> = { monosemantic: 'mono', polysemantic: 'poly', unused: 'unused' };
const ROLE_COLOUR: Record<NeuronKind, string> = { monosemantic: '#1a7f37', polysemantic: '#c2410c', unused: '#8a8a8a' };

export default defineFigure({
  kind: 'neuron-bars',
  title: 'What each neuron stores: stacked input weights per neuron across density',
  caption:
    'Each panel is the lowest-loss model at one feature density 1 − S. Each bar is one neuron k, built from ' +
    'the weights W[i,k] of the ten features i: positive weights stacked above the axis, negative ones (which can ' +
    'only switch the neuron off) below it, feature 0 nearest the axis; a segment tall enough is labelled ' +
    'with its feature. Segment colour is the feature’s superposition score Σⱼ (Ŵᵢ·Wⱼ)² over j ≠ i, black when it ' +
    `shares its direction with no other feature and blue at 1 or more; grey when the feature is not represented (‖Wᵢ‖ ≤ ${NEURON_THRESHOLDS.representedNorm}). ` +
    'Under each bar, the neuron’s role: mono when it stores exactly one feature, poly when it stores several, ' +
    `where a neuron stores a represented feature whose weight is at least ${NEURON_THRESHOLDS.storedShare} of the neuron’s largest ` +
    `represented weight and above ${NEURON_THRESHOLDS.storedFloor}.`,
  build: buildNeuronBars,
});

export function buildNeuronBars(analysis: ExperimentAnalysis): VegaLiteSpec {
  const models = selectedModels(analysis);
  if (models.length === 0) throw new Error(`figure neuron-bars: experiment '${analysis.experiment}' has no selected models`);
  const panels = panelLabels(models);
  const H = analysis.hidden;
  const neurons = Array.from({ length: H }, (_, k) => String(k));

  const rows: DataRow[] = [];
  let top = 0;
  let bottom = 0;
  models.forEach((model, p) => {
    const panel = panels[p] ?? '';
    const roles = neuronAnalysis(model.W);
    const represented = new Set(roles.represented);
    for (let k = 0; k < H; k++) {
      let up = 0;
      let down = 0;
      model.W.forEach((row, f) => {
        const w = row[k] ?? 0;
        const y0 = w >= 0 ? up : down;
        const y1 = y0 + w;
        if (w >= 0) up = y1;
        else down = y1;
        rows.push({
          kind: 'segment',
          panel,
          neuron: String(k),
          feature: f,
          weight: round6(w),
          y0: round6(y0),
          y1: round6(y1),
          mid: round6((y0 + y1) / 2),
          superposition: round6(model.superposition[f] ?? 0),
          represented: represented.has(f),
          labelled: Math.abs(w) >= LABEL_MIN_HEIGHT,
        });
      });
      top = Math.max(top, up);
      bottom = Math.min(bottom, down);
      const role = roles.neurons[k]?.kind ?? 'unused';
      rows.push({ kind: 'role', panel, neuron: String(k), role, text: ROLE_TEXT[role] });
    }
  });
  const band = ROLE_BAND * (top - bottom || 1);
  const yMin = round6(bottom - band);
  const yMax = round6(top);
  rows.forEach((r) => {
    if (r['kind'] === 'role') r['y'] = round6(bottom - band / 2);
  });

  const x = {
    field: 'neuron',
    type: 'ordinal' as const,
    scale: { domain: neurons, paddingInner: 0.25, paddingOuter: 0.15 },
    axis: { title: 'neuron', labelAngle: 0, ticks: false, domain: false, labelFontSize: 9, orient: 'top' as const },
  };
  const y = {
    field: 'y0',
    type: 'quantitative' as const,
    scale: { domain: [yMin, yMax], nice: false },
    axis: { title: 'W[i,k], stacked (negative below 0)', labelFontSize: 8, grid: false, tickCount: 5 },
  };

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `neuron-bars for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', sort: panels, header: { title: null, labelFontSize: 12, labelPadding: 4 } },
    columns: Math.min(COLUMNS, models.length),
    spacing: { column: 14, row: 14 },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'segment'" }],
          mark: { type: 'bar', stroke: 'white', strokeWidth: 0.6, aria: false },
          encoding: {
            x,
            y,
            y2: { field: 'y1' },
            fill: {
              condition: { test: '!datum.represented', value: UNREPRESENTED },
              ...superpositionColour(PANEL_HEIGHT),
            },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'segment' && datum.labelled" }],
          mark: { type: 'text', fontSize: 8, fill: 'white', baseline: 'middle', aria: false },
          encoding: { x: { ...x, axis: null }, y: { field: 'mid', type: 'quantitative' }, text: { field: 'feature', type: 'nominal' } },
        },
        {
          mark: { type: 'rule', stroke: '#666', strokeWidth: 0.8 },
          encoding: { y: { datum: 0, type: 'quantitative' } },
        },
        ...(Object.keys(ROLE_TEXT) as NeuronKind[]).map((role) => ({
          transform: [{ filter: `datum.kind === 'role' && datum.role === '${role}'` }],
          mark: { type: 'text' as const, fontSize: 8, fill: ROLE_COLOUR[role], baseline: 'middle' as const },
          encoding: {
            x: { ...x, axis: null },
            y: { field: 'y', type: 'quantitative' as const },
            text: { field: 'text', type: 'nominal' as const },
          },
        })),
      ],
    },
    config: {
      view: { stroke: '#ddd' },
      axis: { titleFontSize: 10, titleFontWeight: 'normal', titleColor: '#555', labelColor: '#333' },
      legend: { titleFontSize: 10, labelFontSize: 9 },
    },
  };
}
