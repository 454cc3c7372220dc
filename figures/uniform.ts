// What the uniform-superposition figures (§"The geometry of superposition", guide §1.4; figures/kinds/
// uniform-dstar.ts and uniform-dimensionality.ts) share: one point per density (the selected, lowest-loss
// ReLU model of each), x = 1/(1 − S) on a log axis as the notebook, the D* rows, the size and colours.

import type { ExperimentAnalysis, ModelAnalysis } from '../analysis/types.ts';
import { selectedModels } from './panels.ts';
import { round6, type DataRow } from './types.ts';

export const WIDTH = 460;
export const HEIGHT = 280;
export const LINE = 'rgb(0,0,0)';
export const REFERENCE = 'rgb(102,0,255)';

const X_TITLE = '1/(1−S)';

/** The selected ReLU models, densest first; `figure` names the figure in the error when there are none. */
export function models(analysis: ExperimentAnalysis, figure: string): ModelAnalysis[] {
  const ms = selectedModels(analysis, (m) => m.activation === 'relu');
  if (ms.length === 0) {
    throw new Error(`figure ${figure}: experiment '${analysis.experiment}' has no selected ReLU model`);
  }
  return ms;
}

export function xDomain(ms: readonly ModelAnalysis[]): [number, number] {
  const xs = ms.map((m) => 1 / m.density);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  // a little room either side on the log axis
  return [round6(lo / 1.12), round6(hi * 1.12)];
}

export function xEncoding(domain: [number, number], field: string) {
  return {
    field,
    type: 'quantitative' as const,
    title: X_TITLE,
    scale: { type: 'log' as const, domain, nice: false },
    axis: { values: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].filter((v) => v >= domain[0] && v <= domain[1]), format: 'd', grid: false },
  };
}

export function dStarRows(ms: readonly ModelAnalysis[]): DataRow[] {
  return ms.map((m) => ({ kind: 'dstar', density: round6(m.density), x: round6(1 / m.density), dStar: round6(m.dStar) }));
}

export const CONFIG = {
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 9, titleFontSize: 10, titleFontWeight: 'normal' as const, titleColor: '#555', labelColor: '#333' },
};
