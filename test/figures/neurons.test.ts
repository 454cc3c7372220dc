import { describe, expect, it } from 'vitest';
import { buildNeuronBars } from '../../figures/kinds/neuron-bars.ts';
import { buildNeuronWeights } from '../../figures/kinds/neuron-weights.ts';
import { buildRestartConvergence } from '../../figures/kinds/restart-convergence.ts';
import type { ModelAnalysis } from '../../analysis/types.ts';
import { experiment, model, zeros } from '../analysis/fixtures.ts';
import { expectPointsOffFrame, expectValidAndRounded, overlappingTexts, render, rows } from './spec-checks.ts';
import type { RegimeStep } from '../../analysis/regime-restarts.ts';

/** A 10 × 5 W with the given entries (feature, neuron, weight). */
function W(entries: Array<[number, number, number]>): number[][] {
  const w = zeros(10, 5);
  for (const [f, k, v] of entries) (w[f] as number[])[k] = v;
  return w;
}

/** features 0–4 on their own neurons; f5 shared by neurons 3 and 4 and inhibiting neuron 0 */
const SIX = W([
  [0, 0, 1],
  [1, 1, 1],
  [2, 2, 1],
  [3, 3, 1],
  [4, 4, 1],
  [5, 3, 0.7],
  [5, 4, 0.7],
  [5, 0, -0.5],
]);
const FIVE = W([
  [0, 0, 1],
  [1, 1, 1],
  [2, 2, 1],
  [3, 3, 1],
  [4, 4, 1],
]);

function hidden(density: number, replica: number, evalLoss: number, weights: number[][]): ModelAnalysis {
  return { ...model({ W: weights, density, replica, evalLoss }), model: 'relu-hidden' };
}

function fixture() {
  // density 0.2: replica 0 (loss 0.3) shows 5/5, replica 1 (loss 0.2) the 6/3 model drawn; density 0.5: one restart
  return experiment([hidden(0.2, 0, 0.3, FIVE), hidden(0.2, 1, 0.2, SIX), hidden(0.5, 0, 0.1, FIVE)], {
    experiment: 'privileged-basis',
    importance: Array.from({ length: 10 }, (_, i) => 0.75 ** i),
  });
}

describe('neuron-bars', () => {
  it('stacks positive weights up and negative ones down per neuron, and labels each neuron’s role', async () => {
    const spec = buildNeuronBars(fixture());
    expectValidAndRounded(spec);
    const data = rows(spec);
    const segment = (panel: string, neuron: string, feature: number) =>
      data.find((r) => r['kind'] === 'segment' && r['panel'] === panel && r['neuron'] === neuron && r['feature'] === feature);
    // neuron 4 at 0.2: f4 (1) from 0 to 1, then f5 (0.7) from 1 to 1.7
    expect(segment('1 − S = 0.2', '4', 4)).toMatchObject({ y0: 0, y1: 1, weight: 1 });
    expect(segment('1 − S = 0.2', '4', 5)).toMatchObject({ y0: 1, y1: 1.7, mid: 1.35 });
    // neuron 0 at 0.2: f5's −0.5 goes below the axis
    expect(segment('1 − S = 0.2', '0', 5)).toMatchObject({ y0: 0, y1: -0.5 });
    // the lower-loss replica is drawn: at 0.2 neurons 3 and 4 are polysemantic
    const roles = (panel: string) => data.filter((r) => r['kind'] === 'role' && r['panel'] === panel).map((r) => r['text']);
    expect(roles('1 − S = 0.2')).toEqual(['mono', 'mono', 'mono', 'poly', 'poly']);
    expect(roles('1 − S = 0.5')).toEqual(['mono', 'mono', 'mono', 'mono', 'mono']);
    // every feature of every neuron of both panels is a segment; unrepresented ones are flagged
    expect(data.filter((r) => r['kind'] === 'segment')).toHaveLength(2 * 5 * 10);
    expect(segment('1 − S = 0.2', '0', 9)?.['represented']).toBe(false);
    const svg = await render(spec);
    expect(svg).toContain('poly');
    expect(svg).toContain('1 − S = 0.5');
  });
});

describe('neuron-weights', () => {
  it('draws every W_fk of the selected models on one scale up to the largest |W_fk|', async () => {
    const spec = buildNeuronWeights(fixture());
    expectValidAndRounded(spec);
    const data = rows(spec);
    expect(data).toHaveLength(2 * 10 * 5);
    expect(data.find((r) => r['panel'] === '1 − S = 0.2' && r['feature'] === '5' && r['neuron'] === '0')?.['weight']).toBe(-0.5);
    // largest |W_fk| is 1: the scale runs from −1 to 1 through white
    const fill = (spec as { spec: { encoding: { fill: { scale: { domain: number[] } } } } }).spec.encoding.fill;
    expect(fill.scale.domain).toEqual([-1, 0, 1]);
    await render(spec);
  });
});

describe('restart-convergence', () => {
  it('draws the best of the first k restarts above the best, and marks where its regime changes', async () => {
    const spec = buildRestartConvergence(fixture());
    expectValidAndRounded(spec);
    const data = rows(spec).filter((r) => r['panel'] === '1 − S = 0.2');
    // k = 1: replica 0 (0.3) is 50 % above the best (0.2), regime 5/5; k = 2: the best, regime 6/3, a change
    expect(data.map((r) => [r['restarts'], r['excess'], r['regime'], r['changed']])).toEqual([
      [1, 50, '5/5', true],
      [2, 0, '6/3', true],
    ]);
    await render(spec);
  });

  it('draws the dots at k = 1 and at 0 % whole, inside the frame', async () => {
    await expectPointsOffFrame(buildRestartConvergence(fixture()));
  });

  it('lifts a regime label clear of the one to its left where two changes come a restart apart at nearly the same loss', async () => {
    // k = 1 and 2 at 6 % and 5 % above the best, as at 1 − S = 0.15 in the run: their labels would print over each other
    const step = (restarts: number, loss: number, represented: number, monosemantic: number): RegimeStep => ({
      restarts,
      model: restarts - 1,
      replica: restarts - 1,
      loss,
      represented,
      monosemantic,
    });
    // 20 restarts, as in the run, so that k = 1 and 2 are 6 px apart
    const steps = [step(1, 1.06, 7, 1), step(2, 1.05, 7, 0), ...Array.from({ length: 18 }, (_, k) => step(k + 3, 1, 7, 2))];
    const analysis = {
      ...fixture(),
      derived: { regimeConvergence: [{ run: 0, density: 0.15, steps, lastRegimeChange: 3, bestFoundAt: 3 }] },
    };
    const spec = buildRestartConvergence(analysis);
    const changed = (d: Record<string, unknown>) => d['changed'] === true;
    expect(await overlappingTexts(spec, changed)).toEqual([]);
    const atDots = JSON.parse(JSON.stringify(spec).replaceAll('"field":"labelAt"', '"field":"excess"')) as typeof spec;
    expect(await overlappingTexts(atDots, changed)).toEqual(['7/1 / 7/0']);
    // the first and the last label stay at their dots
    const labelled = rows(spec).filter(changed);
    expect(labelled.map((r) => r['labelAt'] === r['excess'])).toEqual([true, false, true]);
  });

  it('refuses an experiment without privileged-basis restarts', () => {
    expect(() => buildRestartConvergence(experiment([model({ W: FIVE })]))).toThrow(/no privileged-basis restarts/);
  });
});
