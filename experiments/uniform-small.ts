// "Geometry: uniform superposition" at a sixteenth of the notebook's cost: 100 equally important features in
// 10 dimensions, the notebook's twenty densities, a quarter of its batch. Cheap enough to train on every base
// seed, so that the uniform-superposition claims are judged across seeds; also the size the PyTorch
// cross-check (crosscheck/) trains.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'uniform-small',
  title: 'Uniform superposition: 100 features in 10 dimensions, on every base seed',
  recipe: 'notebook',
  claims: ['Dstar_sticky', 'dimensionality_fractions', 'dimensionality_sum', 'adversarial_tracks_superposition'],
  figures: [
    { id: 'uniform-small-dstar', figure: { kind: 'uniform-dstar' } },
    { id: 'uniform-small-adversarial', figure: { kind: 'adversarial-vulnerability' } },
  ],
});
