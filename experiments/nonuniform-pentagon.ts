// "Geometry: non-uniform superposition", perturbing one feature: five equally important features in two
// dimensions at the base density 0.05 (a regular pentagon), with the density of the last feature scaled
// by a relative density ρ from 1/5 to 5, several restarts per ρ, trained with the official notebook's
// recipe. The paper's pentagon → two digons phase change and its crossing loss curves.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'nonuniform-pentagon',
  title: 'Non-uniform superposition: one feature of a pentagon made sparser or denser',
  recipe: 'notebook',
  claims: ['pentagon_to_digon'],
  figures: [
    { id: 'nonuniform-pentagon-geometry', figure: { kind: 'nonuniform-geometry' } },
    { id: 'nonuniform-pentagon-loss', figure: { kind: 'nonuniform-loss' } },
  ],
});
