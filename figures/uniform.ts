// The paper's uniform-superposition figures (§"The geometry of superposition", guide §1.4), one point per
// density (the selected, lowest-loss ReLU model of each), x = 1/(1 − S) on a log axis as the notebook:
//   uniform-dstar:          D* = m/‖W‖²_F, points and line, reference lines at 1 and 1/2;
//   uniform-dimensionality: every feature's D_i as a small dot, the D* line over it, reference lines at
//                           the fractions 1, 3/4, 2/3, 1/2, 2/5, 3/8, labelled.

import type { ExperimentAnalysis, ModelAnalysis } from '../analysis/types.ts';
import { DIMENSIONALITY_FRACTIONS } from '../analysis/geometry.ts';
import { selectedModels } from './intro-geometry.ts';
import { defineFigure, round6, type DataRow, type VegaLiteSpec } from './types.ts';

const WIDTH = 460;
const HEIGHT = 280;
const LINE = 'rgb(0,0,0)';
const DOT = 'rgb(70,70,70)';
const REFERENCE = 'rgb(102,0,255)';
/** half-width of the deterministic horizontal spread of the D_i dots, as a fraction of log10 x (±3 %) */
const SPREAD = 0.03;

const X_TITLE = '1/(1−S)';

function models(analysis: ExperimentAnalysis, figure: string): ModelAnalysis[] {
  const ms = selectedModels(analysis, (m) => m.activation === 'relu');
  if (ms.length === 0) {
    throw new Error(`figure ${figure}: experiment '${analysis.experiment}' has no selected ReLU model`);
  }
  return ms;
}

function xDomain(ms: readonly ModelAnalysis[]): [number, number] {
  const xs = ms.map((m) => 1 / m.density);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  // a little room either side on the log axis
  return [round6(lo / 1.12), round6(hi * 1.12)];
}

function xEncoding(domain: [number, number], field: string) {
  return {
    field,
    type: 'quantitative' as const,
    title: X_TITLE,
    scale: { type: 'log' as const, domain, nice: false },
    axis: { values: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].filter((v) => v >= domain[0] && v <= domain[1]), format: 'd', grid: false },
  };
}

function dStarRows(ms: readonly ModelAnalysis[]): DataRow[] {
  return ms.map((m) => ({ kind: 'dstar', density: round6(m.density), x: round6(1 / m.density), dStar: round6(m.dStar) }));
}

const CONFIG = {
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 9, titleFontSize: 10, titleFontWeight: 'normal' as const, titleColor: '#555', labelColor: '#333' },
};

export const uniformDStar = defineFigure({
  id: 'uniform-dstar',
  title: 'Dimensions per feature D* across sparsity',
  caption:
    'D* = m/‖W‖²_F of the ReLU output model at each feature density, plotted against 1/(1 − S) on a log ' +
    'axis. D* = 1 means each learned feature owns a dimension; D* = 1/2 means two features share each ' +
    'dimension, as antipodal pairs. Dashed lines mark 1 and 1/2.',
  build: buildUniformDStar,
});

export function buildUniformDStar(analysis: ExperimentAnalysis): VegaLiteSpec {
  const ms = models(analysis, 'uniform-dstar');
  const domain = xDomain(ms);
  const rows: DataRow[] = [...dStarRows(ms), { kind: 'reference', label: '1', value: 1 }, { kind: 'reference', label: '1/2', value: 0.5 }];
  const yMax = Math.max(1.1, ...ms.map((m) => (Number.isFinite(m.dStar) ? m.dStar : 0)));
  const y = {
    type: 'quantitative' as const,
    title: 'm / ‖W‖²_F',
    scale: { domain: [0, round6(yMax)], nice: false },
    axis: { values: [0, 0.25, 0.5, 0.75, 1], format: '.2~f', grid: true, gridColor: '#eee' },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `uniform-dstar for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'reference'" }],
        mark: { type: 'rule', stroke: REFERENCE, strokeDash: [4, 3], strokeWidth: 1 },
        encoding: { y: { ...y, field: 'value' } },
      },
      {
        transform: [{ filter: "datum.kind === 'reference'" }],
        mark: { type: 'text', align: 'left', dx: 4, dy: -6, fontSize: 10, fill: REFERENCE },
        encoding: {
          x: { datum: domain[1] * 0.999, type: 'quantitative', scale: { type: 'log', domain, nice: false } },
          y: { ...y, field: 'value' },
          text: { field: 'label' },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'dstar'" }],
        mark: { type: 'line', stroke: LINE, strokeWidth: 1.5, point: { filled: true, fill: LINE, size: 30 } },
        encoding: { x: xEncoding(domain, 'x'), y: { ...y, field: 'dStar' } },
      },
    ],
    config: CONFIG,
  };
}

export const uniformDimensionality = defineFigure({
  id: 'uniform-dimensionality',
  title: 'Feature dimensionality D_i across sparsity',
  caption:
    'Each grey dot is one feature of the ReLU output model at one feature density (spread a little ' +
    'sideways so that dots at the same value stay visible), at its dimensionality D_i = ‖W_i‖² / Σ_j ' +
    '(Ŵ_i·W_j)²; the black line is D*. Dashed lines mark the fractions at which the paper finds ' +
    'dimensionalities cluster: 1, 3/4 (tetrahedron), 2/3 (triangle), 1/2 (antipodal pair), 2/5 (pentagon) and ' +
    '3/8 (square antiprism). Unlearned features sit at 0.',
  build: buildUniformDimensionality,
});

export function buildUniformDimensionality(analysis: ExperimentAnalysis): VegaLiteSpec {
  const ms = models(analysis, 'uniform-dimensionality');
  const domain = xDomain(ms);
  const rows: DataRow[] = [];
  for (const m of ms) {
    const x = 1 / m.density;
    const F = m.dimensionality.length;
    m.dimensionality.forEach((d, i) => {
      // deterministic spread by feature index, multiplicative so it looks the same on the log axis
      const offset = F > 1 ? (i / (F - 1) - 0.5) * 2 * SPREAD : 0;
      rows.push({ kind: 'feature', density: round6(m.density), feature: i, x: round6(x * 10 ** offset), D: round6(d) });
    });
  }
  rows.push(...dStarRows(ms));
  for (const fr of DIMENSIONALITY_FRACTIONS) rows.push({ kind: 'reference', label: fr.label, value: round6(fr.value) });
  const y = {
    type: 'quantitative' as const,
    title: 'dimensionality',
    scale: { domain: [0, 1.05], nice: false },
    axis: { values: [0, 0.25, 0.5, 0.75, 1], format: '.2~f', grid: false },
  };
  const xLog = { type: 'quantitative' as const, scale: { type: 'log' as const, domain, nice: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `uniform-dimensionality for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    width: WIDTH,
    height: HEIGHT + 120,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'reference'" }],
        mark: { type: 'rule', stroke: REFERENCE, strokeDash: [4, 3], strokeWidth: 0.8, opacity: 0.7 },
        encoding: { y: { ...y, field: 'value' } },
      },
      {
        transform: [{ filter: "datum.kind === 'reference'" }],
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 10, fill: REFERENCE },
        encoding: { x: { ...xLog, datum: domain[1] }, y: { ...y, field: 'value' }, text: { field: 'label' } },
      },
      {
        transform: [{ filter: "datum.kind === 'feature'" }],
        // no ARIA label per dot: thousands of labels would bloat the SVG
        mark: { type: 'circle', size: 4, fill: DOT, opacity: 0.6, aria: false },
        encoding: { x: xEncoding(domain, 'x'), y: { ...y, field: 'D' } },
      },
      {
        transform: [{ filter: "datum.kind === 'dstar'" }],
        mark: { type: 'line', stroke: LINE, strokeWidth: 1.5, point: { filled: true, fill: LINE, size: 16 } },
        encoding: { x: xEncoding(domain, 'x'), y: { ...y, field: 'dStar' } },
      },
    ],
    config: CONFIG,
  };
}
