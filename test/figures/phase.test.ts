import { describe, expect, it } from 'vitest';
import { expectValidAndRounded, render, rows } from './spec-checks.ts';
import { buildPhaseEmpirical } from '../../figures/kinds/phase-empirical.ts';
import { buildPhaseTheory } from '../../figures/kinds/phase-theory.ts';
import { S_RANGE, logEdges, theoryCellRows } from '../../figures/phase.ts';
import { PHASE_LABELS, superpositionBoundary, theoreticalPhase } from '../../analysis/phase.ts';
import { withDerived } from '../../analysis/derived.ts';
import { phaseFixture } from './fixtures.ts';
import { KEY_STEPS, phaseColour } from '../../figures/phase-colour.ts';

describe('phase-n2m1-theory', () => {
  it('is a valid heatmap with all three phases and the boundary lines', async () => {
    const spec = buildPhaseTheory(phaseFixture());
    expectValidAndRounded(spec);
    const cells = rows(spec).filter((r) => r['kind'] === 'cell');
    // one strip per 2 pixels of r, cut once where superposition gives way: 2 cells a strip
    expect(cells).toHaveLength(2 * 180);
    expect(new Set(cells.map((c) => c['phase']))).toEqual(new Set(['not represented', 'dedicated', 'superposition']));
    const lines = new Set(
      rows(spec)
        .filter((r) => r['kind'] === 'boundary')
        .map((r) => r['line']),
    );
    expect(lines).toEqual(new Set(['superposition', 'r = 1']));
    const svg = await render(spec);
    expect(svg).toContain('mark-rect');
    expect(svg).toContain('mark-line');
    expect(svg).toContain('#d23c2a');
    expect(svg).toContain('#3b6fb6');
    expect(svg).toContain('importance r of the extra feature');
  });
});

describe('theoryCellRows', () => {
  it('cuts each strip where the closed forms say superposition stops winning, not on a grid line', () => {
    const cells = theoryCellRows((r, s) => PHASE_LABELS[theoreticalPhase(r, s)]);
    const red = cells.filter((c) => c['phase'] === 'superposition');
    expect(red).toHaveLength(180);
    for (const c of red) {
      const r = Math.sqrt((c['r0'] as number) * (c['r1'] as number));
      expect(c['s0']).toBe(S_RANGE[0]);
      expect(c['s1'] as number).toBeCloseTo(superpositionBoundary(r), 5);
    }
    // the strips tile the r range, and one edge is r = 1, where not represented meets dedicated
    expect(cells.some((c) => c['r1'] === 1) && cells.some((c) => c['r0'] === 1)).toBe(true);
    for (const c of cells.filter((c) => c['phase'] !== 'superposition')) expect(c['s1']).toBe(S_RANGE[1]);
    expect(new Set(cells.filter((c) => c['phase'] === 'dedicated').map((c) => (c['r0'] as number) >= 1))).toEqual(new Set([true]));
  });

  it('finds a phase that lies between two others in s', () => {
    // a made-up map with a band 0.1 ≤ s < 0.3 for r < 1: three cells in those strips, edges where the band is
    const cells = theoryCellRows((r, s) => (r < 1 && s >= 0.1 && s < 0.3 ? 'band' : 'rest'));
    const band = cells.filter((c) => c['phase'] === 'band');
    expect(band).toHaveLength(90);
    for (const c of band) {
      expect(c['s0'] as number).toBeCloseTo(0.1, 6);
      expect(c['s1'] as number).toBeCloseTo(0.3, 6);
    }
    expect(cells).toHaveLength(90 * 3 + 90);
  });
});

describe('phase-n2m1-empirical', () => {
  it('draws one cell per grid point in the colour map of its averages, with the theory lines and a key', async () => {
    const spec = buildPhaseEmpirical(phaseFixture());
    expectValidAndRounded(spec);
    const cells = rows(spec).filter((r) => r['kind'] === 'cell');
    expect(cells).toHaveLength(4);
    const disagree = cells.find((c) => c['r'] === 10 && c['density'] === 1);
    expect(disagree?.['phase']).toBe('superposition');
    expect(disagree?.['theory']).toBe('dedicated');
    // an antipodal pair of unit norms: score 1/(1 + 1e-5)² just below 1, so one RGB step short of full red
    expect(disagree?.['colour']).toBe(phaseColour(1, 1 / (1 + 1e-5) ** 2));
    const ignored = cells.find((c) => c['r'] === 0.1 && c['density'] === 1);
    expect(ignored?.['colour']).toBe('#f2f2f2');
    expect(rows(spec).filter((r) => r['kind'] === 'key')).toHaveLength(KEY_STEPS * KEY_STEPS);
    expect(rows(spec).some((r) => r['kind'] === 'boundary')).toBe(true);
    const svg = await render(spec);
    expect(svg).toContain('mark-rect');
    expect(svg).toContain('mark-line');
    expect(svg).toContain('colour key');
    expect(svg).toContain('#f2f2f2');
  });

  it('needs models with their own importance', () => {
    const a = phaseFixture();
    expect(() => buildPhaseEmpirical(withDerived({ ...a, models: a.models.map(({ importance: _i, ...m }) => m) }))).toThrow(
      /no model with its own importance/,
    );
  });

  it('puts cell edges at geometric midpoints', () => {
    const e = logEdges([0.1, 1, 10]);
    expect(e[1]).toBeCloseTo(Math.sqrt(0.1), 12);
    expect(e[0]).toBeCloseTo(0.1 / Math.sqrt(10), 12);
    expect(e[3]).toBeCloseTo(10 * Math.sqrt(10), 12);
  });
});
