import { describe, expect, it } from 'vitest';
import { buildFeatureGraphs } from '../../figures/kinds/feature-graphs.ts';
import { expectValidAndRounded, render, rows } from './spec-checks.ts';
import { uniformFixture } from './fixtures.ts';

describe('feature-graphs', () => {
  it('draws the chosen densities: nodes by Dᵢ, one edge per overlapping pair, one ring per component', async () => {
    // the fixture's D* (densest first): 1, then 1/2 at three densities, then 2/5 at the two sparsest
    const spec = buildFeatureGraphs(uniformFixture());
    expectValidAndRounded(spec);
    const data = rows(spec);
    const panels = [...new Set(data.map((r) => r['panel']))];
    expect(panels).toEqual(['1/(1−S) = 3.33 · D* = 0.5', '1/(1−S) = 10 · D* = 0.4', '1/(1−S) = 20 · D* = 0.4']);
    const nodes = (p: unknown) => data.filter((r) => r['kind'] === 'node' && r['panel'] === p);
    const edges = (p: unknown) => data.filter((r) => r['kind'] === 'edge' && r['panel'] === p);
    // 10 antipodal pairs: 20 nodes at D = 1/2, 10 edges of weight 1
    expect(nodes(panels[0])).toHaveLength(20);
    expect(nodes(panels[0]).every((n) => n['D'] === 0.5)).toBe(true);
    expect(edges(panels[0]).map((e) => e['weight'])).toEqual(Array(10).fill(1));
    // 5 pentagons: 25 nodes at D = 2/5, 10 edges each
    expect(nodes(panels[2])).toHaveLength(25);
    expect(edges(panels[2])).toHaveLength(50);
    for (const r of data)
      if (typeof r['x'] === 'number') expect(r['x'] >= 0 && r['x'] <= 1 && (r['y'] as number) >= 0 && (r['y'] as number) <= 1).toBe(true);
    const svg = await render(spec);
    expect(svg).toContain('mark-rule');
    expect(svg).toContain('mark-symbol');
  });
});
