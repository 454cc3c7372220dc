// The cross-check against an independent PyTorch implementation of the notebook's recipe
// (crosscheck/toy_models.py): the statistics the claims turn on, per seed, for both implementations, and
// whether the two sets of per-seed values overlap. The rule was fixed before the comparison was first run:
// two implementations agree on a statistic when the range of its values over one's seeds meets the range
// over the other's (for a statistic that every seed gives the same value, that means equal values).

import type { ModelSummary } from './model-summary.ts';

export interface CrossCheckStatistic {
  experiment: string;
  /** what is measured, for the table */
  label: string;
  /** the claims it bears on */
  claims: readonly string[];
  /** the statistic of one seed's selected models */
  of(models: readonly ModelSummary[]): number;
  integer: boolean;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);
const relu = (ms: readonly ModelSummary[]) => ms.filter((m) => m.activation === 'relu');
const linear = (ms: readonly ModelSummary[]) => ms.filter((m) => m.activation === 'linear');

export const CROSS_CHECK_STATISTICS: readonly CrossCheckStatistic[] = [
  {
    experiment: 'intro',
    label: 'represented features, summed over the densities',
    claims: ['intro_dense', 'intro_80pct', 'intro_pentagon'],
    of: (ms) => sum(ms.map((m) => m.represented)),
    integer: true,
  },
  {
    experiment: 'intro',
    label: 'densities whose model is two features at right angles',
    claims: ['intro_dense'],
    of: (ms) => ms.filter((m) => m.geometry === 'orthogonal pair').length,
    integer: true,
  },
  {
    experiment: 'intro',
    label: 'densities whose model is two antipodal pairs',
    claims: ['intro_80pct'],
    of: (ms) => ms.filter((m) => m.geometry === 'two digons').length,
    integer: true,
  },
  {
    experiment: 'intro',
    label: 'densities whose model is a pentagon',
    claims: ['intro_pentagon'],
    of: (ms) => ms.filter((m) => m.geometry === 'pentagon').length,
    integer: true,
  },
  {
    experiment: 'superposition',
    label: 'linear model: represented features, summed over the densities',
    claims: ['linear_top_m'],
    of: (ms) => sum(linear(ms).map((m) => m.represented)),
    integer: true,
  },
  {
    experiment: 'superposition',
    label: 'ReLU model: represented features, summed over the densities',
    claims: ['relu_20_5_counts'],
    of: (ms) => sum(relu(ms).map((m) => m.represented)),
    integer: true,
  },
  {
    experiment: 'superposition',
    label: 'ReLU model: orthogonal features, summed over the densities',
    claims: ['relu_20_5_counts', 'important_features_last'],
    of: (ms) => sum(relu(ms).map((m) => m.orthogonal)),
    integer: true,
  },
  {
    experiment: 'uniform-small',
    label: 'D*, mean over the densities',
    claims: ['Dstar_sticky'],
    of: (ms) => sum(ms.map((m) => m.dStar)) / ms.length,
    integer: false,
  },
  {
    experiment: 'uniform-small',
    label: 'densities with D* within ±0.05 of 1/2',
    claims: ['Dstar_sticky'],
    of: (ms) => ms.filter((m) => Math.abs(m.dStar - 0.5) <= 0.05).length,
    integer: true,
  },
  {
    experiment: 'uniform-small',
    label: "represented Dᵢ on one of the paper's fractions (%)",
    claims: ['dimensionality_fractions'],
    of: (ms) => (100 * sum(ms.map((m) => m.onFractions))) / Math.max(1, sum(ms.map((m) => m.represented))),
    integer: false,
  },
];

export interface CrossCheckRow {
  experiment: string;
  label: string;
  claims: readonly string[];
  integer: boolean;
  /** one value per seed of each implementation */
  pipeline: number[];
  torch: number[];
  /** the two ranges of per-seed values meet */
  agree: boolean;
}

/** Whether [min a, max a] and [min b, max b] meet (false when either is empty). */
export function rangesMeet(a: readonly number[], b: readonly number[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  return Math.max(...a) >= Math.min(...b) && Math.max(...b) >= Math.min(...a);
}

/**
 * Every statistic of an experiment both implementations trained: `pipeline` and `torch` hold, per experiment,
 * one list of selected-model summaries per seed.
 */
export function crossCheckRows(
  pipeline: Readonly<Record<string, ModelSummary[][]>>,
  torch: Readonly<Record<string, ModelSummary[][]>>,
): CrossCheckRow[] {
  return CROSS_CHECK_STATISTICS.flatMap((s): CrossCheckRow[] => {
    const ours = pipeline[s.experiment];
    const theirs = torch[s.experiment];
    if (ours === undefined || theirs === undefined) return [];
    const a = ours.map((ms) => s.of(ms));
    const b = theirs.map((ms) => s.of(ms));
    return [
      { experiment: s.experiment, label: s.label, claims: s.claims, integer: s.integer, pipeline: a, torch: b, agree: rangesMeet(a, b) },
    ];
  });
}
