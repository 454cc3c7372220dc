import { describe, expect, it } from 'vitest';
import { parseParams } from '../../experiments/params.ts';
import { buildPlan, drawEvalSet } from '../../stages/generate.ts';

const raw = {
  seed: 7,
  backend: 'auto',
  engine: 'auto',
  recipes: { notebook: { optimizer: 'adamw', lr: 0.001, weight_decay: 0.01, steps: 10, batch: 8, init: 'xavier_normal', bias_init: 'zero', mask: 'per_element', loss: 'mean' } },
  experiments: {
    pentagon: { features: 5, hidden: 2, importance_decay: 1, eval_samples: 20000, runs: [{ recipe: 'notebook', activation: 'relu', densities: [0.1], extra_relative_density: [0.5, 2], seeds: 3 }] },
  },
};

describe('buildPlan with extra_relative_density', () => {
  const params = parseParams(raw, 'params.yaml', ['pentagon']);
  const plan = buildPlan('pentagon', params.experiments['pentagon']!, params, 7);
  const instances = plan.groups[0]!.instances;

  it('crosses densities × ρ × seeds, scaling only the last feature’s density', () => {
    expect(instances).toHaveLength(6);
    expect(instances.map((i) => i.featureDensity)).toEqual([
      ...Array(3).fill([0.1, 0.1, 0.1, 0.1, 0.05]),
      ...Array(3).fill([0.1, 0.1, 0.1, 0.1, 0.2]),
    ]);
    expect(instances.every((i) => i.density === 0.1)).toBe(true);
    // the notebook's init std over the (density, ρ) instance axis: √(2 / (H·(F + 2)))
    const W0 = plan.groups[0]!.W0;
    const std = Math.sqrt(W0.reduce((a, w) => a + w * w, 0) / W0.length);
    expect(std).toBeGreaterThan(0.5 * Math.sqrt(2 / (2 * 7)));
    expect(std).toBeLessThan(1.5 * Math.sqrt(2 / (2 * 7)));
  });

  it('gives every restart its own data stream but one held-out stream per (density, ρ) cell', () => {
    expect(new Set(instances.map((i) => i.dataSeed)).size).toBe(6);
    expect(new Set(instances.slice(0, 3).map((i) => i.evalSeed)).size).toBe(1);
    expect(instances[0]!.evalSeed).not.toBe(instances[3]!.evalSeed);
  });

  it('draws held-out samples at each feature’s own density, identical within a cell', () => {
    const F = 5;
    const N = plan.evalSamples;
    const x = drawEvalSet(plan, 7);
    const rate = (inst: number, f: number): number => {
      let n = 0;
      for (let s = 0; s < N; s++) if (x[(inst * N + s) * F + f] !== 0) n++;
      return n / N;
    };
    // 20,000 samples: standard error ≤ 0.003 for these rates
    expect(rate(0, 0)).toBeCloseTo(0.1, 1);
    expect(Math.abs(rate(0, 4) - 0.05)).toBeLessThan(0.01);
    expect(Math.abs(rate(3, 4) - 0.2)).toBeLessThan(0.015);
    expect(x.subarray(0, N * F)).toEqual(x.subarray(N * F, 2 * N * F));
  });

  it('leaves a run without it as before: no per-feature densities or shared held-out streams', () => {
    const plain = structuredClone(raw);
    delete (plain.experiments.pentagon.runs[0] as Record<string, unknown>)['extra_relative_density'];
    const p = parseParams(plain, 'params.yaml', ['pentagon']);
    const insts = buildPlan('pentagon', p.experiments['pentagon']!, p, 7).groups[0]!.instances;
    expect(insts.map((i) => Object.keys(i).sort())).toEqual(Array(3).fill(['dataSeed', 'density', 'index', 'replica']));
  });
});
