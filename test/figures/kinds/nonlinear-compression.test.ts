import { describe, expect, it } from 'vitest';
import definition from '../../../figures/kinds/nonlinear-compression.ts';
import { renderSvg } from '../../../figures/render.ts';
import { validateVegaLite } from '../../../figures/schema.ts';
import { axis, experiment, model, polygon } from '../../analysis/fixtures.ts';

type Row = Record<string, unknown>;
const rowsOf = (spec: unknown): Row[] => (spec as { data: { values: Row[] } }).data.values;

describe('the nonlinear-compression figure', () => {
  const spec = definition.build(experiment([model({ W: polygon(3), density: 0.1 })]), {});
  const rows = rowsOf(spec);

  it('draws the MSE of Z = 3, 2 and 5 for ε from 0 to 0.5, and the linear level 1/24', async () => {
    expect(validateVegaLite(spec).errors).toEqual([]);
    const curve = (series: string): Row[] => rows.filter((r) => r['kind'] === 'curve' && r['series'] === series);
    for (const series of ['Z = 3', 'Z = 2', 'Z = 5']) {
      const points = curve(series);
      expect(points).toHaveLength(101);
      expect(points[0]!['epsilon']).toBe(0);
      expect(points.at(-1)!['epsilon']).toBe(0.5);
    }
    // by hand at ε = 0: only x's quantisation error, variance 1/(12Z²), averaged over the two numbers
    expect(curve('Z = 3')[0]!['mse']).toBeCloseTo(1 / 216, 6);
    expect(curve('Z = 2')[0]!['mse']).toBeCloseTo(1 / 96, 6);
    const linear = rows.filter((r) => r['kind'] === 'linear');
    expect(linear).toHaveLength(1);
    expect(linear[0]!['mse']).toBeCloseTo(1 / 24, 6);
    // the paper's point: Z = 3, ε = 0.1, below the linear level, on the Z = 3 curve
    const paper = rows.filter((r) => r['kind'] === 'paper');
    expect(paper).toHaveLength(1);
    expect(paper[0]!['epsilon']).toBe(0.1);
    expect(paper[0]!['mse']).toBe(curve('Z = 3').find((r) => r['epsilon'] === 0.1)!['mse']);
    expect(paper[0]!['mse'] as number).toBeLessThan(1 / 24);
    expect(await renderSvg(spec)).toContain('<svg');
  });

  it('ignores the experiment it is drawn for', () => {
    const other = experiment([model({ W: [axis(2, 0), axis(2, 1)], density: 1 })], { experiment: 'other' });
    // compared as JSON, before any rendering (vega tags the rows it renders)
    const fresh = definition.build(experiment([model({ W: polygon(3), density: 0.1 })]), {});
    expect(JSON.stringify(definition.build(other, {}))).toBe(JSON.stringify(fresh));
  });
});
