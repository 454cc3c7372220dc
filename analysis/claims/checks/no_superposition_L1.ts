// The claim `no_superposition_L1`: the paper's strategic picture remarks that an L1 penalty λ‖h‖₁ on the
// hidden activations removes superposition in the toy models, at a cost in loss. Judged on an L1 sweep
// (analysis/l1-sweep.ts): at each density where the unpenalised model is in superposition, the model of
// the sweep's largest λ must have none.
//
// The rule, fixed before the sweep was run: "in superposition" means more features represented than the
// model has dimensions (more than m features with ‖Wᵢ‖ > 0.5 cannot all be orthogonal); "no superposition"
// means at most m features represented and every one of them orthogonal (superposition score < 0.1), i.e.
// the no-superposition solution of Section 3 or a subset of it. Whether the score falls monotonically in
// between is reported, not judged (one restart per λ makes single points noisy).

import type { L1SweepCell } from '../../l1-sweep.ts';
import { passOrFail, s, type ClaimCheck } from '../common.ts';
import { defineClaim } from '../define.ts';

const ID = 'no_superposition_L1';
const EXPECTED =
  'Penalising the hidden activations with λ‖h‖₁ removes superposition: as λ grows, the model goes back to representing at most m features, all orthogonal (the paper’s strategic picture), at some cost in loss.';

/** Whether a point of the sweep is free of superposition: at most `hidden` features, all orthogonal. */
export function noSuperposition(point: { represented: number; orthogonal: number }, hidden: number): boolean {
  return point.represented <= hidden && point.orthogonal === point.represented;
}

const checkNoSuperpositionL1: ClaimCheck = (a) => {
  const cells: L1SweepCell[] = (a.derived?.l1SweepCells ?? []).filter((c) => c.points.length >= 2);
  if (cells.length === 0) return null;
  const m = a.hidden;
  const numbers: Record<string, number> = {};
  const parts: string[] = [];
  let judged = 0;
  let passing = 0;
  for (const cell of cells) {
    const first = cell.points[0]!;
    const last = cell.points[cell.points.length - 1]!;
    const k = `s=${s(cell.density)}`;
    numbers[`${k}:represented_at_0`] = first.represented;
    numbers[`${k}:represented_at_max`] = last.represented;
    numbers[`${k}:orthogonal_at_max`] = last.orthogonal;
    numbers[`${k}:lambda_max`] = last.l1;
    const freeAt = cell.points.find((p) => noSuperposition(p, m));
    if (freeAt !== undefined) {
      numbers[`${k}:lambda_free`] = freeAt.l1;
      numbers[`${k}:loss_ratio_free`] = freeAt.evalLoss / first.evalLoss;
    }
    if (first.represented <= m) {
      parts.push(
        `s=${s(cell.density)}: the λ = ${first.l1} model represents only ${first.represented} features, no superposition to remove (not judged)`,
      );
      continue;
    }
    judged++;
    const ok = noSuperposition(last, m);
    if (ok) passing++;
    numbers[`${k}:pass`] = ok ? 1 : 0;
    const where =
      freeAt === undefined
        ? 'no λ of the sweep is free of it'
        : `first free at λ = ${freeAt.l1}, held-out loss ${(freeAt.evalLoss / first.evalLoss).toFixed(2)}× the unpenalised model's`;
    parts.push(
      `s=${s(cell.density)}: ${first.represented} features represented (${first.superposed} in superposition) at λ = ${first.l1}, ${last.represented} (${last.superposed}) at λ = ${last.l1}; ${where}${ok ? '' : ' ✗'}`,
    );
  }
  if (judged === 0)
    return {
      id: ID,
      expected: EXPECTED,
      observed: `${parts.join('; ')}.`,
      status: 'not-judged',
      reason: 'no density of the sweep has an unpenalised model in superposition',
      numbers,
    };
  numbers['densities'] = judged;
  numbers['passing'] = passing;
  return {
    id: ID,
    expected: EXPECTED,
    observed: `${parts.join('; ')}. The largest λ removes superposition at ${passing} of ${judged} densities.`,
    status: passOrFail(passing === judged),
    numbers,
    headline: { label: 'densities where the largest λ leaves no superposition', value: passing, paper: `all ${judged}`, integer: true },
  };
};

export default defineClaim({
  id: ID,
  title: 'an L1 penalty on the hidden activations removes superposition (20 → 5)',
  check: checkNoSuperpositionL1,
});
