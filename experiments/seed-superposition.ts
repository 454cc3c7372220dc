// The seed write-up's 20 → 5 models with its per-sparsity optimizers, including the ReLU sparsity
// sweep that its Figure 4 was meant to show.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'seed-superposition',
  title: 'Twenty features in five dimensions, seed recipe',
  recipe: 'seed',
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
    { id: 'seed-superposition-linear', figure: { kind: 'superposition-grid', activation: 'linear' } },
    { id: 'seed-superposition-relu', figure: { kind: 'superposition-grid', activation: 'relu' } },
  ],
});
