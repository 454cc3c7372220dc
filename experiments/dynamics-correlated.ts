// Learning dynamics, the paper's second example: six features in three dimensions made of two sets of
// three correlated features. The paper reports that training passes through distinct regimes, visible
// in the loss curve, and ends in an octahedron whose antipodal pairs join features of different sets.
// Same snapshots, analysis and figure as `dynamics`; correlated inputs come from feature_sets.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'dynamics-correlated',
  title: 'Learning dynamics: two correlated triples in three dimensions',
  recipe: 'notebook',
  claims: ['dynamics_loss_drops_at_jumps', 'dynamics_octahedron'],
  figures: [{ id: 'dynamics-correlated-energy', figure: { kind: 'dynamics' } }],
});
