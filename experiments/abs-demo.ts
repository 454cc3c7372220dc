// Computation in superposition, the demonstration (paper §"Computation in Superposition", guide §1.9):
// the untied |x| model with 3 features and 6 neurons on dense inputs, where each feature should get one
// ReLU(x) and one ReLU(−x) neuron whose outputs add up to |x|.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'abs-demo',
  title: 'Computation in superposition: |x| of 3 dense features with 6 neurons',
  recipe: 'notebook',
  claims: ['abs_dense'],
  figures: [{ id: 'abs-demo-weights', figure: { kind: 'abs-weights' } }],
});
