import { describe, expect, it } from 'vitest';
import claim, { judgeScaledSimilar } from '../../../../analysis/claims/checks/scaled_80_20_similar.ts';
import type { Activation } from '../../../../core/types.ts';
import type { ModelAnalysis } from '../../../../analysis/types.ts';
import { axis, demoW, experiment, model, polygon, zeros } from '../../fixtures.ts';

// 8 → 2 with importance 0.9^i: the 20 → 5 regimes at m = 2 (resolution r = 0; a count may move against
// its trend by round(2·2/5) = 1 on a step to 1−S ≤ 0.01). Hand-built layouts:
const F = 8;
/** rows for the first features, the rest zero */
const rows = (first: number[][]): number[][] => [...first, ...zeros(F - first.length, 2)];
const TOP2 = rows([axis(2, 0), axis(2, 1)]); // f0, f1 on their own axes: the no-superposition solution
const F0_AND_PAIR = rows([axis(2, 0), axis(2, 1), axis(2, 1, -1)]); // f0 orthogonal, f1/f2 antipodal: mixed
const SQUARE = rows(polygon(4)); // f0–f3 as two antipodal pairs: 4 represented, none orthogonal
const PENTAGON = rows(polygon(5)); // f0–f4: 5 represented, none orthogonal

const IMPORTANCE = Array.from({ length: F }, (_, i) => 0.9 ** i);

function at(activation: Activation, density: number, W: number[][]): ModelAnalysis {
  return model({ W, activation, density, run: activation === 'linear' ? 0 : 1 });
}

const LINEAR = [1, 0.3, 0.1, 0.01].map((d) => at('linear', d, TOP2));
const SCALED_REGIME = {
  1: TOP2,
  0.3: F0_AND_PAIR,
  0.1: SQUARE,
  0.01: PENTAGON,
};

function sweep(relu: Record<number, number[][]>, linear: ModelAnalysis[] = LINEAR) {
  const reluModels = Object.entries(relu).map(([d, W]) => at('relu', Number(d), W));
  return experiment([...linear, ...reluModels], { importance: IMPORTANCE });
}

function failingParts(numbers: Record<string, number>): string[] {
  return ['linear', 'dense', 'monotone', 'ordering', 'sparse'].filter((p) => numbers[`part:${p}`] === 0);
}

describe('scaled_80_20_similar on 8 → 2', () => {
  it('passes when the 20 → 5 regimes appear with counts relative to m', () => {
    const r = claim.check(sweep(SCALED_REGIME));
    expect(r?.status).toBe('pass');
    expect(failingParts(r!.numbers)).toEqual([]);
    expect(r?.numbers['resolution']).toBe(0);
    expect(r?.numbers['relu:s=0.3:represented']).toBe(3);
    expect(r?.numbers['relu:s=0.3:orthogonal']).toBe(1);
    expect(r?.numbers['relu:s=0.01:represented']).toBe(5);
    expect(r?.numbers['mixed_models']).toBe(1);
    expect(r?.headline).toMatchObject({ value: 5, integer: true });
  });

  it('fails the linear part when the linear model keeps a less important feature', () => {
    const linear = [...LINEAR.slice(0, 3), at('linear', 0.01, rows([axis(2, 0), [0, 0], axis(2, 1)]))];
    const r = claim.check(sweep(SCALED_REGIME, linear));
    expect(r?.status).toBe('fail');
    expect(failingParts(r!.numbers)).toEqual(['linear']);
    expect(r?.numbers['linear_top_m']).toBe(3);
  });

  it('fails the dense part when the ReLU model at 1−S = 1 is already in superposition', () => {
    const r = claim.check(sweep({ ...SCALED_REGIME, 1: F0_AND_PAIR }));
    expect(failingParts(r!.numbers)).toEqual(['dense']);
  });

  it('fails the monotone part when the represented count drops away from the sparse end', () => {
    // 1−S = 0.1: f0/f1 antipodal only, 2 represented after 3 at 0.3
    const r = claim.check(sweep({ ...SCALED_REGIME, 0.1: rows([axis(2, 0), axis(2, 0, -1)]) }));
    expect(r?.status).toBe('fail');
    expect(failingParts(r!.numbers)).toEqual(['monotone']);
  });

  it('allows the represented count to dip by one at the sparse end (the scaled 20 → 5 slack)', () => {
    // 4 → 3 features on the step to 1−S = 0.01: a triangle, still all in superposition
    const r = claim.check(sweep({ ...SCALED_REGIME, 0.01: rows(polygon(3)) }));
    expect(r?.status).toBe('pass');
  });

  it('fails the ordering part when a less important feature keeps the orthogonal direction', () => {
    // f1 orthogonal, f0/f2 antipodal
    const r = claim.check(sweep({ ...SCALED_REGIME, 0.3: rows([axis(2, 1), axis(2, 0), axis(2, 1, -1)]) }));
    expect(failingParts(r!.numbers)).toEqual(['ordering']);
    expect(r?.numbers['leading_exactly']).toBe(3);
  });

  it('fails the ordering part when no density shows the mixed regime', () => {
    const r = claim.check(sweep({ ...SCALED_REGIME, 0.3: SQUARE }));
    expect(failingParts(r!.numbers)).toEqual(['ordering']);
    expect(r?.numbers['mixed_models']).toBe(0);
  });

  it('fails the sparse part when a feature is still orthogonal at 1−S ≤ 0.01', () => {
    const r = claim.check(sweep({ ...SCALED_REGIME, 0.01: F0_AND_PAIR }));
    expect(failingParts(r!.numbers)).toEqual(['sparse']);
  });

  it('is not judged without a ReLU model at 1−S ≤ 0.01, and does not apply without a linear sweep', () => {
    const { 0.01: _sparse, ...dense } = SCALED_REGIME;
    expect(claim.check(sweep(dense))?.status).toBe('not-judged');
    expect(claim.check(sweep(SCALED_REGIME, []))).toBeNull();
  });
});

describe('scaled_80_20_similar on 40 → 10 (resolution r = 1)', () => {
  const opts = { features: 40, hidden: 10 };
  const importance = Array.from({ length: 40 }, (_, i) => 0.9 ** i);
  const W = {
    top: demoW({ ...opts, orthogonal: 10, superposed: 0 }),
    // 1−S = 0.1: f0, f1 orthogonal, 14 features on a polygon in one plane
    mixedLate: demoW({ ...opts, orthogonal: 2, superposed: 14 }),
    sparse: demoW({ ...opts, orthogonal: 0, superposed: 20 }),
  };
  function at40(mixed: number[][]) {
    const linear = [1, 0.3, 0.1, 0.01].map((d) => model({ W: W.top, activation: 'linear', density: d, run: 0 }));
    const relu = [
      [1, W.top],
      [0.3, mixed],
      [0.1, W.mixedLate],
      [0.01, W.sparse],
    ].map(([d, w]) => model({ W: w as number[][], activation: 'relu', density: d as number, run: 1 }));
    return experiment([...linear, ...relu], { importance });
  }
  const superposedExcept = (orth: number[]): number[] => Array.from({ length: 12 }, (_, i) => i).filter((i) => !orth.includes(i));

  it('lets the orthogonal block at 1−S = 0.3 swap neighbours in the importance order (f4 for f3)', () => {
    const orth = [0, 1, 2, 4];
    const r = claim.check(
      at40(demoW({ ...opts, orthogonal: 4, superposed: 8, orthogonalIds: orth, superposedIds: superposedExcept(orth) })),
    );
    expect(r?.numbers['resolution']).toBe(1);
    expect(r?.status).toBe('pass');
    expect(r?.numbers['leading_exactly']).toBe(3);
  });

  it('fails when the orthogonal block skips two ranks (f5 for f3)', () => {
    const orth = [0, 1, 2, 5];
    const r = claim.check(
      at40(demoW({ ...opts, orthogonal: 4, superposed: 8, orthogonalIds: orth, superposedIds: superposedExcept(orth) })),
    );
    expect(r?.status).toBe('fail');
    expect(failingParts(r!.numbers)).toEqual(['ordering']);
  });
});

describe('scaled_80_20_similar and the 20 → 5 size', () => {
  it('leaves the 20 → 5 shape to its own claims; judgeScaledSimilar still reads it, with r = 0', () => {
    const top5 = demoW({ orthogonal: 5, superposed: 0 });
    const linear = [1, 0.01].map((d) => model({ W: top5, activation: 'linear', density: d, run: 0 }));
    const relu = [
      [1, top5],
      [0.3, demoW({ orthogonal: 3, superposed: 4 })],
      [0.01, demoW({ orthogonal: 0, superposed: 12 })],
    ].map(([d, w]) => model({ W: w as number[][], activation: 'relu', density: d as number, run: 1 }));
    const a = experiment([...linear, ...relu]);
    expect(claim.check(a)).toBeNull();
    const r = judgeScaledSimilar(a);
    expect(r?.status).toBe('pass');
    expect(r?.numbers['resolution']).toBe(0);
  });
});
