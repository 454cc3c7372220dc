// The strategic picture's remark that an L1 penalty λ‖h‖₁ on the hidden activations removes superposition
// in the toy models: the 20 → 5 ReLU output model of "demonstrating superposition" at two densities where it
// is in superposition, trained with λ from 0 (the unpenalised model) up to 0.3.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'l1-penalty',
  title: 'An L1 penalty on the hidden activations (20 → 5)',
  recipe: 'notebook',
  claims: ['no_superposition_L1'],
  figures: [{ id: 'l1-penalty-sweep', figure: { kind: 'l1-sweep' } }],
});
