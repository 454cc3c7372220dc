// The cross-check against an independent PyTorch implementation of the notebook's recipe: how it was made
// (crosscheck/results.json, from `npm run crosscheck`) and the statistics of both implementations per seed.

import { crossCheckRows } from '../../analysis/crosscheck.ts';
import { summarizeModel, type ModelSummary } from '../../analysis/model-summary.ts';
import type { SlotFn, SlotContext } from './context.ts';
import { fmtValue } from './glance.ts';
import { escapeMd, joinAnd, mdTable, plural } from './format.ts';

function torchSummaries(ctx: SlotContext): Record<string, ModelSummary[][]> {
  const out: Record<string, ModelSummary[][]> = {};
  for (const e of ctx.input.crossCheck?.results.experiments ?? []) {
    out[e.id] = e.seeds.map((s) =>
      s.models.map((m) => summarizeModel(m.W, m.b, { run: m.run, activation: m.activation, density: m.density })),
    );
  }
  return out;
}

function pipelineSummaries(ctx: SlotContext): Record<string, ModelSummary[][]> {
  const out: Record<string, ModelSummary[][]> = {};
  for (const [id, e] of Object.entries(ctx.input.experiments)) out[id] = e.seedModels.map((s) => s.models);
  return out;
}

const values = (xs: readonly number[], integer: boolean): string => xs.map((x) => fmtValue(x, integer)).join(', ');

export function crossCheckSlots(): Record<string, SlotFn> {
  return {
    'crosscheck.setup': (ctx) => {
      const c = ctx.input.crossCheck;
      if (c === undefined) return 'No cross-check results were found (crosscheck/results.json); `npm run crosscheck` makes them.';
      const r = c.results;
      const ids = r.job.experiments.map((e) => `\`${e.id}\` (${e.steps} steps of ${e.batch})`);
      const stale =
        c.differences.length > 0
          ? ` **These results were made with other settings than params.yaml's now (${escapeMd(c.differences.join('; '))}); run \`npm run crosscheck\` again.**`
          : '';
      return `The file was made by \`${escapeMd(r.command)}\` with PyTorch ${escapeMd(r.torch)} on Python ${escapeMd(r.python)} in ${r.seconds} s, on PyTorch's own seeds ${r.job.seeds.join(', ')}, for ${joinAnd(ids)}.${stale}`;
    },
    'crosscheck.table': (ctx) => {
      if (ctx.input.crossCheck === undefined) return '*(No cross-check results.)*';
      const rows = crossCheckRows(pipelineSummaries(ctx), torchSummaries(ctx));
      if (rows.length === 0) return "*(None of the cross-check's experiments is part of this run.)*";
      return mdTable(
        ['experiment', 'statistic', 'claims it bears on', 'this pipeline, per base seed', 'PyTorch, per seed', 'ranges meet'],
        rows.map((r) => [
          `\`${r.experiment}\``,
          escapeMd(r.label),
          r.claims.map((c) => `\`${c}\``).join(', '),
          values(r.pipeline, r.integer),
          values(r.torch, r.integer),
          r.agree ? 'yes' : '**no**',
        ]),
      );
    },
    'crosscheck.summary': (ctx) => {
      if (ctx.input.crossCheck === undefined) return '';
      const rows = crossCheckRows(pipelineSummaries(ctx), torchSummaries(ctx));
      if (rows.length === 0) return '';
      const apart = rows.filter((r) => !r.agree);
      return apart.length === 0
        ? `On all ${plural(rows.length, 'statistic', 'statistics')} the two implementations' ranges over their seeds meet.`
        : `On ${rows.length - apart.length} of ${plural(rows.length, 'statistic', 'statistics')} the two implementations' ranges meet; they do not on ${joinAnd(apart.map((r) => `${escapeMd(r.label)} (\`${r.experiment}\`)`))}.`;
    },
  };
}
