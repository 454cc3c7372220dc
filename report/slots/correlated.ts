// Correlated and anticorrelated feature sets ('correlated-pairs', 'anticorrelated-pairs',
// 'correlated-collapse', 'correlated-local'): setup, per-density tables and the claims. Thresholds are
// analysis/correlated.ts's.

import { CORRELATED_THRESHOLDS, PAPER_COLLAPSE_REGIMES, collapsedPairs, localBasisStats, setPairs } from '../../analysis/correlated.ts';
import type { FeatureSet } from '../../core/types.ts';
import { withExperiment, type SlotFn } from './context.ts';
import { describeImportance, rankingLoss, recipeLabel, type ExperimentFacts } from './facts.ts';
import { lossForRanking } from '../../analysis/metrics.ts';
import { fmt, fmtList, joinAnd, mdTable, restartPhrase } from './format.ts';
import { REPRESENTED_NORM } from './thresholds.ts';

export function correlatedSlots(P: string): Record<string, SlotFn> {
  const withFacts = withExperiment(P);
  const setsOf = (f: ExperimentFacts): FeatureSet[] => f.report.analysis.featureSets ?? [];
  return {
    [`${P}.setup`]: withFacts((f, ctx) => {
      const sets = setsOf(f);
      const kinds = [...new Set(sets.map((t) => t.kind))];
      const setText = sets.map((t) => `{${[...t.features].sort((a, b) => a - b).join(', ')}}`);
      const densities = [...new Set(f.models.map((m) => m.model.density))];
      const restarts = Math.max(0, ...f.restarts.values());
      return `${f.features} features in ${f.hidden} hidden dimensions, ${describeImportance(f.importance)}, in ${sets.length} ${kinds.join(' and ')} ${sets.length === 1 ? 'set' : 'sets'} ${joinAnd(setText)}, trained with the ${recipeLabel(f, ctx.params, P)} recipe at ${densities.length === 1 ? `1−S = ${fmt(densities[0] ?? Number.NaN)}` : `${densities.length} densities 1−S from ${fmt(Math.max(...densities))} down to ${fmt(Math.min(...densities))}`}, with ${restartPhrase(restarts)} per density (${f.report.analysis.models.length} models in all)`;
    }),
    [`${P}.table`]: withFacts((f) => {
      const sets = setsOf(f);
      if (f.hidden === 2) {
        const pairs = f.models[0] ? setPairs(f.models[0].model.W, sets) : [];
        const t = CORRELATED_THRESHOLDS;
        // what every replica of the density found, so that a lowest-loss pick between near-equal layouts shows
        const layout = (W: number[][]): string => {
          const ps = setPairs(W, sets);
          if (ps.every((p) => p.represented && p.cos < t.antipodalCos)) return 'antipodal';
          if (ps.every((p) => p.represented && Math.abs(p.cos) < t.orthogonalCos)) return 'orthogonal';
          return `${collapsedPairs(W, sets)} collapsed`;
        };
        const header = [
          '1−S',
          ...pairs.map((p) => `cos(W${p.i}, W${p.j})`),
          'collapsed pairs',
          '‖Wᵢ‖',
          rankingLoss(f),
          `partners in every restart, by ${rankingLoss(f)} (lowest first)`,
        ];
        const rows = f.models.map((m) => {
          const ps = setPairs(m.model.W, sets);
          const replicas = f.report.analysis.models
            .filter((r) => r.run === m.model.run && r.density === m.model.density)
            .sort((x, y) => lossForRanking(x) - lossForRanking(y) || x.replica - y.replica)
            .map((r) => `${layout(r.W)} (${fmt(lossForRanking(r))})`);
          return [
            fmt(m.model.density),
            ...ps.map((p) => fmt(p.cos)),
            String(collapsedPairs(m.model.W, sets)),
            fmtList(m.model.norms, 2),
            fmt(lossForRanking(m.model)),
            replicas.join('; '),
          ];
        });
        return mdTable(header, rows);
      }
      const rows = f.models.map((m) => {
        const st = localBasisStats(m.model.W, sets);
        return [
          fmt(m.model.density),
          st.representedPerSet.join(' + '),
          fmt(st.maxWithinCos),
          fmt(st.meanWithinCos),
          fmt(st.meanAcrossCos),
          fmt(lossForRanking(m.model)),
        ];
      });
      return mdTable(
        ['1−S', 'represented per set', 'max within-set |cos|', 'mean within-set |cos|', 'mean across-set |cos|', rankingLoss(f)],
        rows,
      );
    }),
    [`${P}.layout_summary`]: withFacts((f) => {
      // how often training found each layout of the partners, over every replica (not only the lowest-loss ones)
      const sets = setsOf(f);
      const t = CORRELATED_THRESHOLDS;
      const all = f.report.analysis.models;
      const antipodal = all.filter((m) => setPairs(m.W, sets).every((p) => p.represented && p.cos < t.antipodalCos)).length;
      const orthogonal = all.filter((m) => setPairs(m.W, sets).every((p) => p.represented && Math.abs(p.cos) < t.orthogonalCos)).length;
      const densities = f.models.length;
      const withAntipodal = f.models.filter((m) =>
        all.some(
          (r) =>
            r.run === m.model.run &&
            r.density === m.model.density &&
            setPairs(r.W, sets).every((p) => p.represented && p.cos < t.antipodalCos),
        ),
      ).length;
      return `Of all ${all.length} trained models, ${antipodal} have every pair of partners antipodal and ${orthogonal} have every pair orthogonal; at ${withAntipodal} of the ${densities} densities at least one restart found the antipodal layout.`;
    }),
  };
}

export function correlatedMethodSlots(): Record<string, SlotFn> {
  const t = CORRELATED_THRESHOLDS;
  return {
    'correlated.thresholds': () =>
      `two partners count as orthogonal when |cos| < ${fmt(t.orthogonalCos)}, as antipodal when cos < ${fmt(t.antipodalCos)}, and a correlated pair as collapsed onto one direction when both are represented (‖Wᵢ‖ > ${fmt(REPRESENTED_NORM)}) and cos > ${fmt(t.collapseCos)}; inside a set of ten, the basis counts as locally orthogonal when every |cos| between represented members is below ${fmt(t.localCos)}`,
    'correlated.regimes': () => {
      const last = PAPER_COLLAPSE_REGIMES[PAPER_COLLAPSE_REGIMES.length - 1];
      const gaps = PAPER_COLLAPSE_REGIMES.slice(1).filter((r, k) => r.from > (PAPER_COLLAPSE_REGIMES[k]?.to ?? r.from));
      const stated = joinAnd(
        PAPER_COLLAPSE_REGIMES.map(
          (r) =>
            `${r.collapsed} for 1−S in ${r.from === 0 ? `(0, ${fmt(r.to)}]` : `${r.from === 0.25 ? '[' : '('}${fmt(r.from)}, ${fmt(r.to)}]`}`,
        ),
      );
      const unstated = [
        ...gaps.map((r) => `between ${fmt(PAPER_COLLAPSE_REGIMES[PAPER_COLLAPSE_REGIMES.indexOf(r) - 1]?.to ?? 0)} and ${fmt(r.from)}`),
        `above ${fmt(last?.to ?? 1)}`,
      ];
      return `${stated}; it gives no count ${joinAnd(unstated)}`;
    },
    'correlated.arena_densities': () => '1−S = 400^(−t) for five values of t evenly spaced from 0.5 to 1, i.e. from 0.05 down to 0.0025',
  };
}
