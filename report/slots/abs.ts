// Computation in superposition ('abs-demo', 'abs-sweep'): the untied |x| model's neurons read off W1 and
// W2 by analysis/abs.ts with the thresholds of analysis/claims/abs.ts, so that the prose counts exactly
// what the checks and the figures count (the sweep's per-model summaries come from metrics.json derived).

import { denseLayout, neuronRoles, rescaleNeurons } from '../../analysis/abs.ts';
import { ABS_RULES, absSummaries, isAbsModel, motifToShow, type AbsModelSummary } from '../../analysis/claims/abs.ts';
import type { ModelAnalysis } from '../../analysis/types.ts';
import { median } from '../../analysis/verdicts.ts';
import { withExperiment, type SlotContext, type SlotFn } from './context.ts';
import { at, describeImportance, recipeLabel, type ExperimentFacts } from './facts.ts';
import { featureList, fmt, joinAnd, mdTable, plural, restartPhrase, spread } from './format.ts';

/** ARENA's reproduction of the sweep trains this many steps (guide §1.9, §5); the paper states none. */
const ARENA_STEPS = 30000;
/** the paper's sweep: n = 100 features, m = 40 neurons, Iᵢ = 0.8ⁱ, and its seven densities */
const PAPER_SWEEP = { features: 100, hidden: 40, decay: 0.8, densities: [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001] } as const;
/** the paper's demonstration: n = 3 features, m = 6 neurons */
const PAPER_DEMO = { features: 3, hidden: 6 } as const;
/** E|x| for x uniform on [−1, 1): the best constant output for a feature no neuron computes */
const MEAN_ABS = 0.5;

/** "10,000" */
function count(x: number): string {
  return x.toLocaleString('en-US');
}

/** a training setting of the experiment's first run, exactly as configured */
function setting(ctx: SlotContext, id: string, key: string): unknown {
  return ctx.params.runs.find((r) => r.experiment === id)?.settings.get(key);
}

function steps(ctx: SlotContext, id: string): number {
  const v = setting(ctx, id, 'steps');
  return typeof v === 'number' ? v : Number.NaN;
}

function trainingPhrase(f: ExperimentFacts, ctx: SlotContext, id: string): string {
  const batch = setting(ctx, id, 'batch');
  const opt = setting(ctx, id, 'optimizer');
  const lr = setting(ctx, id, 'lr');
  return `the ${recipeLabel(f, ctx.params, id)} recipe (${typeof opt === 'string' ? `${opt}, ` : ''}${typeof lr === 'number' ? `learning rate ${lr}, ` : ''}${count(steps(ctx, id))} steps of ${typeof batch === 'number' ? count(batch) : String(batch)} examples)`;
}

/** "ReLU(x₀)" / "ReLU(−x₀)" written with plain indices */
function side(sign: number, f: number): string {
  return sign > 0 ? `ReLU(x${f})` : `ReLU(−x${f})`;
}

export function absSlots(demo: string, sweep: string): Record<string, SlotFn> {
  const withDemo = withExperiment(demo);
  const withSweep = withExperiment(sweep);
  const absOf = (f: ExperimentFacts): Array<ModelAnalysis & { decoder: number[][] }> =>
    f.models
      .map((m) => m.model)
      .filter(isAbsModel)
      .sort((a, b) => b.density - a.density);
  const shownDemo = (f: ExperimentFacts) => {
    const m = absOf(f)[0];
    if (m === undefined) throw new Error(`report: experiment '${demo}' has no selected untied-abs model`);
    return m;
  };
  const cellsOf = (f: ExperimentFacts): AbsModelSummary[] => f.report.analysis.derived?.absModels ?? absSummaries(f.report.analysis);
  const modelOf = (f: ExperimentFacts, c: AbsModelSummary): ModelAnalysis =>
    at(f.report.analysis.models, c.model, `experiment '${sweep}' model`);
  const d = (c: { density: number }): string => `1−S = ${fmt(c.density)}`;
  /** the features that lead a live neuron, and the (feature, side) pairs led by more than one */
  const leaders = (c: AbsModelSummary) => {
    const live = c.neurons.filter((n) => n.live);
    const tops = [...new Set(live.map((n) => n.top))].sort((a, b) => a - b);
    const sides = new Map<string, number>();
    for (const n of live) sides.set(`${n.top}${n.sign}`, (sides.get(`${n.top}${n.sign}`) ?? 0) + 1);
    return { tops, sides: sides.size, shared: [...sides.values()].filter((v) => v > 1).length };
  };

  return {
    // ---- the n = 3, m = 6 demonstration
    [`${demo}.paper_setup`]: () => `n = ${PAPER_DEMO.features} features and m = ${PAPER_DEMO.hidden} neurons`,
    [`${demo}.setup`]: withDemo((f, ctx) => {
      const m = shownDemo(f);
      const restarts = f.report.analysis.models.filter((x) => x.run === m.run && x.density === m.density).length;
      return `We trained it with ${f.features} features and ${f.hidden} neurons, ${describeImportance(f.importance)}, on dense inputs (1−S = ${fmt(m.density)}), with ${trainingPhrase(f, ctx, demo)} and ${restartPhrase(restarts)}; the figure and the check read the restart with the lowest held-out loss (${fmt(m.evalLoss)}).`;
    }),
    [`${demo}.layout`]: withDemo((f) => {
      const m = shownDemo(f);
      const layout = denseLayout(m.W, m.decoder, ABS_RULES.dense);
      const pairs = layout.plus.map((p, i) => {
        const minus = layout.minus[i] ?? [];
        return p.length === 1 && minus.length === 1
          ? `f${i} on n${p[0]} and n${minus[0]}`
          : `f${i} on ${p.length} ReLU(x) and ${minus.length} ReLU(−x) neurons`;
      });
      const gains = layout.neurons.map((n) => n.gain);
      const maxOther = Math.max(...layout.neurons.map((n) => n.maxOtherWeight));
      const maxCross = Math.max(...layout.neurons.map((n) => n.maxCrossOutput));
      const maxBias = Math.max(...m.b.map(Math.abs));
      const clean = layout.neurons.filter((n) => n.clean).length;
      return `In the model shown, ${clean} of ${f.hidden} neurons each read a single feature: ${joinAnd(pairs)} (ReLU(x) first). After the rescaling, the other input weights are at most ${fmt(maxOther)} and the weights from each neuron to its own feature's output ${spread(gains)}, while those to other outputs are at most ${fmt(maxCross)} and the output biases at most ${fmt(maxBias)} in size${layout.matches ? ': the model outputs ReLU(x) + ReLU(−x) = |x| for every feature, as the paper describes' : ''}.`;
    }),
    [`${demo}.restarts`]: withDemo((f) => {
      const m = shownDemo(f);
      const restarts = f.report.analysis.models
        .filter((x) => x.run === m.run && x.density === m.density)
        .filter(isAbsModel)
        .sort((a, b) => a.replica - b.replica);
      const layouts = restarts.map((x) => ({ x, layout: denseLayout(x.W, x.decoder, ABS_RULES.dense) }));
      const matching = layouts.filter((l) => l.layout.matches).length;
      const others = layouts
        .filter((l) => !l.layout.matches)
        .map(({ x }) => {
          // what the restart does instead, by each neuron's largest input feature and its sign
          const roles = neuronRoles(x.W, x.decoder, ABS_RULES.neurons).filter((n) => n.live);
          const sides = (f: number, sign: number): number => roles.filter((n) => n.top === f && n.sign === sign).length;
          const features = Array.from({ length: x.features }, (_, i) => i);
          const unserved = features.filter((i) => sides(i, 1) + sides(i, -1) === 0);
          const doubled = features.filter((i) => sides(i, 1) > 1 || sides(i, -1) > 1);
          const mixed = roles.filter((n) => n.polysemantic).length;
          const parts = [
            unserved.length > 0 ? `gives no neuron to ${featureList(unserved)}` : '',
            doubled.length > 0 ? `reads one side of ${featureList(doubled)} with two neurons or more` : '',
            mixed > 0 ? `has ${plural(mixed, 'polysemantic neuron', 'polysemantic neurons')}` : '',
          ].filter((p) => p !== '');
          return `restart ${x.replica} (held-out loss ${fmt(x.evalLoss)}) ${parts.length > 0 ? joinAnd(parts) : 'misses one of the tolerances'}`;
        });
      return `${matching} of the ${restarts.length} restarts end in this layout${others.length > 0 ? `; ${joinAnd(others)}, a local minimum that the lowest-loss choice discards` : ''}.`;
    }),

    // ---- the n = 100, m = 40 sweep
    [`${sweep}.paper_setup`]: () =>
      `n = ${PAPER_SWEEP.features} features, m = ${PAPER_SWEEP.hidden} neurons and importance Iᵢ = ${PAPER_SWEEP.decay}ⁱ at 1−S = ${PAPER_SWEEP.densities.map((x) => fmt(x)).join(', ')}`,
    [`${sweep}.setup`]: withSweep((f, ctx) => {
      const cells = cellsOf(f);
      const restarts = Math.max(...cells.map((c) => f.report.analysis.models.filter((x) => x.density === c.density).length));
      return `We trained ${f.features} features in ${f.hidden} neurons with ${describeImportance(f.importance)} at ${plural(cells.length, 'density', 'densities')}, 1−S = ${cells.map((c) => fmt(c.density)).join(', ')}, with ${trainingPhrase(f, ctx, sweep)} and ${restartPhrase(restarts)} per density, on ${plural(f.report.seeds.length, 'base seed', 'base seeds')}; the text and figures show the first.`;
    }),
    [`${sweep}.neuron_rule`]: () => {
      const r = ABS_RULES.neurons;
      return `We call a neuron live when its largest output weight, after the rescaling, is at least ${fmt(r.liveStrength)} (an unused neuron keeps weights near the initial scale), and a live neuron polysemantic when a second feature's input weight |W₁| reaches ${fmt(r.polysemanticFraction)} of its largest one, a segment the eye sees in the figure; "highly polysemantic" (a description, not part of the check) when the second-largest reaches ${fmt(r.highlyPolysemanticFraction)} of the largest. Both fractions were fixed before the models were looked at.`;
    },
    [`${sweep}.neuron_table`]: withSweep((f) =>
      mdTable(
        [
          '1−S',
          'live neurons',
          'polysemantic',
          'highly polysemantic',
          'features leading a neuron',
          'features in some neuron',
          'motifs',
          'held-out loss',
          'loss / (1−S)',
        ],
        cellsOf(f).map((c) => {
          const m = modelOf(f, c);
          return [
            fmt(c.density),
            String(c.live),
            String(c.polysemantic),
            String(c.highlyPolysemantic),
            String(leaders(c).tops.length),
            String(c.featuresInNeurons),
            String(c.motifs.length),
            fmt(m.evalLoss),
            fmt(m.evalLoss / c.density),
          ];
        }),
      ),
    ),
    [`${sweep}.neuron_summary`]: withSweep((f) => {
      const cells = cellsOf(f);
      const first = cells.find((c) => c.polysemantic > 0);
      const mono = cells.filter((c) => c.polysemantic === 0);
      const all = cells.filter((c) => c.live > 0 && c.polysemantic === c.live);
      const sparsest = cells[cells.length - 1];
      return `${mono.length > 0 ? `At ${joinAnd(mono.map(d))} every live neuron is monosemantic. ` : ''}${first ? `Polysemantic neurons first appear at ${d(first)} (${first.polysemantic} of ${first.live}, ${first.highlyPolysemantic} of them highly), ` : 'No neuron is polysemantic at any density, '}${all.length > 0 ? `and every live neuron is polysemantic at ${joinAnd(all.map(d))}` : 'and at no density is every live neuron polysemantic'}${sparsest ? `; at the sparsest, ${d(sparsest)}, ${sparsest.highlyPolysemantic} of ${sparsest.live} are highly polysemantic` : ''}.`;
    }),
    [`${sweep}.dense_note`]: withSweep((f) => {
      const cells = cellsOf(f);
      const dense = cells[0];
      const next = cells[1];
      if (dense === undefined) return '';
      const l = leaders(dense);
      const m = modelOf(f, dense);
      // the features a model with two neurons per feature would compute, among those that lead no neuron here
      const left = m.b.filter((_, i) => i < Math.floor(f.hidden / 2) && !l.tops.includes(i));
      const meanLeft = left.length > 0 ? left.reduce((a, b) => a + b, 0) / left.length : Number.NaN;
      const ln = next ? leaders(next) : undefined;
      return `The densest model spends its neurons unevenly: its ${dense.live} live neurons are led by only ${plural(l.tops.length, 'feature', 'features')} (${featureList(l.tops)}), and ${plural(l.shared, 'side of a feature is', 'sides of a feature are')} split over two neurons or more, each with a share of the output weight. ${left.length > 0 ? `The next ${plural(left.length, 'feature', 'features')} by importance, which two neurons each could still compute, are left to their bias, ${fmt(meanLeft)} on average, against ${fmt(MEAN_ABS)}, the mean of |x| and so the best constant output` : 'No feature that two neurons each could compute is left out'}${ln && next ? `; at ${d(next)} the same number of neurons covers ${plural(ln.tops.length, 'feature', 'features')}, ${plural(ln.sides, 'side', 'sides')} with ${plural(ln.shared, 'side', 'sides')} shared` : ''}. The paper does not say how many features its dense model computes; with every feature active in every example, the ${f.hidden} neurons could give two neurons each to ${Math.floor(f.hidden / 2)} features.`;
    }),
    [`${sweep}.sparse_note`]: withSweep((f, ctx) => {
      const cells = cellsOf(f);
      if (cells.length < 2) return '';
      const peak = [...cells].sort((a, b) => b.featuresInNeurons - a.featuresInNeurons || b.density - a.density)[0]!;
      const sparsest = cells[cells.length - 1]!;
      const batch = setting(ctx, sweep, 'batch');
      const perBatch = typeof batch === 'number' ? batch * sparsest.density : Number.NaN;
      const lossOf = (c: AbsModelSummary): number => modelOf(f, c).evalLoss / c.density;
      const fewer = sparsest.featuresInNeurons < peak.featuresInNeurons;
      /** the median gain over the live neurons, '—' when a model has none (an untrained model, e.g. a smoke run's) */
      const medianGain = (c: AbsModelSummary): string => {
        const gains = c.neurons.filter((n) => n.live).map((n) => n.gain);
        return gains.length > 0 ? fmt(median(gains)) : '—';
      };
      return `The number of features that have a substantial weight in some live neuron peaks at ${d(peak)} (${peak.featuresInNeurons}) ${fewer ? `and falls to ${sparsest.featuresInNeurons} at ${d(sparsest)}` : `and is ${sparsest.featuresInNeurons} at ${d(sparsest)}`}, while the held-out loss per unit of density is ${fmt(lossOf(peak))} at ${d(peak)} and ${fmt(lossOf(sparsest))} at ${d(sparsest)}. At ${d(sparsest)} each feature is active in about ${fmt(perBatch)} of the ${typeof batch === 'number' ? count(batch) : String(batch)} examples of a batch, so in ${count(steps(ctx, sweep))} steps it is seen about ${count(Math.round(perBatch * steps(ctx, sweep)))} times. The output weight of a neuron's largest feature after the rescaling (the gain of that feature's path, 1 when one neuron carries a whole side of |x|) has median ${medianGain(peak)} at ${d(peak)} and ${medianGain(sparsest)} at ${d(sparsest)}${fewer ? `: we read the sparsest models as under-trained, and ARENA's reproduction trains ${fmt(ARENA_STEPS / steps(ctx, sweep))} times as many steps` : ''}.`;
    }),
    [`${sweep}.motif_rule`]: () => {
      const r = ABS_RULES.motif;
      return `We looked for it in every selected model with a rule fixed before looking: a neuron k stores two features i (the dominant one) and j (the victim) when both paths through it, |W₁[f,k]|·W₂[f,k], are at least ${fmt(r.minGain)}; they are in asymmetric superposition when |W₁[i,k]| ≥ ${fmt(r.inputRatio)}·|W₁[j,k]| and the output weights are reciprocal, W₂[j,k]/W₂[i,k] within a factor ${fmt(r.reciprocalFactor)} of |W₁[i,k]|/|W₁[j,k]|. When i is active on the side k reads, k then sends |W₁[i,k]|·W₂[j,k] per unit of |xᵢ| into j's output; the motif is complete when another neuron k′ fires on the same side of i (W₁[i,k′] of the sign of W₁[i,k]) and writes negatively to j's output, cancelling at least ${fmt(r.inhibition * 100)} % of that interference. Each (k, i, j) counts once, with its strongest inhibitor. All of these quantities are unchanged by the paper's rescaling of a neuron.`;
    },
    [`${sweep}.motif_summary`]: withSweep((f) => {
      const cells = cellsOf(f);
      const motifs = cells.flatMap((c) => c.motifs.map((m) => ({ c, m })));
      if (motifs.length === 0) return 'No selected model holds the motif by this rule.';
      const withAny = cells.filter((c) => c.motifs.length > 0);
      const features = new Set(motifs.flatMap(({ m }) => [m.dominant, m.victim]));
      const opposite = motifs.filter(({ m }) => m.oppositeSigns).length;
      const moreImportant = motifs.filter(({ m }) => m.dominant < m.victim).length;
      const shares = motifs.map(({ m }) => m.inhibition);
      const ratios = motifs.map(({ m }) => m.inputRatio);
      return `We find ${plural(motifs.length, 'occurrence', 'occurrences')} of the motif, at ${joinAnd(withAny.map((c) => `${d(c)} (${c.motifs.length})`))}, and none at ${joinAnd(cells.filter((c) => c.motifs.length === 0).map(d))}. They involve ${plural(features.size, 'distinct feature', 'distinct features')}; the input weights of the two features are ${fmt(Math.min(...ratios))} to ${fmt(Math.max(...ratios))} times apart, the inhibitor cancels ${fmt(Math.min(...shares) * 100)} % to ${fmt(Math.max(...shares) * 100)} % of the interference, in ${opposite} of ${motifs.length} the victim's input weight has the opposite sign to the dominant's (as in the paper's example), and in ${moreImportant} of ${motifs.length} the dominant feature is the more important of the two.`;
    }),
    [`${sweep}.motif_table`]: withSweep((f) => {
      const motifs = cellsOf(f).flatMap((c) => c.motifs.map((m) => ({ c, m })));
      if (motifs.length === 0) return '';
      return mdTable(
        ['1−S', 'neuron', 'dominant', 'victim', 'input ratio', 'output ratio', 'signs', 'inhibitor', 'interference cancelled'],
        motifs.map(({ c, m }) => [
          fmt(c.density),
          `n${m.neuron}`,
          `f${m.dominant}`,
          `f${m.victim}`,
          fmt(m.inputRatio),
          fmt(m.outputRatio),
          m.oppositeSigns ? 'opposite' : 'same',
          `n${m.inhibitor}${m.inhibitors > 1 ? ` (of ${m.inhibitors})` : ''}`,
          `${fmt(m.inhibition * 100)} %`,
        ]),
      );
    }),
    [`${sweep}.motif_shown`]: withSweep((f) => {
      const pick = motifToShow(cellsOf(f));
      if (pick === null) return 'With no motif found, the figure below is left empty.';
      const { cell, motif: m } = pick;
      const model = modelOf(f, cell);
      if (!isAbsModel(model)) throw new Error(`report: experiment '${sweep}' model ${cell.model} has no decoder (W2)`);
      const { W1, W2 } = rescaleNeurons(model.W, model.decoder);
      const w1 = (g: number, k: number): number => W1[g]?.[k] ?? 0;
      const w2 = (g: number, k: number): number => W2[g]?.[k] ?? 0;
      return `The figure draws the occurrence closest to the paper's ideal (reciprocity and cancellation nearest 1): at ${d(cell)}, neuron n${m.neuron} reads f${m.dominant} with weight ${fmt(w1(m.dominant, m.neuron))} and f${m.victim} with ${fmt(w1(m.victim, m.neuron))}, and writes ${fmt(w2(m.dominant, m.neuron))} and ${fmt(w2(m.victim, m.neuron))} to their outputs (after rescaling), so each feature's own path has gain ${fmt(m.dominantGain)} and ${fmt(m.victimGain)}; neuron n${m.inhibitor} reads ${side(Math.sign(w1(m.dominant, m.inhibitor)), m.dominant)} with weight ${fmt(Math.abs(w1(m.dominant, m.inhibitor)))} and writes ${fmt(w2(m.victim, m.inhibitor))} to f${m.victim}'s output, cancelling ${fmt(m.inhibition * 100)} % of the interference.`;
    }),
    [`${sweep}.differences`]: withSweep((f, ctx) => {
      const cells = cellsOf(f);
      const restarts = Math.max(...cells.map((c) => f.report.analysis.models.filter((x) => x.density === c.density).length));
      return `What differs from the paper: it states no training settings for this experiment; we use the notebook's ${count(steps(ctx, sweep))} steps where ARENA's reproduction trains ${count(ARENA_STEPS)}, ${restartPhrase(restarts)} per density where the paper does not say how many it trained, and ${plural(f.report.seeds.length, 'base seed', 'base seeds')}. The polysemanticity rule and the motif rule are ours (the paper reads its figure by eye), and the motif check is our own claim.`;
    }),
  };
}
