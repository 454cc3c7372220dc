// The changes to the checks: every change made to how a claim is judged since the checks were first
// written (analysis/claims/changes.ts), with the old rule, the new one, the reason, and what it did to the
// verdicts — the same models judged by both rules, over the same base seeds.

import type { ChangeOutcome, VerdictCount } from '../../analysis/change-verdicts.ts';
import { CHECK_CHANGES } from '../../analysis/claims.ts';
import { claimLink } from './claim-prose.ts';
import type { SlotFn } from './context.ts';
import { escapeMd, joinAnd, mdTable, plural } from './format.ts';

function count(v: VerdictCount): string {
  const words = v.verdict === 'holds' ? 'holds' : v.verdict === 'does-not-hold' ? 'does not hold' : 'not judged';
  return `${words} (${v.passed}/${v.judged})`;
}

function sameVerdict(o: ChangeOutcome): boolean {
  return o.old !== null && o.old.verdict === o.new.verdict && o.old.passed === o.new.passed && o.old.judged === o.new.judged;
}

export function changesSlots(): Record<string, SlotFn> {
  return {
    'changes.table': (ctx) => {
      const outcomes = Object.values(ctx.input.experiments).flatMap((e) => e.changes.map((o) => ({ experiment: e.id, o })));
      const rows = CHECK_CHANGES.map((change) => {
        const mine = outcomes.filter((x) => x.o.change === change.id);
        const moved = mine.filter((x) => !sameVerdict(x.o));
        const effects = moved.map(
          (x) =>
            `${claimLink(x.experiment, x.o.claim)} in \`${x.experiment}\`: ${x.o.old === null ? 'new' : count(x.o.old)} → ${count(x.o.new)}`,
        );
        const unchanged = mine.length - moved.length;
        const effect =
          mine.length === 0
            ? 'concerns no claim of this run'
            : `${effects.length > 0 ? effects.join('; ') : 'no verdict and no count changed'}${unchanged > 0 && effects.length > 0 ? `; ${plural(unchanged, 'other claim', 'other claims')} unchanged` : ''}`;
        return [escapeMd(change.id), escapeMd(change.oldRule), escapeMd(change.newRule), escapeMd(change.reason), effect];
      });
      return mdTable(
        ['change', 'old rule', 'new rule', 'why (the paper)', 'effect on the same models: old → new verdict (seeds passed/judged)'],
        rows,
      );
    },
    'changes.summary': (ctx) => {
      const outcomes = Object.values(ctx.input.experiments).flatMap((e) => e.changes);
      const flipped = outcomes.filter((o) => o.old !== null && o.old.verdict !== o.new.verdict);
      const added = outcomes.filter((o) => o.old === null);
      return `Over this run's models, ${plural(flipped.length, 'verdict', 'verdicts')} differ between the old rules and the new ones${added.length > 0 ? `, and ${joinAnd(added.map((o) => `\`${o.claim}\``))} ${added.length === 1 ? 'is a new check' : 'are new checks'}` : ''}.`;
    },
  };
}
