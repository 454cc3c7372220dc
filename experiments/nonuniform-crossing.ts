// The pentagon → two digons crossing of nonuniform-pentagon looked at closely, to tell a finding from an
// artifact of the protocol: a finer grid of relative densities between the sparse end and ρ = 1, more
// restarts per ρ and twice the training steps, otherwise the same 5 → 2 models. Judged by the same check.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'nonuniform-crossing',
  title: 'Non-uniform superposition: the pentagon → digons crossing on a finer grid, with more restarts and longer training',
  recipe: 'notebook',
  claims: ['pentagon_to_digon'],
  figures: [{ id: 'nonuniform-crossing-loss', figure: { kind: 'nonuniform-loss' } }],
});
