// Superposition in a privileged basis ('privileged-basis'): the setup, the rule for which features a
// neuron stores (analysis/neurons.ts), the paper's regimes (analysis/claims/privileged-basis.ts), the
// per-density table of measured against paper, and how the best of k restarts converges
// (analysis/regime-restarts.ts, stored by analyze in derived.regimeConvergence).

import { PAPER_NEURON_REGIMES, PAPER_RESTARTS, isPrivilegedBasisModel, paperNeuronRegime } from '../../analysis/claims/privileged-basis.ts';
import { lossForRanking } from '../../analysis/metrics.ts';
import { NEURON_THRESHOLDS, neuronAnalysis, sharedGroups, type NeuronAnalysis } from '../../analysis/neurons.ts';
import type { RegimeConvergenceCell } from '../../analysis/regime-restarts.ts';
import type { ModelAnalysis } from '../../analysis/types.ts';
import { withExperiment, type SlotFn } from './context.ts';
import { describeImportance, rankingLoss, type ExperimentFacts } from './facts.ts';
import { fmt, fmtExact, featureList, joinAnd, mdTable, plural } from './format.ts';
import { get, num } from './params-view.ts';

/** "{f3, f4, f5} in neurons 0 and 3" for every group of features that share neurons, or "none". */
function sharingText(a: NeuronAnalysis): string {
  const groups = sharedGroups(a);
  if (groups.length === 0) return 'none';
  return groups
    .map((g) => `${featureList(g.features)} in ${plural(g.neurons.length, 'neuron', 'neurons')} (${g.neurons.join(', ')})`)
    .join('; ');
}

/** "a; b; and c" */
function semicolonList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join('; ')}; and ${items[items.length - 1] ?? ''}`;
}

/** the paper's regime as a range of densities: "1−S ≥ 0.5", "0.2 ≤ 1−S ≤ 0.35", "1−S = 0.15", "1−S ≤ 0.04" */
function regimeRange(from: number, to: number): string {
  if (from === to) return `1−S = ${fmt(from)}`;
  if (from === 0) return `1−S ≤ ${fmt(to)}`;
  if (to === 1) return `1−S ≥ ${fmt(from)}`;
  return `${fmt(from)} ≤ 1−S ≤ ${fmt(to)}`;
}

export function privilegedBasisSlots(P: string): Record<string, SlotFn> {
  const withFacts = withExperiment(P);
  /** the selected privileged-basis models, densest first */
  const selected = (f: ExperimentFacts): ModelAnalysis[] =>
    f.models
      .map((m) => m.model)
      .filter(isPrivilegedBasisModel)
      .sort((a, b) => b.density - a.density || a.run - b.run);
  /** every restart of the cell of model m, lowest loss first */
  const restartsOf = (f: ExperimentFacts, m: ModelAnalysis): ModelAnalysis[] =>
    f.report.analysis.models
      .filter((r) => r.run === m.run && r.density === m.density && isPrivilegedBasisModel(r))
      .sort((x, y) => lossForRanking(x) - lossForRanking(y) || x.replica - y.replica);
  const convergence = (f: ExperimentFacts): RegimeConvergenceCell[] =>
    [...(f.report.analysis.derived?.regimeConvergence ?? [])].sort((a, b) => b.density - a.density || a.run - b.run);
  const restartCount = (f: ExperimentFacts): number => Math.max(0, ...convergence(f).map((c) => c.steps.length));

  return {
    [`${P}.setup`]: withFacts((f, ctx) => {
      const models = selected(f);
      const run = ctx.params.runs.find((r) => r.experiment === P);
      const setting = (key: string): string => {
        const v = run?.settings.get(key);
        return typeof v === 'number' ? fmtExact(v) : String(v ?? '—');
      };
      const samples = num(get(ctx.params.experiments.find(([name]) => name === P)?.[1] ?? {}, 'eval_samples'));
      return (
        `${f.features} features in ${f.hidden} ReLU neurons (h = ReLU(x·W), y = ReLU(h·Wᵀ + b), with the same W in and out), ` +
        `${describeImportance(f.importance)}, at ${plural(models.length, 'density', 'densities')} 1−S = ${models.map((m) => fmt(m.density)).join(', ')}. ` +
        `Each density has ${plural(restartCount(f), 'restart', 'restarts')}, each trained with the official notebook's recipe ` +
        `(${setting('optimizer')} at learning rate ${setting('lr')}, weight decay ${setting('weight_decay')}, ${setting('steps')} steps of ${setting('batch')} examples), ` +
        `and the figures and the check show the one with the lowest ${rankingLoss(f)}` +
        (f.report.analysis.ranking === 'held-out'
          ? `${samples === undefined ? '' : ` on ${fmtExact(samples)} samples`} (the exact expected loss that ranks the restarts of the small ReLU-output experiments is not computed for this model)`
          : '')
      );
    }),
    [`${P}.unjudged`]: withFacts((f) => {
      const outside = selected(f).filter((m) => paperNeuronRegime(m.density) === null);
      if (outside.length === 0) return 'Every density we trained lies inside one of these regimes.';
      const list = joinAnd(outside.map((m) => fmt(m.density)));
      return `At 1−S = ${list}, which ${outside.length === 1 ? 'lies' : 'lie'} between these regimes, the paper states no counts, so we report ${outside.length === 1 ? 'that density' : 'those densities'} without judging ${outside.length === 1 ? 'it' : 'them'}.`;
    }),
    [`${P}.paper_restarts`]: () => fmt(PAPER_RESTARTS),
    [`${P}.restarts`]: withFacts((f) => fmt(restartCount(f))),
    [`${P}.storage_rule`]: () => {
      const t = NEURON_THRESHOLDS;
      return (
        `A feature counts as represented when ‖Wᵢ‖ > ${fmt(t.representedNorm)}, as everywhere in this report. A represented feature i is stored by neuron k when its weight into the neuron is positive and large beside the neuron's other inputs: ` +
        `W[i,k] ≥ ${fmt(t.storedShare)} × the neuron's largest weight from a represented feature, and W[i,k] > ${fmt(t.storedFloor)}. ` +
        'Negative weights do not store a feature: behind the ReLU they can only switch the neuron off, which is how the model suppresses interference. ' +
        'The floor keeps the stray weights of a neuron that stores nothing from counting. A neuron is monosemantic when it stores exactly one feature, polysemantic when it stores several, and unused when it stores none. ' +
        'We fixed this rule before looking at any trained model.'
      );
    },
    [`${P}.paper_regimes`]: () =>
      // semicolons between regimes: each regime's own description has commas
      semicolonList(
        PAPER_NEURON_REGIMES.map((r) => {
          const mono =
            r.monosemantic === 0 ? 'no monosemantic neuron' : plural(r.monosemantic, 'monosemantic neuron', 'monosemantic neurons');
          const shared = r.sharedFeatures === 0 ? '' : `, ${r.sharedFeatures} features sharing ${r.sharedNeurons} neurons`;
          return `${regimeRange(r.from, r.to)}: ${r.represented} features, ${mono}${shared}`;
        }),
      ),
    [`${P}.table`]: withFacts((f) => {
      const rows = selected(f).map((m) => {
        const a = neuronAnalysis(m.W);
        const paper = paperNeuronRegime(m.density);
        const restarts = restartsOf(f, m);
        let verdict = 'not judged';
        let closest = '—';
        if (paper !== null) {
          const match = a.represented.length === paper.represented && a.monosemantic === paper.monosemantic;
          verdict = match ? 'yes' : '**no**';
          const inRegime = restarts.find((r) => {
            const n = neuronAnalysis(r.W);
            return n.represented.length === paper.represented && n.monosemantic === paper.monosemantic;
          });
          closest = match
            ? 'the one shown'
            : inRegime === undefined
              ? `none of ${restarts.length}`
              : `restart ${inRegime.replica}, ${fmt((lossForRanking(inRegime) / lossForRanking(m) - 1) * 100, 2)} % higher loss`;
        }
        return [
          fmt(m.density),
          String(a.represented.length),
          paper === null ? '—' : String(paper.represented),
          String(a.monosemantic),
          paper === null ? '—' : String(paper.monosemantic),
          String(a.polysemantic),
          String(a.unused),
          sharingText(a),
          verdict,
          closest,
        ];
      });
      return mdTable(
        [
          '1−S',
          'features represented',
          'paper',
          'monosemantic neurons',
          'paper',
          'polysemantic',
          'unused',
          'features sharing neurons',
          "paper's regime",
          "lowest-loss restart in the paper's regime",
        ],
        rows,
      );
    }),
    [`${P}.convergence_table`]: withFacts((f) => {
      const rows = convergence(f).map((c) => {
        const first = c.steps[0];
        const last = c.steps[c.steps.length - 1];
        const changes = c.steps.filter((s, k) => {
          const prev = c.steps[k - 1];
          return prev !== undefined && (prev.represented !== s.represented || prev.monosemantic !== s.monosemantic);
        }).length;
        return [
          fmt(c.density),
          first === undefined ? '—' : `${first.represented} / ${first.monosemantic}`,
          last === undefined ? '—' : `${last.represented} / ${last.monosemantic}`,
          String(changes),
          changes === 0 ? 'never' : `k = ${c.lastRegimeChange}`,
          `k = ${c.bestFoundAt}`,
          first === undefined || last === undefined ? '—' : `${fmt((first.loss / last.loss - 1) * 100, 2)} %`,
        ];
      });
      return mdTable(
        [
          '1−S',
          'regime of restart 0 (features / monosemantic)',
          `regime of the best of ${restartCount(f)}`,
          'regime changes',
          'last change',
          'best model found at',
          'restart 0 above the best',
        ],
        rows,
      );
    }),
    [`${P}.convergence_summary`]: withFacts((f) => {
      const cells = convergence(f);
      const n = restartCount(f);
      const settled = cells.filter((c) => c.lastRegimeChange === 1);
      const latest = Math.max(1, ...cells.map((c) => c.lastRegimeChange));
      const atLatest = cells.filter((c) => c.lastRegimeChange === latest).map((c) => fmt(c.density));
      const lateHalf = cells.filter((c) => c.lastRegimeChange > n / 2).map((c) => fmt(c.density));
      const lateBest = cells.filter((c) => c.bestFoundAt > n / 2).map((c) => fmt(c.density));
      const first =
        settled.length === cells.length
          ? `At every one of the ${cells.length} densities the first restart already shows the regime of the best of ${n}.`
          : `At ${settled.length} of the ${cells.length} densities the first restart already shows the regime of the best of ${n}; elsewhere the best-of-k regime last changed at k = ${latest} at the latest (1−S = ${joinAnd(atLatest)}).`;
      const late =
        lateHalf.length === 0
          ? ` No regime changed in the second half of the restarts (k > ${fmt(n / 2)}).`
          : ` The regime changed in the second half of the restarts (k > ${fmt(n / 2)}) at 1−S = ${joinAnd(lateHalf)}, so more restarts could still change what these densities show.`;
      const best =
        lateBest.length === 0
          ? ` Every density's best model was found within the first ${fmt(n / 2)} restarts.`
          : ` The best model itself was drawn after restart ${fmt(n / 2)} at ${plural(lateBest.length, 'density', 'densities')} (1−S = ${joinAnd(lateBest)}).`;
      return first + late + best;
    }),
  };
}
