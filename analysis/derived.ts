// Results derived from an experiment's models that several readers need — the claims (in the analyze
// stage), the figures and the report: the cells of a phase grid by the paper's protocol and by the seed
// draft's rule, the cells of the 3 → 2 grid, the cells of a relative-density sweep, the feature graphs and
// the adversarial vulnerability of a uniform-superposition sweep, the cells of an L1-penalty sweep, the
// best-of-k restarts of a privileged-basis sweep and the neurons of the |x| models. The analyze stage
// computes them once and stores them in metrics.json, so every reader reads the same cells instead of
// recomputing them (and a change to how a cell is formed is one change, seen everywhere).

import { isN3m2Grid } from './claims/phase-n3m2.ts';
import { absSummaries, type AbsModelSummary } from './claims/abs.ts';
import { UNIFORM_TOLERANCES, isUniform, uniformModels } from './claims/uniform.ts';
import { featureGraphPicks, type FeatureGraphPick } from './feature-graph.ts';
import { sweepVulnerability, type ModelVulnerability } from './adversarial.ts';
import { adversarialTrainingCells, isAdversarialTraining, type AdversarialTrainingCell } from './adversarial-training.ts';
import { l1SweepCells, type L1SweepCell } from './l1-sweep.ts';
import { isPhaseGrid } from './claims/phase.ts';
import { hasPrivilegedBasisModels, isPrivilegedBasisModel } from './claims/privileged-basis.ts';
import { regimeConvergence, type RegimeConvergenceCell } from './regime-restarts.ts';
import { relativeDensityCells, type RelativeDensityCell } from './nonuniform.ts';
import { n3m2Cells, type N3m2Cell } from './phase-n3m2.ts';
import { phaseCells, type PhaseCell } from './phase.ts';
import { seedCells, type SeedCell } from './seed-phase.ts';
import type { ExperimentAnalysis } from './types.ts';

export interface DerivedResults {
  /** an n = 2, m = 1 grid over the extra feature's importance and the density: its cells by the paper's protocol */
  phaseCells?: PhaseCell[];
  /** the same grid by the seed draft's rule */
  seedCells?: SeedCell[];
  /** an n = 3, m = 2 grid: its cells, classified into the four configurations */
  n3m2Cells?: N3m2Cell[];
  /** a sweep of one feature's relative density ρ: its cells, with each restart's geometry */
  relativeDensityCells?: RelativeDensityCell[];
  /** a uniform-superposition sweep: the feature graphs of the models its figure draws, and of its sparsest model */
  featureGraphs?: FeatureGraphPick[];
  /** the selected untied |x| models (computation in superposition): each one's neurons and asymmetric motifs, densest first */
  absModels?: AbsModelSummary[];
  /** a uniform-superposition sweep: the analytic attack's vulnerability of each selected model, densest first (analysis/adversarial.ts) */
  adversarial?: ModelVulnerability[];
  /** an adversarial-training sweep: per density, the selected model of every attack size in increasing size (analysis/adversarial-training.ts) */
  adversarialTrainingCells?: AdversarialTrainingCell[];
  /** a sweep of the L1 penalty λ: per density, the selected model of every λ in increasing λ */
  l1SweepCells?: L1SweepCell[];
  /** a privileged-basis sweep: per density, the best of the first k restarts and its neuron regime, for every k */
  regimeConvergence?: RegimeConvergenceCell[];
}

/** What applies to this experiment (a result that does not apply is absent, and its readers see no cells). */
export function deriveResults(analysis: Omit<ExperimentAnalysis, 'derived'>): DerivedResults {
  const out: DerivedResults = {};
  if (isPhaseGrid(analysis)) {
    out.phaseCells = phaseCells(analysis.models);
    out.seedCells = seedCells(analysis.models);
  }
  if (isN3m2Grid(analysis)) out.n3m2Cells = n3m2Cells(analysis.models);
  const sweep = relativeDensityCells(analysis.models);
  if (sweep.length > 0) out.relativeDensityCells = sweep;
  // an adversarial-training sweep has uniform importances too, but its models differ by attack, not only by density
  if (isAdversarialTraining(analysis)) out.adversarialTrainingCells = adversarialTrainingCells(analysis);
  else if (isUniform(analysis)) {
    const uniform = uniformModels(analysis);
    const models = uniform.map((m) => ({ position: analysis.models.indexOf(m), W: m.W, dStar: m.dStar }));
    if (models.length > 0) out.featureGraphs = featureGraphPicks(models, UNIFORM_TOLERANCES.dStarPlateau);
    out.adversarial = sweepVulnerability(analysis, uniform);
  }
  const l1Sweep = l1SweepCells(analysis.models, analysis.selected);
  if (l1Sweep.length > 0) out.l1SweepCells = l1Sweep;
  if (hasPrivilegedBasisModels(analysis)) out.regimeConvergence = regimeConvergence(analysis.models, isPrivilegedBasisModel);
  const abs = absSummaries(analysis);
  if (abs.length > 0) out.absModels = abs;
  return out;
}

/** The analysis with its derived results computed afresh: after anything changes its models or its selection. */
export function withDerived(analysis: ExperimentAnalysis): ExperimentAnalysis {
  return { ...analysis, derived: deriveResults(analysis) };
}
