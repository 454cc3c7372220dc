// The 20 → 5 sweep scaled four times ('superposition-80-20', Section 3.3): the larger model set beside the
// 20 → 5 one ('superposition', the reference) with every count divided by m, the number of hidden
// dimensions, and the scaled claim's parts per base seed. The generic 20 → 5 descriptions (setup values,
// the linear model, the densest ReLU model, the importance order) are the superposition slot group's,
// registered under this experiment's id as well.

import { judgeScaledSimilar } from '../../analysis/claims/checks/scaled_80_20_similar.ts';
import { TOLERANCES } from '../../analysis/claims/common.ts';
import { featureResolution, stepSlack } from '../../analysis/claims/scaled.ts';
import { DEMO, PAPER_COUNTS_20_5 } from '../../analysis/claims/superposition.ts';
import { withExperiment, type SlotContext, type SlotFn } from './context.ts';
import { byActivation, sameDensity, type ExperimentFacts, type ModelFacts } from './facts.ts';
import { capitalise, fmt, joinAnd, mdTable, plural, restartPhrase } from './format.ts';
import { fmtParam, get, num } from './params-view.ts';
import { superpositionSlots } from './superposition.ts';

const CLAIM = 'scaled_80_20_similar';

/** The scaled claim's parts as its `numbers` name them (part:<name>), with what each part says. */
const PART_WORDS: ReadonlyArray<[string, string]> = [
  ['linear', 'the linear model keeps the top m'],
  ['dense', 'the dense ReLU model does the same'],
  ['monotone', 'the counts move one way'],
  ['ordering', 'the most important features stay orthogonal longest'],
  ['sparse', 'all features in superposition at 1−S ≤ 0.01'],
];

/** "1.4 (0.6)": represented (orthogonal) per hidden dimension */
function perDimension(m: ModelFacts, hidden: number): string {
  return `${fmt(m.represented.length / hidden)} (${fmt(m.orthogonal.length / hidden)})`;
}

const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';

/** 20 → "₂₀" */
function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => SUBSCRIPT[Number(d)] ?? d);
}

function counts(m: ModelFacts | undefined): string {
  return m ? `${m.represented.length} (${m.orthogonal.length})` : '—';
}

function atDensity(models: readonly ModelFacts[], density: number): ModelFacts | undefined {
  return models.find((m) => sameDensity(m.model.density, density));
}

/** "between 1−S = 0.1 and 0.03": the step after which no ReLU model has an orthogonal feature */
function lastOrthogonalStep(relu: readonly ModelFacts[]): string {
  const last = relu.reduce((k, m, i) => (m.orthogonal.length > 0 ? i : k), -1);
  if (last < 0) return 'at no density (no ReLU model has an orthogonal feature)';
  const next = relu[last + 1];
  const here = relu[last] as ModelFacts;
  return next === undefined
    ? `only at the sparsest density, 1−S = ${fmt(here.model.density)}, some feature is still orthogonal`
    : `between 1−S = ${fmt(here.model.density)} and ${fmt(next.model.density)}`;
}

function evalSamples(ctx: SlotContext, id: string): number | undefined {
  return num(get(ctx.params.experiments.find(([name]) => name === id)?.[1] ?? {}, 'eval_samples'));
}

/**
 * Slots of the scaled experiment P, compared with the 20 → 5 experiment `reference` where that is in the
 * run (its columns and sentences are left out otherwise).
 */
export function scaledSuperpositionSlots(P: string, reference: string): Record<string, SlotFn> {
  const withFacts = withExperiment(P);
  const reluOf = (f: ExperimentFacts): ModelFacts[] => byActivation(f, 'relu');

  return {
    ...superpositionSlots(P),

    [`${P}.scaled_table`]: withFacts((f, ctx) => {
      const ref = ctx.experiment(reference);
      const relu = reluOf(f);
      const linear = byActivation(f, 'linear');
      const refRelu = ref ? reluOf(ref) : [];
      const densities: number[] = [];
      for (const m of [...linear, ...relu]) if (!densities.some((d) => sameDensity(d, m.model.density))) densities.push(m.model.density);
      densities.sort((a, b) => b - a);
      const m = f.hidden;
      const header = [
        '1−S',
        'linear: represented (orthogonal)',
        'linear D*',
        'ReLU: represented (orthogonal)',
        'ReLU D*',
        `ReLU ÷ m (m = ${m})`,
        ...(ref ? [`${ref.features} → ${ref.hidden} ReLU ÷ m (ours, m = ${ref.hidden})`, `${ref.features} → ${ref.hidden} ReLU D*`] : []),
        `${DEMO.features} → ${DEMO.hidden}, the paper's figure ÷ m (m = ${DEMO.hidden})`,
      ];
      const paperCell = (d: number): string => {
        const p = PAPER_COUNTS_20_5.find((x) => sameDensity(x.density, d));
        if (p === undefined) return '—';
        const per = (n: number): string => fmt(n / DEMO.hidden);
        const span = ([lo, hi]: readonly [number, number]): string => (lo === hi ? per(lo) : `${per(lo)}–${per(hi)}`);
        return `${span(p.represented)} (${span(p.orthogonal)})`;
      };
      const rows = densities.map((d) => {
        const lin = atDensity(linear, d);
        const re = atDensity(relu, d);
        const r5 = atDensity(refRelu, d);
        return [
          fmt(d),
          counts(lin),
          lin ? fmt(lin.model.dStar) : '—',
          counts(re),
          re ? fmt(re.model.dStar) : '—',
          re ? perDimension(re, m) : '—',
          ...(ref ? [r5 ? perDimension(r5, ref.hidden) : '—', r5 ? fmt(r5.model.dStar) : '—'] : []),
          paperCell(d),
        ];
      });
      return mdTable(header, rows);
    }),

    [`${P}.importance_across_m`]: withFacts((f, ctx) => {
      // how far the importance falls across m features: what "the same regime, scaled" has to absorb
      const across = (g: ExperimentFacts): string => {
        const ratio = (g.importance[g.hidden] ?? Number.NaN) / (g.importance[0] ?? Number.NaN);
        return `I${subscript(g.hidden)} / I₀ = ${fmt(ratio)} in the ${g.features} → ${g.hidden} model`;
      };
      const ref = ctx.experiment(reference);
      return ref ? `${across(f)} and ${across(ref)}` : across(f);
    }),

    [`${P}.scaled_rule`]: withFacts((f, ctx) => {
      const m = f.hidden;
      const r = featureResolution(m);
      const sparse = fmt(TOLERANCES.sparseDensity);
      const ref = ctx.experiment(reference);
      const refResult = ref ? judgeScaledSimilar(ref.report.analysis) : null;
      const onReference =
        ref && refResult
          ? ` Applied to our ${ref.features} → ${ref.hidden} models of the first seed, where r = ${featureResolution(ref.hidden)}, the same rule ${refResult.status === 'pass' ? 'passes' : refResult.status === 'fail' ? 'fails' : 'cannot be judged'} (${refResult.numbers['parts_passing'] ?? 0} of ${PART_WORDS.length} parts).`
          : '';
      return (
        `Its ${PART_WORDS.length} parts must all hold. *Linear*: at every density the linear model keeps exactly the ${m} most important features, all orthogonal, with D* within ${fmt(TOLERANCES.unit)} of 1. ` +
        `*Dense*: so does the ReLU model at 1−S = 1. ` +
        `*Monotone*: from the densest to the sparsest ReLU model the represented count never drops, and the orthogonal count never rises, by more than r = ${r} features, or ${stepSlack(TOLERANCES.sparseDensity, m)} on a step to 1−S ≤ ${sparse} (the 20 → 5 counts check's ±${TOLERANCES.countSlackSparse} there, scaled: the paper's own 20 → 5 figure dips at its sparse end). ` +
        `*Ordering*: at every density the orthogonal features are the most important ones to within r ranks, and at some density only part of the represented features are orthogonal. ` +
        `*Sparse*: at every 1−S ≤ ${sparse} more than ${m} features are represented and at most r are orthogonal. ` +
        `The resolution r = round(m/5) − 1 says that one 20 → 5 feature stands for m/5 features here; at m = 5 it is 0 and the rule reads as the 20 → 5 checks do.${onReference}`
      );
    }),

    [`${P}.scaled_regimes`]: withFacts((f, ctx) => {
      const relu = reluOf(f);
      if (relu.length === 0) return 'No ReLU model was trained.';
      const ref = ctx.experiment(reference);
      const refRelu = ref ? reluOf(ref) : [];
      const sparsest = relu[relu.length - 1] as ModelFacts;
      const refSparsest = atDensity(refRelu, sparsest.model.density);
      const head = `In the ${f.features} → ${f.hidden} ReLU sweep the last orthogonal feature goes ${lastOrthogonalStep(relu)}`;
      const refPart = ref && refRelu.length > 0 ? ` (${ref.features} → ${ref.hidden}, first seed: ${lastOrthogonalStep(refRelu)})` : '';
      const sparse =
        `At 1−S = ${fmt(sparsest.model.density)} it represents ${sparsest.represented.length} of ${f.features} features, ` +
        `${fmt(sparsest.represented.length / f.hidden)} per hidden dimension, with D* = ${fmt(sparsest.model.dStar)}` +
        (refSparsest && ref
          ? `; the ${ref.features} → ${ref.hidden} model represents ${refSparsest.represented.length} of ${ref.features} there, ${fmt(refSparsest.represented.length / ref.hidden)} per dimension, with D* = ${fmt(refSparsest.model.dStar)}.`
          : '.');
      return `${head}${refPart}. ${sparse}`;
    }),

    [`${P}.scaled_seeds`]: (ctx) => {
      const f = ctx.experiment(P);
      const claim = f?.report.claims.find((c) => c.id === CLAIM);
      if (f === undefined || claim === undefined) return undefined;
      const parts = claim.seeds.map((o) => {
        if (o.status === 'not-judged') return `on seed ${o.seed} it is not judged`;
        const failed = PART_WORDS.filter(([name]) => o.numbers[`part:${name}`] === 0).map(([name, words]) => `${name} (${words})`);
        return failed.length === 0
          ? `on seed ${o.seed} all ${PART_WORDS.length} parts hold`
          : `on seed ${o.seed} ${plural(failed.length, 'part fails', 'parts fail')}: ${joinAnd(failed)}`;
      });
      return `Part by part, ${joinAnd(parts)}.`;
    },

    [`${P}.differences`]: withFacts((f, ctx) => {
      const ref = ctx.experiment(reference);
      const restarts = Math.max(0, ...f.restarts.values());
      const samples = evalSamples(ctx, P);
      const seeds = f.report.seeds.length;
      const ours =
        `The ${f.features} → ${f.hidden} models were trained with ${restartPhrase(restarts)} per density and model, on ${plural(seeds, 'base seed', 'base seeds')}` +
        (samples !== undefined ? `, with ${fmtParam(samples)} held-out samples per model` : '');
      if (!ref) return `${ours}.`;
      const refRestarts = ref.restarts.get('relu') ?? 0;
      const refSamples = evalSamples(ctx, reference);
      const refSeeds = ref.report.seeds.length;
      const consequences: string[] = [];
      if (restarts < refRestarts)
        consequences.push(
          restarts === 1
            ? 'with a single fit per density, one poor optimum shows directly in the counts'
            : `with ${restarts} fits per density instead of ${refRestarts}, a poor optimum is less likely to be replaced by a better one`,
        );
      if (seeds < refSeeds)
        consequences.push(
          `with ${seeds} seeds instead of ${refSeeds}, the verdict says less about how the result varies from seed to seed`,
        );
      return (
        `${ours}; the ${ref.features} → ${ref.hidden} ReLU models had ${restartPhrase(refRestarts)} per density` +
        (refRestarts > 1
          ? `, the lowest-loss one kept${refSamples !== undefined ? ` on ${fmtParam(refSamples)} held-out samples` : ''}`
          : '') +
        `, on ${plural(refSeeds, 'base seed', 'base seeds')}.` +
        (consequences.length > 0 ? ` ${capitalise(consequences.join('; '))}.` : '')
      );
    }),
  };
}
