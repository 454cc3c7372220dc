// The claims overview: the summary sentence, every claim folded with its per-seed results and numbers
// (the evidence the rest of the report links to), and the list of claims that do not hold.

import type { SeedOutcome } from '../../analysis/verdicts.ts';
import { claimAnchor, claimLink, claimNumbers, claimTitle, ruleWords, seedText, tally, verdictBadge } from './claim-prose.ts';
import type { SlotFn } from './context.ts';
import { escapeHtml, escapeMd, joinAnd, mdTable, sentence } from './format.ts';

/** how a per-seed result reads in the tables */
export const STATUS_MARK: Record<SeedOutcome['status'], string> = { pass: 'pass', fail: '**fail**', 'not-judged': 'not judged' };

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
      const list = (rows: typeof notHeld): string =>
        joinAnd(rows.map((r) => `${claimLink(r.experiment, r.claim.id)} in \`${r.experiment}\``));
      return (
        `Each of ${n} automatic checks of the paper's claims is run on ${seedText}; ${held} hold` +
        (notHeld.length > 0 ? `, ${notHeld.length} do not (${list(notHeld)})` : '') +
        (notJudged.length > 0 ? `, and ${notJudged.length} could not be judged (${list(notJudged)})` : '') +
        '.'
      );
    },
    'claims.details': (ctx) => {
      if (ctx.claims.length === 0) return '*(No claim checks were run.)*';
      // one folded block per claim: its verdict, title and experiment in one short line, the paper's
      // statement and every seed's result inside; the page filters them by verdict and experiment
      // (report/build.ts), and every mention of the claim elsewhere links here (claimLink)
      return ctx.claims
        .map((r) => {
          const c = r.claim;
          const rows = c.seeds.map((o) => [
            String(o.seed),
            STATUS_MARK[o.status],
            seedText(o),
            o.status === 'not-judged' ? '' : claimNumbers(o.numbers),
          ]);
          const attrs = `class="claim" id="${claimAnchor(r.experiment, c.id)}" data-experiment="${r.experiment}" data-verdict="${c.verdict}"`;
          return [
            `<details ${attrs}><summary>${verdictBadge(c)} ${escapeHtml(claimTitle(c))} ` +
              `(<code>${c.id}</code> in <code>${r.experiment}</code>, ${escapeHtml(r.recipe)} recipe): ${tally(c)}</summary>`,
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
          return `- ${claimLink(r.experiment, c.id)} in \`${r.experiment}\` (${escapeMd(r.recipe)} recipe) ${c.verdict === 'not-judged' ? 'could not be judged' : `**does not hold**: it passes on ${tally(c)}`}. The paper: ${sentence(escapeMd(c.expected))}`;
        })
        .join('\n');
    },
  };
}
