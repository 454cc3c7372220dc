import { describe, expect, it } from 'vitest';
import { judgeChanges } from '../../analysis/change-verdicts.ts';
import { checkClaims, withFirstRestarts, withHeldOutRanking, withPriorEvalSample } from '../../analysis/claims.ts';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { judgeClaim } from '../../analysis/verdicts.ts';
import { claimsOf } from './claim-files.ts';
import { experiment, model, polar } from './fixtures.ts';

const ANTI = [
  { kind: 'anticorrelated' as const, features: [0, 1] },
  { kind: 'anticorrelated' as const, features: [2, 3] },
];
const antipodal = [polar(0), polar(180), polar(90), polar(270)];
const square = [polar(0), polar(90), polar(180), polar(270)];

/** Two densities × six restarts of the anticorrelated pairs: at 0.05 only the last restart finds the antipodal layout. */
function anticorrelated(): ExperimentAnalysis {
  const models = [0.05, 0.01].flatMap((density) =>
    Array.from({ length: 6 }, (_, replica) => {
      const found = density === 0.01 ? replica === 0 : replica === 5;
      return { ...model({ W: found ? antipodal : square, density, replica, evalLoss: 1e-6 }), expectedLoss: found ? 1e-10 : 1e-5 };
    }),
  );
  return { ...experiment(models, { experiment: 'anticorrelated-pairs', importance: [1, 1, 1, 1] }), featureSets: ANTI };
}

describe('the old rules of the changes to the checks', () => {
  it('judge the same models with fewer restarts: the antipodal layout found only by the sixth restart', async () => {
    const a = anticorrelated();
    const claims = await claimsOf('anticorrelated-pairs');
    expect(checkClaims(a, claims).map((c) => [c.id, c.status])).toEqual([['anticorrelated_antipodal', 'pass']]);
    expect(checkClaims(withFirstRestarts(a, 5), claims).map((c) => c.status)).toEqual(['fail']);
    const current = checkClaims(a, claims).map((r) => judgeClaim(r.id, [{ seed: 1, result: r }], 0.8)!);
    const changes = judgeChanges('anticorrelated-pairs', [{ seed: 1, analysis: a }], current, 0.8, claims);
    const restarts = changes.find((c) => c.change === 'more restarts per setting');
    expect(restarts).toEqual({
      change: 'more restarts per setting',
      claim: 'anticorrelated_antipodal',
      old: { verdict: 'does-not-hold', passed: 0, judged: 1 },
      new: { verdict: 'holds', passed: 1, judged: 1 },
    });
    // the exact expected loss ranks these restarts; the held-out losses tie, so the first restart is kept
    const heldOut = changes.find((c) => c.change === 'selection by exact expected loss');
    expect(heldOut?.old).toEqual({ verdict: 'does-not-hold', passed: 0, judged: 1 });
  });

  it('rank by the held-out loss when the expected loss is taken away, and say the analysis is ranked so', () => {
    const a = anticorrelated();
    const h = withHeldOutRanking(a);
    expect(h.ranking).toBe('held-out');
    expect(h.models.every((m) => m.expectedLoss === undefined)).toBe(true);
    // equal held-out losses: the first restart of each density
    expect(h.selected.map((k) => h.models[k]!.replica)).toEqual([0, 0]);
    expect(a.selected.map((k) => a.models[k]!.replica)).toEqual([5, 0]);
  });

  it('rank by the loss on the old, smaller held-out sample where the sample was enlarged', async () => {
    // 20 → 5 at 1−S = 0.1: the restart that dedicates a direction to feature 0 has the lower loss on the
    // whole sample, the one that dedicates it to feature 1 on its first samples
    const axis = (k: number, sign = 1): number[] => Array.from({ length: 5 }, (_, j) => (j === k ? sign : 0));
    const zero = (n: number): number[][] => Array.from({ length: n }, () => axis(-1));
    const first = [axis(0), axis(1), axis(1, -1), ...zero(17)];
    const second = [axis(1), axis(0), axis(1, -1), ...zero(17)];
    const models = [
      { ...model({ W: second, density: 0.1, replica: 0, evalLoss: 4.1e-4 }), priorEvalLoss: 3.9e-4 },
      { ...model({ W: first, density: 0.1, replica: 1, evalLoss: 3.8e-4 }), priorEvalLoss: 4.0e-4 },
    ];
    const a = { ...experiment(models, { experiment: 'superposition' }), ranking: 'held-out' as const };
    const claims = await claimsOf('superposition');
    expect(checkClaims(a, claims).find((c) => c.id === 'important_features_last')?.status).toBe('pass');
    const old = withPriorEvalSample(a);
    expect(old.selected.map((k) => old.models[k]!.replica)).toEqual([0]);
    expect(old.models.map((m) => [m.evalLoss, m.priorEvalLoss])).toEqual([
      [3.9e-4, undefined],
      [4.0e-4, undefined],
    ]);
    expect(checkClaims(old, claims).find((c) => c.id === 'important_features_last')?.status).toBe('fail');
    const current = checkClaims(a, claims).map((r) => judgeClaim(r.id, [{ seed: 1, result: r }], 0.8)!);
    const sample = judgeChanges('superposition', [{ seed: 1, analysis: a }], current, 0.8, claims).filter(
      (c) => c.change === 'a larger held-out sample where it ranks restarts',
    );
    expect(sample.find((c) => c.claim === 'important_features_last')).toEqual({
      change: 'a larger held-out sample where it ranks restarts',
      claim: 'important_features_last',
      old: { verdict: 'does-not-hold', passed: 0, judged: 1 },
      new: { verdict: 'holds', passed: 1, judged: 1 },
    });
  });

  it('concern only the experiments they apply to', async () => {
    const a = { ...anticorrelated(), experiment: 'correlated-pairs', ranking: 'held-out' as const };
    // the anticorrelated pairs' claim, judged as if the models were another experiment's that no change concerns
    const claims = await claimsOf('anticorrelated-pairs');
    const current = checkClaims(a, claims).map((r) => judgeClaim(r.id, [{ seed: 1, result: r }], 0.8)!);
    expect(current.map((c) => c.id)).toEqual(['anticorrelated_antipodal']);
    expect(judgeChanges('correlated-pairs', [{ seed: 1, analysis: a }], current, 0.8, claims)).toEqual([]);
  });
});
