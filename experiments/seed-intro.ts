// The seed write-up's version of the introduction figure (its own recipe: randn init, random bias,
// one mask per batch, summed loss, SGD), kept to show what the recipe changes.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'seed-intro',
  title: 'Five features in two dimensions, seed recipe',
  recipe: 'seed',
  claims: ['intro_dense', 'intro_80pct', 'intro_pentagon', 'pentagon_norm_bias'],
  figures: [{ id: 'seed-intro-geometry', figure: { kind: 'intro-geometry' } }],
});
