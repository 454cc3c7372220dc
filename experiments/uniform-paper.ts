// "Geometry: uniform superposition" at the paper's own size: 400 equally important features in 30
// dimensions (the notebook's `uniform` uses 200 in 20), across the same twenty densities and with the
// same recipe, analysis, claims and figures, so that the report can set the two sizes side by side.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'uniform-paper',
  title: 'Uniform superposition: 400 features in 30 dimensions',
  recipe: 'notebook',
  claims: ['Dstar_sticky', 'dimensionality_fractions', 'dimensionality_sum'],
  figures: [
    { id: 'uniform-paper-dstar', figure: { kind: 'uniform-dstar' } },
    { id: 'uniform-paper-dimensionality', figure: { kind: 'uniform-dimensionality' } },
    { id: 'uniform-paper-graphs', figure: { kind: 'feature-graphs' } },
  ],
});
