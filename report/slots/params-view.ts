// Reading the loaded params.yaml defensively (it arrives as `unknown`): recipes, experiments and every
// run with its recipe's training fields and its own overrides applied.

import { fmtExact } from './format.ts';

type Rec = Record<string, unknown>;

function isRec(x: unknown): x is Rec {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function get(rec: Rec, key: string): unknown {
  return key in rec ? rec[key] : rec[camel(key)];
}

/** training fields in display order; other keys found in recipes follow in their own order */
export const TRAINING_FIELDS: ReadonlyArray<[string, string]> = [
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
const RUN_META = new Set(['recipe', 'activation', 'densities', 'restarts']);
export const VALUE_NOTES: Record<string, string> = {
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
  restarts: unknown;
  /** the recipe's training fields with this run's overrides applied, keyed by snake_case name */
  settings: Map<string, unknown>;
  /** the fields this run overrides */
  overrides: string[];
}

export interface ParamsView {
  baseSeeds: unknown;
  verdictThreshold: unknown;
  recipes: Array<[string, Rec]>;
  experiments: Array<[string, Rec]>;
  runs: RunConfig[];
}

export function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function readParams(params: unknown): ParamsView {
  const p = isRec(params) ? params : {};
  const recipesRec = get(p, 'recipes');
  const recipes: Array<[string, Rec]> = isRec(recipesRec) ? Object.entries(recipesRec).filter((e): e is [string, Rec] => isRec(e[1])) : [];
  const expsRec = get(p, 'experiments');
  const experiments: Array<[string, Rec]> = isRec(expsRec) ? Object.entries(expsRec).filter((e): e is [string, Rec] => isRec(e[1])) : [];
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
        restarts: get(run, 'restarts'),
        settings,
        overrides,
      });
    });
  }
  return { baseSeeds: get(p, 'base_seeds'), verdictThreshold: get(p, 'verdict_threshold'), recipes, experiments, runs };
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
    return Object.entries(v)
      .map(([k, x]) => `${k}: ${fmtParam(x)}`)
      .join('; ');
  }
  return String(v);
}

export function fieldOrder(keys: Iterable<string>): string[] {
  const known = TRAINING_FIELDS.map(([k]) => k);
  const rest = [...keys].filter((k) => !known.includes(k) && !RUN_META.has(k));
  return [...known, ...rest];
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
