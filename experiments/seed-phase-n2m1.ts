// The seed write-up's draft of the n = 2, m = 1 phase diagram (guide §4.4): one-neuron models with
// W ~ N(0, 1)·1.5 and b ~ N(0, 1)·0.5, Adam at lr 1e-2, 6,000 batches of 64 with one mask per batch and
// a summed loss, ten runs per point, read with the draft's own three-class majority rule. Trained on
// phase-n2m1's grid so that the two maps compare cell by cell; the paper's empirical claim is checked on
// these models too, as every seed experiment checks the paper's claims under its own recipe.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'seed-phase-n2m1',
  title: 'Phase change: 2 features in 1 dimension, seed protocol',
  recipe: 'seed',
  claims: ['phase_n2m1_empirical'],
  figures: [{ id: 'seed-phase-n2m1-empirical', figure: { kind: 'seed-phase-empirical' } }],
});
