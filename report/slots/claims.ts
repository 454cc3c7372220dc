// The claims overview: the summary sentence, the table of every claim's verdict over the base seeds, the
// per-seed results with their numbers, and the list of claims that do not hold.

import type { ClaimVerdict, SeedOutcome } from '../../analysis/verdicts.ts';
import { claimNumbers, ruleWords, seedText, tally, verdictWords } from './claim-prose.ts';
import type { SlotFn } from './context.ts';
import { escapeMd, joinAnd, mdTable, sentence } from './format.ts';

/** how a per-seed result reads in the tables */
export const STATUS_MARK: Record<SeedOutcome['status'], string> = { pass: 'pass', fail: '**fail**', 'not-judged': 'not judged' };

/** a claim's verdict over the seeds, e.g. 'holds (5/5)' */
export function verdictCell(c: ClaimVerdict): string {
  const words = c.verdict === 'holds' ? 'holds' : c.verdict === 'does-not-hold' ? '**does not hold**' : 'not judged';
  return `${words} (${c.passed}/${c.judged})`;
}

export function claimsSlots(): Record<string, SlotFn> {
  return {
    'claims.total': (ctx) => String(ctx.claims.length),
    'claims.held': (ctx) => String(ctx.claims.filter((r) => r.claim.verdict === 'holds').length),
    'claims.rule': (ctx) => {
      const threshold = ctx.claims[0]?.claim.threshold;
      return threshold === undefined ? 'no claim was judged' : ruleWords(threshold);
    },
    'claims.summary': (ctx) => {
      const n = ctx.claims.length;
      if (n === 0) return "No automatic check of the paper's claims was run.";
      const seeds = new Set(ctx.claims.map((r) => r.claim.seeds.length));
      const seedText =
        seeds.size === 1 ? `${[...seeds][0]} base seeds` : `${Math.min(...seeds)} to ${Math.max(...seeds)} base seeds per experiment`;
      const notHeld = ctx.claims.filter((r) => r.claim.verdict === 'does-not-hold');
      const notJudged = ctx.claims.filter((r) => r.claim.verdict === 'not-judged');
      const held = n - notHeld.length - notJudged.length;
      const list = (rows: typeof notHeld): string => joinAnd(rows.map((r) => `\`${r.claim.id}\` in \`${r.experiment}\``));
      return (
        `Each of ${n} automatic checks of the paper's claims is run on ${seedText}; ${held} hold` +
        (notHeld.length > 0 ? `, ${notHeld.length} do not (${list(notHeld)})` : '') +
        (notJudged.length > 0 ? `, and ${notJudged.length} could not be judged (${list(notJudged)})` : '') +
        '.'
      );
    },
    'claims.table': (ctx) => {
      if (ctx.claims.length === 0) return '*(No claim checks were run.)*';
      return mdTable(
        ['experiment', 'recipe', 'claim', 'verdict (passed/judged)', 'per base seed'],
        ctx.claims.map((r) => [
          `\`${r.experiment}\``,
          escapeMd(r.recipe),
          `\`${r.claim.id}\``,
          verdictCell(r.claim),
          r.claim.seeds.map((o) => `${o.seed}: ${STATUS_MARK[o.status]}`).join('; '),
        ]),
      );
    },
    'claims.details': (ctx) => {
      if (ctx.claims.length === 0) return '';
      return ctx.claims
        .map((r) => {
          const c = r.claim;
          const rows = c.seeds.map((o) => [
            String(o.seed),
            STATUS_MARK[o.status],
            seedText(o),
            o.status === 'not-judged' ? '' : claimNumbers(o.numbers),
          ]);
          return [
            `<details><summary><code>${c.id}</code> in <code>${r.experiment}</code>: ${verdictWords(c)}, ${tally(c)}</summary>`,
            '',
            `The paper: ${sentence(escapeMd(c.expected))}`,
            '',
            mdTable(['base seed', 'result', 'what we measured', 'numbers'], rows),
            '',
            '</details>',
          ].join('\n');
        })
        .join('\n\n');
    },
    'claims.failures': (ctx) => {
      const notHeld = ctx.claims.filter((r) => r.claim.verdict !== 'holds');
      if (notHeld.length === 0) return 'Every claim holds by this rule.';
      return notHeld
        .map((r) => {
          const c = r.claim;
          return `- \`${c.id}\` in \`${r.experiment}\` (${escapeMd(r.recipe)} recipe) ${c.verdict === 'not-judged' ? 'could not be judged' : `**does not hold**: it passes on ${tally(c)}`}. The paper: ${sentence(escapeMd(c.expected))}`;
        })
        .join('\n');
    },
  };
}
