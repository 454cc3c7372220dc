// The two recipes compared.

import { claimAnchor, claimLink, verdictWords } from './claim-prose.ts';
import type { ClaimRow, SlotContext, SlotFn } from './context.ts';
import { describeImportance, nearest, recipeName, sameDensity, type ModelFacts } from './facts.ts';
import { capitalise, featureList, fmt, fmtExact, joinAnd, mdTable, pairList, plural } from './format.ts';
import { get, num, type RunConfig } from './params-view.ts';
import { recipesTable, runsTable } from './params-tables.ts';

function experimentFeatures(ctx: SlotContext, id: string): number | undefined {
  const f = ctx.experiment(id);
  if (f) return f.features;
  const e = ctx.params.experiments.find(([name]) => name === id)?.[1];
  return e ? num(get(e, 'features')) : undefined;
}

function perBatchRuns(ctx: SlotContext): RunConfig[] {
  return ctx.params.runs.filter((r) => r.settings.get('mask') === 'per_batch');
}

export function compareSlots(): Record<string, SlotFn> {
  return {
    'compare.recipes_table': recipesTable,
    'compare.seed_runs_table': (ctx) => {
      const seedRecipes = new Set(ctx.params.runs.filter((r) => r.recipe !== 'notebook').map((r) => r.recipe));
      return runsTable(ctx.params.runs.filter((r) => seedRecipes.has(r.recipe)));
    },

    'compare.empty_steps': (ctx) => {
      const parts: string[] = [];
      const seen = new Set<string>();
      for (const r of perBatchRuns(ctx)) {
        if (seen.has(r.experiment)) continue;
        seen.add(r.experiment);
        const F = experimentFeatures(ctx, r.experiment);
        const f = ctx.experiment(r.experiment);
        const ds = f
          ? f.models.map((m) => m.model.density)
          : ctx.params.runs
              .filter((x) => x.experiment === r.experiment)
              .flatMap((x) => (Array.isArray(x.densities) ? x.densities.filter((d): d is number => typeof d === 'number') : []));
        if (F === undefined || ds.length === 0) continue;
        const d = Math.min(...ds);
        parts.push(`${fmt((1 - d) ** F * 100)} % of steps at 1−S = ${fmt(d)} in \`${r.experiment}\` (${F} features)`);
      }
      if (parts.length === 0) return 'No run in this configuration shares one mask across its batch.';
      return `With one shared mask, a whole step has no active feature with probability Sⁿ: ${joinAnd(parts)}. Such a step gives W no gradient at all; only the bias learns from it.`;
    },

    'compare.sum_scale': (ctx) => {
      const sumRuns = ctx.params.runs.filter((r) => r.settings.get('loss') === 'sum');
      if (sumRuns.length === 0) return 'No run in this configuration sums its loss.';
      const factors: string[] = [];
      const seen = new Set<string>();
      const sgd: string[] = [];
      for (const r of sumRuns) {
        const B = num(r.settings.get('batch'));
        const F = experimentFeatures(ctx, r.experiment);
        if (B === undefined || F === undefined) continue;
        const key = `${r.experiment}|${B}`;
        if (!seen.has(key)) {
          seen.add(key);
          factors.push(`${B} × ${F} = ${fmtExact(B * F)} in \`${r.experiment}\``);
        }
        const lr = num(r.settings.get('lr'));
        if (r.settings.get('optimizer') === 'sgd' && lr !== undefined) {
          sgd.push(
            `run ${r.run} of \`${r.experiment}\` (SGD, lr ${fmtExact(lr)}) therefore takes steps as large as SGD with lr ${fmt(lr * B * F)} on the mean loss`,
          );
        }
      }
      return (
        `A sum over a batch of B examples and n features is B·n times the mean, and so is its gradient: ${joinAnd(factors)}. ` +
        'Adam and RMSprop divide each gradient by a running estimate of its own scale, so for them the factor cancels except through ε; plain SGD has no such normalisation' +
        (sgd.length > 0 ? `, and ${joinAnd(sgd)}.` : '.')
      );
    },

    'compare.intro_table': (ctx) => {
      const nb = ctx.experiment('intro');
      const sd = ctx.experiment('seed-intro');
      if (!nb || !sd) return undefined;
      const cell = (m: ModelFacts): string =>
        `${m.represented.length}: ${featureList(m.represented)}${m.antipodalPairs.length > 0 ? `; pairs ${pairList(m.antipodalPairs)}` : ''}`;
      const rows = sd.models.map((s) => {
        const n = nearest(nb.models, s.model.density);
        return [fmt(s.model.density), cell(s), n ? fmt(n.model.density) : '—', n ? cell(n) : '—'];
      });
      return mdTable(
        [
          '1−S (student)',
          'student recipe: represented; antipodal pairs',
          'nearest 1−S (notebook)',
          'notebook recipe: represented; antipodal pairs',
        ],
        rows,
      );
    },

    'compare.intro_summary': (ctx) => {
      const nb = ctx.experiment('intro');
      const sd = ctx.experiment('seed-intro');
      if (!nb || !sd) return undefined;
      const diffs: string[] = [];
      let same = 0;
      for (const s of sd.models) {
        const n = nearest(nb.models, s.model.density);
        if (!n) continue;
        if (n.represented.length === s.represented.length) same++;
        else {
          const where = sameDensity(n.model.density, s.model.density) ? '' : ` (at 1−S = ${fmt(n.model.density)})`;
          diffs.push(
            `at 1−S = ${fmt(s.model.density)} the student's recipe represents ${s.represented.length} features where the notebook's represents ${n.represented.length}${where}`,
          );
        }
      }
      const impSame =
        sd.importance.length === nb.importance.length &&
        sd.importance.every((v, i) => Math.abs(v - (nb.importance[i] ?? Number.NaN)) < 1e-9);
      return (
        `Comparing each of the student's ${plural(sd.models.length, 'model', 'models')} with the notebook model at the nearest density, the number of represented features agrees at ${same} of ${sd.models.length}` +
        (diffs.length > 0 ? `; ${joinAnd(diffs)}.` : '.') +
        (impSame
          ? ''
          : ` The two experiments also use different importances (${describeImportance(sd.importance)} against ${describeImportance(nb.importance)}), so their held-out losses are not comparable.`)
      );
    },

    'compare.superposition_table': (ctx) => {
      const pairs = superpositionPairs(ctx);
      if (!pairs) return undefined;
      if (pairs.length === 0) return '*(The two recipes share no (output, density) combination.)*';
      const rows = pairs.map(([n, s]) => [
        n.model.activation === 'relu' ? 'ReLU' : n.model.activation,
        fmt(n.model.density),
        `${n.represented.length} (${n.orthogonal.length})`,
        `${s.represented.length} (${s.orthogonal.length})`,
        fmt(n.model.dStar),
        fmt(s.model.dStar),
        fmt(n.model.evalLoss),
        fmt(s.model.evalLoss),
      ]);
      return mdTable(
        [
          'output',
          '1−S',
          'notebook: represented (orthogonal)',
          'student: represented (orthogonal)',
          'notebook D*',
          'student D*',
          'notebook held-out loss',
          'student held-out loss',
        ],
        rows,
      );
    },

    'compare.superposition_summary': (ctx) => {
      const pairs = superpositionPairs(ctx);
      if (!pairs) return undefined;
      if (pairs.length === 0)
        return 'The two recipes were not run at any common (output, density) combination, so they cannot be compared directly.';
      const sameCount = pairs.filter(([n, s]) => n.represented.length === s.represented.length).length;
      const diffs = pairs
        .filter(([n, s]) => n.represented.length !== s.represented.length)
        .map(
          ([n, s]) =>
            `${s.represented.length} instead of ${n.represented.length} at 1−S = ${fmt(n.model.density)} (${n.model.activation === 'relu' ? 'ReLU' : n.model.activation})`,
        );
      const worse = pairs.filter(([n, s]) => s.model.evalLoss > n.model.evalLoss);
      const ratios = pairs.map(([n, s]) => s.model.evalLoss / n.model.evalLoss).filter((r) => Number.isFinite(r));
      const worst = pairs.reduce<[ModelFacts, ModelFacts] | undefined>(
        (acc, p) => (!acc || p[1].model.evalLoss / p[0].model.evalLoss > acc[1].model.evalLoss / acc[0].model.evalLoss ? p : acc),
        undefined,
      );
      return (
        `At the ${plural(pairs.length, 'combination', 'combinations')} of output and density that both recipes trained, the number of represented features agrees at ${sameCount}` +
        (diffs.length > 0 ? `; the student's recipe represents ${joinAnd(diffs)}.` : '.') +
        ` The student's recipe ends with the higher held-out loss at ${worse.length} of ${pairs.length}` +
        (ratios.length > 0 && worst
          ? ` (student ÷ notebook loss ranges from ${fmt(Math.min(...ratios))} to ${fmt(Math.max(...ratios))}, the largest at 1−S = ${fmt(worst[0].model.density)})`
          : '') +
        '.'
      );
    },

    'compare.claims': (ctx) => {
      const byRecipe = claimsByRecipe(ctx);
      if (byRecipe.length === 0) return 'No claim checks were run.';
      const tally = byRecipe.map(
        ([r, rows]) => `${recipeName(r)} recipe ${rows.filter((x) => x.claim.verdict === 'holds').length} of ${rows.length}`,
      );
      const flips: string[] = [];
      for (const [a, b] of [...RECIPE_PAIRS, ['phase-n2m1', 'seed-phase-n2m1']] as const) {
        const A = ctx.input.experiments[a];
        const B = ctx.input.experiments[b];
        if (!A || !B) continue;
        for (const ca of A.claims) {
          const cb = B.claims.find((c) => c.id === ca.id);
          if (cb && cb.verdict !== ca.verdict) {
            flips.push(
              `${claimLink(a, ca.id)} ${verdictWords(ca)} in \`${a}\` (${ca.passed}/${ca.judged}) but ${verdictWords(cb)} in [\`${b}\`](#${claimAnchor(b, cb.id)}) (${cb.passed}/${cb.judged})`,
            );
          }
        }
      }
      return (
        `Claims that hold, by recipe: ${joinAnd(tally)}. ` +
        (flips.length > 0
          ? `Claims whose verdict depends on the recipe: ${joinAnd(flips)}.`
          : 'No claim that both recipes were checked against has a different verdict under the two recipes.')
      );
    },

    'compare.dead_features': (ctx) => {
      const rows = deadFeatureCounts(ctx).map((c) => [
        `\`${c.id}\``,
        recipeName(c.recipe),
        String(c.seeds),
        String(c.models),
        String(c.unrepresented),
        String(c.dead),
        c.unrepresented > 0 ? `${fmt((100 * c.dead) / c.unrepresented)} %` : '—',
      ]);
      if (rows.length === 0) return '*(Neither recipe was run.)*';
      return mdTable(
        [
          'experiment',
          'recipe',
          'base seeds',
          'ReLU models shown (all seeds)',
          'features not represented',
          'of them dead (b < 0)',
          'share dead',
        ],
        rows,
      );
    },
    'compare.dead_summary': (ctx) => {
      const counts = deadFeatureCounts(ctx);
      const pct = (c: DeadCount): string => `${c.dead} of ${c.unrepresented} (${fmt((100 * c.dead) / Math.max(1, c.unrepresented))} %)`;
      const pairs = RECIPE_PAIRS.flatMap(([nb, sd]) => {
        const a = counts.find((c) => c.id === nb);
        const b = counts.find((c) => c.id === sd);
        return a && b
          ? [`${pct(b)} of the features the student's \`${sd}\` models leave unrepresented are dead, against ${pct(a)} in \`${nb}\``]
          : [];
      });
      return pairs.length === 0 ? '' : `${capitalise(joinAnd(pairs))}.`;
    },

    'compare.claims_short': (ctx) => {
      const byRecipe = claimsByRecipe(ctx);
      if (byRecipe.length === 0) return '';
      return `By recipe, ${joinAnd(byRecipe.map(([r, rows]) => `${rows.filter((x) => x.claim.verdict === 'holds').length} of the ${plural(rows.length, 'claim', 'claims')} checked under the ${recipeName(r)} recipe hold`))}.`;
    },
  };
}

interface DeadCount {
  id: string;
  recipe: string;
  seeds: number;
  models: number;
  unrepresented: number;
  dead: number;
}

/** Unrepresented and dead features over every base seed's selected ReLU models, for the experiments of both recipes. */
function deadFeatureCounts(ctx: SlotContext): DeadCount[] {
  return RECIPE_PAIRS.flatMap(([a, b]) => [a, b]).flatMap((id) => {
    const e = ctx.input.experiments[id];
    if (e === undefined) return [];
    const relu = e.seedModels.flatMap((s) => s.models.filter((m) => m.activation === 'relu'));
    return [
      {
        id,
        recipe: ctx.experiment(id)?.recipes[0] ?? '',
        seeds: e.seeds.length,
        models: relu.length,
        unrepresented: relu.reduce((n, m) => n + m.unrepresented, 0),
        dead: relu.reduce((n, m) => n + m.dead, 0),
      },
    ];
  });
}

/** The experiments trained under both recipes: the notebook's and the student's. */
const RECIPE_PAIRS = [
  ['intro', 'seed-intro'],
  ['superposition', 'seed-superposition'],
] as const;

function superpositionPairs(ctx: SlotContext): Array<[ModelFacts, ModelFacts]> | undefined {
  const nb = ctx.experiment('superposition');
  const sd = ctx.experiment('seed-superposition');
  if (!nb || !sd) return undefined;
  const pairs: Array<[ModelFacts, ModelFacts]> = [];
  for (const n of nb.models) {
    const s = sd.models.find((m) => m.model.activation === n.model.activation && sameDensity(m.model.density, n.model.density));
    if (s) pairs.push([n, s]);
  }
  return pairs;
}

function claimsByRecipe(ctx: SlotContext): Array<[string, ClaimRow[]]> {
  const out: Array<[string, ClaimRow[]]> = [];
  for (const row of ctx.claims) {
    const key = ctx.experiment(row.experiment)?.recipes.join(', ') || row.recipe;
    let entry = out.find(([k]) => k === key);
    if (!entry) {
      entry = [key, []];
      out.push(entry);
    }
    entry[1].push(row);
  }
  return out;
}
