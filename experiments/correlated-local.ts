// "Geometry: correlated features", local almost-orthogonal bases: two sets of ten correlated features in
// ten dimensions, at ARENA's densities (the paper gives none). The paper: within each correlated set the
// features are nearly orthogonal (a local basis), superposition happens across the sets. Drawn as WᵀW.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'correlated-local',
  title: 'Correlated features: two sets of ten in 10 dimensions (local bases)',
  recipe: 'notebook',
  claims: ['local_orthogonal_basis'],
  figures: [{ id: 'correlated-local-gram', figure: { kind: 'superposition-grid', activation: 'relu' } }],
});
