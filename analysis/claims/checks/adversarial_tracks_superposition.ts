// The claim `adversarial_tracks_superposition` (paper §"Superposition and adversarial examples", guide §1.7
// and §3): as superposition forms across a uniform sweep, the model's vulnerability to the analytic attack,
// relative to an orthogonal model of the same size and density, rises more than threefold and follows the
// number of features per dimension. The attack, the normalisation and the thresholds are analysis/
// adversarial.ts's, fixed before any model was measured; the per-model results are the analyze stage's
// (metrics.json derived.adversarial), so the claim, the figure and the report read one computation.

import { ADVERSARIAL_RULES, vulnerabilityTrend } from '../../adversarial.ts';
import { f, notJudged, passOrFail, put, type ClaimCheck } from '../common.ts';
import { isUniform, inv } from '../uniform.ts';
import { defineClaim } from '../define.ts';

const ID = 'adversarial_tracks_superposition';

const check: ClaimCheck = (a) => {
  if (!isUniform(a)) return null;
  const entries = a.derived?.adversarial ?? [];
  if (entries.length === 0) return null;
  const R = ADVERSARIAL_RULES;
  const expected =
    `Vulnerability to the analytic single-feature attack (L2 budget ${R.budgetFraction} × the average input norm), relative to a model without superposition, ` +
    `rises more than ${R.minRise}× as superposition forms and is highly correlated with features per dimension ‖W‖²/m (checked: the largest relative ` +
    `vulnerability of the sweep over the densest model's > ${R.minRise}, and Pearson's r with ‖W‖²/m across the sweep ≥ ${R.minCorrelation}).`;
  if (entries.length < R.minModels) {
    return notJudged(
      ID,
      expected,
      `Only ${entries.length} model(s) of the sweep were measured; a correlation needs at least ${R.minModels}.`,
    );
  }
  const t = vulnerabilityTrend(entries);
  if (t === null) return null;
  const numbers: Record<string, number> = { models: entries.length, densestDensity: t.densest.density, peakDensity: t.peak.density };
  put(numbers, 'densestRelative', t.densest.relative);
  put(numbers, 'peakRelative', t.peak.relative);
  put(numbers, 'rise', t.rise);
  put(numbers, 'pearson', t.pearson);
  put(numbers, 'spearman', t.spearman);
  put(numbers, 'densestFeaturesPerDimension', t.densest.featuresPerDimension);
  put(numbers, 'peakFeaturesPerDimension', t.peak.featuresPerDimension);
  for (const e of entries) put(numbers, `1/(1-S)=${inv(e.density)}:relative`, e.relative);
  if (!(t.densest.relative > 0)) {
    return notJudged(
      ID,
      expected,
      `The densest model's relative vulnerability is ${f(t.densest.relative, 3)}, not positive, so no rise factor can be formed.`,
      numbers,
    );
  }
  if (!Number.isFinite(t.pearson)) {
    return notJudged(
      ID,
      expected,
      'Relative vulnerability or features per dimension is the same for every model, so there is no correlation to measure.',
      numbers,
    );
  }
  const riseOk = t.rise > R.minRise;
  const correlationOk = t.pearson >= R.minCorrelation;
  return {
    id: ID,
    expected,
    observed:
      `Relative vulnerability is ${f(t.densest.relative, 2)} at the densest model (1/(1−S) = ${inv(t.densest.density)}, ‖W‖²/m = ${f(t.densest.featuresPerDimension, 2)}) ` +
      `and largest, ${f(t.peak.relative, 2)}, at 1/(1−S) = ${inv(t.peak.density)} (‖W‖²/m = ${f(t.peak.featuresPerDimension, 2)}): a rise of ${f(t.rise, 2)}×` +
      `${riseOk ? '' : ` (not > ${R.minRise}×)`}; across the ${entries.length} models Pearson's r with ‖W‖²/m is ${f(t.pearson, 3)}` +
      `${correlationOk ? '' : ` (< ${R.minCorrelation})`} and Spearman's ${f(t.spearman, 3)}.`,
    status: passOrFail(riseOk && correlationOk),
    numbers,
    headline: { label: 'rise of relative vulnerability, densest model → largest (×)', value: t.rise, paper: `> ${R.minRise}×` },
  };
};

export default defineClaim({ id: ID, title: 'adversarial vulnerability rises with superposition', check });
