// The claims overview: counts, the summary sentence, the table of every check and the list of failures.

import { claimNumbers } from './claim-prose.ts';
import type { SlotFn } from './context.ts';
import { escapeMd, joinAnd, mdTable, sentence } from './format.ts';

export function claimsSlots(): Record<string, SlotFn> {
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
