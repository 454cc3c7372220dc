// Computation in superposition, the sweep (paper §"Computation in Superposition", guide §1.9): the untied
// |x| model with 100 features (Iᵢ = 0.8ⁱ) and 40 neurons at the paper's seven densities. The paper draws
// each neuron's input weights as a stacked bar, sees polysemantic neurons appear as inputs get sparser,
// and describes an "asymmetric superposition" motif, which we look for in every model (our claim).
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'abs-sweep',
  title: 'Computation in superposition: |x| of 100 features with 40 neurons across sparsity',
  recipe: 'notebook',
  claims: ['abs_sparse', 'abs_asymmetric_motif'],
  figures: [
    { id: 'abs-sweep-neurons', figure: { kind: 'abs-neurons' } },
    { id: 'abs-sweep-motif', figure: { kind: 'abs-motif' } },
  ],
});
