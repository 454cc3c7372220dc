// "Geometry: uniform superposition": 200 equally important features in 20 dimensions across the
// notebook's twenty densities, trained with the official notebook's recipe. The paper's D* curve and
// its feature-dimensionality scatter, and its feature-geometry graphs.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'uniform',
  title: 'Uniform superposition: 200 features in 20 dimensions',
  recipe: 'notebook',
  claims: ['Dstar_sticky', 'dimensionality_fractions', 'dimensionality_sum'],
  figures: [
    { id: 'uniform-dstar', figure: { kind: 'uniform-dstar' } },
    { id: 'uniform-dimensionality', figure: { kind: 'uniform-dimensionality' } },
    { id: 'uniform-graphs', figure: { kind: 'feature-graphs' } },
    { id: 'uniform-adversarial', figure: { kind: 'adversarial-vulnerability' } },
  ],
});
