// What the computation-in-superposition figures (figures/kinds/abs-weights.ts, abs-neurons.ts,
// abs-motif.ts) share: the selected |x| models they draw, with the one-line error when there are none,
// and the signed-weight colours (the 20 → 5 grid's purple → white → orange, so a sign reads the same
// across the report).

import { absModels } from '../analysis/claims/abs.ts';
import type { ExperimentAnalysis, ModelAnalysis } from '../analysis/types.ts';

export const NEGATIVE = 'rgb(102,0,255)'; // (0.4, 0, 1)
export const POSITIVE = 'rgb(255,102,0)'; // (1, 0.4, 0)

export type AbsModel = ModelAnalysis & { decoder: number[][] };

/** The selected untied |x| models, densest first; `figure` names the figure in the error when there are none. */
export function absFigureModels(analysis: ExperimentAnalysis, figure: string): AbsModel[] {
  const models = absModels(analysis);
  if (models.length === 0) {
    throw new Error(`figure ${figure}: experiment '${analysis.experiment}' has no selected untied-abs model with a stored decoder (W2)`);
  }
  return models;
}

export const CONFIG = {
  view: { stroke: null },
  axis: { labelFontSize: 9, titleFontSize: 10, titleFontWeight: 'normal' as const, titleColor: '#555', labelColor: '#333' },
  legend: { titleFontSize: 10, labelFontSize: 9 },
};
