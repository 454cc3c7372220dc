// Uniform superposition at two sizes side by side: the notebook's and the paper's.

import { UNIFORM_TOLERANCES } from '../../analysis/claims.ts';
import { dimensionalitySum, longestPlateau } from '../../analysis/geometry.ts';
import { FEATURE_GRAPH_RULES } from '../../analysis/feature-graph.ts';
import type { SlotFn } from './context.ts';
import { at, byActivation, sameDensity, type ExperimentFacts, type ModelFacts } from './facts.ts';
import { fmt, mdTable, plural } from './format.ts';

export function uniformSizeSlots(A: string, B: string): Record<string, SlotFn> {
  const T = UNIFORM_TOLERANCES;
  const both =
    (fn: (a: ExperimentFacts, b: ExperimentFacts) => string): SlotFn =>
    (ctx) => {
      const a = ctx.experiment(A);
      const b = ctx.experiment(B);
      return a && b ? fn(a, b) : undefined;
    };
  const relu = (f: ExperimentFacts): ModelFacts[] => byActivation(f, 'relu').sort((x, y) => y.model.density - x.model.density);
  const size = (f: ExperimentFacts): string => `${f.features} → ${f.hidden}`;
  const plateauText = (f: ExperimentFacts): string => {
    const ms = relu(f);
    const p = longestPlateau(
      ms.map((m) => m.model.dStar),
      0.5,
      T.dStarPlateau,
    );
    if (p === null) return `no density within ±${fmt(T.dStarPlateau)} of 1/2 at ${size(f)}`;
    return `${plural(p.length, 'density', 'densities')} at ${size(f)} (1/(1−S) from ${fmt(1 / at(ms, p.first, 'models').model.density)} to ${fmt(1 / at(ms, p.last, 'models').model.density)})`;
  };
  return {
    'compare.uniform_sizes_summary': both((a, b) => {
      const pairs = relu(a).flatMap((m) => {
        const n = relu(b).find((x) => sameDensity(x.model.density, m.model.density));
        return n ? [[m, n] as const] : [];
      });
      const diffs = pairs.map(([m, n]) => Math.abs(m.model.dStar - n.model.dStar));
      const worst = diffs.length > 0 ? Math.max(...diffs) : Number.NaN;
      const k = diffs.indexOf(worst);
      const at1 = pairs[k];
      return `The two sizes side by side, at the ${plural(pairs.length, 'density', 'densities')} they share. D* stays within ±${fmt(T.dStarPlateau)} of 1/2 over ${plateauText(a)} and over ${plateauText(b)}. Across the sweep the two D* curves differ by at most ${fmt(worst)}${at1 ? ` (at 1/(1−S) = ${fmt(1 / at1[0].model.density)})` : ''}; the paper's remark that n does not matter once n ≫ m, and that the curve depends on sparsity rather than on m, predicts that they coincide.`;
    }),
    'compare.uniform_sizes_table': both((a, b) => {
      const rows = relu(a).flatMap((m) => {
        const n = relu(b).find((x) => sameDensity(x.model.density, m.model.density));
        if (!n) return [];
        return [
          [
            fmt(m.model.density),
            fmt(1 / m.model.density),
            fmt(m.model.dStar),
            fmt(n.model.dStar),
            `${m.represented.length} of ${a.features}`,
            `${n.represented.length} of ${b.features}`,
            fmt(dimensionalitySum(m.model.dimensionality) / a.hidden, 3),
            fmt(dimensionalitySum(n.model.dimensionality) / b.hidden, 3),
          ],
        ];
      });
      return mdTable(
        [
          '1−S',
          '1/(1−S)',
          `D* (${size(a)})`,
          `D* (${size(b)})`,
          `represented (${size(a)})`,
          `represented (${size(b)})`,
          `Σ Dᵢ / m (${size(a)})`,
          `Σ Dᵢ / m (${size(b)})`,
        ],
        rows,
      );
    }),
    'graphs.edge_rule': () => `|Wᵢ·Wⱼ| > ${fmt(FEATURE_GRAPH_RULES.edgeThreshold)}`,
  };
}
