// "Geometry: correlated features" (experiment A): two sets of two correlated features (each set's members
// are active together) in two dimensions, every importance 1, at ARENA's densities (the paper gives none),
// several seeds per density. The paper: correlated features avoid sharing a direction and sit orthogonally.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'correlated-pairs',
  title: 'Correlated features: two correlated pairs in 2 dimensions',
  recipe: 'notebook',
  claims: ['correlated_orthogonal'],
  figures: [{ id: 'correlated-pairs-geometry', figure: { kind: 'feature-set-geometry' } }],
});
