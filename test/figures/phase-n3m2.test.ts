import { describe, expect, it } from 'vitest';
import { expectValidAndRounded, render, rows } from './spec-checks.ts';
import { buildPhaseN3m2Classes } from '../../figures/kinds/phase-n3m2-classes.ts';
import { buildPhaseN3m2Empirical } from '../../figures/kinds/phase-n3m2-empirical.ts';
import { buildPhaseN3m2Theory } from '../../figures/kinds/phase-n3m2-theory.ts';
import { N3M2_COLOURS, n3m2BoundaryRows, n3m2Legend } from '../../figures/phase-n3m2.ts';
import { phaseColour } from '../../figures/phase-colour.ts';
import { withDerived } from '../../analysis/derived.ts';
import { phaseN3m2Fixture } from './fixtures.ts';

describe('phase-n3m2-theory', () => {
  it('is a valid heatmap with all four configurations and the three boundary lines', async () => {
    const spec = buildPhaseN3m2Theory(phaseN3m2Fixture());
    expectValidAndRounded(spec);
    const cells = rows(spec).filter((r) => r['kind'] === 'cell');
    // one strip per 2 pixels of r, cut once: at the pairing curve below r = 1, at s = 4/7 above
    expect(cells).toHaveLength(2 * 180);
    for (const c of cells.filter((c) => c['phase'] === n3m2Legend('extra-pair'))) {
      const r = Math.sqrt((c['r0'] as number) * (c['r1'] as number));
      expect(c['s1'] as number).toBeCloseTo((4 * r) / (2 + 5 * r), 5);
    }
    for (const c of cells.filter((c) => c['phase'] === n3m2Legend('normal-pair'))) expect(c['s1'] as number).toBeCloseTo(4 / 7, 5);
    expect(new Set(cells.map((c) => c['phase']))).toEqual(
      new Set(['extra-ignored', 'normal-dropped', 'normal-pair', 'extra-pair'].map((p) => n3m2Legend(p as never))),
    );
    expect(
      new Set(
        rows(spec)
          .filter((r) => r['kind'] === 'boundary')
          .map((r) => r['line']),
      ),
    ).toEqual(new Set(['extra pairs', 's = 4/7', 'r = 1']));
    const svg = await render(spec);
    for (const c of Object.values(N3M2_COLOURS)) expect(svg).toContain(c);
    expect(svg).toContain('W⊥[1,1,0] normal pair antipodal');
  });

  it('draws the pairing curve up to r = 1 only, ending at 4/7', () => {
    const curve = n3m2BoundaryRows().filter((r) => r['line'] === 'extra pairs');
    expect(curve[0]).toMatchObject({ r: 0.1, s: 0.16 });
    expect(curve[curve.length - 1]).toMatchObject({ r: 1, s: Number((4 / 7).toPrecision(6)) });
  });
});

describe('phase-n3m2-empirical and -classes', () => {
  it('colours the cells by the extra feature, with a key', async () => {
    const spec = buildPhaseN3m2Empirical(phaseN3m2Fixture());
    expectValidAndRounded(spec);
    const cells = rows(spec).filter((r) => r['kind'] === 'cell');
    expect(cells).toHaveLength(4);
    const ignored = cells.find((c) => c['r'] === 0.1 && c['density'] === 1);
    expect(ignored?.['colour']).toBe('#f2f2f2');
    const dropped = cells.find((c) => c['r'] === 10 && c['density'] === 1);
    expect(dropped?.['colour']).toBe(phaseColour(1, 0));
    const svg = await render(spec);
    expect(svg).toContain('colour key');
  });

  it('classifies the cells into the four configurations', async () => {
    const spec = buildPhaseN3m2Classes(phaseN3m2Fixture());
    expectValidAndRounded(spec);
    const cells = rows(spec).filter((r) => r['kind'] === 'cell');
    const wrong = cells.find((c) => c['r'] === 10 && c['density'] === 0.01);
    expect(wrong?.['phase']).toBe(n3m2Legend('extra-pair'));
    expect(wrong?.['theory']).toBe(n3m2Legend('normal-pair'));
    expect(cells.find((c) => c['r'] === 10 && c['density'] === 1)?.['weakerNormalNorm']).toBe(0);
    const svg = await render(spec);
    expect(svg).toContain('mark-line');
  });

  it('needs models with their own importance', () => {
    const a = phaseN3m2Fixture();
    const plain = withDerived({ ...a, models: a.models.map(({ importance: _i, ...m }) => m) });
    expect(() => buildPhaseN3m2Empirical(plain)).toThrow(/no model with its own importance/);
    expect(() => buildPhaseN3m2Classes(plain)).toThrow(/no model with its own importance/);
  });
});
