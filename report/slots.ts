// Every value the report template can print, computed from ReportInput by pure functions.
//
// The template (report/template.md) names slots such as {{intro.dense_summary}}; build.ts looks each
// name up in SLOTS and calls its function. A slot function returns the Markdown text to insert, or
// `undefined` when the data it describes is absent (its experiment is not in this run): build.ts turns
// that into an error naming the slot, so the template must guard such slots with {{#if has.<id>}}.
// Conditions for those guards live in FLAGS. Sentences whose truth depends on a result (“all five
// features are represented at …” vs “no model represents all five”) are built here from the data.
//
// Layout of this file: constants · number and Markdown formatting · facts derived from the analyses ·
// reading params · claim prose · the slot registries (per experiment kind, comparison, claims, methods,
// provenance) · figures lookup.

import { DYNAMICS_CLAIMS, DYNAMICS_CORRELATED_CLAIMS, INTRO_CLAIMS, NONUNIFORM_CLAIMS, PHASE_CLAIMS, PHASE_N3M2_CLAIMS, SUPERPOSITION_CLAIMS, UNIFORM_CLAIMS, type ClaimId } from '../experiments/types.ts';
import { CORRELATED_THRESHOLDS, PAPER_COLLAPSE_REGIMES, collapsedPairs, localBasisStats, setPairs } from '../analysis/correlated.ts';
import type { FeatureSet } from '../model/types.ts';
import { NONUNIFORM_TOLERANCES, PHASE_TOLERANCES, UNIFORM_TOLERANCES } from '../analysis/claims.ts';
import { GEOMETRIES, GEOMETRY_LABELS, GEOMETRY_RULES, classifyGeometry, lossCrossing, relativeDensityCells, type RelativeDensityCell } from '../analysis/nonuniform.ts';
import { FINAL_FRACTION_TOLERANCE, JUMP, finalDigons } from '../analysis/dynamics.ts';
import { PHASES, PHASE_LABELS, PHASE_THRESHOLDS, TRIPLE_POINT, agreementFraction, phaseCells, phaseCounts, superpositionBoundary, type PhaseCell } from '../analysis/phase.ts';
import { N3M2_LABELS, N3M2_ORTHOGONAL_TO, N3M2_PHASES, QUADRUPLE_POINT, n3m2Cells, n3m2Counts, n3m2ModelConfusion, type N3m2Cell, type N3m2Phase } from '../analysis/phase-n3m2.ts';
import { SEED_CLASSES, SEED_CLASS_LABELS, SEED_DRAFT, SEED_RULE, seedCells, seedCounts, type SeedCell, type SeedClass } from '../analysis/seed-phase.ts';
import { DIMENSIONALITY_FRACTIONS, dimensionalitySum, fractionHistogram, longestPlateau, nearestFraction } from '../analysis/geometry.ts';
import { FEATURE_GRAPH_RULES, componentSizes, connectedComponents, featureGraph, graphModelChoice } from '../analysis/feature-graph.ts';
import { ORTHOGONAL_SUPERPOSITION, REPRESENTED_NORM as ANALYSIS_REPRESENTED_NORM } from '../analysis/metrics.ts';
import type { ClaimResult, DynamicsAnalysis, ModelAnalysis, ModelDynamics } from '../analysis/types.ts';
import { FULL_NORM, FULL_SUPERPOSITION } from '../figures/phase-colour.ts';
import type { ExperimentReport, RenderedFigure, ReportInput } from './types.ts';

// ------------------------------------------------------------------------------------------------
// Constants of the descriptions. The first two are the analysis' own thresholds, so that the prose
// counts features exactly as analysis/metrics.ts does; the claim checks apply their own tolerances.

/** a feature counts as represented when ‖W_i‖ exceeds this */
export const REPRESENTED_NORM = ANALYSIS_REPRESENTED_NORM;
/** a represented feature counts as orthogonal (a direction to itself) when Σ_{j≠i}(Ŵ_i·W_j)² is below this */
export const ORTHOGONAL_SCORE = ORTHOGONAL_SUPERPOSITION;
/** two represented features form an antipodal pair when the cosine of their directions is below this */
export const ANTIPODAL_COSINE = -0.9;
/** densities at or below this count as "high sparsity" in the 20 → 5 prose (the paper's 1 − S ≤ 0.01) */
export const HIGH_SPARSITY_DENSITY = 0.01;
/** the paper's intro panels: 80 % sparsity (two antipodal pairs) and 90 % sparsity (pentagon) */
export const PAPER_ANTIPODAL_DENSITY = 0.2;

/** the experiments the template knows, in the order the report presents them */
export const KNOWN_EXPERIMENTS = [
  'intro',
  'superposition',
  'seed-intro',
  'seed-superposition',
  'uniform',
  'uniform-paper',
  'phase-n2m1',
  'seed-phase-n2m1',
  'phase-n3m2',
  'nonuniform-pentagon',
  'correlated-pairs',
  'anticorrelated-pairs',
  'correlated-collapse',
  'correlated-local',
  'dynamics',
  'dynamics-correlated',
] as const;
export type KnownExperiment = (typeof KNOWN_EXPERIMENTS)[number];


// ------------------------------------------------------------------------------------------------
// Formatting. Text numbers use 3 significant digits, trailing zeros dropped, a true minus sign.

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻',
};

/** A number for the prose and tables: `sig` significant digits, no trailing zeros, "−" for minus. */
export function fmt(x: number, sig = 3): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const abs = Math.abs(x);
  let body: string;
  if (abs >= 1e-4 && abs < 1e6) {
    body = String(Number(abs.toPrecision(sig)));
  } else if (abs === 0) {
    return '0';
  } else {
    const [mantissa = '', exponent = ''] = abs.toExponential(sig - 1).split('e');
    const exp = exponent.replace('+', '').replace(/./g, (c) => SUPERSCRIPT[c] ?? c);
    body = `${String(Number(mantissa))}×10${exp}`;
  }
  return body === '0' ? '0' : (x < 0 ? '−' : '') + body;
}

/** An exact parameter value (learning rates, step counts): printed as given, never rounded. */
export function fmtExact(x: number): string {
  return String(x).replace('-', '−');
}

export function fmtList(xs: readonly number[], sig = 3): string {
  return xs.map((x) => fmt(x, sig)).join(', ');
}

export function fmtDeg(x: number): string {
  return `${fmt(x, 3)}°`;
}

/** sparsity S = 1 − density as a percentage */
export function fmtSparsity(density: number): string {
  return `${fmt((1 - density) * 100, 3)} %`;
}

/** "a, b and c" */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** feature indices as compact ranges: [0,1,2,3,7] → "f0–f3, f7"; [] → "none" */
export function featureList(indices: readonly number[]): string {
  if (indices.length === 0) return 'none';
  const sorted = [...indices].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0] ?? 0;
  let prev = start;
  for (const i of [...sorted.slice(1), Number.NaN]) {
    if (i === prev + 1) {
      prev = i;
      continue;
    }
    parts.push(start === prev ? `f${start}` : prev === start + 1 ? `f${start}, f${prev}` : `f${start}–f${prev}`);
    start = i;
    prev = i;
  }
  return parts.join(', ');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Escape text that comes from the input (claim sentences, titles, captions) for Markdown. */
export function escapeMd(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** A Markdown pipe table; cells are Markdown already (a literal "|" is escaped). */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (c: string): string => c.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

// ------------------------------------------------------------------------------------------------
// Facts derived from one trained model.

export interface ModelFacts {
  model: ModelAnalysis;
  /** features with ‖W_i‖ > REPRESENTED_NORM */
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

function at<T>(xs: readonly T[], i: number, what: string): T {
  const v = xs[i];
  if (v === undefined) throw new Error(`report: ${what}: index ${i} out of range (length ${xs.length})`);
  return v;
}

/** W_i·W_j, from the rows of W (metrics.json keeps W, not WᵀW) */
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

function pairList(pairs: ReadonlyArray<[number, number]>): string {
  return joinAnd(pairs.map(([i, j]) => `f${i}/f${j}`));
}

function range(xs: readonly number[]): string {
  if (xs.length === 0) return '—';
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return fmt(lo) === fmt(hi) ? fmt(lo) : `${fmt(lo)} to ${fmt(hi)}`;
}

/** predicate for a set of values: "are all 1.05" / "range from 1.04 to 1.06" */
function spread(xs: readonly number[]): string {
  if (xs.length === 0) return 'are undefined';
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return fmt(lo) === fmt(hi) ? `are all ${fmt(lo)}` : `range from ${fmt(lo)} to ${fmt(hi)}`;
}

// ------------------------------------------------------------------------------------------------
// Facts about one experiment.

export interface ExperimentFacts {
  id: string;
  report: ExperimentReport;
  features: number;
  hidden: number;
  importance: number[];
  /** the selected model of every (run, density) cell, by run then density (densest first) */
  models: ModelFacts[];
  /** the largest number of seed replicas in one (run, density) cell, per activation */
  seeds: Map<string, number>;
  /** recipe names used by its models, in first-seen order */
  recipes: string[];
}

function experimentFacts(report: ExperimentReport): ExperimentFacts {
  const a = report.analysis;
  const models = a.selected
    .map((i) => at(a.models, i, `experiment '${report.id}' selected model`))
    .sort((x, y) => x.run - y.run || y.density - x.density || x.index - y.index)
    .map(modelFacts);
  const cells = new Map<string, number>();
  const seeds = new Map<string, number>();
  for (const m of a.models) {
    const key = `${m.run}|${m.density}`;
    const n = (cells.get(key) ?? 0) + 1;
    cells.set(key, n);
    seeds.set(m.activation, Math.max(seeds.get(m.activation) ?? 0, n));
  }
  const recipes: string[] = [];
  for (const m of a.models) if (!recipes.includes(m.recipe)) recipes.push(m.recipe);
  return { id: report.id, report, features: a.features, hidden: a.hidden, importance: a.importance, models, seeds, recipes };
}

function byActivation(f: ExperimentFacts, activation: string): ModelFacts[] {
  return f.models.filter((m) => m.model.activation === activation);
}

function densest(models: readonly ModelFacts[]): ModelFacts | undefined {
  return [...models].sort((a, b) => b.model.density - a.model.density)[0];
}

/** the model whose density is closest to `target` on a log scale */
function nearest(models: readonly ModelFacts[], target: number): ModelFacts | undefined {
  const dist = (m: ModelFacts): number => Math.abs(Math.log(m.model.density) - Math.log(target));
  return [...models].sort((a, b) => dist(a) - dist(b) || b.model.density - a.model.density)[0];
}

function sameDensity(a: number, b: number): boolean {
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

function seedPhrase(n: number): string {
  return n === 1 ? 'one seed' : `${n} seeds`;
}

function recipeName(name: string): string {
  if (name === 'notebook') return 'notebook';
  if (name === 'seed') return 'student (seed)';
  return name;
}

function recipeLabel(f: ExperimentFacts | undefined, params: ParamsView, id: string): string {
  const names = f && f.recipes.length > 0 ? f.recipes : [...new Set(params.runs.filter((r) => r.experiment === id).map((r) => r.recipe))];
  return names.length > 0 ? names.map(recipeName).join(', ') : '—';
}

// ------------------------------------------------------------------------------------------------
// Reading the loaded params.yaml defensively (it arrives as `unknown`).

type Rec = Record<string, unknown>;

function isRec(x: unknown): x is Rec {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function get(rec: Rec, key: string): unknown {
  return key in rec ? rec[key] : rec[camel(key)];
}

/** training fields in display order; other keys found in recipes follow in their own order */
const TRAINING_FIELDS: ReadonlyArray<[string, string]> = [
  ['optimizer', 'update rule'],
  ['lr', 'learning rate (constant)'],
  ['weight_decay', 'decoupled weight decay'],
  ['steps', 'training steps'],
  ['batch', 'examples per step'],
  ['init', 'initial W'],
  ['bias_init', 'initial b'],
  ['init_scale', 'initial W scale (× the init)'],
  ['bias_scale', 'initial b scale (× N(0, 1))'],
  ['mask', 'which features are active'],
  ['loss', 'loss reduction over batch and features'],
];
const RUN_META = new Set(['recipe', 'activation', 'densities', 'seeds']);
const VALUE_NOTES: Record<string, string> = {
  xavier_normal: 'small, scaled to the layer',
  randn: 'N(0, 1)',
  per_element: 'drawn per example',
  per_batch: 'one draw shared by the batch',
};

export interface RunConfig {
  experiment: string;
  /** 0-based index in experiments.<id>.runs */
  run: number;
  recipe: string;
  activation: string;
  densities: unknown;
  seeds: unknown;
  /** the recipe's training fields with this run's overrides applied, keyed by snake_case name */
  settings: Map<string, unknown>;
  /** the fields this run overrides */
  overrides: string[];
}

export interface ParamsView {
  seed: unknown;
  recipes: Array<[string, Rec]>;
  experiments: Array<[string, Rec]>;
  runs: RunConfig[];
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function readParams(params: unknown): ParamsView {
  const p = isRec(params) ? params : {};
  const recipesRec = get(p, 'recipes');
  const recipes: Array<[string, Rec]> = isRec(recipesRec)
    ? Object.entries(recipesRec).filter((e): e is [string, Rec] => isRec(e[1]))
    : [];
  const expsRec = get(p, 'experiments');
  const experiments: Array<[string, Rec]> = isRec(expsRec)
    ? Object.entries(expsRec).filter((e): e is [string, Rec] => isRec(e[1]))
    : [];
  const runs: RunConfig[] = [];
  for (const [experiment, exp] of experiments) {
    const list = get(exp, 'runs');
    if (!Array.isArray(list)) continue;
    list.forEach((run: unknown, index) => {
      if (!isRec(run)) return;
      const recipe = String(get(run, 'recipe') ?? '');
      const base = recipes.find(([name]) => name === recipe)?.[1] ?? {};
      const settings = new Map<string, unknown>();
      for (const [k, v] of Object.entries(base)) settings.set(snake(k), v);
      const overrides: string[] = [];
      for (const [k, v] of Object.entries(run)) {
        const key = snake(k);
        if (RUN_META.has(key)) continue;
        settings.set(key, v);
        overrides.push(key);
      }
      runs.push({
        experiment,
        run: index,
        recipe,
        activation: String(get(run, 'activation') ?? ''),
        densities: get(run, 'densities'),
        seeds: get(run, 'seeds'),
        settings,
        overrides,
      });
    });
  }
  return { seed: get(p, 'seed'), recipes, experiments, runs };
}

/** a parameter value exactly as configured */
export function fmtParam(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'number') return fmtExact(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(fmtParam).join(', ');
  if (isRec(v)) {
    const g = get(v, 'geometric');
    if (isRec(g)) {
      return `${fmtParam(get(g, 'count'))} values, geometric from ${fmtParam(get(g, 'from'))} to ${fmtParam(get(g, 'to'))}`;
    }
    return Object.entries(v).map(([k, x]) => `${k}: ${fmtParam(x)}`).join('; ');
  }
  return String(v);
}

function fieldOrder(keys: Iterable<string>): string[] {
  const known = TRAINING_FIELDS.map(([k]) => k);
  const rest = [...keys].filter((k) => !known.includes(k) && !RUN_META.has(k));
  return [...known, ...rest];
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

// ------------------------------------------------------------------------------------------------
// Claim prose: built from the ClaimResult's pass flag, sentences and numbers.

function claimNumbers(c: ClaimResult): string {
  return Object.entries(c.numbers).map(([k, v]) => `\`${k.replace(/`/g, "'")}\` = ${fmt(v)}`).join('; ');
}

/** a failing claim's numbers are printed inline up to this many, else only in the claims section */
const INLINE_NUMBERS = 8;

function findClaim(report: ExperimentReport, id: string): ClaimResult | undefined {
  return report.claims.find((c) => c.id === id);
}

/** One or two sentences on a claim: passes quietly, fails loudly with the paper's claim and our numbers. */
export function claimProse(report: ExperimentReport, id: string): string {
  const c = findClaim(report, id);
  if (!c) return `(No check \`${id}\` was reported for \`${report.id}\`.)`;
  if (c.pass) return `Check \`${id}\` passes: ${sentence(escapeMd(c.observed))}`;
  const count = Object.keys(c.numbers).length;
  const numbers = count > INLINE_NUMBERS
    ? ` (All ${count} numbers behind this check are listed in the section "Claims checked".)`
    : count > 0 ? ` (${claimNumbers(c)}.)` : '';
  return `**Check \`${id}\` fails.** The paper: ${sentence(escapeMd(c.expected))} We measured: ${sentence(escapeMd(c.observed))}${numbers}`;
}

interface ClaimRow {
  experiment: string;
  recipe: string;
  claim: ClaimResult;
}

function orderedExperimentIds(input: ReportInput): string[] {
  const known = KNOWN_EXPERIMENTS.filter((id) => id in input.experiments);
  const others = Object.keys(input.experiments).filter((id) => !(KNOWN_EXPERIMENTS as readonly string[]).includes(id)).sort();
  return [...known, ...others];
}

// ------------------------------------------------------------------------------------------------
// Slot context: the input plus memoised facts. Slot functions are pure functions of the input.

export interface SlotContext {
  input: ReportInput;
  /** facts about one experiment, or undefined when it is not in the input */
  experiment(id: string): ExperimentFacts | undefined;
  params: ParamsView;
  claims: ClaimRow[];
}

export function createSlotContext(input: ReportInput): SlotContext {
  const memo = new Map<string, ExperimentFacts>();
  const params = readParams(input.params);
  const ctx: SlotContext = {
    input,
    params,
    claims: [],
    experiment(id) {
      const report = input.experiments[id];
      if (!report) return undefined;
      let f = memo.get(id);
      if (!f) {
        f = experimentFacts(report);
        memo.set(id, f);
      }
      return f;
    },
  };
  for (const id of orderedExperimentIds(input)) {
    const report = input.experiments[id];
    if (!report) continue;
    const recipe = recipeLabel(ctx.experiment(id), params, id);
    for (const claim of report.claims) ctx.claims.push({ experiment: id, recipe, claim });
  }
  return ctx;
}

export type SlotFn = (ctx: SlotContext) => string | undefined;
export type FlagFn = (ctx: SlotContext) => boolean;

// ------------------------------------------------------------------------------------------------
// 5 → 2 experiments ('intro', 'seed-intro').

/** A predicate on a 2-D model ("represents …"): what it keeps, antipodal pairs, angular gaps, dropped features. */
export function describe2D(f: ModelFacts, features: number): string {
  const k = f.represented.length;
  let s = `represents ${k} of ${features} features (${featureList(f.represented)})`;
  if (k === 2) {
    const [i = 0, j = 1] = f.represented;
    s += ` at ${fmtDeg(angleBetween(f.model, i, j))} to each other`;
  } else if (k > 2) {
    s += f.antipodalPairs.length > 0
      ? `, with ${f.antipodalPairs.length === 1 ? 'one antipodal pair' : `${f.antipodalPairs.length} antipodal pairs`} (${pairList(f.antipodalPairs)})`
      : ', with no antipodal pair';
    s += `; going round the circle, neighbouring features are ${joinAnd(f.gaps.map(fmtDeg))} apart`;
  }
  if (f.unrepresented.length > 0) {
    s += f.unrepresented.length === 1
      ? `; ${featureList(f.unrepresented)} has norm ${fmt(f.maxUnrepresentedNorm)}`
      : `; ${featureList(f.unrepresented)} have norms of at most ${fmt(f.maxUnrepresentedNorm)}`;
  }
  return s;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function introSlots(P: KnownExperiment): Record<string, SlotFn> {
  const withFacts = (fn: (f: ExperimentFacts, ctx: SlotContext) => string): SlotFn => (ctx) => {
    const f = ctx.experiment(P);
    return f ? fn(f, ctx) : undefined;
  };
  const slots: Record<string, SlotFn> = {
    [`${P}.title`]: withFacts((f) => escapeMd(f.report.title)),
    [`${P}.recipe`]: withFacts((f, ctx) => recipeLabel(f, ctx.params, P)),
    [`${P}.features`]: withFacts((f) => String(f.features)),
    [`${P}.hidden`]: withFacts((f) => String(f.hidden)),
    [`${P}.importance`]: withFacts((f) => describeImportance(f.importance)),
    [`${P}.densities`]: withFacts((f) => fmtList(f.models.map((m) => m.model.density))),
    [`${P}.density_count`]: withFacts((f) => String(f.models.length)),
    [`${P}.density_max`]: withFacts((f) => fmt(Math.max(...f.models.map((m) => m.model.density)))),
    [`${P}.density_min`]: withFacts((f) => fmt(Math.min(...f.models.map((m) => m.model.density)))),
    [`${P}.seeds`]: withFacts((f) => {
      const n = Math.max(0, ...f.seeds.values());
      return n > 1 ? `${seedPhrase(n)} per density, keeping the one with the lowest held-out loss` : 'one seed per density';
    }),

    [`${P}.dense_summary`]: withFacts((f) => {
      const d = densest(f.models);
      if (!d) return 'No model was trained.';
      return `The densest model (1−S = ${fmt(d.model.density)}) ${describe2D(d, f.features)}.` +
        (d.represented.length > 0 ? ` The represented ${d.represented.length === 1 ? 'feature has norm' : 'features have norms'} ${joinAnd(d.represented.map((i) => fmt(at(d.model.norms, i, 'norms'))))}.` : '');
    }),

    [`${P}.near_antipodal`]: withFacts((f) => {
      const m = nearest(f.models, PAPER_ANTIPODAL_DENSITY);
      if (!m) return 'No model was trained.';
      const exact = sameDensity(m.model.density, PAPER_ANTIPODAL_DENSITY);
      return exact
        ? `At the paper's ${fmtSparsity(PAPER_ANTIPODAL_DENSITY)} sparsity (1−S = ${fmt(m.model.density)}), the model ${describe2D(m, f.features)}.`
        : `The density closest to the paper's ${fmtSparsity(PAPER_ANTIPODAL_DENSITY)} sparsity is 1−S = ${fmt(m.model.density)} (${fmtSparsity(m.model.density)} sparsity); there the model ${describe2D(m, f.features)}.`;
    }),

    [`${P}.all_represented`]: withFacts((f) => {
      const full = f.models.filter((m) => m.represented.length === f.features);
      if (full.length === 0) {
        const best = [...f.models].sort((a, b) => b.represented.length - a.represented.length || b.model.density - a.model.density)[0];
        if (!best) return 'No model was trained.';
        return `No model in the sweep represents all ${f.features} features: the most any model represents is ${best.represented.length}, at 1−S = ${fmt(best.model.density)}.`;
      }
      const ideal = 360 / f.features;
      const err = (m: ModelFacts): number => Math.max(...m.gaps.map((g) => Math.abs(g - ideal)));
      const even = [...full].sort((a, b) => err(a) - err(b) || b.model.density - a.model.density)[0] ?? full[0];
      if (!even) return '';
      const norms = even.represented.map((i) => at(even.model.norms, i, 'norms'));
      const biases = even.represented.map((i) => at(even.model.b, i, 'b'));
      const nb = even.represented.map((i) => at(even.model.norms, i, 'norms') ** 2 + at(even.model.b, i, 'b'));
      return `All ${f.features} features are represented at ${full.length === 1 ? 'one density' : `${full.length} densities`}, 1−S = ${fmtList(full.map((m) => m.model.density))}. ` +
        `The most even arrangement is at 1−S = ${fmt(even.model.density)} (${fmtSparsity(even.model.density)} sparsity): neighbouring features are ${joinAnd(even.gaps.map(fmtDeg))} apart ` +
        `(a regular ${f.features === 5 ? 'pentagon' : `${f.features}-gon`} has ${fmtDeg(ideal)} gaps); the norms ‖Wᵢ‖ ${spread(norms)}, the biases bᵢ ${spread(biases)}, and ‖Wᵢ‖² + bᵢ ${spread(nb)}.`;
    }),

    [`${P}.per_density`]: withFacts((f) =>
      f.models.length === 0
        ? 'No model was trained.'
        : f.models.map((m) => `- At 1−S = ${fmt(m.model.density)} (${fmtSparsity(m.model.density)} sparsity), the model ${describe2D(m, f.features)}.`).join('\n'),
    ),

    [`${P}.table`]: withFacts((f) => {
      const multi = Math.max(0, ...f.seeds.values()) > 1;
      const header = ['1−S', 'S', ...(multi ? ['replica kept'] : []), 'represented', 'antipodal pairs', 'angular gaps', '‖Wᵢ‖ (represented)', 'bᵢ (represented)', 'held-out loss'];
      const rows = f.models.map((m) => {
        const norms = m.represented.map((i) => at(m.model.norms, i, 'norms'));
        const biases = m.represented.map((i) => at(m.model.b, i, 'b'));
        return [
          fmt(m.model.density),
          fmtSparsity(m.model.density),
          ...(multi ? [String(m.model.replica)] : []),
          `${m.represented.length}: ${featureList(m.represented)}`,
          m.antipodalPairs.length > 0 ? pairList(m.antipodalPairs) : '—',
          m.gaps.length > 2 ? m.gaps.map(fmtDeg).join(', ') : m.gaps.length === 2 ? fmtDeg(Math.min(...m.gaps)) : '—',
          range(norms),
          range(biases),
          fmt(m.model.evalLoss),
        ];
      });
      return mdTable(header, rows);
    }),
  };
  for (const id of INTRO_CLAIMS) {
    slots[`${P}.claim.${id}`] = (ctx) => {
      const f = ctx.experiment(P);
      return f ? claimProse(f.report, id) : undefined;
    };
  }
  return slots;
}

// ------------------------------------------------------------------------------------------------
// 20 → 5 experiments ('superposition', 'seed-superposition').

function superpositionSlots(P: KnownExperiment): Record<string, SlotFn> {
  const withFacts = (fn: (f: ExperimentFacts, ctx: SlotContext) => string): SlotFn => (ctx) => {
    const f = ctx.experiment(P);
    return f ? fn(f, ctx) : undefined;
  };
  const linearOf = (f: ExperimentFacts): ModelFacts[] => byActivation(f, 'linear');
  const reluOf = (f: ExperimentFacts): ModelFacts[] => byActivation(f, 'relu');

  const slots: Record<string, SlotFn> = {
    [`${P}.title`]: withFacts((f) => escapeMd(f.report.title)),
    [`${P}.recipe`]: withFacts((f, ctx) => recipeLabel(f, ctx.params, P)),
    [`${P}.features`]: withFacts((f) => String(f.features)),
    [`${P}.hidden`]: withFacts((f) => String(f.hidden)),
    [`${P}.importance`]: withFacts((f) => describeImportance(f.importance)),
    [`${P}.densities`]: withFacts((f) => {
      const ds: number[] = [];
      for (const m of f.models) if (!ds.some((d) => sameDensity(d, m.model.density))) ds.push(m.model.density);
      return fmtList(ds.sort((a, b) => b - a));
    }),
    [`${P}.seeds`]: withFacts((f) => {
      const parts: string[] = [];
      for (const [act, label] of [['linear', 'the linear model'], ['relu', 'the ReLU model']] as const) {
        const n = f.seeds.get(act);
        if (n !== undefined) parts.push(`${seedPhrase(n)} per density for ${label}`);
      }
      const counts = new Set(f.seeds.values());
      const multi = Math.max(0, ...counts) > 1;
      const head = counts.size === 1 ? `${seedPhrase([...counts][0] ?? 0)} per density` : joinAnd(parts);
      return head + (multi ? ', keeping the seed with the lowest held-out loss' : '');
    }),

    [`${P}.linear_summary`]: withFacts((f) => {
      const lin = linearOf(f);
      if (lin.length === 0) return 'No linear model was trained.';
      const top = Array.from({ length: f.hidden }, (_, i) => i);
      const isTop = (m: ModelFacts): boolean => m.represented.length === top.length && m.represented.every((i, k) => i === top[k]);
      const maxScore = Math.max(...lin.flatMap((m) => m.represented.map((i) => at(m.model.superposition, i, 'superposition'))));
      const dStars = lin.map((m) => m.model.dStar);
      const where = lin.length === 1 ? `At its only density, 1−S = ${fmt(lin[0]?.model.density ?? Number.NaN)},` : `At ${lin.length === 2 ? 'both' : `all ${lin.length}`} densities (1−S from ${fmt(lin[0]?.model.density ?? Number.NaN)} to ${fmt(lin[lin.length - 1]?.model.density ?? Number.NaN)})`;
      if (lin.every(isTop)) {
        return `${where} the linear model represents exactly the ${f.hidden} most important features (${featureList(top)}) and nothing else. ` +
          `Their largest interference score is ${fmt(maxScore)}, and D* is ${range(dStars)}.`;
      }
      const off = lin.filter((m) => !isTop(m)).map((m) => `at 1−S = ${fmt(m.model.density)} it represents ${m.represented.length} (${featureList(m.represented)})`);
      return `The linear model does not always keep exactly the ${f.hidden} most important features (${featureList(top)}): ${joinAnd(off)}. ` +
        `The largest interference score among represented features is ${fmt(maxScore)}, and D* is ${range(dStars)}.`;
    }),

    [`${P}.linear_bias`]: withFacts((f) => {
      const lin = linearOf(f);
      if (lin.length === 0) return 'No linear model was trained.';
      const dropDev = lin.flatMap((m) => m.unrepresented.map((i) => Math.abs(at(m.model.b, i, 'b') - m.model.density / 2)));
      const keptDev = lin.flatMap((m) => m.represented.map((i) => Math.abs(at(m.model.b, i, 'b'))));
      const d = densest(lin);
      const example = d && d.unrepresented.length > 0
        ? ` At 1−S = ${fmt(d.model.density)}, where the mean is ${fmt(d.model.density / 2)}, the dropped features' biases are ${range(d.unrepresented.map((i) => at(d.model.b, i, 'b')))}.`
        : '';
      return `For a linear model the best bias of a dropped feature is its mean value (1−S)/2, and that of a kept feature is 0. ` +
        (dropDev.length > 0 ? `Over all linear models, the dropped features' biases lie within ${fmt(Math.max(...dropDev))} of (1−S)/2` : 'No feature was dropped') +
        `, and the kept features' biases within ${fmt(Math.max(0, ...keptDev))} of 0.${example}`;
    }),

    [`${P}.relu_dense`]: withFacts((f) => {
      const d = densest(reluOf(f));
      if (!d) return 'No ReLU model was trained.';
      const maxScore = Math.max(0, ...d.represented.map((i) => at(d.model.superposition, i, 'superposition')));
      const lin = linearOf(f).find((m) => sameDensity(m.model.density, d.model.density));
      const same = lin && lin.represented.length === d.represented.length && lin.represented.every((i, k) => i === d.represented[k]);
      return `In the densest ReLU model (1−S = ${fmt(d.model.density)}) ${plural(d.represented.length, 'feature is', 'features are')} represented (${featureList(d.represented)}), ` +
        `${d.orthogonal.length} of them orthogonal (largest interference score ${fmt(maxScore)}), and D* = ${fmt(d.model.dStar)}` +
        (lin ? `; ${same ? 'these are the same features the linear model keeps' : `the linear model at that density keeps ${featureList(lin.represented)} instead`}.` : '.');
    }),

    [`${P}.relu_counts`]: withFacts((f) => {
      const relu = reluOf(f);
      if (relu.length === 0) return 'No ReLU model was trained.';
      const parts = relu.map((m) => `${m.represented.length} (${m.orthogonal.length} orthogonal) at 1−S = ${fmt(m.model.density)}`);
      let trend = 'The count never falls as the features get sparser.';
      for (let k = 1; k < relu.length; k++) {
        const a = relu[k - 1];
        const b = relu[k];
        if (a && b && b.represented.length < a.represented.length) {
          trend = `The count is not monotone: it falls from ${a.represented.length} at 1−S = ${fmt(a.model.density)} to ${b.represented.length} at 1−S = ${fmt(b.model.density)}.`;
          break;
        }
      }
      return `Counting features with ‖Wᵢ‖ > ${fmt(REPRESENTED_NORM)}, the ReLU model represents ${joinAnd(parts)}. ${trend}`;
    }),

    [`${P}.antipodal`]: withFacts((f) => {
      const m = reluOf(f).find((x) => x.model.density < 1 - 1e-9);
      if (!m) return 'No ReLU model was trained below 1−S = 1, so there is no sparse model to inspect.';
      if (m.superposed.length === 0) return `At 1−S = ${fmt(m.model.density)}, the first density below 1, no feature is in superposition yet.`;
      const inPair = new Set(m.antipodalPairs.flat());
      const covered = m.superposed.filter((i) => inPair.has(i));
      const biases = m.superposed.map((i) => at(m.model.b, i, 'b'));
      return `At 1−S = ${fmt(m.model.density)}, the first density below 1, ${plural(m.superposed.length, 'feature is', 'features are')} in superposition (${featureList(m.superposed)}); ` +
        (m.antipodalPairs.length > 0
          ? `they include ${plural(m.antipodalPairs.length, 'antipodal pair', 'antipodal pairs')} (${pairList(m.antipodalPairs)}), ${covered.length === m.superposed.length ? `which account for all ${covered.length}` : `which account for ${covered.length} of the ${m.superposed.length}`}`
          : 'none of them forms an antipodal pair') +
        `, and their biases ${spread(biases)}.`;
    }),

    [`${P}.important_last`]: withFacts((f) => {
      const relu = reluOf(f);
      if (relu.length === 0) return 'No ReLU model was trained.';
      const withOrth = relu.filter((m) => m.orthogonal.length > 0);
      const last = [...withOrth].sort((a, b) => a.model.density - b.model.density)[0];
      const isPrefix = (m: ModelFacts): boolean => m.orthogonal.every((i, k) => i === k);
      const notPrefix = relu.filter((m) => !isPrefix(m) && m !== last);
      let s: string;
      if (!last) s = 'No represented feature is orthogonal at any density.';
      else {
        const sparser = relu.filter((m) => m.model.density < last.model.density);
        s = `The sparsest density at which any feature still has a direction to itself is 1−S = ${fmt(last.model.density)}, where the orthogonal ${last.orthogonal.length === 1 ? 'feature is' : 'features are'} ${featureList(last.orthogonal)}` +
          (isPrefix(last) ? ` — the ${last.orthogonal.length === 1 ? 'most important one' : `${last.orthogonal.length} most important ones`}` : ` — not the ${last.orthogonal.length === 1 ? 'most important one' : `${last.orthogonal.length} most important ones`}`) +
          (sparser.length > 0 ? `; at ${sparser.length === 1 ? 'the sparser density' : `all ${sparser.length} sparser densities`}, every represented feature is in superposition.` : '.');
      }
      if (notPrefix.length === 0) {
        return last && !isPrefix(last) ? s : `${s} At every density, the orthogonal features are the most important ones.`;
      }
      return `${s} The orthogonal features are not the most important ones at 1−S = ${fmtList(notPrefix.map((m) => m.model.density))} either (${joinAnd(notPrefix.map((m) => featureList(m.orthogonal)))}).`;
    }),

    [`${P}.negative_bias`]: withFacts((f) => {
      const high = reluOf(f).filter((m) => m.model.density <= HIGH_SPARSITY_DENSITY * (1 + 1e-9));
      if (high.length === 0) return `No ReLU model was trained at 1−S ≤ ${fmt(HIGH_SPARSITY_DENSITY)}.`;
      const parts = high.map((m) => {
        const neg = m.represented.filter((i) => at(m.model.b, i, 'b') < 0);
        const minB = Math.min(...m.represented.map((i) => at(m.model.b, i, 'b')));
        return `at 1−S = ${fmt(m.model.density)}, ${neg.length} of ${m.represented.length} represented features have a negative bias (lowest ${fmt(minB)}) and the largest off-diagonal entry of WᵀW is ${fmt(m.maxOverlap)}`;
      });
      return `${capitalise(parts.join('; '))}.`;
    }),

    [`${P}.table`]: withFacts((f) => {
      const multi = Math.max(0, ...f.seeds.values()) > 1;
      const header = ['output', '1−S', ...(multi ? ['replica kept'] : []), 'represented (orthogonal)', 'antipodal pairs', 'D*', 'lowest bᵢ', 'largest Wᵢ·Wⱼ, i ≠ j', 'held-out loss'];
      const rows = f.models.map((m) => [
        m.model.activation === 'relu' ? 'ReLU' : m.model.activation,
        fmt(m.model.density),
        ...(multi ? [String(m.model.replica)] : []),
        `${m.represented.length} (${m.orthogonal.length})`,
        String(m.antipodalPairs.length),
        fmt(m.model.dStar),
        fmt(Math.min(...m.model.b)),
        fmt(m.maxOverlap),
        fmt(m.model.evalLoss),
      ]);
      return mdTable(header, rows);
    }),
  };
  for (const id of SUPERPOSITION_CLAIMS) {
    slots[`${P}.claim.${id}`] = (ctx) => {
      const f = ctx.experiment(P);
      return f ? claimProse(f.report, id) : undefined;
    };
  }
  return slots;
}

// ------------------------------------------------------------------------------------------------
// Uniform superposition ('uniform'): D* and feature dimensionalities. The bands (±0.05 around D* = 1/2,
// ±0.03 around each fraction, D* ≤ 0.55 for "in superposition") are the claim checks' own, so that
// the prose and the checks count the same things.

/** what a connected group of this many features is in the paper's reading of the graphs: [one, many] */
const GRAPH_NAMES: Record<number, [string, string]> = {
  1: ['feature alone in its subspace', 'features alone in their subspaces'],
  2: ['digon (antipodal pair)', 'digons (antipodal pairs)'],
  3: ['triangle', 'triangles'],
  5: ['pentagon', 'pentagons'],
};

function uniformSlots(P: KnownExperiment): Record<string, SlotFn> {
  const withFacts = (fn: (f: ExperimentFacts, ctx: SlotContext) => string): SlotFn => (ctx) => {
    const f = ctx.experiment(P);
    return f ? fn(f, ctx) : undefined;
  };
  const T = UNIFORM_TOLERANCES;
  /** the ReLU models, densest first */
  const modelsOf = (f: ExperimentFacts): ModelFacts[] =>
    byActivation(f, 'relu').sort((a, b) => b.model.density - a.model.density);
  const inv = (d: number): string => fmt(1 / d);
  const densityAt = (d: number): string => `1−S = ${fmt(d)} (1/(1−S) = ${inv(d)})`;
  const representedDims = (ms: readonly ModelFacts[]): number[] =>
    ms.flatMap((m) => m.represented.map((i) => at(m.model.dimensionality, i, 'dimensionality')));
  const frobenius = (m: ModelFacts): number => m.model.norms.reduce((a, n) => a + n * n, 0);
  const fractionWords = joinAnd(DIMENSIONALITY_FRACTIONS.map((fr) => `${fr.label} (${fr.structure})`));
  /** the models the graph figure draws, with their components (analysis/feature-graph.ts) */
  const graphModels = (f: ExperimentFacts) => {
    const ms = modelsOf(f);
    // the densities the figure draws, and the sparsest, which it leaves out (graphModelChoice)
    const picks = [...new Set([...graphModelChoice(ms.map((m) => m.model.dStar), T.dStarPlateau), ms.length - 1])].filter((k) => k >= 0);
    return picks.map((k) => {
      const m = at(ms, k, 'models');
      const components = connectedComponents(featureGraph(m.model.W));
      return { m, components, sizes: componentSizes(components) };
    });
  };

  const slots: Record<string, SlotFn> = {
    [`${P}.features`]: withFacts((f) => String(f.features)),
    [`${P}.hidden`]: withFacts((f) => String(f.hidden)),
    [`${P}.importance`]: withFacts((f) => describeImportance(f.importance)),
    [`${P}.recipe`]: withFacts((f, ctx) => recipeLabel(f, ctx.params, P)),
    [`${P}.density_count`]: withFacts((f) => String(modelsOf(f).length)),
    [`${P}.density_max`]: withFacts((f) => densityAt(Math.max(...modelsOf(f).map((m) => m.model.density)))),
    [`${P}.density_min`]: withFacts((f) => densityAt(Math.min(...modelsOf(f).map((m) => m.model.density)))),
    [`${P}.seeds`]: withFacts((f) => {
      const n = f.seeds.get('relu') ?? 0;
      return n > 1 ? `${seedPhrase(n)} per density, keeping the one with the lowest held-out loss` : 'one seed per density';
    }),
    [`${P}.fractions`]: () => fractionWords,

    [`${P}.dstar_summary`]: withFacts((f) => {
      const ms = modelsOf(f);
      const first = ms[0];
      const last = ms[ms.length - 1];
      if (!first || !last) return 'No ReLU model was trained.';
      const plateau = longestPlateau(ms.map((m) => m.model.dStar), 0.5, T.dStarPlateau);
      const head = `At the densest setting, ${densityAt(first.model.density)}, D* = ${fmt(first.model.dStar)}, and ${first.represented.length === 0 ? 'no feature' : plural(first.represented.length, 'feature', 'features')} ${first.represented.length <= 1 ? 'has' : 'have'} ‖Wᵢ‖ > ${fmt(REPRESENTED_NORM)}` +
        (first.represented.length < f.hidden ? `: the model spreads its ${fmt(frobenius(first))} units of ‖W‖²_F over many short directions (largest ‖Wᵢ‖ ${fmt(Math.max(...first.model.norms))}) instead of giving ${f.hidden} features one axis each.` : '.');
      let mid: string;
      if (plateau === null) {
        mid = `No density has D* within ±${fmt(T.dStarPlateau)} of 1/2.`;
      } else {
        const hi = at(ms, plateau.first, 'models');
        const lo = at(ms, plateau.last, 'models');
        mid = plateau.length === 1
          ? `D* comes within ±${fmt(T.dStarPlateau)} of 1/2 at one density only, ${densityAt(hi.model.density)}.`
          : `D* stays within ±${fmt(T.dStarPlateau)} of 1/2 over ${plateau.length} consecutive densities, from 1−S = ${fmt(hi.model.density)} to ${fmt(lo.model.density)} (1/(1−S) from ${inv(hi.model.density)} to ${inv(lo.model.density)}), with values ${range(ms.slice(plateau.first, plateau.last + 1).map((m) => m.model.dStar))}.`;
      }
      const tail = `At the sparsest setting, ${densityAt(last.model.density)}, D* = ${fmt(last.model.dStar)} with ${plural(last.represented.length, 'feature', 'features')} represented.`;
      return `${head} ${mid} ${tail}`;
    }),

    [`${P}.fractions_summary`]: withFacts((f) => {
      const ms = modelsOf(f);
      const h = fractionHistogram(representedDims(ms), T.fraction);
      if (h.total === 0) return 'No model represents any feature, so there are no dimensionalities to sort.';
      return `Pooling the ${plural(ms.length, 'model', 'models')}, ${h.total} represented features (‖Wᵢ‖ > ${fmt(REPRESENTED_NORM)}) have a dimensionality; ${h.matched} of them (${fmt(h.share * 100)} %) lie within ±${fmt(T.fraction)} of one of the fractions, and ${h.total - h.matched} lie elsewhere. By fraction:`;
    }),
    [`${P}.fraction_table`]: withFacts((f) => {
      const ms = modelsOf(f);
      const h = fractionHistogram(representedDims(ms), T.fraction);
      const rows = DIMENSIONALITY_FRACTIONS.map((fr, k) => [fr.label, fr.structure, String(h.counts[k] ?? 0)]);
      rows.push(['—', 'none of these', String(h.total - h.matched)]);
      return mdTable(['Dᵢ', 'arrangement', 'represented features'], rows);
    }),

    [`${P}.sum_summary`]: withFacts((f) => {
      const ms = modelsOf(f).filter((m) => m.model.dStar <= T.superpositionDStar);
      if (ms.length === 0) return `No model has D* ≤ ${fmt(T.superpositionDStar)}, so none is in superposition in the sense used here.`;
      const sums = ms.map((m) => dimensionalitySum(m.model.dimensionality));
      return `For the ${plural(ms.length, 'model', 'models')} with D* ≤ ${fmt(T.superpositionDStar)}, from 1/(1−S) = ${inv(at(ms, 0, 'models').model.density)} on, the dimensionalities of all ${f.features} features add up to ${sums.length === 1 ? fmt(sums[0] ?? Number.NaN, 4) : `between ${fmt(Math.min(...sums), 4)} and ${fmt(Math.max(...sums), 4)}`}, against m = ${f.hidden} (every sum is in the table below).`;
    }),

    [`${P}.table`]: withFacts((f) => {
      const ms = modelsOf(f);
      if (ms.length === 0) return '*(No ReLU model was trained.)*';
      const half = DIMENSIONALITY_FRACTIONS.findIndex((fr) => fr.value === 0.5);
      const rows = ms.map((m) => {
        const dims = m.represented.map((i) => at(m.model.dimensionality, i, 'dimensionality'));
        const h = fractionHistogram(dims, T.fraction);
        return [
          fmt(m.model.density),
          inv(m.model.density),
          fmt(m.model.dStar),
          String(m.represented.length),
          String(h.counts[half] ?? 0),
          String(h.matched),
          fmt(dimensionalitySum(m.model.dimensionality), 4),
          fmt(m.model.evalLoss),
        ];
      });
      return mdTable(['1−S', '1/(1−S)', 'D*', 'represented', 'at 1/2', 'at any fraction', 'Σ Dᵢ', 'held-out loss'], rows);
    }),

    [`${P}.graph_summary`]: withFacts((f) => {
      const parts = graphModels(f).map(({ m, sizes, components }) => {
        const named = [...sizes].map(([size, n]) => (GRAPH_NAMES[size] ? plural(n, GRAPH_NAMES[size][0], GRAPH_NAMES[size][1]) : plural(n, `group of ${size}`, `groups of ${size}`)));
        return `at ${densityAt(m.model.density)}, where D* = ${fmt(m.model.dStar)}, the ${plural(m.represented.length, 'represented feature', 'represented features')} form ${plural(components.length, 'component', 'components')}: ${joinAnd(named)}`;
      });
      if (parts.length === 0) return 'no ReLU model was trained, so there is no graph to draw.';
      return `${parts.join('; ')}.`;
    }),
    [`${P}.graph_table`]: withFacts((f) => {
      const rows = graphModels(f).map(({ m, sizes, components }) => {
        const larger = [...sizes].filter(([size]) => size > 5).flatMap(([size, n]) => Array<number>(n).fill(size));
        return [
          inv(m.model.density),
          fmt(m.model.dStar),
          String(m.represented.length),
          String(components.length),
          ...[1, 2, 3, 4, 5].map((k) => String(sizes.get(k) ?? 0)),
          larger.length > 0 ? larger.join(', ') : '—',
        ];
      });
      return mdTable(['1/(1−S)', 'D*', 'represented', 'components', 'size 1', 'size 2 (digons)', 'size 3 (triangles)', 'size 4', 'size 5 (pentagons)', 'larger (sizes)'], rows);
    }),
  };
  for (const id of UNIFORM_CLAIMS) {
    slots[`${P}.claim.${id}`] = (ctx) => {
      const f = ctx.experiment(P);
      return f ? claimProse(f.report, id) : undefined;
    };
  }
  return slots;
}

// ------------------------------------------------------------------------------------------------
// Uniform superposition at two sizes side by side: the notebook's and the paper's.

function uniformSizeSlots(A: KnownExperiment, B: KnownExperiment): Record<string, SlotFn> {
  const T = UNIFORM_TOLERANCES;
  const both = (fn: (a: ExperimentFacts, b: ExperimentFacts) => string): SlotFn => (ctx) => {
    const a = ctx.experiment(A);
    const b = ctx.experiment(B);
    return a && b ? fn(a, b) : undefined;
  };
  const relu = (f: ExperimentFacts): ModelFacts[] => byActivation(f, 'relu').sort((x, y) => y.model.density - x.model.density);
  const size = (f: ExperimentFacts): string => `${f.features} → ${f.hidden}`;
  const plateauText = (f: ExperimentFacts): string => {
    const ms = relu(f);
    const p = longestPlateau(ms.map((m) => m.model.dStar), 0.5, T.dStarPlateau);
    if (p === null) return `no density within ±${fmt(T.dStarPlateau)} of 1/2 at ${size(f)}`;
    return `${plural(p.length, 'density', 'densities')} at ${size(f)} (1/(1−S) from ${fmt(1 / at(ms, p.first, 'models').model.density)} to ${fmt(1 / at(ms, p.last, 'models').model.density)})`;
  };
  return {
    'compare.uniform_sizes_summary': both((a, b) => {
      const pairs = relu(a).flatMap((m) => {
        const n = relu(b).find((x) => sameDensity(x.model.density, m.model.density));
        return n ? [[m, n] as const] : [];
      });
      const diffs = pairs.map(([m, n]) => Math.abs(m.model.dStar - n.model.dStar));
      const worst = diffs.length > 0 ? Math.max(...diffs) : Number.NaN;
      const k = diffs.indexOf(worst);
      const at1 = pairs[k];
      return `The two sizes side by side, at the ${plural(pairs.length, 'density', 'densities')} they share. D* stays within ±${fmt(T.dStarPlateau)} of 1/2 over ${plateauText(a)} and over ${plateauText(b)}. Across the sweep the two D* curves differ by at most ${fmt(worst)}${at1 ? ` (at 1/(1−S) = ${fmt(1 / at1[0].model.density)})` : ''}; the paper's remark that n does not matter once n ≫ m, and that the curve depends on sparsity rather than on m, predicts that they coincide.`;
    }),
    'compare.uniform_sizes_table': both((a, b) => {
      const rows = relu(a).flatMap((m) => {
        const n = relu(b).find((x) => sameDensity(x.model.density, m.model.density));
        if (!n) return [];
        return [[
          fmt(m.model.density),
          fmt(1 / m.model.density),
          fmt(m.model.dStar),
          fmt(n.model.dStar),
          `${m.represented.length} of ${a.features}`,
          `${n.represented.length} of ${b.features}`,
          fmt(dimensionalitySum(m.model.dimensionality) / a.hidden, 3),
          fmt(dimensionalitySum(n.model.dimensionality) / b.hidden, 3),
        ]];
      });
      return mdTable(['1−S', '1/(1−S)', `D* (${size(a)})`, `D* (${size(b)})`, `represented (${size(a)})`, `represented (${size(b)})`, `Σ Dᵢ / m (${size(a)})`, `Σ Dᵢ / m (${size(b)})`], rows);
    }),
    'graphs.edge_rule': () => `|Wᵢ·Wⱼ| > ${fmt(FEATURE_GRAPH_RULES.edgeThreshold)}`,
  };
}

// ------------------------------------------------------------------------------------------------
// The two recipes compared.

function recipesTable(ctx: SlotContext): string {
  const { recipes } = ctx.params;
  if (recipes.length === 0) return '*(No training recipes were found in the parameters.)*';
  const keys = new Set<string>();
  for (const [, r] of recipes) for (const k of Object.keys(r)) keys.add(snake(k));
  const labels = new Map(TRAINING_FIELDS);
  const rows = fieldOrder(keys)
    .filter((k) => keys.has(k))
    .map((k) => [
      `${escapeMd(k)}`,
      labels.get(k) ?? '',
      ...recipes.map(([, r]) => {
        const v = get(r, k);
        const note = typeof v === 'string' ? VALUE_NOTES[v] : undefined;
        return escapeMd(fmtParam(v)) + (note && note !== v ? ` (${note})` : '');
      }),
    ]);
  return mdTable(['field', 'meaning', ...recipes.map(([name]) => `${escapeMd(name)} recipe`)], rows);
}

function runsTable(runs: readonly RunConfig[]): string {
  if (runs.length === 0) return '*(No training runs were found in the parameters.)*';
  const keys = new Set<string>();
  for (const r of runs) for (const k of r.settings.keys()) keys.add(k);
  const fields = fieldOrder(keys).filter((k) => keys.has(k));
  const header = ['experiment', 'run', 'output', 'recipe', '1−S', 'seeds', ...fields.map(escapeMd)];
  const rows = runs.map((r) => [
    `\`${r.experiment}\``,
    String(r.run),
    r.activation === 'relu' ? 'ReLU' : escapeMd(r.activation),
    escapeMd(r.recipe),
    escapeMd(fmtParam(r.densities)),
    escapeMd(fmtParam(r.seeds)),
    ...fields.map((k) => {
      const v = escapeMd(fmtParam(r.settings.get(k)));
      return r.overrides.includes(k) ? `**${v}**` : v;
    }),
  ]);
  return mdTable(header, rows);
}

function experimentFeatures(ctx: SlotContext, id: string): number | undefined {
  const f = ctx.experiment(id);
  if (f) return f.features;
  const e = ctx.params.experiments.find(([name]) => name === id)?.[1];
  return e ? num(get(e, 'features')) : undefined;
}

function perBatchRuns(ctx: SlotContext): RunConfig[] {
  return ctx.params.runs.filter((r) => r.settings.get('mask') === 'per_batch');
}

function compareSlots(): Record<string, SlotFn> {
  return {
    'compare.recipes_table': recipesTable,
    'compare.seed_runs_table': (ctx) => {
      const seedRecipes = new Set(ctx.params.runs.filter((r) => r.recipe !== 'notebook').map((r) => r.recipe));
      return runsTable(ctx.params.runs.filter((r) => seedRecipes.has(r.recipe)));
    },

    'compare.empty_steps': (ctx) => {
      const parts: string[] = [];
      const seen = new Set<string>();
      for (const r of perBatchRuns(ctx)) {
        if (seen.has(r.experiment)) continue;
        seen.add(r.experiment);
        const F = experimentFeatures(ctx, r.experiment);
        const f = ctx.experiment(r.experiment);
        const ds = f
          ? f.models.map((m) => m.model.density)
          : ctx.params.runs.filter((x) => x.experiment === r.experiment).flatMap((x) => (Array.isArray(x.densities) ? x.densities.filter((d): d is number => typeof d === 'number') : []));
        if (F === undefined || ds.length === 0) continue;
        const d = Math.min(...ds);
        parts.push(`${fmt((1 - d) ** F * 100)} % of steps at 1−S = ${fmt(d)} in \`${r.experiment}\` (${F} features)`);
      }
      if (parts.length === 0) return 'No run in this configuration shares one mask across its batch.';
      return `With one shared mask, a whole step has no active feature with probability Sⁿ: ${joinAnd(parts)}. Such a step gives W no gradient at all; only the bias learns from it.`;
    },

    'compare.sum_scale': (ctx) => {
      const sumRuns = ctx.params.runs.filter((r) => r.settings.get('loss') === 'sum');
      if (sumRuns.length === 0) return 'No run in this configuration sums its loss.';
      const factors: string[] = [];
      const seen = new Set<string>();
      const sgd: string[] = [];
      for (const r of sumRuns) {
        const B = num(r.settings.get('batch'));
        const F = experimentFeatures(ctx, r.experiment);
        if (B === undefined || F === undefined) continue;
        const key = `${r.experiment}|${B}`;
        if (!seen.has(key)) {
          seen.add(key);
          factors.push(`${B} × ${F} = ${fmtExact(B * F)} in \`${r.experiment}\``);
        }
        const lr = num(r.settings.get('lr'));
        if (r.settings.get('optimizer') === 'sgd' && lr !== undefined) {
          sgd.push(`run ${r.run} of \`${r.experiment}\` (SGD, lr ${fmtExact(lr)}) therefore takes steps as large as SGD with lr ${fmt(lr * B * F)} on the mean loss`);
        }
      }
      return `A sum over a batch of B examples and n features is B·n times the mean, and so is its gradient: ${joinAnd(factors)}. ` +
        'Adam and RMSprop divide each gradient by a running estimate of its own scale, so for them the factor cancels except through ε; plain SGD has no such normalisation' +
        (sgd.length > 0 ? `, and ${joinAnd(sgd)}.` : '.');
    },

    'compare.intro_table': (ctx) => {
      const nb = ctx.experiment('intro');
      const sd = ctx.experiment('seed-intro');
      if (!nb || !sd) return undefined;
      const cell = (m: ModelFacts): string => `${m.represented.length}: ${featureList(m.represented)}${m.antipodalPairs.length > 0 ? `; pairs ${pairList(m.antipodalPairs)}` : ''}`;
      const rows = sd.models.map((s) => {
        const n = nearest(nb.models, s.model.density);
        return [fmt(s.model.density), cell(s), n ? fmt(n.model.density) : '—', n ? cell(n) : '—'];
      });
      return mdTable(['1−S (student)', 'student recipe: represented; antipodal pairs', 'nearest 1−S (notebook)', 'notebook recipe: represented; antipodal pairs'], rows);
    },

    'compare.intro_summary': (ctx) => {
      const nb = ctx.experiment('intro');
      const sd = ctx.experiment('seed-intro');
      if (!nb || !sd) return undefined;
      const diffs: string[] = [];
      let same = 0;
      for (const s of sd.models) {
        const n = nearest(nb.models, s.model.density);
        if (!n) continue;
        if (n.represented.length === s.represented.length) same++;
        else {
          const where = sameDensity(n.model.density, s.model.density) ? '' : ` (at 1−S = ${fmt(n.model.density)})`;
          diffs.push(`at 1−S = ${fmt(s.model.density)} the student's recipe represents ${s.represented.length} features where the notebook's represents ${n.represented.length}${where}`);
        }
      }
      const impSame = sd.importance.length === nb.importance.length && sd.importance.every((v, i) => Math.abs(v - (nb.importance[i] ?? Number.NaN)) < 1e-9);
      return `Comparing each of the student's ${plural(sd.models.length, 'model', 'models')} with the notebook model at the nearest density, the number of represented features agrees at ${same} of ${sd.models.length}` +
        (diffs.length > 0 ? `; ${joinAnd(diffs)}.` : '.') +
        (impSame ? '' : ` The two experiments also use different importances (${describeImportance(sd.importance)} against ${describeImportance(nb.importance)}), so their held-out losses are not comparable.`);
    },

    'compare.superposition_table': (ctx) => {
      const pairs = superpositionPairs(ctx);
      if (!pairs) return undefined;
      if (pairs.length === 0) return '*(The two recipes share no (output, density) combination.)*';
      const rows = pairs.map(([n, s]) => [
        n.model.activation === 'relu' ? 'ReLU' : n.model.activation,
        fmt(n.model.density),
        `${n.represented.length} (${n.orthogonal.length})`,
        `${s.represented.length} (${s.orthogonal.length})`,
        fmt(n.model.dStar),
        fmt(s.model.dStar),
        fmt(n.model.evalLoss),
        fmt(s.model.evalLoss),
      ]);
      return mdTable(['output', '1−S', 'notebook: represented (orthogonal)', 'student: represented (orthogonal)', 'notebook D*', 'student D*', 'notebook held-out loss', 'student held-out loss'], rows);
    },

    'compare.superposition_summary': (ctx) => {
      const pairs = superpositionPairs(ctx);
      if (!pairs) return undefined;
      if (pairs.length === 0) return 'The two recipes were not run at any common (output, density) combination, so they cannot be compared directly.';
      const sameCount = pairs.filter(([n, s]) => n.represented.length === s.represented.length).length;
      const diffs = pairs
        .filter(([n, s]) => n.represented.length !== s.represented.length)
        .map(([n, s]) => `${s.represented.length} instead of ${n.represented.length} at 1−S = ${fmt(n.model.density)} (${n.model.activation === 'relu' ? 'ReLU' : n.model.activation})`);
      const worse = pairs.filter(([n, s]) => s.model.evalLoss > n.model.evalLoss);
      const ratios = pairs.map(([n, s]) => s.model.evalLoss / n.model.evalLoss).filter((r) => Number.isFinite(r));
      const worst = pairs.reduce<[ModelFacts, ModelFacts] | undefined>((acc, p) => (!acc || p[1].model.evalLoss / p[0].model.evalLoss > acc[1].model.evalLoss / acc[0].model.evalLoss ? p : acc), undefined);
      return `At the ${plural(pairs.length, 'combination', 'combinations')} of output and density that both recipes trained, the number of represented features agrees at ${sameCount}` +
        (diffs.length > 0 ? `; the student's recipe represents ${joinAnd(diffs)}.` : '.') +
        ` The student's recipe ends with the higher held-out loss at ${worse.length} of ${pairs.length}` +
        (ratios.length > 0 && worst ? ` (student ÷ notebook loss ranges from ${fmt(Math.min(...ratios))} to ${fmt(Math.max(...ratios))}, the largest at 1−S = ${fmt(worst[0].model.density)})` : '') + '.';
    },

    'compare.claims': (ctx) => {
      const byRecipe = claimsByRecipe(ctx);
      if (byRecipe.length === 0) return 'No claim checks were run.';
      const tally = byRecipe.map(([r, rows]) => `${recipeName(r)} recipe ${rows.filter((x) => x.claim.pass).length} of ${rows.length}`);
      const flips: string[] = [];
      for (const [a, b] of [['intro', 'seed-intro'], ['superposition', 'seed-superposition'], ['phase-n2m1', 'seed-phase-n2m1']] as const) {
        const A = ctx.input.experiments[a];
        const B = ctx.input.experiments[b];
        if (!A || !B) continue;
        for (const ca of A.claims) {
          const cb = B.claims.find((c) => c.id === ca.id);
          if (cb && cb.pass !== ca.pass) {
            flips.push(`\`${ca.id}\` ${ca.pass ? 'passes' : 'fails'} in \`${a}\` but ${cb.pass ? 'passes' : 'fails'} in \`${b}\``);
          }
        }
      }
      return `Checks passed, by recipe: ${joinAnd(tally)}. ` +
        (flips.length > 0 ? `Checks whose outcome depends on the recipe: ${joinAnd(flips)}.` : 'No check that both recipes ran has a different outcome under the two recipes.');
    },

    'compare.claims_short': (ctx) => {
      const byRecipe = claimsByRecipe(ctx);
      if (byRecipe.length === 0) return '';
      return `By recipe, ${joinAnd(byRecipe.map(([r, rows]) => `the ${recipeName(r)} recipe passes ${rows.filter((x) => x.claim.pass).length} of its ${plural(rows.length, 'check', 'checks')}`))}.`;
    },
  };
}

function superpositionPairs(ctx: SlotContext): Array<[ModelFacts, ModelFacts]> | undefined {
  const nb = ctx.experiment('superposition');
  const sd = ctx.experiment('seed-superposition');
  if (!nb || !sd) return undefined;
  const pairs: Array<[ModelFacts, ModelFacts]> = [];
  for (const n of nb.models) {
    const s = sd.models.find((m) => m.model.activation === n.model.activation && sameDensity(m.model.density, n.model.density));
    if (s) pairs.push([n, s]);
  }
  return pairs;
}

function claimsByRecipe(ctx: SlotContext): Array<[string, ClaimRow[]]> {
  const out: Array<[string, ClaimRow[]]> = [];
  for (const row of ctx.claims) {
    const key = ctx.experiment(row.experiment)?.recipes.join(', ') || row.recipe;
    let entry = out.find(([k]) => k === key);
    if (!entry) {
      entry = [key, []];
      out.push(entry);
    }
    entry[1].push(row);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Claims overview.

function claimsSlots(): Record<string, SlotFn> {
  return {
    'claims.total': (ctx) => String(ctx.claims.length),
    'claims.passed': (ctx) => String(ctx.claims.filter((r) => r.claim.pass).length),
    'claims.failed': (ctx) => String(ctx.claims.filter((r) => !r.claim.pass).length),
    'claims.summary': (ctx) => {
      const n = ctx.claims.length;
      if (n === 0) return 'No automatic check of the paper\'s claims was run.';
      const failed = ctx.claims.filter((r) => !r.claim.pass);
      if (failed.length === 0) return `All ${n} automatic checks of the paper's claims pass.`;
      return `Of ${n} automatic checks of the paper's claims, ${n - failed.length} pass and ${failed.length} fail: ` +
        `${joinAnd(failed.map((r) => `\`${r.claim.id}\` in \`${r.experiment}\``))}.`;
    },
    'claims.table': (ctx) => {
      if (ctx.claims.length === 0) return '*(No claim checks were run.)*';
      return mdTable(
        ['experiment', 'recipe', 'claim', 'what the paper says', 'what we observed', 'result'],
        ctx.claims.map((r) => [
          `\`${r.experiment}\``,
          escapeMd(r.recipe),
          `\`${r.claim.id}\``,
          escapeMd(r.claim.expected),
          escapeMd(r.claim.observed),
          r.claim.pass ? 'pass' : '**FAIL**',
        ]),
      );
    },
    'claims.failures': (ctx) => {
      const failed = ctx.claims.filter((r) => !r.claim.pass);
      if (failed.length === 0) return 'Every check passed in this run.';
      return failed
        .map((r) => {
          const numbers = claimNumbers(r.claim);
          return `- \`${r.claim.id}\` in \`${r.experiment}\` (${escapeMd(r.recipe)} recipe) **fails**. The paper: ${sentence(escapeMd(r.claim.expected))} ` +
            `We measured: ${sentence(escapeMd(r.claim.observed))}${numbers ? ` Numbers: ${numbers}.` : ''}`;
        })
        .join('\n');
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Superposition as a phase change ('phase-n2m1'): the grid of cells reduced by the paper's protocol
// (analysis/phase.ts), compared with the closed-form winner map. Thresholds are the analysis' own.

function phaseSlots(P: KnownExperiment): Record<string, SlotFn> {
  const withFacts = (fn: (f: ExperimentFacts, ctx: SlotContext) => string): SlotFn => (ctx) => {
    const f = ctx.experiment(P);
    return f ? fn(f, ctx) : undefined;
  };
  const cellsOf = (f: ExperimentFacts): PhaseCell[] => phaseCells(f.report.analysis.models);
  const sorted = (xs: readonly number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);
  const label = (p: (typeof PHASES)[number]): string => PHASE_LABELS[p];
  /** a cell is on the theoretical boundary when a grid neighbour (left, right, up, down) has another theoretical phase */
  const onBoundary = (cells: readonly PhaseCell[], c: PhaseCell): boolean => {
    const rs = sorted(cells.map((x) => x.r));
    const ss = sorted(cells.map((x) => x.density));
    const i = rs.indexOf(c.r);
    const j = ss.indexOf(c.density);
    return cells.some((x) => {
      const di = Math.abs(rs.indexOf(x.r) - i);
      const dj = Math.abs(ss.indexOf(x.density) - j);
      return di + dj === 1 && x.theory !== c.theory;
    });
  };
  const slots: Record<string, SlotFn> = {
    [`${P}.features`]: withFacts((f) => String(f.features)),
    [`${P}.hidden`]: withFacts((f) => String(f.hidden)),
    [`${P}.recipe`]: withFacts((f, ctx) => recipeLabel(f, ctx.params, P)),
    [`${P}.grid`]: withFacts((f) => {
      const cells = cellsOf(f);
      const rs = sorted(cells.map((c) => c.r));
      const ss = sorted(cells.map((c) => c.density));
      const perCell = Math.max(0, ...cells.map((c) => c.models));
      return `${rs.length} values of r from ${fmt(rs[0] ?? Number.NaN)} to ${fmt(rs[rs.length - 1] ?? Number.NaN)} and ${ss.length} densities 1−S from ${fmt(ss[ss.length - 1] ?? Number.NaN)} to ${fmt(ss[0] ?? Number.NaN)}, both evenly spaced on a log scale, with ${seedPhrase(perCell)} per cell (${f.report.analysis.models.length} models in all)`;
    }),
    'phase.colour_map': () =>
      `the hue runs from blue, where the superposition score is 0 and the extra feature has the neuron to itself, to red, where the score reaches ${fmt(FULL_SUPERPOSITION)} or more and the extra feature shares its direction, and the colour fades to a light grey as ‖W_extra‖ falls from ${fmt(FULL_NORM)} to 0 and the feature is no longer learned (the key beside the map shows every combination)`,
    'phase.configurations': () =>
      'give the neuron to the first feature and leave the extra one at its mean, with loss r(s/3 − s²/4); give it to the extra feature instead, s/3 − s²/4; or store both as an antipodal pair, which only errs when both are active at once, (1 + r)s²/6',
    [`${P}.thresholds`]: () => `‖W_extra‖ < ${fmt(PHASE_THRESHOLDS.representedNorm)} counts as not represented, a superposition score of at least ${fmt(PHASE_THRESHOLDS.superposition)} as superposition, and anything else as a dedicated neuron`,
    [`${P}.theory_summary`]: () =>
      `Setting the losses equal gives the superposition boundary s = 4r/(2 + 5r) for r < 1 and s = 4/(5 + 2r) for r > 1: it is ${fmt(superpositionBoundary(0.1))} at both r = 0.1 and r = 10 and rises to ${fmt(TRIPLE_POINT.s)} at r = 1, where all three losses meet. Above that triple point the vertical line r = 1 separates the two single-feature solutions.`,
    [`${P}.agreement_summary`]: withFacts((f) => {
      const cells = cellsOf(f);
      if (cells.length === 0) return 'No model of this experiment has its own importance, so there is no grid to compare.';
      const agreement = agreementFraction(cells);
      const agree = cells.filter((c) => c.phase === c.theory).length;
      const counts = phaseCounts(cells.map((c) => c.phase));
      const theory = phaseCounts(cells.map((c) => c.theory));
      return `${agree} of the ${cells.length} cells (${fmt(agreement * 100)} %) land in the phase the closed forms predict, against the a-priori bar of ${fmt(PHASE_TOLERANCES.agreement * 100)} %. The trained grid has ${joinAnd(PHASES.map((p) => `${counts[p]} ${label(p)}`))} cells; the theory expects ${joinAnd(PHASES.map((p) => `${theory[p]} ${label(p)}`))}.`;
    }),
    [`${P}.confusion_table`]: withFacts((f) => {
      const cells = cellsOf(f);
      const rows = PHASES.map((t) => [`${label(t)} (theory)`, ...PHASES.map((e) => String(cells.filter((c) => c.theory === t && c.phase === e).length))]);
      return mdTable(['', ...PHASES.map((e) => `${label(e)} (trained)`)], rows);
    }),
    [`${P}.disagreement_summary`]: withFacts((f) => {
      const cells = cellsOf(f);
      const wrong = cells.filter((c) => c.phase !== c.theory);
      if (wrong.length === 0) return 'Every cell agrees with the theory.';
      const edge = wrong.filter((c) => onBoundary(cells, c)).length;
      const list = wrong
        .map((c) => `(r = ${fmt(c.r)}, 1−S = ${fmt(c.density)}): ${label(c.theory)} → ${label(c.phase)}, ‖W_extra‖ = ${fmt(c.norm)}, score ${fmt(c.superposition)}`)
        .join('; ');
      return `Of the ${plural(wrong.length, 'cell', 'cells')} that disagree, ${edge} ${edge === 1 ? 'touches' : 'touch'} a theoretical boundary (a neighbouring cell has another predicted phase) and ${wrong.length - edge} ${wrong.length - edge === 1 ? 'lies' : 'lie'} inside a region. Theory → trained, with the averaged norm and superposition score of the extra feature: ${list}.`;
    }),
  };
  for (const id of PHASE_CLAIMS) {
    slots[`${P}.claim.${id}`] = (ctx) => {
      const f = ctx.experiment(P);
      return f ? claimProse(f.report, id) : undefined;
    };
  }
  return slots;
}


// ------------------------------------------------------------------------------------------------
// Correlated and anticorrelated feature sets ('correlated-pairs', 'anticorrelated-pairs',
// 'correlated-collapse', 'correlated-local'): setup, per-density tables and the claims. Thresholds are
// analysis/correlated.ts's.

function correlatedSlots(P: KnownExperiment, claimId: ClaimId): Record<string, SlotFn> {
  const withFacts = (fn: (f: ExperimentFacts, ctx: SlotContext) => string): SlotFn => (ctx) => {
    const f = ctx.experiment(P);
    return f ? fn(f, ctx) : undefined;
  };
  const setsOf = (f: ExperimentFacts): FeatureSet[] => f.report.analysis.featureSets ?? [];
  return {
    [`${P}.setup`]: withFacts((f, ctx) => {
      const sets = setsOf(f);
      const kinds = [...new Set(sets.map((t) => t.kind))];
      const setText = sets.map((t) => `{${[...t.features].sort((a, b) => a - b).join(', ')}}`);
      const densities = [...new Set(f.models.map((m) => m.model.density))];
      const seeds = Math.max(0, ...f.seeds.values());
      return `${f.features} features in ${f.hidden} hidden dimensions, ${describeImportance(f.importance)}, in ${sets.length} ${kinds.join(' and ')} ${sets.length === 1 ? 'set' : 'sets'} ${joinAnd(setText)}, trained with the ${recipeLabel(f, ctx.params, P)} recipe at ${densities.length === 1 ? `1−S = ${fmt(densities[0] ?? Number.NaN)}` : `${densities.length} densities 1−S from ${fmt(Math.max(...densities))} down to ${fmt(Math.min(...densities))}`}, with ${seedPhrase(seeds)} per density (${f.report.analysis.models.length} models in all)`;
    }),
    [`${P}.table`]: withFacts((f) => {
      const sets = setsOf(f);
      if (f.hidden === 2) {
        const pairs = f.models[0] ? setPairs(f.models[0].model.W, sets) : [];
        const t = CORRELATED_THRESHOLDS;
        // what every replica of the density found, so that a lowest-loss pick between near-equal layouts shows
        const layout = (W: number[][]): string => {
          const ps = setPairs(W, sets);
          if (ps.every((p) => p.represented && p.cos < t.antipodalCos)) return 'antipodal';
          if (ps.every((p) => p.represented && Math.abs(p.cos) < t.orthogonalCos)) return 'orthogonal';
          return `${collapsedPairs(W, sets)} collapsed`;
        };
        const header = ['1−S', ...pairs.map((p) => `cos(W${p.i}, W${p.j})`), 'collapsed pairs', '‖Wᵢ‖', 'held-out loss', 'partners in every replica (lowest loss first)'];
        const rows = f.models.map((m) => {
          const ps = setPairs(m.model.W, sets);
          const replicas = f.report.analysis.models
            .filter((r) => r.run === m.model.run && r.density === m.model.density)
            .sort((x, y) => x.evalLoss - y.evalLoss || x.replica - y.replica)
            .map((r) => `${layout(r.W)} (${fmt(r.evalLoss)})`);
          return [fmt(m.model.density), ...ps.map((p) => fmt(p.cos)), String(collapsedPairs(m.model.W, sets)), fmtList(m.model.norms, 2), fmt(m.model.evalLoss), replicas.join('; ')];
        });
        return mdTable(header, rows);
      }
      const rows = f.models.map((m) => {
        const st = localBasisStats(m.model.W, sets);
        return [fmt(m.model.density), st.representedPerSet.join(' + '), fmt(st.maxWithinCos), fmt(st.meanWithinCos), fmt(st.meanAcrossCos), fmt(m.model.evalLoss)];
      });
      return mdTable(['1−S', 'represented per set', 'max within-set |cos|', 'mean within-set |cos|', 'mean across-set |cos|', 'held-out loss'], rows);
    }),
    [`${P}.layout_summary`]: withFacts((f) => {
      // how often training found each layout of the partners, over every replica (not only the lowest-loss ones)
      const sets = setsOf(f);
      const t = CORRELATED_THRESHOLDS;
      const all = f.report.analysis.models;
      const antipodal = all.filter((m) => setPairs(m.W, sets).every((p) => p.represented && p.cos < t.antipodalCos)).length;
      const orthogonal = all.filter((m) => setPairs(m.W, sets).every((p) => p.represented && Math.abs(p.cos) < t.orthogonalCos)).length;
      const densities = f.models.length;
      const withAntipodal = f.models.filter((m) => all.some((r) => r.run === m.model.run && r.density === m.model.density && setPairs(r.W, sets).every((p) => p.represented && p.cos < t.antipodalCos))).length;
      return `Of all ${all.length} trained models, ${antipodal} have every pair of partners antipodal and ${orthogonal} have every pair orthogonal; at ${withAntipodal} of the ${densities} densities at least one seed found the antipodal layout.`;
    }),
    [`${P}.claim.${claimId}`]: (ctx) => {
      const f = ctx.experiment(P);
      return f ? claimProse(f.report, claimId) : undefined;
    },
  };
}

function correlatedMethodSlots(): Record<string, SlotFn> {
  const t = CORRELATED_THRESHOLDS;
  return {
    'correlated.thresholds': () =>
      `two partners count as orthogonal when |cos| < ${fmt(t.orthogonalCos)}, as antipodal when cos < ${fmt(t.antipodalCos)}, and a correlated pair as collapsed onto one direction when both are represented (‖Wᵢ‖ > ${fmt(REPRESENTED_NORM)}) and cos > ${fmt(t.collapseCos)}; inside a set of ten, the basis counts as locally orthogonal when every |cos| between represented members is below ${fmt(t.localCos)}`,
    'correlated.regimes': () => {
      const last = PAPER_COLLAPSE_REGIMES[PAPER_COLLAPSE_REGIMES.length - 1];
      const gaps = PAPER_COLLAPSE_REGIMES.slice(1).filter((r, k) => r.from > (PAPER_COLLAPSE_REGIMES[k]?.to ?? r.from));
      const stated = joinAnd(PAPER_COLLAPSE_REGIMES.map((r) => `${r.collapsed} for 1−S in ${r.from === 0 ? `(0, ${fmt(r.to)}]` : `${r.from === 0.25 ? '[' : '('}${fmt(r.from)}, ${fmt(r.to)}]`}`));
      const unstated = [...gaps.map((r) => `between ${fmt(PAPER_COLLAPSE_REGIMES[PAPER_COLLAPSE_REGIMES.indexOf(r) - 1]?.to ?? 0)} and ${fmt(r.from)}`), `above ${fmt(last?.to ?? 1)}`];
      return `${stated}; it gives no count ${joinAnd(unstated)}`;
    },
    'correlated.arena_densities': () => '1−S = 400^(−t) for five values of t evenly spaced from 0.5 to 1, i.e. from 0.05 down to 0.0025',
  };
}

// ------------------------------------------------------------------------------------------------
// Shared by the phase-change grids: how a grid is described, and where a cell sits.

type GridCell = { r: number; density: number; models: number; phase: string; theory: string };

function sortedValues(xs: readonly number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** "12 values of r from 0.1 to 10 and 12 densities …, with 10 seeds per cell (1440 models in all)" */
function gridPhrase(cells: readonly GridCell[], totalModels: number): string {
  const rs = sortedValues(cells.map((c) => c.r));
  const ss = sortedValues(cells.map((c) => c.density));
  const perCell = Math.max(0, ...cells.map((c) => c.models));
  return `${rs.length} values of r from ${fmt(rs[0] ?? Number.NaN)} to ${fmt(rs[rs.length - 1] ?? Number.NaN)} and ${ss.length} densities 1−S from ${fmt(ss[ss.length - 1] ?? Number.NaN)} to ${fmt(ss[0] ?? Number.NaN)}, both evenly spaced on a log scale, with ${seedPhrase(perCell)} per cell (${totalModels} models in all)`;
}

/** a Markdown table of cells by theoretical (rows) and trained (columns) class */
function gridConfusion<P extends string>(cells: readonly { phase: string; theory: string }[], classes: readonly P[], label: (p: P) => string): string {
  const rows = classes.map((t) => [`${label(t)} (theory)`, ...classes.map((e) => String(cells.filter((c) => c.theory === t && c.phase === e).length))]);
  return mdTable(['', ...classes.map((e) => `${label(e)} (trained)`)], rows);
}

/** "a of the n cells (x %)" */
function agreementPhrase(cells: readonly { phase: string; theory: string }[]): string {
  const agree = cells.filter((c) => c.phase === c.theory).length;
  return `${agree} of the ${cells.length} cells (${fmt(agreementFraction(cells) * 100)} %)`;
}

// ------------------------------------------------------------------------------------------------
// The phase change one size up ('phase-n3m2'): three features in two dimensions, four configurations.

function phaseN3m2Slots(P: KnownExperiment): Record<string, SlotFn> {
  const withFacts = (fn: (f: ExperimentFacts, ctx: SlotContext) => string): SlotFn => (ctx) => {
    const f = ctx.experiment(P);
    return f ? fn(f, ctx) : undefined;
  };
  const cellsOf = (f: ExperimentFacts): N3m2Cell[] => n3m2Cells(f.report.analysis.models);
  const label = (p: N3m2Phase): string => `${N3M2_ORTHOGONAL_TO[p]} (${N3M2_LABELS[p]})`;
  const T = PHASE_THRESHOLDS;
  const slots: Record<string, SlotFn> = {
    [`${P}.recipe`]: withFacts((f, ctx) => recipeLabel(f, ctx.params, P)),
    [`${P}.grid`]: withFacts((f) => gridPhrase(cellsOf(f), f.report.analysis.models.length)),
    'phase-n3m2.configurations': () =>
      'W⊥[0,0,1] leaves the extra feature out and gives each normal feature a direction, r(s/3 − s²/4); W⊥[1,0,0] drops a normal feature instead, s/3 − s²/4; W⊥[1,1,0] stores the two normal features as an antipodal pair and gives the extra one the other direction, s²/3; and W⊥[0,1,1] pairs the extra feature antipodally with one normal feature, (1 + r)s²/6',
    'phase-n3m2.theory_summary': () =>
      `For r < 1 only the first and last compete, exactly as in the one-neuron case: the extra feature is left out above s = 4r/(2 + 5r) and joins a pair below it (s = ${fmt((4 * 0.1) / (2 + 5 * 0.1))} at r = ${fmt(0.1)}). For r > 1 the extra feature always keeps a direction of its own; what changes is how the normal features share the other one: one of them is dropped above s = 4/7 ≈ ${fmt(QUADRUPLE_POINT.s)} and the two form an antipodal pair below it. All four losses are equal at (r, s) = (1, 4/7), and the line r = 1 separates the two halves at every density.`,
    [`${P}.classifier`]: () =>
      `the extra feature is ignored when its averaged norm is below ${fmt(T.representedNorm)}; otherwise it is in a pair when its averaged superposition score is at least ${fmt(T.superposition)}; otherwise a normal feature counts as dropped when the averaged norm of the weaker normal feature is below ${fmt(T.representedNorm)}, and the normal features as an antipodal pair when it is not. With the extra feature on a direction of its own, two represented normal features have only the other direction left to share, so that last step needs no test of its own. The two normal features are interchangeable, which is why the rule looks at the weaker one rather than at a fixed index`,
    [`${P}.agreement_summary`]: withFacts((f) => {
      const cells = cellsOf(f);
      if (cells.length === 0) return 'No model of this experiment has its own importance, so there is no grid to compare.';
      const counts = n3m2Counts(cells.map((c) => c.phase));
      const theory = n3m2Counts(cells.map((c) => c.theory));
      const pass = agreementFraction(cells) >= PHASE_TOLERANCES.agreement;
      return `${capitalise(agreementPhrase(cells))} land in the configuration the closed forms predict, ${pass ? 'above' : 'below'} our a-priori bar of ${fmt(PHASE_TOLERANCES.agreement * 100)} % (the bar of the one-neuron check; the paper gives no number for this diagram). The trained grid has ${joinAnd(N3M2_PHASES.map((p) => `${counts[p]} ${N3M2_LABELS[p]}`))} cells; the theory expects ${joinAnd(N3M2_PHASES.map((p) => `${theory[p]} ${N3M2_LABELS[p]}`))}.`;
    }),
    [`${P}.confusion_table`]: withFacts((f) => gridConfusion(cellsOf(f), N3M2_PHASES, label)),
    [`${P}.models_summary`]: withFacts((f) => {
      const { counts, normalPairs, sameSignNormalPairs } = n3m2ModelConfusion(f.report.analysis.models);
      const total = (t: N3m2Phase): number => N3M2_PHASES.reduce((n, p) => n + counts[t][p], 0);
      const share = (t: N3m2Phase, p: N3m2Phase): string => `${counts[t][p]} of ${total(t)} (${fmt((counts[t][p] / Math.max(1, total(t))) * 100)} %)`;
      return `Classifying the kept models one by one shows what the cell averages blend. In the cells where the theory pairs the two normal features, ${share('normal-pair', 'extra-pair')} models pair the extra feature with a normal one instead and ${share('normal-pair', 'normal-pair')} pair the normal features; in the cells where the theory pairs the extra feature, ${share('extra-pair', 'normal-pair')} models pair the normal features instead. ` +
        `Both pairings cost little at these densities (a pair errs only when both of its features are active at once), so a model that has formed one pair has little to gain from swapping it for the other; this explanation is ours and untested. Either way, discarding the worst of ten models and averaging the rest does not single out the cheaper pairing. ` +
        `Where the theory drops a normal feature, ${share('normal-dropped', 'normal-pair')} models keep both normal features at a norm of at least ${fmt(T.representedNorm)}; of all ${normalPairs} models read as a normal pair, ${sameSignNormalPairs} have their two normal features pointing the same way rather than opposite, a shared direction with no antipodal cancellation that none of the four configurations describes.`;
    }),
  };
  for (const id of PHASE_N3M2_CLAIMS) {
    slots[`${P}.claim.${id}`] = (ctx) => {
      const f = ctx.experiment(P);
      return f ? claimProse(f.report, id) : undefined;
    };
  }
  return slots;
}

// ------------------------------------------------------------------------------------------------
// The seed draft's phase-change protocol ('seed-phase-n2m1'), read its own way and the paper's.

function seedPhaseSlots(P: KnownExperiment): Record<string, SlotFn> {
  const withFacts = (fn: (f: ExperimentFacts, ctx: SlotContext) => string): SlotFn => (ctx) => {
    const f = ctx.experiment(P);
    return f ? fn(f, ctx) : undefined;
  };
  const cellsOf = (f: ExperimentFacts): SeedCell[] => seedCells(f.report.analysis.models);
  const label = (c: SeedClass): string => SEED_CLASS_LABELS[c];
  const raw = (ctx: SlotContext, key: string): string => fmtParam(ctx.params.runs.find((r) => r.experiment === P)?.settings.get(key)).replace(/`/g, "'");
  const setting = (ctx: SlotContext, key: string): string => escapeMd(raw(ctx, key));
  const slots: Record<string, SlotFn> = {
    [`${P}.recipe_summary`]: withFacts((_f, ctx) =>
      `initial weights W ~ N(0, 1)·${setting(ctx, 'init_scale')} and biases b ~ N(0, 1)·${setting(ctx, 'bias_scale')}, the ${setting(ctx, 'optimizer')} optimiser at learning rate ${setting(ctx, 'lr')}, ${setting(ctx, 'steps')} batches of ${setting(ctx, 'batch')} examples that share one mask (\`${raw(ctx, 'mask')}\`), and a loss summed over the batch (\`${raw(ctx, 'loss')}\`)`),
    [`${P}.draft_scale`]: () =>
      `The draft itself used a linear grid of ${fmt(SEED_DRAFT.densities, 4)} densities by ${fmt(SEED_DRAFT.importances, 4)} importances and trained ${fmt(SEED_DRAFT.repeats)} repeats of ${fmt(SEED_DRAFT.modelsPerRepeat, 6)} models`,
    [`${P}.grid`]: withFacts((f) => gridPhrase(cellsOf(f), f.report.analysis.models.length)),
    [`${P}.rule`]: withFacts((f) => {
      const n = Math.max(0, ...cellsOf(f).map((c) => c.models));
      return `a run is "first only" when |w1| > ${fmt(SEED_RULE.strong)} and |w2| < ${fmt(SEED_RULE.weak)}, "second only" when |w1| < ${fmt(SEED_RULE.weak)} and |w2| > ${fmt(SEED_RULE.strong)}, and a point takes a class when more than ${fmt(SEED_RULE.majority * n)} of its ${n} runs fall in it; every other point stays white, and no run is discarded`;
    }),
    [`${P}.agreement_summary`]: withFacts((f, ctx) => {
      const cells = cellsOf(f);
      if (cells.length === 0) return 'No model of this experiment has its own importance, so there is no grid to compare.';
      const counts = seedCounts(cells.map((c) => c.phase));
      const paper = phaseCells(f.report.analysis.models);
      const nb = ctx.experiment('phase-n2m1');
      const nbCells = nb ? phaseCells(nb.report.analysis.models) : [];
      const same = paper.filter((c) => nbCells.some((d) => sameDensity(d.density, c.density) && Math.abs(d.r - c.r) <= 1e-9 * c.r && d.phase === c.phase)).length;
      return `Read the draft's way, ${agreementPhrase(cells)} match the theory translated into its classes (the extra feature left out → first only, the extra feature on the neuron → second only, an antipodal pair → white); the map has ${joinAnd(SEED_CLASSES.map((c) => `${counts[c]} ${label(c)}`))} points. ` +
        `Read with the paper's protocol and our thresholds instead, the same models agree with the theory on ${agreementPhrase(paper)}` +
        (nb && nbCells.length > 0
          ? `, against ${fmt(agreementFraction(nbCells) * 100)} % for the notebook recipe, and the two recipes give the same phase on ${same} of the ${paper.length} cells.`
          : '.');
    }),
    [`${P}.confusion_table`]: withFacts((f) => gridConfusion(cellsOf(f), SEED_CLASSES, label)),
  };
  for (const id of ['phase_n2m1_empirical'] as const) {
    slots[`${P}.claim.${id}`] = (ctx) => {
      const f = ctx.experiment(P);
      return f ? claimProse(f.report, id) : undefined;
    };
  }
  return slots;
}

// ------------------------------------------------------------------------------------------------
// Learning dynamics ('dynamics'): D_i of every feature through the weight snapshots, the jumps and the
// loss around them (analysis/dynamics.ts). The jump definition and the ±0.03 fraction band are the
// analysis' own, so that the prose counts what the figure marks and the check compares.

function dynamicsSlots(P: KnownExperiment, claims: readonly ClaimId[]): Record<string, SlotFn> {
  /** the experiment's facts and its dynamics; undefined (slot absent) when either is missing */
  const withDynamics = (fn: (f: ExperimentFacts, dyn: DynamicsAnalysis, shown: ModelDynamics, ctx: SlotContext) => string): SlotFn => (ctx) => {
    const f = ctx.experiment(P);
    const dyn = f?.report.analysis.dynamics;
    const shown = dyn?.models[dyn.shown];
    return f && dyn && shown ? fn(f, dyn, shown, ctx) : undefined;
  };
  const modelOf = (f: ExperimentFacts, d: ModelDynamics): ModelAnalysis => at(f.report.analysis.models, d.model, 'models');
  const finalDims = (d: ModelDynamics): number[] => d.dimensionality[d.dimensionality.length - 1] ?? [];
  const unlearned = (d: ModelDynamics): number => finalDims(d).filter((v) => Math.abs(v) <= FINAL_FRACTION_TOLERANCE).length;
  const stepsOf = (d: ModelDynamics): number => d.steps[d.steps.length - 1] ?? 0;
  const interval = (d: ModelDynamics): number => (d.steps.length > 1 ? (d.steps[1] ?? 0) - (d.steps[0] ?? 0) : 0);
  /** a mean that may have nothing to average (NaN) */
  const e = (x: number): string => (Number.isFinite(x) ? fmt(x) : '—');

  const slots: Record<string, SlotFn> = {
    [`${P}.setup`]: withDynamics((f, dyn, shown, ctx) => {
      const densities = [...new Set(dyn.models.map((d) => modelOf(f, d).density))];
      return `We trained ${f.features} features in ${f.hidden} hidden dimensions with ${describeImportance(f.importance)}, a ReLU output and the ${recipeLabel(f, ctx.params, P)} recipe, at density ${joinAnd(densities.map((d) => `1−S = ${fmt(d)} (1/(1−S) = ${fmt(1 / d)})`))}, with ${seedPhrase(dyn.models.length)}. Every ${fmt(interval(shown))} steps of the ${fmt(stepsOf(shown))}, the train stage copied W and b of every model into a snapshot file (${plural(shown.steps.length, 'snapshot', 'snapshots')} per model, the first being the initial weights), and the analysis measured each snapshot's Dᵢ and its held-out loss.`;
    }),
    [`${P}.jump_definition`]: withDynamics((_f, _dyn, shown) =>
      `We call it a jump when a feature's Dᵢ changes by at least ${fmt(JUMP.threshold)} within ${fmt(JUMP.windowFraction * 100)} % of the run (${fmt(JUMP.windowFraction * stepsOf(shown))} steps): scanning each feature's snapshots forward, the first later snapshot within that window whose Dᵢ differs by ${fmt(JUMP.threshold)} or more ends a jump, and the scan resumes there. Both numbers were fixed before the experiment's models were trained, after a pilot run on other seeds.`),
    [`${P}.selection`]: withDynamics((f, dyn, shown) => {
      const m = modelOf(f, shown);
      const counts = dyn.models.map((d) => `${finalDigons(d)}`);
      return `The model shown is chosen by a rule fixed in advance: the one with the most final Dᵢ within ±${fmt(FINAL_FRACTION_TOLERANCE)} of 1/2, ties going to the lowest held-out loss. The ${plural(dyn.models.length, 'seed ends', 'seeds end')} with ${joinAnd(counts)} such features; the model shown is seed ${m.replica} (held-out loss ${e(m.evalLoss)}).`;
    }),
    [`${P}.final_summary`]: withDynamics((f, _dyn, shown) => {
      const dims = finalDims(shown);
      const digons = finalDigons(shown);
      const zero = unlearned(shown);
      const other = dims.length - digons - zero;
      const represented = dims.length - zero;
      return `At the end of training, ${digons} of its ${f.features} features have Dᵢ within ±${fmt(FINAL_FRACTION_TOLERANCE)} of 1/2, ${zero} are at 0 (not learned) and ${other} ${other === 1 ? 'lies' : 'lie'} elsewhere; ${digons === represented && represented > 0 ? `every learned feature is one half of an antipodal pair, ${fmt(digons / 2)} pairs in ${f.hidden} dimensions` : `${represented - digons} learned ${represented - digons === 1 ? 'feature is' : 'features are'} not in an antipodal pair`}. The Dᵢ add up to ${fmt(dimensionalitySum(dims), 4)} against m = ${f.hidden}. By fraction:`;
    }),
    [`${P}.final_table`]: withDynamics((_f, _dyn, shown) => {
      const dims = finalDims(shown);
      const h = fractionHistogram(dims, FINAL_FRACTION_TOLERANCE);
      const zero = unlearned(shown);
      const rows = DIMENSIONALITY_FRACTIONS.map((fr, k) => [fr.label, fr.structure, String(h.counts[k] ?? 0)]);
      rows.push(['0', 'not learned', String(zero)]);
      rows.push(['—', 'none of these', String(dims.length - h.matched - zero)]);
      return mdTable(['final Dᵢ', 'arrangement', 'features'], rows);
    }),
    [`${P}.jumps_summary`]: withDynamics((_f, _dyn, shown) => {
      const jumps = shown.jumps;
      if (jumps.length === 0) return 'The model shown has no jump: no feature changes its Dᵢ that fast.';
      const features = new Set(jumps.map((j) => j.feature)).size;
      const up = jumps.filter((j) => j.toD > j.fromD).length;
      const first = Math.min(...jumps.map((j) => j.fromStep));
      const last = Math.max(...jumps.map((j) => j.toStep));
      const toHalf = jumps.filter((j) => nearestFraction(j.toD, FINAL_FRACTION_TOLERANCE, [{ value: 0.5 }]) === 0).length;
      const durations = jumps.map((j) => j.toStep - j.fromStep).sort((a, b) => a - b);
      const window = JUMP.windowFraction * stepsOf(shown);
      const full = durations.filter((d) => d >= window).length;
      const median = durations.length % 2 === 1 ? (durations[(durations.length - 1) / 2] ?? 0) : ((durations[durations.length / 2 - 1] ?? 0) + (durations[durations.length / 2] ?? 0)) / 2;
      const gradual = full * 2 > jumps.length && window > interval(shown)
        ? ': most of these moves are gradual climbs that cover the threshold only over the whole window, not steps from one snapshot to the next'
        : '';
      return `The model shown makes ${plural(jumps.length, 'jump', 'jumps')}, by ${plural(features, 'feature', 'features')}, between steps ${fmt(first)} and ${fmt(last)}; ${up} go up and ${jumps.length - up} down, and ${toHalf} land within ±${fmt(FINAL_FRACTION_TOLERANCE)} of 1/2. The median jump takes ${fmt(median)} steps, and ${full} of the ${jumps.length} reach the threshold only at the far end of the ${fmt(window)}-step window${gradual}.`;
    }),
    [`${P}.loss_summary`]: withDynamics((_f, _dyn, shown) => {
      const d = shown.lossDrops;
      if (shown.jumps.length === 0) return 'With no jump there is nothing to compare the loss against.';
      const ratio = d.jumpMeanDrop / d.periodOtherMeanDrop;
      const period = d.periodOtherIntervals > 0
        ? `In the ${plural(d.periodOtherIntervals, 'other interval', 'other intervals')} between the first jump and the last it falls by ${e(d.periodOtherMeanDrop)}${Number.isFinite(ratio) && d.periodOtherMeanDrop > 0 ? `, ${fmt(ratio)} times less` : ''}.`
        : 'Jumps cover every interval between the first jump and the last, so that stage has no interval without one.';
      return `Per snapshot interval of ${fmt(interval(shown))} steps, the held-out loss falls by ${e(d.jumpMeanDrop)} on average in the ${plural(d.jumpIntervals, 'interval', 'intervals')} that some jump spans. ${period} Over all ${plural(d.otherIntervals, 'interval', 'intervals')} without a jump, including the steep fall at the start of training before any feature moves, the mean drop is ${e(d.otherMeanDrop)}.`;
    }),
    [`${P}.seeds_table`]: withDynamics((f, dyn) => {
      const rows = dyn.models.map((d, k) => {
        const m = modelOf(f, d);
        const dims = finalDims(d);
        const digons = finalDigons(d);
        const zero = unlearned(d);
        return [
          `${m.replica}${k === dyn.shown ? ' (shown)' : ''}`,
          String(digons),
          String(zero),
          String(dims.length - digons - zero),
          fmt(dimensionalitySum(dims), 4),
          String(d.jumps.length),
          e(d.lossDrops.jumpMeanDrop),
          e(d.lossDrops.periodOtherMeanDrop),
          e(m.evalLoss),
        ];
      });
      return mdTable(['seed', 'Dᵢ at 1/2', 'Dᵢ at 0', 'elsewhere', 'Σ Dᵢ', 'jumps', 'loss drop per interval, in jumps', 'elsewhere, same stage', 'held-out loss'], rows);
    }),
  };
  for (const id of claims) {
    slots[`${P}.claim.${id}`] = (ctx) => {
      const f = ctx.experiment(P);
      return f ? claimProse(f.report, id) : undefined;
    };
  }
  return slots;
}

// ------------------------------------------------------------------------------------------------
// Non-uniform superposition ('nonuniform-pentagon'): restarts per relative density ρ of the varied
// (last) feature, classified by analysis/nonuniform.ts's rules, ranked by their expected loss.

function nonuniformSlots(P: KnownExperiment): Record<string, SlotFn> {
  const withFacts = (fn: (f: ExperimentFacts, ctx: SlotContext) => string): SlotFn => (ctx) => {
    const f = ctx.experiment(P);
    return f ? fn(f, ctx) : undefined;
  };
  const cellsOf = (f: ExperimentFacts): RelativeDensityCell[] => relativeDensityCells(f.report.analysis.models);
  const modelAt = (f: ExperimentFacts, k: number): ModelAnalysis => at(f.report.analysis.models, k, `experiment '${P}' model`);
  const label = (g: (typeof GEOMETRIES)[number]): string => GEOMETRY_LABELS[g];
  /** the geometry as a noun phrase: "a pentagon", "two digons", "something else" */
  const phrase = (g: (typeof GEOMETRIES)[number]): string => (g === 'pentagon' ? 'a pentagon' : g === 'digons' ? label(g) : 'something else');
  const R = GEOMETRY_RULES;
  /** "ρ = 0.2 and 0.245" / "ρ from 0.299 to 5" for a run of grid values */
  const rhoSpan = (cs: readonly RelativeDensityCell[]): string => {
    if (cs.length === 0) return 'no ρ';
    if (cs.length <= 2) return `ρ = ${joinAnd(cs.map((c) => fmt(c.rho)))}`;
    return `every ρ from ${fmt(cs[0]?.rho ?? Number.NaN)} to ${fmt(cs[cs.length - 1]?.rho ?? Number.NaN)}`;
  };
  /** consecutive cells of the grid (ascending ρ) that share the selected geometry */
  const runs = (cs: readonly RelativeDensityCell[]): RelativeDensityCell[][] => {
    const out: RelativeDensityCell[][] = [];
    for (const c of cs) {
      const last = out[out.length - 1];
      if (last && last[0]?.geometry === c.geometry) last.push(c);
      else out.push([c]);
    }
    return out;
  };
  const slots: Record<string, SlotFn> = {
    [`${P}.features`]: withFacts((f) => String(f.features)),
    [`${P}.hidden`]: withFacts((f) => String(f.hidden)),
    [`${P}.importance`]: withFacts((f) => describeImportance(f.importance)),
    [`${P}.recipe`]: withFacts((f, ctx) => recipeLabel(f, ctx.params, P)),
    [`${P}.grid`]: withFacts((f) => {
      const cs = cellsOf(f);
      const bases = [...new Set(cs.map((c) => c.density))];
      const perCell = Math.max(0, ...cs.map((c) => c.members.length));
      return `${cs.length} relative densities ρ from ${fmt(cs[0]?.rho ?? Number.NaN)} to ${fmt(cs[cs.length - 1]?.rho ?? Number.NaN)}, evenly spaced on a log scale, around the base density 1−S = ${joinAnd(bases.map((d) => fmt(d)))}, with ${perCell} restarts per ρ (${f.report.analysis.models.length} models in all)`;
    }),
    [`${P}.paper_factor`]: () => fmt(1 / NONUNIFORM_TOLERANCES.paperRelativeDensity),
    [`${P}.rules`]: () =>
      `a fit is a **pentagon** when all five features have ‖Wᵢ‖ > ${fmt(R.representedNorm)} and every angle between neighbours round the circle is within ${fmt(R.pentagonGap)}° ± ${fmt(R.pentagonGapTolerance)}°; it is **two digons** when the varied feature has ‖Wᵢ‖ ≤ ${fmt(R.representedNorm)} while the other four are represented, every gap between them is within ${fmt(R.digonGap)}° ± ${fmt(R.digonGapTolerance)}° and each lies within ${fmt(R.antipodeTolerance)}° of antipodal to another; anything else is **other**`,
    [`${P}.counts_summary`]: withFacts((f) => {
      const cs = cellsOf(f);
      const total = { pentagon: 0, digons: 0, other: 0 };
      for (const c of cs) for (const g of GEOMETRIES) total[g] += c.counts[g];
      const spans = runs(cs).map((r) => `${phrase(r[0]?.geometry ?? 'other')} at ${rhoSpan(r)}`);
      return `Over all ${f.report.analysis.models.length} restarts, ${joinAnd(GEOMETRIES.map((g) => `${total[g]} ended as ${phrase(g)}`))}. The lowest-loss restart is ${joinAnd(spans)}.`;
    }),
    [`${P}.base_summary`]: withFacts((f) => {
      const base = cellsOf(f).find((c) => Math.abs(Math.log(c.rho)) <= Math.log(NONUNIFORM_TOLERANCES.baseFactor) + 1e-9);
      if (!base) return 'The grid has no ρ = 1, the unperturbed model.';
      const m = modelFacts(modelAt(f, base.selected));
      const sums = m.model.norms.map((n, i) => n * n + at(m.model.b, i, 'b'));
      // the paper's reading (negative bias, norms above 1) is stated only where the numbers show it
      const paperReading = m.model.b.every((v) => v < 0) && m.model.norms.every((n) => n > 1);
      const reading = paperReading
        ? `, so the vertices lie outside the unit circle while ‖Wᵢ‖² + bᵢ ${spread(sums)}: a small negative bias trims positive interference and a longer Wᵢ restores the feature's own signal`
        : `; ‖Wᵢ‖² + bᵢ ${spread(sums)}`;
      return `At ρ = 1, where all five features are equally sparse, ${base.counts.pentagon} of ${base.members.length} restarts are pentagons, and the lowest-loss one ${describe2D(m, f.features)}. Its norms ${spread(m.model.norms)} and its biases ${spread(m.model.b)}${reading}.`;
    }),
    [`${P}.crossing_summary`]: withFacts((f) => {
      const cs = cellsOf(f);
      const crossing = lossCrossing(cs);
      const both = cs.filter((c) => c.best.pentagon !== null && c.best.digons !== null);
      const onlyP = cs.filter((c) => c.best.digons === null).map((c) => c.rho);
      const paper = NONUNIFORM_TOLERANCES.paperRelativeDensity;
      const found = `Restarts found both geometries at ${plural(both.length, 'value', 'values')} of ρ${both.length > 0 ? ` (${fmt(both[0]?.rho ?? Number.NaN)} to ${fmt(both[both.length - 1]?.rho ?? Number.NaN)})` : ''}${onlyP.length > 0 ? `; from ρ = ${fmt(Math.min(...onlyP))} up, no restart dropped the varied feature` : ''}.`;
      if (crossing === null) return `${found} Over those values the best pentagon and the best two-digon losses never cross from digons-better to pentagon-better, so this grid gives no transition point to compare with the paper's ρ ≈ ${fmt(paper)}.`;
      return `${found} Two digons have the lower best loss up to ρ = ${fmt(crossing.below)} and the pentagon from ρ = ${fmt(crossing.above)} on; interpolating on the log-ρ axis, the curves cross at ρ = ${fmt(crossing.rho)}, i.e. when the varied feature is ${fmt(1 / crossing.rho)}× sparser than the others, against the paper's 2.5× (ρ = ${fmt(paper)})${crossing.signChanges > 1 ? `; the difference changes sign ${crossing.signChanges} times over the grid, so the crossing is not clean` : ''}.`;
    }),
    [`${P}.heldout_summary`]: withFacts((f) => {
      const cs = cellsOf(f);
      const loss = (k: number): number => {
        const l = modelAt(f, k).evalLoss;
        return Number.isNaN(l) ? Number.POSITIVE_INFINITY : l;
      };
      let differ = 0;
      let worst = 0;
      for (const c of cs) {
        const byHeldOut = c.members.reduce((best, k) => (loss(k) < loss(best) ? k : best), c.members[0] ?? c.selected);
        const m = modelAt(f, byHeldOut);
        if (classifyGeometry(m.W, m.W.length - 1) !== c.geometry) differ++;
        for (const k of c.members) {
          const mk = modelAt(f, k);
          if (mk.expectedLoss !== undefined && mk.expectedLoss > 0) worst = Math.max(worst, Math.abs(mk.evalLoss / mk.expectedLoss - 1));
        }
      }
      return `The held-out losses (the same samples for every restart at one ρ) depart from the expected losses by up to ${fmt(worst * 100)} %, and ranking the restarts by them would have chosen a fit of another geometry at ${plural(differ, 'value', 'values')} of ρ.`;
    }),
    [`${P}.table`]: withFacts((f) => {
      const cs = cellsOf(f);
      const varied = f.features - 1;
      const rows = cs.map((c) => {
        const m = modelAt(f, c.selected);
        return [
          fmt(c.rho),
          fmt(c.density * c.rho),
          label(c.geometry),
          GEOMETRIES.map((g) => String(c.counts[g])).join(' / '),
          c.best.pentagon ? fmt(c.best.pentagon.loss) : '—',
          c.best.digons ? fmt(c.best.digons.loss) : '—',
          fmt(at(m.norms, varied, 'norms')),
        ];
      });
      return mdTable(['ρ', `density of f${varied}`, 'lowest-loss fit', 'restarts: pentagon / digons / other', 'best pentagon loss', 'best two-digon loss', `‖W_${varied}‖ of the fit shown`], rows);
    }),
  };
  for (const id of NONUNIFORM_CLAIMS) {
    slots[`${P}.claim.${id}`] = (ctx) => {
      const f = ctx.experiment(P);
      return f ? claimProse(f.report, id) : undefined;
    };
  }
  return slots;
}

// ------------------------------------------------------------------------------------------------
// Report-wide, methods and provenance.

const EXPERIMENT_PHRASES: Record<KnownExperiment, string> = {
  intro: 'the 5 → 2 introduction model',
  superposition: 'the 20 → 5 linear and ReLU models',
  'seed-intro': "the student's 5 → 2 models",
  'seed-superposition': "the student's 20 → 5 models",
  uniform: 'the uniform-superposition models',
  'uniform-paper': "the uniform-superposition models at the paper's size",
  'phase-n2m1': 'the 2 → 1 phase-change grid',
  'seed-phase-n2m1': "the 2 → 1 phase-change grid under the student's draft protocol",
  'phase-n3m2': 'the 3 → 2 phase-change grid',
  'correlated-pairs': 'the two correlated pairs in 2 dimensions',
  'anticorrelated-pairs': 'the two anticorrelated pairs in 2 dimensions',
  'correlated-collapse': 'the three correlated pairs across density',
  'correlated-local': 'the two sets of ten correlated features in 10 dimensions',
  dynamics: 'the learning-dynamics models',
  'dynamics-correlated': 'the 6 → 3 learning-dynamics models with two correlated triples',
  'nonuniform-pentagon': 'the 5 → 2 models with one feature of varied density',
};

function reportSlots(): Record<string, SlotFn> {
  return {
    'abstract.settings': (ctx) => {
      const sizes: string[] = [];
      for (const id of orderedExperimentIds(ctx.input)) {
        const f = ctx.experiment(id);
        if (!f) continue;
        const s = `${f.features} features in ${f.hidden} hidden dimensions`;
        if (!sizes.includes(s)) sizes.push(s);
      }
      return sizes.length > 0 ? joinAnd(sizes) : 'no experiment (none is configured in this run)';
    },
    'report.missing': (ctx) => {
      const missing = KNOWN_EXPERIMENTS.filter((id) => !(id in ctx.input.experiments));
      if (missing.length === 0) return `All ${KNOWN_EXPERIMENTS.length} experiments ran.`;
      return `${joinAnd(missing.map((id) => `\`${id}\` (${EXPERIMENT_PHRASES[id]})`))} ${missing.length === 1 ? 'is' : 'are'} not in this run's parameters, so ${missing.length === 1 ? 'its section reports' : 'their sections report'} no results.`;
    },
    'methods.norm_threshold': () => fmt(REPRESENTED_NORM),
    'methods.orthogonal_threshold': () => fmt(ORTHOGONAL_SCORE),
    'methods.antipodal_cosine': () => fmt(ANTIPODAL_COSINE),
    'methods.high_sparsity': () => fmt(HIGH_SPARSITY_DENSITY),
    'methods.base_seed': (ctx) => escapeMd(fmtParam(ctx.params.seed)),
    'methods.eval_samples': (ctx) => {
      const vals = new Map<string, string[]>();
      for (const [id, e] of ctx.params.experiments) {
        const v = fmtParam(get(e, 'eval_samples'));
        vals.set(v, [...(vals.get(v) ?? []), id]);
      }
      if (vals.size === 0) return 'a held-out set of';
      if (vals.size === 1) return [...vals.keys()][0] ?? '';
      return joinAnd([...vals].map(([v, ids]) => `${v} (${ids.map((i) => `\`${i}\``).join(', ')})`));
    },
    'methods.experiments_table': (ctx) => {
      const ids = [...new Set([...orderedExperimentIds(ctx.input), ...ctx.params.experiments.map(([id]) => id)])];
      if (ids.length === 0) return '*(No experiments.)*';
      const rows = ids.map((id) => {
        const f = ctx.experiment(id);
        const e = ctx.params.experiments.find(([name]) => name === id)?.[1];
        const F = f?.features ?? (e ? num(get(e, 'features')) : undefined);
        const H = f?.hidden ?? (e ? num(get(e, 'hidden')) : undefined);
        const imp = f ? describeImportance(f.importance) : e ? `Iᵢ = ${fmtParam(get(e, 'importance_decay'))}ⁱ` : '—';
        return [
          `\`${id}\``,
          F !== undefined && H !== undefined ? `${F} → ${H}` : '—',
          imp,
          e ? escapeMd(fmtParam(get(e, 'eval_samples'))) : '—',
          f ? String(f.report.analysis.models.length) : 'not run',
          f ? String(f.models.length) : '—',
        ];
      });
      return mdTable(['experiment', 'features → hidden', 'importance', 'held-out samples', 'models trained', 'models shown'], rows);
    },
    'methods.runs_table': (ctx) => runsTable(ctx.params.runs),

    'prov.commit': (ctx) => `\`${ctx.input.provenance.commit}\``,
    'prov.backend': (ctx) => `\`${ctx.input.provenance.backend}\``,
    'prov.backend_reason': (ctx) => capitalise(sentence(escapeMd(ctx.input.provenance.backendReason))),
    'prov.node': (ctx) => `\`${ctx.input.provenance.node}\``,
    'prov.params_digest': (ctx) => `\`${ctx.input.provenance.paramsDigest}\``,
    'prov.packages_table': (ctx) => {
      const pkgs = Object.entries(ctx.input.provenance.packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (pkgs.length === 0) return '*(No package versions were recorded.)*';
      return mdTable(['package', 'version'], pkgs.map(([n, v]) => [`\`${n}\``, `\`${v}\``]));
    },
    'prov.timings_table': (ctx) => {
      const t = ctx.input.provenance.timings;
      if (t.length === 0) return '*(No node timings were recorded.)*';
      const rows = t.map((x) => [`\`${x.node}\``, fmt(x.seconds), escapeMd(x.createdAt), `\`${x.cacheKey.slice(0, 12)}\``]);
      rows.push(['**total**', `**${fmt(t.reduce((s, x) => s + x.seconds, 0))}**`, '', '']);
      return mdTable(['node', 'seconds', 'computed in the run of', 'cache key (prefix)'], rows);
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Registries.

export const SLOTS: Readonly<Record<string, SlotFn>> = Object.freeze({
  ...introSlots('intro'),
  ...introSlots('seed-intro'),
  ...superpositionSlots('superposition'),
  ...superpositionSlots('seed-superposition'),
  ...uniformSlots('uniform'),
  ...uniformSlots('uniform-paper'),
  ...uniformSizeSlots('uniform', 'uniform-paper'),
  ...phaseSlots('phase-n2m1'),
  ...seedPhaseSlots('seed-phase-n2m1'),
  ...phaseN3m2Slots('phase-n3m2'),
  ...correlatedSlots('correlated-pairs', 'correlated_orthogonal'),
  ...correlatedSlots('anticorrelated-pairs', 'anticorrelated_antipodal'),
  ...correlatedSlots('correlated-collapse', 'correlated_collapse'),
  ...correlatedSlots('correlated-local', 'local_orthogonal_basis'),
  ...correlatedMethodSlots(),
  ...dynamicsSlots('dynamics', DYNAMICS_CLAIMS),
  ...dynamicsSlots('dynamics-correlated', DYNAMICS_CORRELATED_CLAIMS),
  ...nonuniformSlots('nonuniform-pentagon'),
  ...compareSlots(),
  ...claimsSlots(),
  ...reportSlots(),
});

const has = (id: string): FlagFn => (ctx) => ctx.experiment(id) !== undefined;
const hasActivation = (id: string, act: string): FlagFn => (ctx) => {
  const f = ctx.experiment(id);
  return f !== undefined && byActivation(f, act).length > 0;
};

export const FLAGS: Readonly<Record<string, FlagFn>> = Object.freeze({
  'has.intro': has('intro'),
  'has.superposition': has('superposition'),
  'has.seed-intro': has('seed-intro'),
  'has.seed-superposition': has('seed-superposition'),
  'has.uniform': has('uniform'),
  'has.uniform-paper': has('uniform-paper'),
  'has.uniform_sizes': (ctx) => has('uniform')(ctx) && has('uniform-paper')(ctx),
  'has.phase-n2m1': has('phase-n2m1'),
  'has.seed-phase-n2m1': has('seed-phase-n2m1'),
  'has.phase-n3m2': has('phase-n3m2'),
  'has.correlated-pairs': has('correlated-pairs'),
  'has.anticorrelated-pairs': has('anticorrelated-pairs'),
  'has.correlated-collapse': has('correlated-collapse'),
  'has.correlated-local': has('correlated-local'),
  'has.dynamics': (ctx) => ctx.experiment('dynamics')?.report.analysis.dynamics !== undefined,
  'has.dynamics-correlated': (ctx) => ctx.experiment('dynamics-correlated')?.report.analysis.dynamics !== undefined,
  'has.nonuniform-pentagon': has('nonuniform-pentagon'),
  'has.superposition.linear': hasActivation('superposition', 'linear'),
  'has.superposition.relu': hasActivation('superposition', 'relu'),
  'has.seed-superposition.linear': hasActivation('seed-superposition', 'linear'),
  'has.seed-superposition.relu': hasActivation('seed-superposition', 'relu'),
  'has.compare_intro': (ctx) => has('intro')(ctx) && has('seed-intro')(ctx),
  'has.compare_superposition': (ctx) => has('superposition')(ctx) && has('seed-superposition')(ctx),
  'has.all_experiments': (ctx) => KNOWN_EXPERIMENTS.every((id) => has(id)(ctx)),
  'has.failures': (ctx) => ctx.claims.some((r) => !r.claim.pass),
});

/** every slot name the template may use, sorted */
export function slotNames(): string[] {
  return Object.keys(SLOTS).sort();
}

// ------------------------------------------------------------------------------------------------
// Figures: {{figure:<experiment>-<suffix>}} names a figure by experiment id and id suffix.

export interface FigureRef {
  experiment: string;
  suffix: string;
}

/** split 'seed-superposition-relu' into experiment 'seed-superposition' and suffix 'relu' */
export function parseFigureKey(key: string): FigureRef | undefined {
  const cut = key.lastIndexOf('-');
  if (cut <= 0 || cut === key.length - 1) return undefined;
  return { experiment: key.slice(0, cut), suffix: key.slice(cut + 1) };
}

/**
 * The figure of an experiment whose id ends in the suffix: `undefined` when the experiment is absent,
 * `null` when the experiment is present but has no such figure.
 */
export function findFigure(input: ReportInput, ref: FigureRef): RenderedFigure | null | undefined {
  const exp = input.experiments[ref.experiment];
  if (!exp) return undefined;
  return exp.figures.find((f) => f.id.endsWith(ref.suffix)) ?? null;
}
