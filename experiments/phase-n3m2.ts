// "Superposition as a phase change" one size up: two ReLU hidden dimensions (m = 2) for three features
// (n = 3), the first two of importance 1 and the third an "extra" one of importance r, over the grid of
// phase-n2m1 (r × density, ten seeds per cell) with the official notebook's recipe. The closed-form map
// of the four configurations of the paper's n = 3, m = 2 diagram and the trained one.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'phase-n3m2',
  title: 'Phase change: 3 features in 2 dimensions',
  recipe: 'notebook',
  claims: ['phase_n3m2_theory', 'phase_n3m2_empirical', 'phase_n3m2_lowest_loss'],
  figures: [
    { id: 'phase-n3m2-theory', figure: { kind: 'phase-n3m2-theory' } },
    { id: 'phase-n3m2-empirical', figure: { kind: 'phase-n3m2-empirical' } },
    { id: 'phase-n3m2-classes', figure: { kind: 'phase-n3m2-classes' } },
  ],
});
