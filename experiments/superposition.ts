// "Demonstrating superposition": 20 features in 5 dimensions, a linear and a ReLU output model
// across the paper's seven densities, trained with the official notebook's recipe.
import { defineExperiment, SUPERPOSITION_CLAIMS } from './types.ts';

export default defineExperiment({
  id: 'superposition',
  title: 'Twenty features in five dimensions',
  recipe: 'notebook',
  claims: SUPERPOSITION_CLAIMS,
  figures: [
    { id: 'superposition-linear', figure: { kind: 'superposition-grid', activation: 'linear' } },
    { id: 'superposition-relu', figure: { kind: 'superposition-grid', activation: 'relu' } },
  ],
});
