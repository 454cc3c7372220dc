// The discussion: what the claims that do not hold have in common, and one table of every way this
// replication departs from the paper (what the paper gives, what we did instead, why, and where).
// Both are computed from the run, so a claim that starts or stops holding moves between the groups and a
// deviation whose experiment is not in the run is not listed.

import { PAPER_RESTARTS } from '../../analysis/claims/privileged-basis.ts';
import { claimLink, claimTitle } from './claim-prose.ts';
import type { ClaimRow, SlotContext, SlotFn } from './context.ts';
import { experimentAnchor } from './glance.ts';
import { escapeMd, fmt, joinAnd, mdTable, plural } from './format.ts';
import { fmtParam, num } from './params-view.ts';

/** How a claim that does not hold failed, judged from the run alone. */
type FailureKind = 'recipe' | 'protocol' | 'split' | 'consistent';

function failureKind(row: ClaimRow, all: readonly ClaimRow[]): FailureKind {
  const heldElsewhere = all.filter((r) => r.claim.id === row.claim.id && r.experiment !== row.experiment && r.claim.verdict === 'holds');
  // the same statement holds for models trained with another recipe: it turns on how they were trained
  if (heldElsewhere.some((r) => r.recipe !== row.recipe)) return 'recipe';
  // it holds with the same recipe under another protocol (grid, restarts, length of training)
  if (heldElsewhere.length > 0) return 'protocol';
  // some seeds pass and some fail: the seeds disagree, so the statement sits near the check's edge
  if (row.claim.passed > 0) return 'split';
  return 'consistent';
}

const KINDS: ReadonlyArray<{ kind: FailureKind; heading: string; reading: string }> = [
  {
    kind: 'recipe',
    heading: 'It depends on the training recipe: the same check holds for models trained with another recipe.',
    reading:
      'The paper does not give its training settings for these models, so a statement of this kind describes the models its own settings produce; Section 4 follows which of the differences between the recipes matter.',
  },
  {
    kind: 'protocol',
    heading:
      'It depends on the protocol: the same check holds with the same recipe under another protocol (grid, restarts or length of training).',
    reading: 'The section of each says which protocol is closer to the paper and what the difference shows.',
  },
  {
    kind: 'split',
    heading: 'The seeds disagree: some pass and some fail.',
    reading:
      "The measured quantity lies close to the check's threshold, so which side a seed falls on is partly chance; the section gives the values per seed.",
  },
  {
    kind: 'consistent',
    heading: 'It fails on every seed, and under every recipe and protocol it was checked with.',
    reading:
      'These are the disagreements with the paper that this replication reports as findings; each section says what was done to rule out an artifact of our protocol and what remains open.',
  },
];

function mention(row: ClaimRow): string {
  return (
    `${claimLink(row.experiment, row.claim.id)} in [\`${row.experiment}\`](${experimentAnchor(row.experiment)}): ` +
    `${escapeMd(claimTitle(row.claim))}; passes on ${row.claim.passed} of ${plural(row.claim.judged, 'seed', 'seeds')}`
  );
}

function failuresText(ctx: SlotContext): string {
  const failing = ctx.claims.filter((r) => r.claim.verdict === 'does-not-hold');
  const notJudged = ctx.claims.filter((r) => r.claim.verdict === 'not-judged');
  const unjudged = notJudged.length > 0 ? ` ${plural(notJudged.length, 'check', 'checks')} could not be judged on any seed.` : '';
  if (failing.length === 0) return `Every check that could be judged holds.${unjudged}`;
  const groups = new Map<FailureKind, ClaimRow[]>();
  for (const row of failing) {
    const kind = failureKind(row, ctx.claims);
    groups.set(kind, [...(groups.get(kind) ?? []), row]);
  }
  const present = KINDS.filter((k) => groups.has(k.kind));
  const items = present.map(
    (k) => `- **${k.heading}** ${k.reading}\n${(groups.get(k.kind) ?? []).map((row) => `  - ${mention(row)}`).join('\n')}`,
  );
  const count = ['one kind', 'two kinds', 'three kinds', 'four kinds'][present.length - 1] ?? `${present.length} kinds`;
  return `The ${plural(failing.length, 'check that does not hold falls', 'checks that do not hold fall')} into ${count}:${unjudged}\n\n${items.join('\n')}`;
}

/** The notebook recipe's training settings, as one phrase. */
function notebookSettings(recipe: Record<string, unknown> | undefined): string | undefined {
  if (!recipe) return undefined;
  const field = (k: string) => fmtParam(recipe[k]);
  return `${field('optimizer')} at learning rate ${field('lr')} (weight decay ${field('weight_decay')}), ${field('steps')} steps of ${field('batch')} examples`;
}

function link(id: string): string {
  return `[\`${id}\`](${experimentAnchor(id)})`;
}

function deviationRows(ctx: SlotContext): string[][] {
  const present = (id: string) => ctx.input.experiments[id] !== undefined;
  const rows: string[][] = [];
  const notebookRecipe = ctx.params.recipes.find(([name]) => name === 'notebook')?.[1];
  const notebook = notebookSettings(notebookRecipe);
  if (notebook !== undefined) {
    rows.push([
      'training settings',
      'none for most experiments (optimizer, learning rate, steps, batch, initialisation)',
      `the defaults of the authors' public notebook: ${notebook}; the student draft's recipe as a second recipe for the introduction, the 20 → 5 models and the 2 → 1 phase diagram`,
      'the notebook is the closest evidence of how the paper trained; the second recipe shows which results turn on the choice',
      'Section 4; Methods',
    ]);
  }
  // runs that train on fewer examples per step than their recipe
  const notebookBatch = num(notebookRecipe?.['batch']);
  const smaller = new Map<string, number>();
  for (const run of ctx.params.runs) {
    const batch = num(run.settings.get('batch'));
    if (run.recipe === 'notebook' && run.overrides.includes('batch') && batch !== undefined && present(run.experiment)) {
      smaller.set(run.experiment, batch);
    }
  }
  if (smaller.size > 0 && notebookBatch !== undefined) {
    rows.push([
      'examples per step',
      'not given',
      `${joinAnd([...smaller].map(([id, b]) => `${b} in ${link(id)}`))}, instead of the notebook's ${fmt(notebookBatch)}`,
      'keeps the cold run of the whole document within its time budget; every density still sees each feature active in many examples per step',
      'the experiments named',
    ]);
  }
  const all = Array.isArray(ctx.params.baseSeeds) ? ctx.params.baseSeeds.length : 0;
  const capped = Object.values(ctx.input.experiments).filter((e) => e.seeds.length < all);
  rows.push([
    'repetitions',
    'one trained model per setting shown',
    `every experiment trained on up to ${plural(all, 'base seed', 'base seeds')} and each claim judged per seed, holding when it passes on enough of them` +
      (capped.length > 0 ? ` (fewer seeds for ${joinAnd(capped.map((e) => `${link(e.id)} (${e.seeds.length})`))})` : ''),
    'a verdict from one seed cannot tell a property of the model from the luck of one initialisation',
    'Claims checked; Methods',
  ]);
  const privileged = ctx.experiment('privileged-basis');
  if (privileged !== undefined) {
    rows.push([
      'restarts in a privileged basis',
      `${fmt(PAPER_RESTARTS)} models per density, the lowest loss shown`,
      `${fmt(Math.max(0, ...privileged.restarts.values()))} per density`,
      "the paper's count does not fit the time budget; a figure shows how the best loss and the regime found change with the number of restarts",
      link('privileged-basis'),
    ]);
  }
  if (present('uniform-small')) {
    rows.push([
      'the attacked model',
      'neither the model attacked nor the model its vulnerability is compared with',
      'the uniform-superposition sweep, compared with an orthogonal model of the same size',
      'every feature equally important, so superposition is the one thing that changes along the sweep',
      link('uniform-small'),
    ]);
  }
  if (present('adversarial-training')) {
    rows.push([
      'adversarial training',
      'one sentence: superposition falls only near attacks of 80 % of the input norm',
      'the analytic attack on a random feature of each example, at several fractions of the average input norm (and of each example\u2019s own norm), at three densities',
      'the paper gives no model, sizes, densities, attack sizes or schedule',
      link('adversarial-training'),
    ]);
  }
  if (present('l1-penalty')) {
    rows.push([
      'an L1 penalty on the hidden layer',
      'a remark, no experiment',
      'a sweep of the penalty at two densities of the 20 → 5 model',
      'to test the remark at all; the densities, the range of λ and the scaling of the penalty are ours',
      link('l1-penalty'),
    ]);
  }
  if (present('dynamics-correlated')) {
    rows.push([
      'two correlated triples during training',
      'shown, with no density given',
      'the densest density of the correlated experiments',
      'the paper gives none',
      link('dynamics-correlated'),
    ]);
  }
  rows.push([
    'nonlinear compression (appendix)',
    'formulas missing from the copy we could consult',
    'the ramps, the unit of ε and the decoding reconstructed from the text',
    'the words of the appendix survive, its formulas do not',
    'Appendix A',
  ]);
  rows.push([
    'claims as checks',
    'statements in prose, read off figures',
    'each statement turned into a measurement with a threshold, written before its models were trained; every later change listed with its old and new verdicts',
    'a verdict needs a rule that could have gone either way',
    'Claims checked',
  ]);
  return rows;
}

export function discussionSlots(): Record<string, SlotFn> {
  return {
    'discussion.failures': failuresText,
    'discussion.deviations_table': (ctx) => mdTable(['what', 'the paper', 'this replication', 'why', 'where'], deviationRows(ctx)),
  };
}
