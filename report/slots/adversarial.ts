// Superposition and adversarial vulnerability (Section 10): the analytic attack's results on a uniform sweep,
// read from the analysis the claim judged (metrics.json derived.adversarial, analysis/adversarial.ts), and the
// claim's numbers on every base seed. The attack's settings and the claim's thresholds are the analysis'
// own constants, so the text states the rule the check applied.

import { ADVERSARIAL_RULES, vulnerabilityTrend, type ModelVulnerability, type VulnerabilityTrend } from '../../analysis/adversarial.ts';
import { withExperiment, type SlotFn } from './context.ts';
import type { ExperimentFacts } from './facts.ts';
import { fmt, mdTable } from './format.ts';

const CLAIM = 'adversarial_tracks_superposition';

/** The rules' slots (`adversarial.*`), and per experiment P the `P.adversarial_*` slots of its sweep. */
export function adversarialSlots(experiments: readonly string[]): Record<string, SlotFn> {
  const R = ADVERSARIAL_RULES;
  const slots: Record<string, SlotFn> = {
    'adversarial.budget_fraction': () => fmt(R.budgetFraction),
    'adversarial.samples': () => fmt(R.samples),
    'adversarial.min_rise': () => fmt(R.minRise),
    'adversarial.min_correlation': () => fmt(R.minCorrelation),
  };
  for (const P of experiments) Object.assign(slots, experimentSlots(P));
  return slots;
}

function experimentSlots(P: string): Record<string, SlotFn> {
  /** the sweep's measurements and their trend; the slot is absent when the experiment is, and says so when it has none */
  const withSweep =
    (fn: (entries: readonly ModelVulnerability[], t: VulnerabilityTrend, f: ExperimentFacts) => string): SlotFn =>
    (ctx) =>
      withExperiment(P)((f) => {
        const entries = f.report.analysis.derived?.adversarial ?? [];
        const t = vulnerabilityTrend(entries);
        return t === null ? `The analysis of \`${P}\` measured no model's vulnerability.` : fn(entries, t, f);
      })(ctx);
  const inv = (d: number): string => fmt(1 / d);

  return {
    [`${P}.adversarial_setup`]: withSweep((entries) => {
      const eps = entries.map((e) => e.epsilon);
      const sparsest = entries.reduce((a, e) => (e.density < a.density ? e : a));
      const densest = entries.reduce((a, e) => (e.density > a.density ? e : a));
      return (
        `On the seed the figure shows, the average input norm falls from ${fmt(densest.meanInputNorm)} at 1/(1−S) = ${inv(densest.density)} ` +
        `to ${fmt(sparsest.meanInputNorm)} at 1/(1−S) = ${inv(sparsest.density)}, so the budget ε ranges from ${fmt(Math.min(...eps))} to ${fmt(Math.max(...eps))}.`
      );
    }),
    [`${P}.adversarial_summary`]: withSweep((entries, t) => {
      const sparsest = entries.reduce((a, e) => (e.density < a.density ? e : a));
      return (
        `The relative vulnerability of the densest model is ${fmt(t.densest.relative)} ` +
        `(‖W‖²/m = ${fmt(t.densest.featuresPerDimension)}). It is largest, ${fmt(t.peak.relative)}, at 1/(1−S) = ${inv(t.peak.density)}, ` +
        `where the model stores ${fmt(t.peak.featuresPerDimension)} features per dimension: a rise of ${fmt(t.rise)}×. At the sparsest density, ` +
        `1/(1−S) = ${inv(sparsest.density)}, the worst attack raises the loss from ${fmt(sparsest.loss)} to ${fmt(sparsest.attackedLoss)}, ` +
        `${fmt(sparsest.relative)} times the orthogonal model's increase of ${fmt(sparsest.baselineVulnerability)}, while the model stores ` +
        `${fmt(sparsest.featuresPerDimension)} features per dimension. Across the ${entries.length} models, Pearson's correlation of relative ` +
        `vulnerability with features per dimension is ${fmt(t.pearson)} (Spearman's rank correlation ${fmt(t.spearman)}).`
      );
    }),
    [`${P}.adversarial_table`]: withSweep((entries) =>
      mdTable(
        ['1/(1−S)', 'ε', 'L', 'L′ − L', 'L′₀ − L₀', 'relative', '‖W‖²/m'],
        [...entries]
          .sort((a, b) => b.density - a.density)
          .map((e) => [
            inv(e.density),
            fmt(e.epsilon),
            fmt(e.loss),
            fmt(e.vulnerability),
            fmt(e.baselineVulnerability),
            fmt(e.relative),
            fmt(e.featuresPerDimension),
          ]),
      ),
    ),
    [`${P}.adversarial_seeds`]: withExperiment(P)((f) => {
      const claim = f.report.claims.find((c) => c.id === CLAIM);
      if (claim === undefined) return `(No check \`${CLAIM}\` was reported for \`${P}\`.)`;
      const num = (v: number | undefined): string => (v === undefined ? '—' : fmt(v));
      const rows = claim.seeds.map((o) => [
        String(o.seed),
        num(o.numbers['densestRelative']),
        num(o.numbers['peakRelative']),
        o.numbers['peakDensity'] === undefined ? '—' : inv(o.numbers['peakDensity']),
        num(o.numbers['rise']),
        num(o.numbers['pearson']),
        num(o.numbers['spearman']),
        o.status,
      ]);
      return mdTable(['base seed', 'relative, densest', 'largest', 'at 1/(1−S)', 'rise (×)', 'Pearson r', 'Spearman ρ', 'check'], rows);
    }),
  };
}
