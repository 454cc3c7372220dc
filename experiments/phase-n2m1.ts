// "Superposition as a phase change": one ReLU neuron (m = 1) for two features (n = 2), the first of
// importance 1 and an extra one of importance r, over a grid of r × density, ten seeds per cell,
// trained with the official notebook's recipe. The paper's theoretical and empirical phase diagrams.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'phase-n2m1',
  title: 'Phase change: 2 features in 1 dimension',
  recipe: 'notebook',
  claims: ['phase_n2m1_theory', 'phase_n2m1_empirical'],
  figures: [
    { id: 'phase-n2m1-theory', figure: { kind: 'phase-theory' } },
    { id: 'phase-n2m1-empirical', figure: { kind: 'phase-empirical' } },
  ],
});
