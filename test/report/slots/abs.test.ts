// The computation-in-superposition slots (report/slots/abs.ts) on hand-built |x| experiments: what the
// text says about the demonstration's neurons, a restart stuck in a local minimum, the sweep's neuron
// counts and the motif, each number checked against the hand-built weights.

import { describe, expect, it } from 'vitest';
import type { ExperimentAnalysis, ModelAnalysis } from '../../../analysis/types.ts';
import { SLOTS, createSlotContext, type SlotContext } from '../../../report/slots.ts';
import type { ExperimentReport, ReportInput } from '../../../report/types.ts';
import { experiment, model } from '../../analysis/fixtures.ts';

function absModel(W1: number[][], W2: number[][], density: number, replica = 0, evalLoss = 0): ModelAnalysis {
  return { ...model({ W: W1, density, replica, evalLoss }), model: 'untied-abs', decoder: W2 };
}

/** Two restarts of 3 → 6: the exact solution (neuron k reads feature ⌊k/2⌋, ReLU(x) on even k), and one that leaves f2 out. */
function demo(): ExperimentAnalysis {
  const exact1: number[][] = [0, 1, 2].map((f) => [0, 1, 2, 3, 4, 5].map((k) => (Math.floor(k / 2) === f ? (k % 2 === 0 ? 1 : -1) : 0)));
  const exact2: number[][] = [0, 1, 2].map((f) => [0, 1, 2, 3, 4, 5].map((k) => (Math.floor(k / 2) === f ? 1 : 0)));
  // restart 1: neurons 4 and 5 read f0's positive side again instead of f2
  const stuck1 = exact1.map((r) => [...r]);
  const stuck2 = exact2.map((r) => [...r]);
  for (const k of [4, 5]) {
    stuck1[2]![k] = 0;
    stuck2[2]![k] = 0;
    stuck1[0]![k] = 1;
    stuck2[0]![k] = 0.5;
  }
  stuck2[0]![0] = 0.5;
  return experiment([absModel(exact1, exact2, 1, 0, 1e-9), absModel(stuck1, stuck2, 1, 1, 0.05)], {
    experiment: 'abs-demo',
    importance: [1, 1, 1],
  });
}

/** 4 → 4 at 1−S = 1 (monosemantic) and 0.001 (the paper's motif in neurons 0 and 1, all live neurons polysemantic). */
function sweep(): ExperimentAnalysis {
  const dense = absModel(
    [
      [1, -1, 0, 0],
      [0, 0, 1, -1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ],
    [
      [1, 1, 0, 0],
      [0, 0, 1, 1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ],
    1,
    0,
    0.02,
  );
  const sparse = absModel(
    [
      [2, 1, -1, 0],
      [-0.5, 0, 0, 1],
      [0, 0.5, 0.5, 0.5],
      [0, 0, 0, 0],
    ],
    [
      [0.5, 0, 1, 0],
      [2, -4, 0, 1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ],
    0.001,
    0,
    0.0001,
  );
  return experiment([dense, sparse], { experiment: 'abs-sweep', importance: [1, 0.8, 0.64, 0.512] });
}

function report(id: string, analysis: ExperimentAnalysis): ExperimentReport {
  return { id, title: id, seeds: [20221014, 20221015], analysis, claims: [], changes: [], seedModels: [], figures: [] };
}

function context(): SlotContext {
  const run = (densities: number[], restarts: number) => ({ recipe: 'notebook', model: 'untied-abs', densities, restarts });
  const input = {
    experiments: { 'abs-demo': report('abs-demo', demo()), 'abs-sweep': report('abs-sweep', sweep()) },
    declared: [],
    provenance: {},
    params: {
      recipes: { notebook: { optimizer: 'adamw', lr: 0.001, steps: 10000, batch: 1024 } },
      experiments: { 'abs-demo': { runs: [run([1], 2)] }, 'abs-sweep': { runs: [run([1, 0.001], 1)] } },
    },
    training: [],
  } as unknown as ReportInput;
  return createSlotContext(input);
}

function slot(name: string, ctx = context()): string {
  const fn = SLOTS[name];
  if (fn === undefined) throw new Error(`no slot ${name}`);
  const text = fn(ctx);
  if (text === undefined) throw new Error(`slot ${name} is absent`);
  return text;
}

describe('the demonstration', () => {
  it('names each feature’s two neurons in the selected model', () => {
    const text = slot('abs-demo.layout');
    expect(text).toContain('6 of 6 neurons each read a single feature: f0 on n0 and n1, f1 on n2 and n3 and f2 on n4 and n5');
    expect(text).toContain('the model outputs ReLU(x) + ReLU(−x) = |x|');
  });

  it('says what the other restart does instead', () => {
    expect(slot('abs-demo.restarts')).toBe(
      '1 of the 2 restarts end in this layout; restart 1 (held-out loss 0.05) gives no neuron to f2 and reads one side of f0 with two neurons or more, a local minimum that the lowest-loss choice discards.',
    );
  });

  it('gives the training settings from the parameters', () => {
    expect(slot('abs-demo.setup')).toContain('10,000 steps of 1,024 examples) and 2 restarts');
  });
});

describe('the sweep', () => {
  it('tabulates live and polysemantic neurons and motifs per density', () => {
    const table = slot('abs-sweep.neuron_table').split('\n');
    expect(table).toHaveLength(4);
    // 1−S = 1: 4 live monosemantic neurons; 0.001: neuron 3 reads f1 and f2 (highly), neurons 0–2 read two features each
    expect(table[2]).toMatch(/^\| 1 \| 4 \| 0 \| 0 \| 2 \| 2 \| 0 \|/);
    expect(table[3]).toMatch(/^\| 0\.001 \| 4 \| 4 \| 3 \| 2 \| 3 \| 1 \|/);
    expect(slot('abs-sweep.neuron_summary')).toContain('every live neuron is polysemantic at 1−S = 0.001');
  });

  it('describes the motif it found with the weights of the drawn one', () => {
    expect(slot('abs-sweep.motif_summary')).toContain('We find 1 occurrence of the motif, at 1−S = 0.001 (1)');
    const shown = slot('abs-sweep.motif_shown');
    // neuron 0 rescaled by 2: reads f0 at 1 and f1 at −0.25, writes 1 and 4; neuron 1 reads ReLU(x0) at 1 and writes −4
    expect(shown).toContain('neuron n0 reads f0 with weight 1 and f1 with −0.25, and writes 1 and 4');
    expect(shown).toContain('neuron n1 reads ReLU(x0) with weight 1 and writes −4');
    expect(shown).toContain('cancelling 100 % of the interference');
  });

  it('states what differs from the paper', () => {
    expect(slot('abs-sweep.differences')).toContain(
      "the notebook's 10,000 steps where ARENA's reproduction trains 30,000, one restart per density",
    );
  });
});
