// What an experiment module declares besides its parameters (which live in params.yaml): its title,
// the claims of the paper it is checked against and the figures it produces. Pure data, so that the
// code digest of an experiment's nodes changes only when its own declaration does.

/**
 * Which figure builder draws a figure: `kind` names the module figures/kinds/<kind>.ts, which declares
 * itself (no list of kinds to extend); any other key is an option that builder takes, e.g.
 * `{ kind: 'superposition-grid', activation: 'relu' }`.
 */
export interface FigureRef {
  kind: string;
  [option: string]: string;
}

export interface ExperimentFigure {
  /** unique across the report; also the file stem under reports/replication/figures/ */
  id: string;
  figure: FigureRef;
}

export interface ExperimentDefinition {
  /** the key under `experiments:` in params.yaml, and this module's file name */
  id: string;
  title: string;
  /** which recipe family the experiment shows, for the report */
  recipe: 'notebook' | 'seed';
  /**
   * the claims it is checked against, in the order its section and the report's tables show them: each
   * the id of a claim file, analysis/claims/checks/<id>.ts
   */
  claims: readonly string[];
  figures: ExperimentFigure[];
}

export function defineExperiment(definition: ExperimentDefinition): ExperimentDefinition {
  return definition;
}
