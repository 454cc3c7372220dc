// "Geometry: anticorrelated features" (experiment B): two sets of two anticorrelated features (at most one
// member of a set is active) in two dimensions, every importance 1, at ARENA's densities (the paper gives
// none), several seeds per density. The paper: anticorrelated features prefer antipodal directions.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'anticorrelated-pairs',
  title: 'Anticorrelated features: two anticorrelated pairs in 2 dimensions',
  recipe: 'notebook',
  claims: ['anticorrelated_antipodal'],
  figures: [{ id: 'anticorrelated-pairs-geometry', figure: { kind: 'feature-set-geometry' } }],
});
