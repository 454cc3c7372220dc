import { describe, expect, it } from 'vitest';
import { buildFeatureSetGeometry, pointLabels } from '../../figures/kinds/feature-set-geometry.ts';
import { experiment, model, polar } from '../analysis/fixtures.ts';
import { expectValidAndRounded, render, rows } from './spec-checks.ts';

function fixture() {
  // two densities, one of them with two replicas: the lower-loss replica is the one drawn
  const models = [
    model({ W: [polar(45), polar(135), polar(225, 1.2), polar(315)], density: 0.05, evalLoss: 0.1 }),
    model({ W: [polar(0), polar(10), polar(20), polar(30)], density: 0.05, replica: 1, evalLoss: 0.2 }),
    model({ W: [polar(10), polar(100), polar(190), polar(280)], density: 0.01, evalLoss: 0.1 }),
  ];
  return {
    ...experiment(models, { experiment: 'correlated-pairs', importance: [1, 1, 1, 1] }),
    featureSets: [
      { kind: 'correlated' as const, features: [0, 1] },
      { kind: 'correlated' as const, features: [2, 3] },
    ],
  };
}

describe('feature-set-geometry', () => {
  it('draws the selected model of each density in canonical pose, coloured by feature set', async () => {
    const spec = buildFeatureSetGeometry(fixture());
    expectValidAndRounded(spec);
    const data = rows(spec);
    expect(data).toHaveLength(2 * 4);
    expect(new Set(data.map((r) => r['set']))).toEqual(new Set(['set 1 (correlated)', 'set 2 (correlated)']));
    // the longest column (feature 2 of the first model, norm 1.2) points up
    const anchor = data.find((r) => r['density'] === 0.05 && r['feature'] === 2);
    expect(anchor).toMatchObject({ x: 0, y: 1.2 });
    // the lower-loss replica of 0.05 is drawn: its feature 0 is 180° from feature 2
    expect(data.find((r) => r['density'] === 0.05 && r['feature'] === 0)?.['y']).toBeCloseTo(-1, 5);
    const svg = await render(spec);
    expect(svg).toContain('1 − S = 0.05');
    expect(svg).toContain('set 2 (correlated)');
  });

  it('labels coincident points once, with every index (a collapsed pair reads "0,1", not two digits on top of each other)', () => {
    // 0 and 1 coincide; 2, 3 and 4 form a chain of near neighbours; 5 stands alone
    const labels = pointLabels([
      [0.7, 0],
      [0.72, 0.01],
      [0, 1],
      [0.1, 1],
      [0.2, 1.05],
      [-1, -1],
    ]);
    expect(labels).toEqual(['0,1', '', '2,3,4', '', '', '5']);
    // in the figure: the text layer prints the label field
    const spec = buildFeatureSetGeometry(fixture());
    expect(
      rows(spec)
        .filter((r) => r['density'] === 0.05)
        .map((r) => r['label']),
    ).toEqual(['0', '1', '2', '3']);
  });

  it('refuses models that are not 2-D', () => {
    const three = experiment([
      model({
        W: [
          [1, 0, 0],
          [0, 1, 0],
        ],
      }),
    ]);
    expect(() => buildFeatureSetGeometry(three)).toThrow(/hidden must be 2/);
  });
});
