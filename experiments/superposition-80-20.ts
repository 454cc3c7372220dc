// "Demonstrating superposition" scaled four times: 80 features in 20 dimensions, importance 0.9^i, a
// linear and a ReLU output model at the 20 → 5 densities (the paper's larger model, shown as essentially
// a rescaled version of the 20 → 5 sweep), trained with the official notebook's recipe.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'superposition-80-20',
  title: 'Eighty features in twenty dimensions',
  recipe: 'notebook',
  claims: ['scaled_80_20_similar'],
  figures: [
    { id: 'superposition-80-20-linear', figure: { kind: 'superposition-grid', activation: 'linear' } },
    { id: 'superposition-80-20-relu', figure: { kind: 'superposition-grid', activation: 'relu' } },
  ],
});
