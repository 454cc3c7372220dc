// The claim `linear_bias`, one of the 20 → 5 "demonstrating superposition" claims
// (analysis/claims/superposition.ts holds what they share).

import { TOLERANCES, f, hasShape, put, range, s, selectedModels, type ClaimCheck, passOrFail } from '../common.ts';
import { representedFeatures } from '../../metrics.ts';
import { DEMO, maxAbs } from '../superposition.ts';
import { defineClaim } from '../define.ts';

/**
 * How linear_bias judges one model's biases. 'mean' (the rule since the checks were reviewed against the
 * paper): the mean bias of the dropped features lies within the tolerance of s/2 and the mean |b| of the
 * passed ones within the tolerance of 0, and every feature sits nearer its own target than the other
 * (|b − target| < s/4). 'worst' (the first rule): every single bias within the tolerance of its target.
 */
export type LinearBiasRule = 'mean' | 'worst';

function mean(xs: readonly number[]): number {
  return xs.length > 0 ? xs.reduce((acc, v) => acc + v, 0) / xs.length : Number.NaN;
}

/** linear_bias with the given rule (the registered check uses 'mean'; 'worst' is kept for the report's table of changes). */
export function linearBiasCheck(rule: LinearBiasRule): ClaimCheck {
  return (a) => {
    if (!hasShape(a, DEMO)) return null;
    const lin = selectedModels(a).filter((m) => m.activation === 'linear');
    const tol = (d: number): number => TOLERANCES.biasRelative * (d / 2) + TOLERANCES.biasFloor;
    // only where s/2 stands clear of the tolerance can "≈ s/2" be told apart from "≈ 0"
    const resolvable = lin.filter((m) => m.density / 2 > 2 * tol(m.density));
    if (resolvable.length === 0) return null;
    const numbers: Record<string, number> = {};
    const parts: string[] = [];
    let passing = 0;
    for (const m of resolvable) {
      const rep = representedFeatures(m.norms);
      const dropped = range(m.features).filter((i) => !rep.includes(i));
      const target = m.density / 2;
      const passedBias = rep.map((i) => m.b[i] as number);
      const droppedBias = dropped.map((i) => m.b[i] as number);
      const passedDev = maxAbs(passedBias);
      const droppedDev = maxAbs(droppedBias.map((b) => b - target));
      const meanDropped = mean(droppedBias);
      const meanPassedAbs = mean(passedBias.map(Math.abs));
      const t = tol(m.density);
      // each feature nearer its own target than the other one: a dropped bias above s/4, a passed one below it
      const sides = passedDev < target / 2 && droppedDev < target / 2;
      const ok =
        rule === 'worst'
          ? passedDev <= t && droppedDev <= t
          : sides && (dropped.length === 0 || Math.abs(meanDropped - target) <= t) && (rep.length === 0 || meanPassedAbs <= t);
      if (ok) passing++;
      const k = `s=${s(m.density)}`;
      numbers[`${k}:tolerance`] = t;
      numbers[`${k}:maxPassedBias`] = passedDev;
      put(numbers, `${k}:meanPassedAbsBias`, meanPassedAbs);
      put(numbers, `${k}:meanDroppedBias`, meanDropped);
      numbers[`${k}:maxDroppedDeviation`] = droppedDev;
      numbers[`${k}:pass`] = ok ? 1 : 0;
      parts.push(
        `s=${s(m.density)}: dropped features' mean b ${f(meanDropped, 4)} vs s/2 = ${f(target, 4)} (largest single deviation ${f(droppedDev, 4)}), passed features' mean |b| ${f(meanPassedAbs, 4)} (largest ${f(passedDev, 4)}); tolerance ${f(t, 4)}`,
      );
    }
    const skipped = lin.filter((m) => !resolvable.includes(m)).map((m) => s(m.density));
    numbers['models'] = resolvable.length;
    numbers['passing'] = passing;
    numbers['unresolvedModels'] = skipped.length;
    const densest = [...resolvable].sort((x, y) => y.density - x.density)[0]!;
    const densestDropped = range(densest.features).filter((i) => !representedFeatures(densest.norms).includes(i));
    const ruleText =
      rule === 'worst'
        ? 'every single bias within the tolerance of its target'
        : "the dropped features' mean bias within the tolerance of s/2, the passed features' mean |b| within it of 0, and every bias nearer its own target than the other (|b − target| < s/4)";
    return {
      id: 'linear_bias',
      expected: `The linear model's bias is about zero on the features it passes through and about the feature's mean value s/2 on the features it drops (checked: ${ruleText}; tolerance 0.1·s/2 + 0.002).`,
      observed:
        `${passing} of ${resolvable.length} linear models match (${parts.join('; ')})` +
        (skipped.length > 0 ? `; s = ${skipped.join(', ')} not judged: s/2 is within twice the tolerance of 0.` : '.'),
      status: passOrFail(passing === resolvable.length),
      numbers,
      headline: {
        label: `dropped features' mean bias at 1−S = ${s(densest.density)}`,
        value: mean(densestDropped.map((i) => densest.b[i] as number)),
        paper: `s/2 = ${s(densest.density / 2)}`,
      },
    };
  };
}

/** linear_bias: the linear model's biases are ≈ 0 for passed features and ≈ E[xᵢ] = s/2 for dropped ones. */
const checkLinearBias: ClaimCheck = linearBiasCheck('mean');

export default defineClaim({
  id: 'linear_bias',
  title: "the linear model's biases: 0 where kept, the mean s/2 where dropped",
  check: checkLinearBias,
});
