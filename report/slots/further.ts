// The section of an experiment that the template never names: what it trained, then (placed by
// report/build.ts) its figures, then its claims. It is what lets a new experiment — a params.yaml entry
// and experiments/<id>.ts, nothing else — appear in the report with its figures and verdicts.

import { claimLink } from './claim-prose.ts';
import { STATUS_MARK } from './claims.ts';
import type { SlotContext } from './context.ts';
import { recipeLabel } from './facts.ts';
import { escapeMd, mdTable, plural, sentence } from './format.ts';
import { verdictCell } from './glance.ts';

/** Its heading and what it trained (`number` counts the unplaced experiments from 1). */
export function furtherIntro(ctx: SlotContext, id: string, number: number): string {
  const f = ctx.experiment(id);
  if (f === undefined) throw new Error(`report: unplaced experiment '${id}' is not in the input`);
  const seeds = f.report.seeds;
  const figures = f.report.figures.length;
  return [
    `### B.${number} ${escapeMd(f.report.title)}`,
    '',
    `\`${id}\` (${escapeMd(recipeLabel(f, ctx.params, id))} recipe): ${plural(f.features, 'feature', 'features')} in ` +
      `${plural(f.hidden, 'hidden dimension', 'hidden dimensions')}, ${plural(f.report.analysis.models.length, 'model', 'models')} ` +
      `trained on each of ${plural(seeds.length, 'base seed', 'base seeds')} (${seeds.join(', ')}). ` +
      (figures > 0
        ? `${figures === 1 ? 'Its figure shows' : 'Its figures show'} the lowest-loss models of the first base seed.`
        : 'It declares no figure.'),
  ].join('\n');
}

/** Its claims over the base seeds, one row each (the per-seed numbers are in Section 14 with every other claim). */
export function furtherClaims(ctx: SlotContext, id: string): string {
  const rows = ctx.claims.filter((r) => r.experiment === id);
  if (rows.length === 0) return `\`${id}\` declares no claim of the paper to check.`;
  return mdTable(
    ['claim', 'the paper', 'verdict, seeds passed/judged', 'per base seed'],
    rows.map(({ claim: c }) => [
      claimLink(id, c.id),
      sentence(escapeMd(c.expected)),
      verdictCell(c),
      c.seeds.map((o) => `${o.seed}: ${STATUS_MARK[o.status]}`).join('; '),
    ]),
  );
}
