// 20 → 5 experiments ('superposition', 'seed-superposition').

import { withExperiment, type SlotFn } from './context.ts';
import {
  at,
  byActivation,
  densest,
  describeImportance,
  rankingLoss,
  recipeLabel,
  sameDensity,
  type ExperimentFacts,
  type ModelFacts,
} from './facts.ts';
import {
  capitalise,
  escapeMd,
  featureList,
  fmt,
  fmtList,
  joinAnd,
  mdTable,
  pairList,
  plural,
  range,
  restartPhrase,
  spread,
} from './format.ts';
import { HIGH_SPARSITY_DENSITY, REPRESENTED_NORM } from './thresholds.ts';

export function superpositionSlots(P: string): Record<string, SlotFn> {
  const withFacts = withExperiment(P);
  const linearOf = (f: ExperimentFacts): ModelFacts[] => byActivation(f, 'linear');
  const reluOf = (f: ExperimentFacts): ModelFacts[] => byActivation(f, 'relu');

  const slots: Record<string, SlotFn> = {
    [`${P}.title`]: withFacts((f) => escapeMd(f.report.title)),
    [`${P}.recipe`]: withFacts((f, ctx) => recipeLabel(f, ctx.params, P)),
    [`${P}.features`]: withFacts((f) => String(f.features)),
    [`${P}.hidden`]: withFacts((f) => String(f.hidden)),
    [`${P}.importance`]: withFacts((f) => describeImportance(f.importance)),
    [`${P}.densities`]: withFacts((f) => {
      const ds: number[] = [];
      for (const m of f.models) if (!ds.some((d) => sameDensity(d, m.model.density))) ds.push(m.model.density);
      return fmtList(ds.sort((a, b) => b - a));
    }),
    [`${P}.restarts`]: withFacts((f) => {
      const parts: string[] = [];
      for (const [act, label] of [
        ['linear', 'the linear model'],
        ['relu', 'the ReLU model'],
      ] as const) {
        const n = f.restarts.get(act);
        if (n !== undefined) parts.push(`${restartPhrase(n)} per density for ${label}`);
      }
      const counts = new Set(f.restarts.values());
      const multi = Math.max(0, ...counts) > 1;
      const head = counts.size === 1 ? `${restartPhrase([...counts][0] ?? 0)} per density` : joinAnd(parts);
      return head + (multi ? `, keeping the restart with the lowest ${rankingLoss(f)}` : '');
    }),

    [`${P}.linear_summary`]: withFacts((f) => {
      const lin = linearOf(f);
      if (lin.length === 0) return 'No linear model was trained.';
      const top = Array.from({ length: f.hidden }, (_, i) => i);
      const isTop = (m: ModelFacts): boolean => m.represented.length === top.length && m.represented.every((i, k) => i === top[k]);
      const maxScore = Math.max(...lin.flatMap((m) => m.represented.map((i) => at(m.model.superposition, i, 'superposition'))));
      const dStars = lin.map((m) => m.model.dStar);
      const where =
        lin.length === 1
          ? `At its only density, 1−S = ${fmt(lin[0]?.model.density ?? Number.NaN)},`
          : `At ${lin.length === 2 ? 'both' : `all ${lin.length}`} densities (1−S from ${fmt(lin[0]?.model.density ?? Number.NaN)} to ${fmt(lin[lin.length - 1]?.model.density ?? Number.NaN)})`;
      if (lin.every(isTop)) {
        return (
          `${where} the linear model represents exactly the ${f.hidden} most important features (${featureList(top)}) and nothing else. ` +
          `Their largest interference score is ${fmt(maxScore)}, and D* is ${range(dStars)}.`
        );
      }
      const off = lin
        .filter((m) => !isTop(m))
        .map((m) => `at 1−S = ${fmt(m.model.density)} it represents ${m.represented.length} (${featureList(m.represented)})`);
      return (
        `The linear model does not always keep exactly the ${f.hidden} most important features (${featureList(top)}): ${joinAnd(off)}. ` +
        `The largest interference score among represented features is ${fmt(maxScore)}, and D* is ${range(dStars)}.`
      );
    }),

    [`${P}.linear_bias`]: withFacts((f) => {
      const lin = linearOf(f);
      if (lin.length === 0) return 'No linear model was trained.';
      const dropDev = lin.flatMap((m) => m.unrepresented.map((i) => Math.abs(at(m.model.b, i, 'b') - m.model.density / 2)));
      const keptDev = lin.flatMap((m) => m.represented.map((i) => Math.abs(at(m.model.b, i, 'b'))));
      const d = densest(lin);
      const example =
        d && d.unrepresented.length > 0
          ? ` At 1−S = ${fmt(d.model.density)}, where the mean is ${fmt(d.model.density / 2)}, the dropped features' biases are ${range(d.unrepresented.map((i) => at(d.model.b, i, 'b')))}.`
          : '';
      return (
        `For a linear model the best bias of a dropped feature is its mean value (1−S)/2, and that of a kept feature is 0. ` +
        (dropDev.length > 0
          ? `Over all linear models, the dropped features' biases lie within ${fmt(Math.max(...dropDev))} of (1−S)/2`
          : 'No feature was dropped') +
        `, and the kept features' biases within ${fmt(Math.max(0, ...keptDev))} of 0.${example}`
      );
    }),

    [`${P}.relu_dense`]: withFacts((f) => {
      const d = densest(reluOf(f));
      if (!d) return 'No ReLU model was trained.';
      const maxScore = Math.max(0, ...d.represented.map((i) => at(d.model.superposition, i, 'superposition')));
      const lin = linearOf(f).find((m) => sameDensity(m.model.density, d.model.density));
      const same = lin && lin.represented.length === d.represented.length && lin.represented.every((i, k) => i === d.represented[k]);
      return (
        `In the densest ReLU model (1−S = ${fmt(d.model.density)}) ${plural(d.represented.length, 'feature is', 'features are')} represented (${featureList(d.represented)}), ` +
        `${d.orthogonal.length} of them orthogonal (largest interference score ${fmt(maxScore)}), and D* = ${fmt(d.model.dStar)}` +
        (lin
          ? `; ${same ? 'these are the same features the linear model keeps' : `the linear model at that density keeps ${featureList(lin.represented)} instead`}.`
          : '.')
      );
    }),

    [`${P}.relu_counts`]: withFacts((f) => {
      const relu = reluOf(f);
      if (relu.length === 0) return 'No ReLU model was trained.';
      const parts = relu.map((m) => `${m.represented.length} (${m.orthogonal.length} orthogonal) at 1−S = ${fmt(m.model.density)}`);
      let trend = 'The count never falls as the features get sparser.';
      for (let k = 1; k < relu.length; k++) {
        const a = relu[k - 1];
        const b = relu[k];
        if (a && b && b.represented.length < a.represented.length) {
          trend = `The count is not monotone: it falls from ${a.represented.length} at 1−S = ${fmt(a.model.density)} to ${b.represented.length} at 1−S = ${fmt(b.model.density)}.`;
          break;
        }
      }
      return `Counting features with ‖Wᵢ‖ > ${fmt(REPRESENTED_NORM)}, the ReLU model represents ${joinAnd(parts)}. ${trend}`;
    }),

    [`${P}.antipodal`]: withFacts((f) => {
      const m = reluOf(f).find((x) => x.model.density < 1 - 1e-9);
      if (!m) return 'No ReLU model was trained below 1−S = 1, so there is no sparse model to inspect.';
      if (m.superposed.length === 0)
        return `At 1−S = ${fmt(m.model.density)}, the first density below 1, no feature is in superposition yet.`;
      const inPair = new Set(m.antipodalPairs.flat());
      const covered = m.superposed.filter((i) => inPair.has(i));
      const biases = m.superposed.map((i) => at(m.model.b, i, 'b'));
      return (
        `At 1−S = ${fmt(m.model.density)}, the first density below 1, ${plural(m.superposed.length, 'feature is', 'features are')} in superposition (${featureList(m.superposed)}); ` +
        (m.antipodalPairs.length > 0
          ? `they include ${plural(m.antipodalPairs.length, 'antipodal pair', 'antipodal pairs')} (${pairList(m.antipodalPairs)}), ${covered.length === m.superposed.length ? `which account for all ${covered.length}` : `which account for ${covered.length} of the ${m.superposed.length}`}`
          : 'none of them forms an antipodal pair') +
        `, and their biases ${spread(biases)}.`
      );
    }),

    [`${P}.important_last`]: withFacts((f) => {
      const relu = reluOf(f);
      if (relu.length === 0) return 'No ReLU model was trained.';
      const withOrth = relu.filter((m) => m.orthogonal.length > 0);
      const last = [...withOrth].sort((a, b) => a.model.density - b.model.density)[0];
      const isPrefix = (m: ModelFacts): boolean => m.orthogonal.every((i, k) => i === k);
      const notPrefix = relu.filter((m) => !isPrefix(m) && m !== last);
      let s: string;
      if (!last) s = 'No represented feature is orthogonal at any density.';
      else {
        const sparser = relu.filter((m) => m.model.density < last.model.density);
        s =
          `The sparsest density at which any feature still has a direction to itself is 1−S = ${fmt(last.model.density)}, where the orthogonal ${last.orthogonal.length === 1 ? 'feature is' : 'features are'} ${featureList(last.orthogonal)}` +
          (isPrefix(last)
            ? ` — the ${last.orthogonal.length === 1 ? 'most important one' : `${last.orthogonal.length} most important ones`}`
            : ` — not the ${last.orthogonal.length === 1 ? 'most important one' : `${last.orthogonal.length} most important ones`}`) +
          (sparser.length > 0
            ? `; at ${sparser.length === 1 ? 'the sparser density' : `all ${sparser.length} sparser densities`}, every represented feature is in superposition.`
            : '.');
      }
      if (notPrefix.length === 0) {
        return last && !isPrefix(last) ? s : `${s} At every density, the orthogonal features are the most important ones.`;
      }
      return `${s} The orthogonal features are not the most important ones at 1−S = ${fmtList(notPrefix.map((m) => m.model.density))} either (${joinAnd(notPrefix.map((m) => featureList(m.orthogonal)))}).`;
    }),

    [`${P}.negative_bias`]: withFacts((f) => {
      const high = reluOf(f).filter((m) => m.model.density <= HIGH_SPARSITY_DENSITY * (1 + 1e-9));
      if (high.length === 0) return `No ReLU model was trained at 1−S ≤ ${fmt(HIGH_SPARSITY_DENSITY)}.`;
      const parts = high.map((m) => {
        const neg = m.represented.filter((i) => at(m.model.b, i, 'b') < 0);
        const minB = Math.min(...m.represented.map((i) => at(m.model.b, i, 'b')));
        return `at 1−S = ${fmt(m.model.density)}, ${neg.length} of ${m.represented.length} represented features have a negative bias (lowest ${fmt(minB)}) and the largest off-diagonal entry of WᵀW is ${fmt(m.maxOverlap)}`;
      });
      return `${capitalise(parts.join('; '))}.`;
    }),

    [`${P}.table`]: withFacts((f) => {
      const multi = Math.max(0, ...f.restarts.values()) > 1;
      const header = [
        'output',
        '1−S',
        ...(multi ? ['replica kept'] : []),
        'represented (orthogonal)',
        'antipodal pairs',
        'D*',
        'lowest bᵢ',
        'largest Wᵢ·Wⱼ, i ≠ j',
        'held-out loss',
      ];
      const rows = f.models.map((m) => [
        m.model.activation === 'relu' ? 'ReLU' : m.model.activation,
        fmt(m.model.density),
        ...(multi ? [String(m.model.replica)] : []),
        `${m.represented.length} (${m.orthogonal.length})`,
        String(m.antipodalPairs.length),
        fmt(m.model.dStar),
        fmt(Math.min(...m.model.b)),
        fmt(m.maxOverlap),
        fmt(m.model.evalLoss),
      ]);
      return mdTable(header, rows);
    }),
  };
  return slots;
}
