// Adversarial training (paper §"Superposition and adversarial examples"): the uniform 100 → 10 ReLU output
// model trained under the paper's analytic attack on a random feature of each example, at attack sizes up
// to 80 % of the average input norm, to find where superposition gives way; three of the sizes again as a
// fraction of each example's own norm, the other reading of the paper's "of the input norm".
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'adversarial-training',
  title: 'Adversarial training (100 → 10)',
  recipe: 'notebook',
  claims: ['adversarial_training_late'],
  figures: [{ id: 'adversarial-training-superposition', figure: { kind: 'adversarial-training' } }],
});
