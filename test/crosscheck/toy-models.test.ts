// The PyTorch implementation of the cross-check (crosscheck/toy_models.py), run on a short job: it trains,
// keeps one model per density, and its own held-out loss of each agrees with the exact expected loss this
// project computes from the same weights (two implementations of the loss, one check of both). Needs
// python3 with torch (Debian's python3-torch); .ci/run installs it and fails when this test is skipped.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectedLoss } from '../../analysis/expected-loss.ts';
import { findTorchPython } from '../../bench/torch.ts';
import type { CrossCheckJob } from '../../crosscheck/job.ts';

const SCRIPT = fileURLToPath(new URL('../../crosscheck/toy_models.py', import.meta.url));
const { found } = findTorchPython();
if (!found) {
  console.warn(
    "\n*** SKIPPED: no python3 with torch, so the PyTorch cross-check test does not run. Install Debian's python3-torch and libopenblas0-pthread (what .ci/run does). ***\n",
  );
}

describe.skipIf(!found)('crosscheck/toy_models.py', () => {
  it('trains the notebook recipe and reports held-out losses that match the exact expected loss of its weights', () => {
    const importance = [1, 0.9, 0.81, 0.729, 0.6561];
    const job: CrossCheckJob = {
      seeds: [3],
      experiments: [
        {
          id: 'intro',
          features: 5,
          hidden: 2,
          importance,
          densities: [1, 0.3, 0.05],
          runs: [{ activation: 'relu', restarts: 2 }],
          steps: 300,
          batch: 256,
          lr: 0.001,
          weight_decay: 0.01,
          eval_samples: 60_000,
        },
        {
          id: 'lin',
          features: 5,
          hidden: 2,
          importance,
          densities: [0.5],
          runs: [{ activation: 'linear', restarts: 1 }],
          steps: 50,
          batch: 64,
          lr: 0.001,
          weight_decay: 0.01,
          eval_samples: 60_000,
        },
      ],
    };
    const run = spawnSync(found!.python, [SCRIPT], { input: JSON.stringify(job), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      torch: string;
      experiments: Array<{
        id: string;
        seeds: Array<{
          seed: number;
          models: Array<{ density: number; activation: 'relu' | 'linear'; restart: number; evalLoss: number; W: number[][]; b: number[] }>;
        }>;
      }>;
    };
    expect(out.experiments.map((e) => e.id)).toEqual(['intro', 'lin']);
    const intro = out.experiments[0]!.seeds[0]!;
    expect(intro.seed).toBe(3);
    expect(intro.models.map((m) => m.density)).toEqual([1, 0.3, 0.05]);
    for (const e of out.experiments) {
      const { importance: I } = job.experiments.find((j) => j.id === e.id)!;
      for (const m of e.seeds[0]!.models) {
        expect(m.W).toHaveLength(5);
        const exact = expectedLoss(m.W, m.b, new Array<number>(5).fill(m.density), I, m.activation);
        // 60,000 samples: a relative standard error of well under 1 % at these densities
        expect(Math.abs(m.evalLoss / exact - 1), `${e.id} at density ${m.density}`).toBeLessThan(0.04);
      }
    }
    // training went somewhere: the dense model beats the untrained loss E[I·x²]/F = mean(I)/3 by a wide margin
    const dense = intro.models[0]!;
    expect(dense.evalLoss).toBeLessThan((importance.reduce((a, v) => a + v, 0) / 5 / 3) * 0.8);
  }, 120_000);
});
