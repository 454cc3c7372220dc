// What the figures that draw one panel per selected model share: which models they draw (the selected,
// lowest-loss model of each cell, densest first) and the size and wrapping of the square 2-D panels
// (intro-geometry, feature-set-geometry).

import type { ExperimentAnalysis, ModelAnalysis } from '../analysis/types.ts';

/** Side of one square panel, in pixels. */
export const INTRO_PANEL_SIZE = 150;
/** Panels per row before the facet wraps. */
export const INTRO_COLUMNS = 5;

/** The selected (lowest-loss) model of every (run, density) cell, densest first. */
export function selectedModels(analysis: ExperimentAnalysis, filter?: (m: ModelAnalysis) => boolean): ModelAnalysis[] {
  const models: ModelAnalysis[] = [];
  for (const index of analysis.selected) {
    const model = analysis.models[index];
    if (model === undefined) {
      throw new Error(`experiment '${analysis.experiment}': selected index ${index} is outside models (length ${analysis.models.length})`);
    }
    if (filter === undefined || filter(model)) models.push(model);
  }
  return models.sort((a, b) => b.density - a.density || a.run - b.run);
}
