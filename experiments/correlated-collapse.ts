// "Geometry: correlated features" (experiment C and the collapse sweep): three correlated pairs in two
// dimensions over a log density sweep. The paper: sparse pairs sit side by side; as density grows, pairs
// collapse one after another onto their sum direction (a+b)/√2, ending in a PCA-like solution.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'correlated-collapse',
  title: 'Correlated features: three correlated pairs in 2 dimensions across density',
  recipe: 'notebook',
  claims: ['correlated_collapse'],
  figures: [{ id: 'correlated-collapse-geometry', figure: { kind: 'feature-set-geometry' } }],
});
