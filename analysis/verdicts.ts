// A claim's verdict over the base seeds. Each seed's models are checked on their own (analysis/claims/),
// giving pass, fail or not judged; the verdict counts the seeds where the claim passed among those where it
// could be judged, against a share fixed before the runs (params.yaml verdict_threshold). A seed where the
// claim is not judged counts neither for nor against it, and a claim judged on no seed has no verdict.

import type { ClaimHeadline, ClaimResult, ClaimStatus } from './types.ts';

/** How one claim came out on one base seed. */
export interface SeedOutcome {
  seed: number;
  status: ClaimStatus;
  observed: string;
  /** why the claim could not be judged on this seed (only when status is 'not-judged') */
  reason?: string;
  numbers: Record<string, number>;
  headline?: ClaimHeadline;
}

export const VERDICTS = ['holds', 'does-not-hold', 'not-judged'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The spread of a claim's headline measurement over the seeds that have one. */
export interface HeadlineSpread {
  label: string;
  paper: string;
  integer: boolean;
  median: number;
  min: number;
  max: number;
  /** how many seeds the spread is over */
  seeds: number;
}

/** One claim judged over the base seeds of one experiment. */
export interface ClaimVerdict {
  id: string;
  /** the claim's short title (its declaration's, analysis/claims/checks/<id>.ts), for the report's tables */
  title?: string;
  /** what the paper says (the check's sentence) */
  expected: string;
  /** every base seed of the experiment, in params.yaml order */
  seeds: SeedOutcome[];
  /** seeds where the claim could be judged, and where it passed */
  judged: number;
  passed: number;
  verdict: Verdict;
  /** the share of judged seeds that must pass for the claim to hold */
  threshold: number;
  headline?: HeadlineSpread;
}

/** Why a seed has no result at all for a claim the other seeds have. */
export const NO_MODEL_REASON = 'no model of this seed is of the kind the claim is about';

/**
 * The verdict rule: holds when the claim passed on at least `threshold` of the seeds where it was judged;
 * not judged when it was judged on none.
 */
export function verdictOf(passed: number, judged: number, threshold: number): Verdict {
  if (judged === 0) return 'not-judged';
  // a tolerance for the floating-point product (4 of 5 at 0.8 must hold)
  return passed >= threshold * judged - 1e-9 ? 'holds' : 'does-not-hold';
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function spread(outcomes: readonly SeedOutcome[]): HeadlineSpread | undefined {
  const withHeadline = outcomes.filter(
    (o): o is SeedOutcome & { headline: ClaimHeadline } => o.headline !== undefined && Number.isFinite(o.headline.value),
  );
  const first = withHeadline[0]?.headline;
  if (first === undefined) return undefined;
  const values = withHeadline.map((o) => o.headline.value);
  return {
    label: first.label,
    paper: first.paper,
    integer: withHeadline.every((o) => o.headline.integer === true),
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    seeds: values.length,
  };
}

/**
 * One claim over the seeds: `perSeed` holds each seed's check result, null where the check found no
 * model of the kind it is about. Null when no seed has a result (the claim does not apply at all). `title`,
 * the claim's short title, is carried into the verdict for the report's tables.
 */
export function judgeClaim(
  id: string,
  perSeed: ReadonlyArray<{ seed: number; result: ClaimResult | null }>,
  threshold: number,
  title?: string,
): ClaimVerdict | null {
  const first = perSeed.find((p) => p.result !== null)?.result;
  if (first === undefined || first === null) return null;
  const seeds: SeedOutcome[] = perSeed.map(({ seed, result }) => {
    if (result === null) return { seed, status: 'not-judged', observed: NO_MODEL_REASON, reason: NO_MODEL_REASON, numbers: {} };
    return {
      seed,
      status: result.status,
      observed: result.observed,
      ...(result.reason !== undefined ? { reason: result.reason } : {}),
      numbers: result.numbers,
      ...(result.headline !== undefined ? { headline: result.headline } : {}),
    };
  });
  const judged = seeds.filter((s) => s.status !== 'not-judged').length;
  const passed = seeds.filter((s) => s.status === 'pass').length;
  const headline = spread(seeds);
  return {
    id,
    ...(title !== undefined ? { title } : {}),
    expected: first.expected,
    seeds,
    judged,
    passed,
    verdict: verdictOf(passed, judged, threshold),
    threshold,
    ...(headline !== undefined ? { headline } : {}),
  };
}
