// A sweep of the L1 penalty λ‖h‖₁ on the hidden activations (the paper's strategic-picture remark that
// such a penalty removes superposition in the toy models): for each density, the selected model of every
// λ, ordered by λ, with what it represents and how much of it is in superposition. Pure function of the
// experiment's models; analyze stores the cells (analysis/derived.ts) for the claim, figure and report.

import { countOrthogonal, representedFeatures } from './metrics.ts';
import type { ModelAnalysis } from './types.ts';

/** One (density, λ) point of the sweep: the selected model's counts and held-out reconstruction loss. */
export interface L1Point {
  /** the penalty's coefficient λ (0: the unpenalised model) */
  l1: number;
  /** index of the model in ExperimentAnalysis.models */
  model: number;
  /** features with ‖W_i‖ above the representation threshold */
  represented: number;
  /** represented features whose superposition score is below the orthogonality threshold */
  orthogonal: number;
  /** represented features that are not orthogonal: the ones in superposition */
  superposed: number;
  /** Σ_i of the superposition score over the represented features (0 with no superposition at all) */
  totalSuperposition: number;
  /** D* = m/‖W‖²_F */
  dStar: number;
  /** held-out importance-weighted reconstruction loss (the penalty is not part of it) */
  evalLoss: number;
}

/** The sweep at one density: its points in increasing λ. */
export interface L1SweepCell {
  density: number;
  points: L1Point[];
}

/**
 * The cells of an L1 sweep from the selected models (`selected` indices into `models`), grouped by density
 * (densest first) and ordered by λ. A model without an `l1` value is the sweep's λ = 0 point (the plan
 * leaves λ = 0 out: it is the unpenalised model). Empty when no selected model has a penalty, so that the
 * result applies only to experiments that sweep λ.
 */
export function l1SweepCells(models: readonly ModelAnalysis[], selected: readonly number[]): L1SweepCell[] {
  if (!selected.some((k) => models[k]?.l1 !== undefined)) return [];
  const byDensity = new Map<number, L1Point[]>();
  for (const k of selected) {
    const m = models[k];
    if (m === undefined) continue;
    const kept = representedFeatures(m.norms);
    const represented = kept.length;
    const orthogonal = countOrthogonal(m.norms, m.superposition);
    const total = kept.reduce((sum, i) => sum + (m.superposition[i] ?? 0), 0);
    const point: L1Point = {
      l1: m.l1 ?? 0,
      model: k,
      represented,
      orthogonal,
      superposed: represented - orthogonal,
      totalSuperposition: total,
      dStar: m.dStar,
      evalLoss: m.evalLoss,
    };
    const list = byDensity.get(m.density) ?? [];
    list.push(point);
    byDensity.set(m.density, list);
  }
  return [...byDensity.entries()]
    .sort(([a], [b]) => b - a)
    .map(([density, points]) => ({ density, points: points.sort((p, q) => p.l1 - q.l1) }));
}
