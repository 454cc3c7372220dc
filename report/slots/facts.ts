// Facts derived from the analyses: what one trained model represents and how (ModelFacts), and what one
// experiment trained (ExperimentFacts), with the small lookups the slot groups share.

import type { ModelAnalysis } from '../../analysis/types.ts';
import type { ExperimentReport } from '../types.ts';
import { fmt, fmtList } from './format.ts';
import type { ParamsView } from './params-view.ts';
import { ANTIPODAL_COSINE, ORTHOGONAL_SCORE, REPRESENTED_NORM } from './thresholds.ts';

// Facts derived from one trained model.

export interface ModelFacts {
  model: ModelAnalysis;
  /** features with ‖Wᵢ‖ > REPRESENTED_NORM */
  represented: number[];
  unrepresented: number[];
  /** represented features with interference score < ORTHOGONAL_SCORE */
  orthogonal: number[];
  /** represented features that are not orthogonal */
  superposed: number[];
  /** pairs (i < j) of represented features whose directions have cosine < ANTIPODAL_COSINE */
  antipodalPairs: Array<[number, number]>;
  /** H = 2 only: angular gaps in degrees between neighbouring represented features, going round */
  gaps: number[];
  /** largest off-diagonal entry of WᵀW (−∞ with fewer than two features) */
  maxOverlap: number;
  /** largest norm among unrepresented features (0 when all are represented) */
  maxUnrepresentedNorm: number;
}

export function at<T>(xs: readonly T[], i: number, what: string): T {
  const v = xs[i];
  if (v === undefined) throw new Error(`report: ${what}: index ${i} out of range (length ${xs.length})`);
  return v;
}

/** Wᵢ·Wⱼ, from the rows of W (metrics.json keeps W, not WᵀW) */
function overlap(m: ModelAnalysis, i: number, j: number): number {
  const a = at(m.W, i, 'W');
  const b = at(m.W, j, 'W');
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] ?? 0) * (b[k] ?? 0);
  return s;
}

function cosine(m: ModelAnalysis, i: number, j: number): number {
  const ni = at(m.norms, i, 'norms');
  const nj = at(m.norms, j, 'norms');
  return ni > 0 && nj > 0 ? overlap(m, i, j) / (ni * nj) : 0;
}

/** angle between the directions of features i and j, in degrees */
export function angleBetween(m: ModelAnalysis, i: number, j: number): number {
  return (Math.acos(Math.max(-1, Math.min(1, cosine(m, i, j)))) * 180) / Math.PI;
}

function featureAngle(m: ModelAnalysis, i: number): number {
  const given = m.angles[i];
  if (given !== undefined && m.angles.length === m.features) return given;
  const w = at(m.W, i, 'W');
  const deg = (Math.atan2(w[1] ?? 0, w[0] ?? 0) * 180) / Math.PI;
  return ((deg % 360) + 360) % 360;
}

export function modelFacts(m: ModelAnalysis): ModelFacts {
  const all = m.norms.map((_, i) => i);
  const represented = all.filter((i) => at(m.norms, i, 'norms') > REPRESENTED_NORM);
  const unrepresented = all.filter((i) => !represented.includes(i));
  const orthogonal = represented.filter((i) => at(m.superposition, i, 'superposition') < ORTHOGONAL_SCORE);
  const superposed = represented.filter((i) => !orthogonal.includes(i));
  const antipodalPairs: Array<[number, number]> = [];
  for (const i of represented) {
    for (const j of represented) if (i < j && cosine(m, i, j) < ANTIPODAL_COSINE) antipodalPairs.push([i, j]);
  }
  let gaps: number[] = [];
  if (m.hidden === 2 && represented.length >= 2) {
    const angles = represented.map((i) => featureAngle(m, i)).sort((a, b) => a - b);
    gaps = angles.map((a, k) => (k + 1 < angles.length ? (angles[k + 1] ?? a) - a : 360 - a + (angles[0] ?? 0)));
  }
  let maxOverlap = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < m.features; i++) {
    for (let j = i + 1; j < m.features; j++) maxOverlap = Math.max(maxOverlap, overlap(m, i, j));
  }
  const maxUnrepresentedNorm = Math.max(0, ...unrepresented.map((i) => at(m.norms, i, 'norms')));
  return { model: m, represented, unrepresented, orthogonal, superposed, antipodalPairs, gaps, maxOverlap, maxUnrepresentedNorm };
}

// Facts about one experiment.

export interface ExperimentFacts {
  id: string;
  report: ExperimentReport;
  features: number;
  hidden: number;
  importance: number[];
  /** the selected model of every (run, density) cell, by run then density (densest first) */
  models: ModelFacts[];
  /** the largest number of restarts in one (run, density) cell, per activation */
  restarts: Map<string, number>;
  /** recipe names used by its models, in first-seen order */
  recipes: string[];
}

export function experimentFacts(report: ExperimentReport): ExperimentFacts {
  const a = report.analysis;
  const models = a.selected
    .map((i) => at(a.models, i, `experiment '${report.id}' selected model`))
    .sort((x, y) => x.run - y.run || y.density - x.density || x.index - y.index)
    .map(modelFacts);
  const cells = new Map<string, number>();
  const restarts = new Map<string, number>();
  for (const m of a.models) {
    const key = `${m.run}|${m.density}`;
    const n = (cells.get(key) ?? 0) + 1;
    cells.set(key, n);
    restarts.set(m.activation, Math.max(restarts.get(m.activation) ?? 0, n));
  }
  const recipes: string[] = [];
  for (const m of a.models) if (!recipes.includes(m.recipe)) recipes.push(m.recipe);
  return { id: report.id, report, features: a.features, hidden: a.hidden, importance: a.importance, models, restarts, recipes };
}

/** "exact expected loss" or "held-out loss": the loss an experiment's restarts are ranked by */
export function rankingLoss(f: ExperimentFacts): string {
  return f.report.analysis.ranking === 'expected' ? 'exact expected loss' : 'held-out loss';
}

export function byActivation(f: ExperimentFacts, activation: string): ModelFacts[] {
  return f.models.filter((m) => m.model.activation === activation);
}

export function densest(models: readonly ModelFacts[]): ModelFacts | undefined {
  return [...models].sort((a, b) => b.model.density - a.model.density)[0];
}

/** the model whose density is closest to `target` on a log scale */
export function nearest(models: readonly ModelFacts[], target: number): ModelFacts | undefined {
  const dist = (m: ModelFacts): number => Math.abs(Math.log(m.model.density) - Math.log(target));
  return [...models].sort((a, b) => dist(a) - dist(b) || b.model.density - a.model.density)[0];
}

export function sameDensity(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** "Iᵢ = 0.9ⁱ" when the importances are geometric from 1, else the list */
export function describeImportance(importance: readonly number[]): string {
  const first = importance[0];
  if (first === undefined) return 'none';
  if (importance.every((v) => Math.abs(v - first) <= 1e-9)) return `Iᵢ = ${fmt(first)} for every feature`;
  const r = (importance[1] ?? 0) / first;
  const geometric = importance.every((v, i) => Math.abs(v - first * r ** i) <= 1e-6 * Math.max(1, Math.abs(v)));
  if (geometric && Math.abs(first - 1) <= 1e-9) return `Iᵢ = ${fmt(r)}ⁱ`;
  return `I = (${fmtList(importance)})`;
}

export function recipeName(name: string): string {
  if (name === 'notebook') return 'notebook';
  if (name === 'seed') return 'student (seed)';
  return name;
}

export function recipeLabel(f: ExperimentFacts | undefined, params: ParamsView, id: string): string {
  const names = f && f.recipes.length > 0 ? f.recipes : [...new Set(params.runs.filter((r) => r.experiment === id).map((r) => r.recipe))];
  return names.length > 0 ? names.map(recipeName).join(', ') : '—';
}
