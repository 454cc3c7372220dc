import { describe, expect, it } from 'vitest';
import phaseN2m1Empirical from '../../analysis/claims/checks/phase_n2m1_empirical.ts';
import phaseN2m1Theory from '../../analysis/claims/checks/phase_n2m1_theory.ts';
import {
  agreementFraction,
  boundaryByBisection,
  classifyPhase,
  lossAntipodal,
  lossIgnoreExtra,
  lossIgnoreFirst,
  phaseCells,
  phaseCounts,
  superpositionBoundary,
  theoreticalPhase,
} from '../../analysis/phase.ts';
import { phaseFixture } from '../figures/fixtures.ts';

const checkPhaseEmpirical = phaseN2m1Empirical.check;
const checkPhaseTheory = phaseN2m1Theory.check;

describe('closed-form losses', () => {
  it('match hand-computed values', () => {
    // s = 0.5: s/3 − s²/4 = 1/6 − 1/16 = 5/48
    expect(lossIgnoreFirst(0.5)).toBeCloseTo(5 / 48, 12);
    expect(lossIgnoreExtra(2, 0.5)).toBeCloseTo(10 / 48, 12);
    // (1 + 2)·0.25/6 = 0.125
    expect(lossAntipodal(2, 0.5)).toBeCloseTo(0.125, 12);
    // s = 1: 1/3 − 1/4 = 1/12
    expect(lossIgnoreFirst(1)).toBeCloseTo(1 / 12, 12);
  });

  it('are equal at the triple point (1, 4/7)', () => {
    const s = 4 / 7;
    // 4/21 − 4/49 = 16/147 and 2·(16/49)/6 = 16/147
    expect(lossIgnoreExtra(1, s)).toBeCloseTo(16 / 147, 12);
    expect(lossIgnoreFirst(s)).toBeCloseTo(16 / 147, 12);
    expect(lossAntipodal(1, s)).toBeCloseTo(16 / 147, 12);
  });
});

describe('theoretical phase', () => {
  it('picks the configuration of lowest loss', () => {
    expect(theoreticalPhase(0.1, 1)).toBe('not-represented');
    expect(theoreticalPhase(10, 1)).toBe('dedicated');
    expect(theoreticalPhase(0.1, 0.1)).toBe('superposition');
    expect(theoreticalPhase(10, 0.1)).toBe('superposition');
    expect(theoreticalPhase(0.1, 0.2)).toBe('not-represented');
    expect(theoreticalPhase(10, 0.2)).toBe('dedicated');
  });

  it('has the boundary s = 0.16 at r = 0.1 and r = 10, 4/7 at r = 1, symmetric in log r', () => {
    expect(superpositionBoundary(0.1)).toBeCloseTo(0.16, 12);
    expect(superpositionBoundary(10)).toBeCloseTo(0.16, 12);
    expect(boundaryByBisection(0.1)).toBeCloseTo(0.16, 9);
    expect(boundaryByBisection(10)).toBeCloseTo(0.16, 9);
    expect(boundaryByBisection(1)).toBeCloseTo(4 / 7, 9);
    expect(boundaryByBisection(0.25)).toBeCloseTo(boundaryByBisection(4), 9);
    // r = 0.5: 2/4.5 = 4/9
    expect(boundaryByBisection(0.5)).toBeCloseTo(4 / 9, 9);
  });
});

describe('empirical phase', () => {
  it('classifies by the fixed thresholds', () => {
    expect(classifyPhase(0.2, 0.9)).toBe('not-represented');
    expect(classifyPhase(1, 0.9)).toBe('superposition');
    expect(classifyPhase(1, 0.5)).toBe('superposition');
    expect(classifyPhase(1, 0.1)).toBe('dedicated');
    expect(classifyPhase(0.5, 0)).toBe('dedicated');
    expect(classifyPhase(Number.NaN, 0)).toBe('not-represented');
  });

  it('discards the highest-loss model of each cell and averages the rest', () => {
    const cells = phaseCells(phaseFixture().models);
    expect(cells).toHaveLength(4);
    for (const c of cells) {
      expect(c.models).toBe(3);
      expect(c.kept).toBe(2);
    }
    const ignored = cells.find((c) => c.r === 0.1 && c.density === 1);
    expect(ignored?.norm).toBeCloseTo(0, 12);
    expect(ignored?.phase).toBe('not-represented');
    const disagree = cells.find((c) => c.r === 10 && c.density === 1);
    expect(disagree?.phase).toBe('superposition');
    expect(disagree?.theory).toBe('dedicated');
    expect(disagree?.norm).toBeCloseTo(1, 12);
    // (1 / (1 + 1e-5))²
    expect(disagree?.superposition).toBeCloseTo(1 / (1 + 1e-5) ** 2, 12);
    expect(agreementFraction(cells)).toBe(0.75);
    expect(phaseCounts(cells.map((c) => c.phase))).toEqual({ 'not-represented': 1, dedicated: 0, superposition: 3 });
  });

  it('averages norms over the kept models', () => {
    const base = { density: 0.5, superposition: [0, 0] };
    const cells = phaseCells([
      { ...base, importance: [1, 2], evalLoss: 0.1, norms: [0, 0.4] },
      { ...base, importance: [1, 2], evalLoss: 0.2, norms: [0, 0.8] },
      { ...base, importance: [1, 2], evalLoss: 0.9, norms: [0, 5] },
      { ...base, evalLoss: 0.1, norms: [1, 1] }, // no own importance: skipped
    ]);
    expect(cells).toHaveLength(1);
    expect(cells[0]?.norm).toBeCloseTo(0.6, 12);
    expect(cells[0]?.phase).toBe('dedicated');
  });

  it('gives an empty grid and NaN agreement without per-instance importance', () => {
    expect(phaseCells([{ density: 1, evalLoss: 0, norms: [1, 1], superposition: [0, 0] }])).toEqual([]);
    expect(agreementFraction([])).toBeNaN();
  });
});

describe('phase claims', () => {
  it('phase_n2m1_theory passes on our closed forms', () => {
    const c = checkPhaseTheory(phaseFixture());
    expect(c?.status).toBe('pass');
    expect(c?.numbers['boundaryAt0_1']).toBeCloseTo(0.16, 9);
    expect(c?.numbers['boundaryAt1']).toBeCloseTo(4 / 7, 9);
  });

  it('phase_n2m1_empirical reports the agreement and counts', () => {
    const c = checkPhaseEmpirical(phaseFixture());
    expect(c?.status).toBe('pass');
    expect(c?.numbers['agreement']).toBe(0.75);
    expect(c?.numbers['empirical:superposition']).toBe(3);
    expect(c?.numbers['theory:dedicated']).toBe(1);
    expect(c?.numbers['disagree:dedicated→superposition']).toBe(1);
  });

  it('does not apply to other experiments', () => {
    const a = phaseFixture();
    const plain = { ...a, models: a.models.map(({ importance: _i, ...m }) => m) };
    expect(checkPhaseTheory(plain)).toBeNull();
    expect(checkPhaseEmpirical(plain)).toBeNull();
  });
});
