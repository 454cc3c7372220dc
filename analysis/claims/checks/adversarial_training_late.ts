// The claim `adversarial_training_late` (paper §"Superposition and adversarial examples", guide §1.7):
// adversarial training with the analytic attack on a random feature "reduces superposition only at ~80 %
// input-norm attacks". Judged on an adversarial-training sweep (analysis/adversarial-training.ts).
//
// The rule, fixed before any model of the sweep was trained. Superposition is measured by features per
// dimension φ = ‖W‖²/m, the quantity the paper sets beside vulnerability, and its excess e = φ − 1 over a
// model without superposition (m orthogonal unit features give φ = 1). At every density whose unattacked model
// is in superposition (φ₀ ≥ ADVERSARIAL_TRAINING_RULES.minFeaturesPerDimension), with e₀ its excess:
//   (i)  "only at" large attacks: no attack a ≤ smallAttack reduces the excess by `reduction` or more,
//        e(a) > (1 − reduction)·e₀ for every such a;
//   (ii) "at ~80 %": some attack a ≤ paperAttack does, e(a) ≤ (1 − reduction)·e₀.
// The check passes on a seed when both hold at every such density; it is not judged when no density's
// unattacked model is in superposition. It judges the attacks sized by the average input norm at the density,
// the paper's attack budget; the attacks sized by each example's own norm (the other reading of "of the input
// norm") are read the same way and reported beside them, not judged. Whether superposition keeps falling past
// the first reducing attack, and what the training does to vulnerability and loss, is reported too.

import type { AdversarialTrainingCell, AdversarialTrainingPoint } from '../../adversarial-training.ts';
import { f, notJudged, passOrFail, put, s, type ClaimCheck } from '../common.ts';
import { defineClaim } from '../define.ts';

const ID = 'adversarial_training_late';

/** The rule's constants, fixed from the paper's words before the sweep was trained. */
export const ADVERSARIAL_TRAINING_RULES = {
  /**
   * a density is judged when its unattacked model stores at least this many features per dimension: the
   * paper's claim is about reducing superposition, so there must be some to reduce; 1.5 lies halfway between
   * no superposition (φ = 1) and the antipodal-pair plateau (φ = 2, D* = 1/2) the uniform model reaches as
   * the features get sparse, well clear of the small weights an orthogonal model leaves on unused features
   */
  minFeaturesPerDimension: 1.5,
  /**
   * "reduces superposition": the attack removes at least this share of the unattacked model's excess φ₀ − 1;
   * a quarter is a reduction a reader sees at once in the figure, and larger than the few per cent by which
   * φ of one model differs between neighbouring densities or seeds of the uniform sweep
   */
  reduction: 0.25,
  /**
   * "only at" large attacks: no attack up to this size (a fraction of the average input norm) may reduce
   * superposition; half the paper's 80 %, so that the check asks for the reduction to come late, not for an
   * exact threshold
   */
  smallAttack: 0.4,
  /** "at ~80 % input-norm attacks": some attack up to this size must reduce superposition (the paper's value) */
  paperAttack: 0.8,
} as const;

/** Slack for comparing an attack size read from params.yaml with a rule constant. */
const ATTACK_EPS = 1e-9;

/** How one density of the sweep comes out under the rule. */
export interface DensityOutcome {
  density: number;
  /** φ of the unattacked model (the a = 0 point); NaN when the density has none */
  unattacked: number;
  /** whether the density is judged: it has an unattacked model with φ₀ ≥ minFeaturesPerDimension */
  judged: boolean;
  /** e(a)/e₀ for every attacked point, in increasing attack size (empty when not judged) */
  remaining: Array<{ attack: number; share: number }>;
  /** the smallest attack that removes at least `reduction` of the excess; null when none of the sweep does */
  firstReducing: number | null;
  /** (i): no attack ≤ smallAttack reduces it */
  lateEnough: boolean;
  /** (ii): some attack ≤ paperAttack reduces it */
  reducedByPaperAttack: boolean;
}

/** The excess e = φ − 1 of a point over a model without superposition. */
export function superpositionExcess(point: Pick<AdversarialTrainingPoint, 'featuresPerDimension'>): number {
  return point.featuresPerDimension - 1;
}

/**
 * One density under the rule (see the file's head): on the attacks sized by the average input norm, which the
 * claim judges, or (`series` 'example') the same reading of the attacks sized by each example's own norm,
 * which the report sets beside them.
 */
export function judgeDensity(cell: AdversarialTrainingCell, series: 'average' | 'example' = 'average'): DensityOutcome {
  const R = ADVERSARIAL_TRAINING_RULES;
  const base = cell.points.find((p) => p.attack === 0);
  const unattacked = base?.featuresPerDimension ?? Number.NaN;
  const judged = base !== undefined && unattacked >= R.minFeaturesPerDimension;
  if (!judged)
    return {
      density: cell.density,
      unattacked,
      judged,
      remaining: [],
      firstReducing: null,
      lateEnough: false,
      reducedByPaperAttack: false,
    };
  const e0 = superpositionExcess(base);
  const attacked = series === 'average' ? cell.points : cell.perExample;
  const remaining = attacked.filter((p) => p.attack > 0).map((p) => ({ attack: p.attack, share: superpositionExcess(p) / e0 }));
  const reduces = (r: { share: number }): boolean => r.share <= 1 - R.reduction;
  return {
    density: cell.density,
    unattacked,
    judged,
    remaining,
    firstReducing: remaining.find(reduces)?.attack ?? null,
    lateEnough: !remaining.some((r) => r.attack <= R.smallAttack + ATTACK_EPS && reduces(r)),
    reducedByPaperAttack: remaining.some((r) => r.attack <= R.paperAttack + ATTACK_EPS && reduces(r)),
  };
}

const R = ADVERSARIAL_TRAINING_RULES;
const pct = (x: number): string => `${Math.round(x * 100)} %`;
const EXPECTED =
  `Adversarial training with the analytic attack on a random feature reduces superposition only at large attacks, about 80 % of the input norm (checked: at every density whose unattacked model stores ‖W‖²/m ≥ ${R.minFeaturesPerDimension} features per dimension, ` +
  `no attack of at most ${R.smallAttack} × the input norm removes ${pct(R.reduction)} or more of the excess ‖W‖²/m − 1, and some attack of at most ${R.paperAttack} × does).`;

const check: ClaimCheck = (a) => {
  const cells = a.derived?.adversarialTrainingCells ?? [];
  if (cells.length === 0) return null;
  const numbers: Record<string, number> = {};
  const parts: string[] = [];
  const outcomes = cells.map((c) => judgeDensity(c));
  cells.forEach((cell, c) => {
    const o = outcomes[c]!;
    const k = `s=${s(o.density)}`;
    put(numbers, `${k}:fpd_0`, o.unattacked);
    if (!o.judged) {
      parts.push(
        Number.isNaN(o.unattacked)
          ? `1−S = ${s(o.density)}: no unattacked model (not judged)`
          : `1−S = ${s(o.density)}: the unattacked model stores ${f(o.unattacked)} features per dimension, below ${R.minFeaturesPerDimension} (not judged)`,
      );
      return;
    }
    for (const r of o.remaining) put(numbers, `${k}:remaining@${r.attack}`, r.share);
    if (o.firstReducing !== null) numbers[`${k}:first_reducing`] = o.firstReducing;
    // the per-example reading, for the report (not judged)
    const example = judgeDensity(cell, 'example');
    for (const r of example.remaining) put(numbers, `${k}:example_remaining@${r.attack}`, r.share);
    if (example.firstReducing !== null) numbers[`${k}:example_first_reducing`] = example.firstReducing;
    const ok = o.lateEnough && o.reducedByPaperAttack;
    numbers[`${k}:pass`] = ok ? 1 : 0;
    const remainingText = o.remaining.map((r) => `${f(r.share)} at ${r.attack}`).join(', ');
    const where =
      o.firstReducing === null
        ? `no attack of the sweep removes ${pct(R.reduction)} of it`
        : `the first attack to remove ${pct(R.reduction)} of it is ${o.firstReducing}`;
    const why = [
      o.lateEnough ? '' : `already at an attack ≤ ${R.smallAttack}`,
      o.reducedByPaperAttack ? '' : `not by an attack ≤ ${R.paperAttack}`,
    ].filter((t) => t !== '');
    parts.push(
      `1−S = ${s(o.density)}: ${f(o.unattacked)} features per dimension unattacked; share of the excess left ${remainingText}; ${where}${why.length > 0 ? ` (${why.join(', ')} ✗)` : ''}`,
    );
  });
  const judged = outcomes.filter((o) => o.judged);
  if (judged.length === 0) {
    return notJudged(ID, EXPECTED, `${parts.join('; ')}: no density's unattacked model is in superposition.`, numbers);
  }
  const passing = judged.filter((o) => o.lateEnough && o.reducedByPaperAttack).length;
  numbers['densities'] = judged.length;
  numbers['passing'] = passing;
  const firsts = judged.map((o) => o.firstReducing);
  // one number for the results-at-a-glance table: the attack that has removed a quarter of the excess at every judged density
  const headline = firsts.every((x): x is number => x !== null)
    ? {
        headline: {
          label: `smallest attack (× input norm) removing ${pct(R.reduction)} of the excess ‖W‖²/m − 1 at every density`,
          value: Math.max(...firsts),
          paper: `≈ ${R.paperAttack}`,
        },
      }
    : {};
  return {
    id: ID,
    expected: EXPECTED,
    observed: `${parts.join('; ')}. The rule holds at ${passing} of ${judged.length} densities.`,
    status: passOrFail(passing === judged.length),
    numbers,
    ...headline,
  };
};

export default defineClaim({
  id: ID,
  title: 'adversarial training reduces superposition only at large attacks',
  check,
});
