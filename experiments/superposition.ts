// "Demonstrating superposition": 20 features in 5 dimensions, a linear and a ReLU output model
// across the paper's seven densities, trained with the official notebook's recipe.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'superposition',
  title: 'Twenty features in five dimensions',
  recipe: 'notebook',
  claims: [
    'linear_top_m',
    'linear_bias',
    'relu_dense_equals_linear',
    'relu_20_5_counts',
    'antipodal_first',
    'high_sparsity_negative_bias',
    'important_features_last',
  ],
  figures: [
    { id: 'superposition-linear', figure: { kind: 'superposition-grid', activation: 'linear' } },
    { id: 'superposition-relu', figure: { kind: 'superposition-grid', activation: 'relu' } },
    { id: 'nonlinear-compression', figure: { kind: 'nonlinear-compression' } },
  ],
});
