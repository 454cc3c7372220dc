// The training recipes and runs of params.yaml as Markdown tables (the recipe comparison and the methods).

import { escapeMd, mdTable } from './format.ts';
import { TRAINING_FIELDS, VALUE_NOTES, fieldOrder, fmtParam, get, snake, type RunConfig } from './params-view.ts';
import type { SlotContext } from './context.ts';

export function recipesTable(ctx: SlotContext): string {
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

export function runsTable(runs: readonly RunConfig[]): string {
  if (runs.length === 0) return '*(No training runs were found in the parameters.)*';
  const keys = new Set<string>();
  for (const r of runs) for (const k of r.settings.keys()) keys.add(k);
  const fields = fieldOrder(keys).filter((k) => keys.has(k));
  const header = ['experiment', 'run', 'output', 'recipe', '1−S', 'restarts', ...fields.map(escapeMd)];
  const rows = runs.map((r) => [
    `\`${r.experiment}\``,
    String(r.run),
    r.activation === 'relu' ? 'ReLU' : escapeMd(r.activation),
    escapeMd(r.recipe),
    escapeMd(fmtParam(r.densities)),
    escapeMd(fmtParam(r.restarts)),
    ...fields.map((k) => {
      const v = escapeMd(fmtParam(r.settings.get(k)));
      return r.overrides.includes(k) ? `**${v}**` : v;
    }),
  ]);
  return mdTable(header, rows);
}
