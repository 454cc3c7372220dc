// 5 → 2 experiments ('intro', 'seed-intro').

import { lossForRanking } from '../../analysis/metrics.ts';
import { withExperiment, type SlotFn } from './context.ts';
import { describe2D } from './describe-2d.ts';
import { at, densest, describeImportance, nearest, rankingLoss, recipeLabel, sameDensity, type ModelFacts } from './facts.ts';
import {
  escapeMd,
  featureList,
  fmt,
  fmtDeg,
  fmtList,
  fmtSparsity,
  joinAnd,
  mdTable,
  pairList,
  range,
  restartPhrase,
  spread,
} from './format.ts';
import { PAPER_ANTIPODAL_DENSITY } from './thresholds.ts';

export function introSlots(P: string): Record<string, SlotFn> {
  const withFacts = withExperiment(P);
  const slots: Record<string, SlotFn> = {
    [`${P}.title`]: withFacts((f) => escapeMd(f.report.title)),
    [`${P}.recipe`]: withFacts((f, ctx) => recipeLabel(f, ctx.params, P)),
    [`${P}.features`]: withFacts((f) => String(f.features)),
    [`${P}.hidden`]: withFacts((f) => String(f.hidden)),
    [`${P}.importance`]: withFacts((f) => describeImportance(f.importance)),
    [`${P}.densities`]: withFacts((f) => fmtList(f.models.map((m) => m.model.density))),
    [`${P}.density_count`]: withFacts((f) => String(f.models.length)),
    [`${P}.density_max`]: withFacts((f) => fmt(Math.max(...f.models.map((m) => m.model.density)))),
    [`${P}.density_min`]: withFacts((f) => fmt(Math.min(...f.models.map((m) => m.model.density)))),
    [`${P}.restarts`]: withFacts((f) => {
      const n = Math.max(0, ...f.restarts.values());
      return n > 1 ? `${restartPhrase(n)} per density, keeping the one with the lowest ${rankingLoss(f)}` : 'one restart per density';
    }),

    [`${P}.dense_summary`]: withFacts((f) => {
      const d = densest(f.models);
      if (!d) return 'No model was trained.';
      return (
        `The densest model (1−S = ${fmt(d.model.density)}) ${describe2D(d, f.features)}.` +
        (d.represented.length > 0
          ? ` The represented ${d.represented.length === 1 ? 'feature has norm' : 'features have norms'} ${joinAnd(d.represented.map((i) => fmt(at(d.model.norms, i, 'norms'))))}.`
          : '')
      );
    }),

    [`${P}.near_antipodal`]: withFacts((f) => {
      const m = nearest(f.models, PAPER_ANTIPODAL_DENSITY);
      if (!m) return 'No model was trained.';
      const exact = sameDensity(m.model.density, PAPER_ANTIPODAL_DENSITY);
      return exact
        ? `At the paper's ${fmtSparsity(PAPER_ANTIPODAL_DENSITY)} sparsity (1−S = ${fmt(m.model.density)}), the model ${describe2D(m, f.features)}.`
        : `The density closest to the paper's ${fmtSparsity(PAPER_ANTIPODAL_DENSITY)} sparsity is 1−S = ${fmt(m.model.density)} (${fmtSparsity(m.model.density)} sparsity); there the model ${describe2D(m, f.features)}.`;
    }),

    [`${P}.all_represented`]: withFacts((f) => {
      const full = f.models.filter((m) => m.represented.length === f.features);
      if (full.length === 0) {
        const best = [...f.models].sort((a, b) => b.represented.length - a.represented.length || b.model.density - a.model.density)[0];
        if (!best) return 'No model was trained.';
        return `No model in the sweep represents all ${f.features} features: the most any model represents is ${best.represented.length}, at 1−S = ${fmt(best.model.density)}.`;
      }
      const ideal = 360 / f.features;
      const err = (m: ModelFacts): number => Math.max(...m.gaps.map((g) => Math.abs(g - ideal)));
      const even = [...full].sort((a, b) => err(a) - err(b) || b.model.density - a.model.density)[0] ?? full[0];
      if (!even) return '';
      const norms = even.represented.map((i) => at(even.model.norms, i, 'norms'));
      const biases = even.represented.map((i) => at(even.model.b, i, 'b'));
      const nb = even.represented.map((i) => at(even.model.norms, i, 'norms') ** 2 + at(even.model.b, i, 'b'));
      return (
        `All ${f.features} features are represented at ${full.length === 1 ? 'one density' : `${full.length} densities`}, 1−S = ${fmtList(full.map((m) => m.model.density))}. ` +
        `The most even arrangement is at 1−S = ${fmt(even.model.density)} (${fmtSparsity(even.model.density)} sparsity): neighbouring features are ${joinAnd(even.gaps.map(fmtDeg))} apart ` +
        `(a regular ${f.features === 5 ? 'pentagon' : `${f.features}-gon`} has ${fmtDeg(ideal)} gaps); the norms ‖Wᵢ‖ ${spread(norms)}, the biases bᵢ ${spread(biases)}, and ‖Wᵢ‖² + bᵢ ${spread(nb)}.`
      );
    }),

    [`${P}.per_density`]: withFacts((f) =>
      f.models.length === 0
        ? 'No model was trained.'
        : f.models
            .map(
              (m) =>
                `- At 1−S = ${fmt(m.model.density)} (${fmtSparsity(m.model.density)} sparsity), the model ${describe2D(m, f.features)}.`,
            )
            .join('\n'),
    ),

    [`${P}.table`]: withFacts((f) => {
      const multi = Math.max(0, ...f.restarts.values()) > 1;
      const header = [
        '1−S',
        'S',
        ...(multi ? ['restart kept'] : []),
        'represented',
        'antipodal pairs',
        'angular gaps',
        '‖Wᵢ‖ (represented)',
        'bᵢ (represented)',
        rankingLoss(f),
      ];
      const rows = f.models.map((m) => {
        const norms = m.represented.map((i) => at(m.model.norms, i, 'norms'));
        const biases = m.represented.map((i) => at(m.model.b, i, 'b'));
        return [
          fmt(m.model.density),
          fmtSparsity(m.model.density),
          ...(multi ? [String(m.model.replica)] : []),
          `${m.represented.length}: ${featureList(m.represented)}`,
          m.antipodalPairs.length > 0 ? pairList(m.antipodalPairs) : '—',
          m.gaps.length > 2 ? m.gaps.map(fmtDeg).join(', ') : m.gaps.length === 2 ? fmtDeg(Math.min(...m.gaps)) : '—',
          range(norms),
          range(biases),
          fmt(lossForRanking(m.model)),
        ];
      });
      return mdTable(header, rows);
    }),
  };
  return slots;
}
