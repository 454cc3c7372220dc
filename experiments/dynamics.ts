// "Learning dynamics", the "energy level" jumps: uniform superposition (every importance 1, n ≫ m) at a
// density where the features end as antipodal pairs, trained with the official notebook's recipe while
// the weights are snapshotted every few steps. Each feature's dimensionality D_i over training beside
// the held-out loss. The paper's second case (6 features in 3 dimensions, two correlated triples) needs
// correlated data; it will be another params entry and another module like this one, drawn by the same
// figure.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'dynamics',
  title: 'Learning dynamics: feature dimensionality over training',
  recipe: 'notebook',
  claims: ['dynamics_loss_drops_at_jumps'],
  figures: [{ id: 'dynamics-energy', figure: { kind: 'dynamics' } }],
});
