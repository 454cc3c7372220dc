// Uniform superposition ('uniform'): D* and feature dimensionalities. The bands (±0.05 around D* = 1/2,
// ±0.03 around each fraction, D* ≤ 0.55 for "in superposition") are the claim checks' own, so that
// the prose and the checks count the same things.

import { UNIFORM_TOLERANCES, fractionRangeFloor } from '../../analysis/claims.ts';
import {
  DIMENSIONALITY_FRACTIONS,
  NOTEBOOK_SPARSE_FRACTIONS,
  dimensionalitySum,
  fractionHistogram,
  longestPlateau,
} from '../../analysis/geometry.ts';
import { componentSizes } from '../../analysis/feature-graph.ts';
import { withExperiment, type SlotFn } from './context.ts';
import { at, byActivation, describeImportance, rankingLoss, recipeLabel, type ExperimentFacts, type ModelFacts } from './facts.ts';
import { fmt, joinAnd, mdTable, plural, range, restartPhrase } from './format.ts';
import { REPRESENTED_NORM } from './thresholds.ts';

/** what a connected group of this many features is in the paper's reading of the graphs: [one, many] */
const GRAPH_NAMES: Record<number, [string, string]> = {
  1: ['feature alone in its subspace', 'features alone in their subspaces'],
  2: ['digon (antipodal pair)', 'digons (antipodal pairs)'],
  3: ['triangle', 'triangles'],
  5: ['pentagon', 'pentagons'],
};

export function uniformSlots(P: string): Record<string, SlotFn> {
  const withFacts = withExperiment(P);
  const T = UNIFORM_TOLERANCES;
  /** the ReLU models, densest first */
  const modelsOf = (f: ExperimentFacts): ModelFacts[] => byActivation(f, 'relu').sort((a, b) => b.model.density - a.model.density);
  const inv = (d: number): string => fmt(1 / d);
  const densityAt = (d: number): string => `1−S = ${fmt(d)} (1/(1−S) = ${inv(d)})`;
  const representedDims = (ms: readonly ModelFacts[]): number[] =>
    ms.flatMap((m) => m.represented.map((i) => at(m.model.dimensionality, i, 'dimensionality')));
  const frobenius = (m: ModelFacts): number => m.model.norms.reduce((a, n) => a + n * n, 0);
  /** the models whose D* lies within the range of the paper's fractions (those dimensionality_fractions judges), and the sparser ones */
  const byRange = (f: ExperimentFacts): { inRange: ModelFacts[]; beyond: ModelFacts[] } => {
    const ms = modelsOf(f);
    const floor = fractionRangeFloor();
    return { inRange: ms.filter((m) => m.model.dStar >= floor), beyond: ms.filter((m) => m.model.dStar < floor) };
  };
  const fractionWords = joinAnd(DIMENSIONALITY_FRACTIONS.map((fr) => `${fr.label} (${fr.structure})`));
  /**
   * the models the graph figure draws, and the sparsest, which it leaves out, with their components: the
   * analysis's feature graphs (metrics.json derived.featureGraphs, analysis/feature-graph.ts)
   */
  const graphModels = (f: ExperimentFacts) =>
    (f.report.analysis.derived?.featureGraphs ?? []).map(({ model, components }) => {
      const analysed = at(f.report.analysis.models, model, 'feature graph model');
      const m = f.models.find((mf) => mf.model === analysed);
      if (m === undefined) throw new Error(`experiment '${f.report.id}': feature graph model ${model} is not a selected model`);
      return { m, components, sizes: componentSizes(components) };
    });

  const slots: Record<string, SlotFn> = {
    [`${P}.features`]: withFacts((f) => String(f.features)),
    [`${P}.hidden`]: withFacts((f) => String(f.hidden)),
    [`${P}.importance`]: withFacts((f) => describeImportance(f.importance)),
    [`${P}.recipe`]: withFacts((f, ctx) => recipeLabel(f, ctx.params, P)),
    [`${P}.density_count`]: withFacts((f) => String(modelsOf(f).length)),
    [`${P}.density_max`]: withFacts((f) => densityAt(Math.max(...modelsOf(f).map((m) => m.model.density)))),
    [`${P}.density_min`]: withFacts((f) => densityAt(Math.min(...modelsOf(f).map((m) => m.model.density)))),
    [`${P}.restarts`]: withFacts((f) => {
      const n = f.restarts.get('relu') ?? 0;
      return n > 1 ? `${restartPhrase(n)} per density, keeping the one with the lowest ${rankingLoss(f)}` : 'one restart per density';
    }),
    [`${P}.fractions`]: () => fractionWords,

    [`${P}.dstar_summary`]: withFacts((f) => {
      const ms = modelsOf(f);
      const first = ms[0];
      const last = ms[ms.length - 1];
      if (!first || !last) return 'No ReLU model was trained.';
      const plateau = longestPlateau(
        ms.map((m) => m.model.dStar),
        0.5,
        T.dStarPlateau,
      );
      const head =
        `At the densest setting, ${densityAt(first.model.density)}, D* = ${fmt(first.model.dStar)}, and ${first.represented.length === 0 ? 'no feature' : plural(first.represented.length, 'feature', 'features')} ${first.represented.length <= 1 ? 'has' : 'have'} ‖Wᵢ‖ > ${fmt(REPRESENTED_NORM)}` +
        (first.represented.length < f.hidden
          ? `: the model spreads its ${fmt(frobenius(first))} units of ‖W‖² over many short directions (largest ‖Wᵢ‖ ${fmt(Math.max(...first.model.norms))}) instead of giving ${f.hidden} features one axis each.`
          : '.');
      let mid: string;
      if (plateau === null) {
        mid = `No density has D* within ±${fmt(T.dStarPlateau)} of 1/2.`;
      } else {
        const hi = at(ms, plateau.first, 'models');
        const lo = at(ms, plateau.last, 'models');
        mid =
          plateau.length === 1
            ? `D* comes within ±${fmt(T.dStarPlateau)} of 1/2 at one density only, ${densityAt(hi.model.density)}.`
            : `D* stays within ±${fmt(T.dStarPlateau)} of 1/2 over ${plateau.length} consecutive densities, from 1−S = ${fmt(hi.model.density)} to ${fmt(lo.model.density)} (1/(1−S) from ${inv(hi.model.density)} to ${inv(lo.model.density)}), with values ${range(ms.slice(plateau.first, plateau.last + 1).map((m) => m.model.dStar))}.`;
      }
      const tail = `At the sparsest setting, ${densityAt(last.model.density)}, D* = ${fmt(last.model.dStar)} with ${plural(last.represented.length, 'feature', 'features')} represented.`;
      return `${head} ${mid} ${tail}`;
    }),

    [`${P}.fractions_summary`]: withFacts((f) => {
      const { inRange, beyond } = byRange(f);
      const h = fractionHistogram(representedDims(inRange), T.fraction);
      const hb = fractionHistogram(representedDims(beyond), T.fraction, NOTEBOOK_SPARSE_FRACTIONS);
      if (h.total + hb.total === 0) return 'No model represents any feature, so there are no dimensionalities to sort.';
      const floor = fmt(fractionRangeFloor());
      const sparse =
        beyond.length === 0
          ? ''
          : ` The ${plural(beyond.length, 'sparser model', 'sparser models')}, with D* below ${floor}, hold less than 3/8 of a dimension per feature on average, outside the range of the paper's fractions; ${hb.matched} of their ${hb.total} represented features (${fmt(hb.share * 100)} %) lie within ±${fmt(T.fraction)} of the lines the notebook draws there, ${joinAnd(NOTEBOOK_SPARSE_FRACTIONS.map((fr, k) => `${fr.label} (${hb.counts[k] ?? 0})`))}.`;
      const main =
        inRange.length === 0
          ? `No model has D* ≥ ${floor}, the range of the paper's fractions.`
          : `In the ${plural(inRange.length, 'model', 'models')} whose D* is at least ${floor} (the range the paper's fractions cover), ${h.total} represented features (‖Wᵢ‖ > ${fmt(REPRESENTED_NORM)}) have a dimensionality; ${h.matched} of them (${fmt(h.share * 100)} %) lie within ±${fmt(T.fraction)} of one of the fractions, and ${h.total - h.matched} lie elsewhere.`;
      return `${main}${sparse} By fraction, over the models in the paper's range:`;
    }),
    [`${P}.fraction_table`]: withFacts((f) => {
      const h = fractionHistogram(representedDims(byRange(f).inRange), T.fraction);
      const rows = DIMENSIONALITY_FRACTIONS.map((fr, k) => [fr.label, fr.structure, String(h.counts[k] ?? 0)]);
      rows.push(['—', 'none of these', String(h.total - h.matched)]);
      return mdTable(['Dᵢ', 'arrangement', 'represented features'], rows);
    }),

    [`${P}.sum_summary`]: withFacts((f) => {
      const ms = modelsOf(f).filter((m) => m.model.dStar <= T.superpositionDStar);
      if (ms.length === 0) return `No model has D* ≤ ${fmt(T.superpositionDStar)}, so none is in superposition in the sense used here.`;
      const sums = ms.map((m) => dimensionalitySum(m.model.dimensionality));
      return `For the ${plural(ms.length, 'model', 'models')} with D* ≤ ${fmt(T.superpositionDStar)}, from 1/(1−S) = ${inv(at(ms, 0, 'models').model.density)} on, the dimensionalities of all ${f.features} features add up to ${sums.length === 1 ? fmt(sums[0] ?? Number.NaN, 4) : `between ${fmt(Math.min(...sums), 4)} and ${fmt(Math.max(...sums), 4)}`}, against m = ${f.hidden} (every sum is in the table below).`;
    }),

    [`${P}.table`]: withFacts((f) => {
      const ms = modelsOf(f);
      if (ms.length === 0) return '*(No ReLU model was trained.)*';
      const half = DIMENSIONALITY_FRACTIONS.findIndex((fr) => fr.value === 0.5);
      const rows = ms.map((m) => {
        const dims = m.represented.map((i) => at(m.model.dimensionality, i, 'dimensionality'));
        const h = fractionHistogram(dims, T.fraction);
        return [
          fmt(m.model.density),
          inv(m.model.density),
          fmt(m.model.dStar),
          String(m.represented.length),
          String(h.counts[half] ?? 0),
          String(h.matched),
          fmt(dimensionalitySum(m.model.dimensionality), 4),
          fmt(m.model.evalLoss),
        ];
      });
      return mdTable(['1−S', '1/(1−S)', 'D*', 'represented', 'at 1/2', 'at any fraction', 'Σ Dᵢ', 'held-out loss'], rows);
    }),

    [`${P}.graph_summary`]: withFacts((f) => {
      const parts = graphModels(f).map(({ m, sizes, components }) => {
        const named = [...sizes].map(([size, n]) =>
          GRAPH_NAMES[size] ? plural(n, GRAPH_NAMES[size][0], GRAPH_NAMES[size][1]) : plural(n, `group of ${size}`, `groups of ${size}`),
        );
        return `at ${densityAt(m.model.density)}, where D* = ${fmt(m.model.dStar)}, the ${plural(m.represented.length, 'represented feature', 'represented features')} form ${plural(components.length, 'component', 'components')}: ${joinAnd(named)}`;
      });
      if (parts.length === 0) return 'no ReLU model was trained, so there is no graph to draw.';
      return `${parts.join('; ')}.`;
    }),
    [`${P}.graph_table`]: withFacts((f) => {
      const rows = graphModels(f).map(({ m, sizes, components }) => {
        const larger = [...sizes].filter(([size]) => size > 5).flatMap(([size, n]) => Array<number>(n).fill(size));
        return [
          inv(m.model.density),
          fmt(m.model.dStar),
          String(m.represented.length),
          String(components.length),
          ...[1, 2, 3, 4, 5].map((k) => String(sizes.get(k) ?? 0)),
          larger.length > 0 ? larger.join(', ') : '—',
        ];
      });
      return mdTable(
        [
          '1/(1−S)',
          'D*',
          'represented',
          'components',
          'size 1',
          'size 2 (digons)',
          'size 3 (triangles)',
          'size 4',
          'size 5 (pentagons)',
          'larger (sizes)',
        ],
        rows,
      );
    }),
  };
  return slots;
}
