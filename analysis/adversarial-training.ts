// Adversarial training (paper §"Superposition and adversarial examples": training with the analytic attack on
// a random feature reduces superposition only when the attack is large, near 80 % of the input norm). The
// experiment trains one tied ReLU output model per (attack size, density), the attack size a fraction of the
// average input norm at the model's density; the model without an `attack` value is the sweep's a = 0 point.
// A few sizes are trained again as a fraction of each example's own norm (`attackNorm: 'example'`), the other
// reading of the paper's words; they form a second series beside the first, which the claim judges.
//
// For each density, the selected model of every attack size, ordered by it, with what superposition it keeps
// (features per dimension ‖W‖²_F/m, features represented), what it costs (the clean held-out loss) and what it
// buys: the model's vulnerability to the paper's analytic attack at the paper's evaluation budget, relative to
// the orthogonal model of the same size and density, measured by analysis/adversarial.ts exactly as for the
// uniform sweep (derived.adversarial), so that the two sections' numbers are the same measurement. Pure
// function of the experiment's models; analyze stores the cells (analysis/derived.ts) for the claim, the
// figure and the report.

import { averageInputNorm } from '../data/input-norm.ts';
import { modelVulnerability } from './adversarial.ts';
import { representedFeatures } from './metrics.ts';
import type { ExperimentAnalysis, ModelAnalysis } from './types.ts';

/** One (density, attack size) point of the sweep: the selected model's superposition, loss and vulnerability. */
export interface AdversarialTrainingPoint {
  /** the training attack's size as a fraction of the input norm (0: the model trained without attack) */
  attack: number;
  /** index of the model in ExperimentAnalysis.models */
  model: number;
  /** features per dimension ‖W‖²_F/m = 1/D* (about 1 or less without superposition) */
  featuresPerDimension: number;
  /** features with ‖W_i‖ above the representation threshold */
  represented: number;
  /** held-out loss on clean inputs (the attack is a training device, not part of it) */
  evalLoss: number;
  /** L′ − L of the worst single-feature attack at the evaluation budget (ADVERSARIAL_RULES.budgetFraction) */
  vulnerability: number;
  /** the same increase for the orthogonal model of the same size and density */
  baselineVulnerability: number;
  /** (L′ − L)/(L′₀ − L₀): 1 for a model whose features are orthogonal */
  relativeVulnerability: number;
}

/** The sweep at one density. */
export interface AdversarialTrainingCell {
  density: number;
  /** E‖x‖₂ at the density (data/input-norm.ts): the norm the average-norm attacks are a fraction of in training */
  averageInputNorm: number;
  /** the model trained without attack (attack 0), then the attacks sized by the average input norm, in increasing size */
  points: AdversarialTrainingPoint[];
  /** the attacks sized by each example's own norm, in increasing size (empty when the sweep trains none) */
  perExample: AdversarialTrainingPoint[];
}

type SweepAnalysis = Pick<ExperimentAnalysis, 'importance' | 'featureSets' | 'models' | 'selected'>;

/** The selected models that are the paper's tied ReLU output model, the only model the analytic attack is defined for. */
function selectedTiedRelu(analysis: SweepAnalysis): ModelAnalysis[] {
  const out: ModelAnalysis[] = [];
  for (const k of analysis.selected) {
    const m = analysis.models[k];
    if (m !== undefined && m.activation === 'relu' && m.model === undefined) out.push(m);
  }
  return out;
}

/** Whether the experiment is an adversarial-training sweep: some selected tied ReLU model trained under attack. */
export function isAdversarialTraining(analysis: SweepAnalysis): boolean {
  return selectedTiedRelu(analysis).some((m) => m.attack !== undefined);
}

/**
 * The cells of an adversarial-training sweep from the selected models, grouped by density (densest first)
 * and, within each series, ordered by attack size. Empty when no selected model trained under attack, so that
 * the result applies only to experiments that sweep it. Two selected models at one point of a series (same
 * density, attack size and norm) are refused: the series would have two values there.
 */
export function adversarialTrainingCells(analysis: SweepAnalysis): AdversarialTrainingCell[] {
  if (!isAdversarialTraining(analysis)) return [];
  const byDensity = new Map<number, { points: AdversarialTrainingPoint[]; perExample: AdversarialTrainingPoint[] }>();
  for (const m of selectedTiedRelu(analysis)) {
    const attack = m.attack ?? 0;
    const cell = byDensity.get(m.density) ?? { points: [], perExample: [] };
    const series = m.attack !== undefined && m.attackNorm === 'example' ? cell.perExample : cell.points;
    const twin = series.find((p) => p.attack === attack);
    if (twin !== undefined) {
      throw new RangeError(
        `adversarial-training: models ${twin.model} and ${analysis.models.indexOf(m)} are both selected at 1−S = ${m.density} with attack ${attack}${series === cell.perExample ? ' (per-example norm)' : ''}`,
      );
    }
    const v = modelVulnerability(analysis, m);
    series.push({
      attack,
      model: analysis.models.indexOf(m),
      featuresPerDimension: v.featuresPerDimension,
      represented: representedFeatures(m.norms).length,
      evalLoss: m.evalLoss,
      vulnerability: v.vulnerability,
      baselineVulnerability: v.baselineVulnerability,
      relativeVulnerability: v.relative,
    });
    byDensity.set(m.density, cell);
  }
  const F = analysis.importance.length;
  const byAttack = (p: AdversarialTrainingPoint, q: AdversarialTrainingPoint): number => p.attack - q.attack;
  return [...byDensity.entries()]
    .sort(([a], [b]) => b - a)
    .map(([density, cell]) => ({
      density,
      averageInputNorm: averageInputNorm(new Array<number>(F).fill(density), analysis.featureSets),
      points: cell.points.sort(byAttack),
      perExample: cell.perExample.sort(byAttack),
    }));
}
