import { describe, expect, it } from 'vitest';
import type { ClaimResult, ClaimStatus } from '../../analysis/types.ts';
import { judgeClaim, median, NO_MODEL_REASON, verdictOf } from '../../analysis/verdicts.ts';

function result(status: ClaimStatus, value?: number): ClaimResult {
  return {
    id: 'c',
    expected: 'the paper says so',
    observed: `observed ${status}`,
    status,
    ...(status === 'not-judged' ? { reason: 'nothing to compare' } : {}),
    numbers: { x: value ?? 0 },
    ...(value !== undefined ? { headline: { label: 'count', value, paper: '5', integer: true } } : {}),
  };
}

describe('verdictOf', () => {
  it('holds at exactly the threshold share of the judged seeds and not below it', () => {
    expect(verdictOf(4, 5, 0.8)).toBe('holds');
    expect(verdictOf(3, 5, 0.8)).toBe('does-not-hold');
    expect(verdictOf(5, 5, 1)).toBe('holds');
    expect(verdictOf(4, 5, 1)).toBe('does-not-hold');
    expect(verdictOf(1, 3, 0.3)).toBe('holds');
    expect(verdictOf(0, 0, 0.8)).toBe('not-judged');
  });
});

describe('judgeClaim', () => {
  it('counts pass and fail over the judged seeds only, and keeps every seed in order', () => {
    const v = judgeClaim(
      'c',
      [
        { seed: 10, result: result('pass', 5) },
        { seed: 11, result: result('not-judged') },
        { seed: 12, result: result('pass', 4) },
        { seed: 13, result: result('fail', 7) },
        { seed: 14, result: result('pass', 5) },
      ],
      0.75,
    )!;
    expect(v.seeds.map((s) => [s.seed, s.status])).toEqual([
      [10, 'pass'],
      [11, 'not-judged'],
      [12, 'pass'],
      [13, 'fail'],
      [14, 'pass'],
    ]);
    // 3 of the 4 judged seeds pass: 0.75 ≥ 0.75
    expect([v.passed, v.judged, v.verdict]).toEqual([3, 4, 'holds']);
    expect(v.seeds[1]!.reason).toBe('nothing to compare');
    // the headline over the four seeds that have one: 4, 5, 5, 7
    expect(v.headline).toEqual({ label: 'count', paper: '5', integer: true, median: 5, min: 4, max: 7, seeds: 4 });
    expect(
      judgeClaim(
        'c',
        [
          { seed: 1, result: result('pass') },
          { seed: 2, result: result('fail') },
        ],
        0.8,
      )!.verdict,
    ).toBe('does-not-hold');
  });

  it('marks a seed without a model of the claim’s kind as not judged, and drops a claim no seed has', () => {
    const v = judgeClaim(
      'c',
      [
        { seed: 1, result: null },
        { seed: 2, result: result('fail') },
      ],
      0.8,
    )!;
    expect(v.seeds[0]).toMatchObject({ seed: 1, status: 'not-judged', reason: NO_MODEL_REASON });
    expect([v.passed, v.judged, v.verdict]).toEqual([0, 1, 'does-not-hold']);
    expect(judgeClaim('c', [{ seed: 1, result: null }], 0.8)).toBeNull();
    const none = judgeClaim(
      'c',
      [
        { seed: 1, result: result('not-judged') },
        { seed: 2, result: result('not-judged') },
      ],
      0.8,
    )!;
    expect([none.judged, none.verdict, none.headline]).toEqual([0, 'not-judged', undefined]);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/empty/);
  });
});
