// Results at a glance: every claim in one short row — what it says, the measurement it turns on, the
// paper's value, ours over the base seeds (median and range), its verdict k of N, and links to its evidence
// (Section 14) and its experiment's section.

import type { ClaimVerdict, HeadlineSpread } from '../../analysis/verdicts.ts';
import { claimAnchor, claimTitle, verdictBadge } from './claim-prose.ts';
import type { SlotFn } from './context.ts';
import { escapeMd, fmt, mdTable } from './format.ts';

/** The anchor of an experiment's section (the template places `<a id="exp-<id>"></a>` before it). */
export function experimentAnchor(id: string): string {
  return `#exp-${id}`;
}

/** A count as a whole number, anything else with three significant digits. */
export function fmtValue(x: number, integer: boolean): string {
  return integer && Number.isInteger(x) ? String(x) : fmt(x);
}

/** "4 (3–5)" or "4" when every seed gives the same value, with the number of seeds when some have none. */
export function spreadText(h: HeadlineSpread, seeds: number): string {
  const same = h.min === h.max;
  const body = same
    ? fmtValue(h.median, h.integer)
    : `${fmtValue(h.median, h.integer)} (${fmtValue(h.min, h.integer)} to ${fmtValue(h.max, h.integer)})`;
  return h.seeds < seeds ? `${body} on ${h.seeds} of ${seeds} seeds` : body;
}

/** The badge and "5/5", "1/5", "0/5", with the judged count when it is not every seed. */
export function verdictCell(c: ClaimVerdict): string {
  const count = c.judged === c.seeds.length ? `${c.passed}/${c.judged}` : `${c.passed}/${c.judged} judged of ${c.seeds.length}`;
  return `${verdictBadge(c)} ${count}`;
}

export function glanceSlots(): Record<string, SlotFn> {
  return {
    'glance.table': (ctx) => {
      if (ctx.claims.length === 0) return '*(No claim checks were run.)*';
      const rows = ctx.claims.map(({ experiment, claim: c }) => [
        `[${escapeMd(claimTitle(c))}](#${claimAnchor(experiment, c.id)}) (\`${c.id}\`)`,
        `[\`${experiment}\`](${experimentAnchor(experiment)})`,
        c.headline ? escapeMd(c.headline.label) : '—',
        c.headline ? escapeMd(c.headline.paper) : '—',
        c.headline ? spreadText(c.headline, c.seeds.length) : '—',
        verdictCell(c),
      ]);
      // cards on a narrow screen (see report/build.ts)
      return `<div class="cards">\n\n${mdTable(
        ['claim', 'experiment (section)', 'measured', 'paper', 'ours: median (range) over the seeds', 'verdict, seeds passed/judged'],
        rows,
      )}\n\n</div>`;
    },
  };
}
