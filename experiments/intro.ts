// The paper's first figure: five features of decreasing importance squeezed into two dimensions,
// across a sweep of sparsity, trained with the official notebook's recipe.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'intro',
  title: 'Five features in two dimensions',
  recipe: 'notebook',
  claims: ['intro_dense', 'intro_80pct', 'intro_pentagon', 'pentagon_norm_bias'],
  figures: [{ id: 'intro-geometry', figure: { kind: 'intro-geometry' } }],
});
