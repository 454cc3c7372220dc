// "Superposition in a Privileged Basis": a ReLU on the hidden layer makes its five dimensions neurons, so
// one can ask which of the ten features each neuron stores. The paper: dense models give each of the most
// important features a neuron of its own; as the features get sparser, more of them are packed into
// shared, polysemantic neurons, until every neuron is polysemantic.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: 'privileged-basis',
  title: 'Superposition in a privileged basis: 10 features in 5 ReLU neurons across density',
  recipe: 'notebook',
  claims: ['neuron_regimes'],
  figures: [
    { id: 'privileged-basis-neurons', figure: { kind: 'neuron-bars' } },
    { id: 'privileged-basis-weights', figure: { kind: 'neuron-weights' } },
    { id: 'privileged-basis-restarts', figure: { kind: 'restart-convergence' } },
  ],
});
