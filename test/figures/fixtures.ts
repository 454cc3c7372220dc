// Hand-built ExperimentAnalysis objects for the figure tests: exact weights turned into analyses by the
// real metric code (tested on its own against hand-computed matrices), so the fixtures are
// self-consistent without running the pipeline.

import type { Activation } from '../../core/types.ts';
import type { ExperimentAnalysis, ModelAnalysis } from '../../analysis/types.ts';
import { model } from '../analysis/fixtures.ts';
import { selectLowestLoss } from '../../analysis/metrics.ts';
import { modelDynamics, showcaseModel } from '../../analysis/dynamics.ts';
import { withDerived } from '../../analysis/derived.ts';

interface ModelSpec {
  run: number;
  activation: Activation;
  density: number;
  replica: number;
  W: number[][];
  b: number[];
  evalLoss: number;
}

/** A model with every field the analysis stage would derive from W and b (the real metric code). */
export function makeModel(index: number, spec: ModelSpec): ModelAnalysis {
  return { ...model({ ...spec, recipe: 'notebook' }), index };
}

/** Deterministic uniform [0, 1) stream (mulberry32) for fixture weights. */
function stream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const polar = (r: number, deg: number) => [r * Math.cos((deg * Math.PI) / 180), r * Math.sin((deg * Math.PI) / 180)];

export const INTRO_DENSITIES = [1, 0.2, 0.1] as const;

/**
 * 5 features in 2 dimensions at 3 densities, the paper's three intro geometries: two orthogonal
 * features; two antipodal pairs; a pentagon. Density 0.2 has two replicas, the second (higher loss) not
 * selected, so a figure that ignored `selected` would draw a fourth panel.
 */
export function introFixture(): ExperimentAnalysis {
  const importance = [0, 1, 2, 3, 4].map((i) => 0.9 ** i);
  const zero = [0, 0];
  const models = [
    makeModel(0, {
      run: 0,
      activation: 'relu',
      density: 1,
      replica: 0,
      evalLoss: 0.05,
      W: [[1, 0], [0, 1], zero, zero, zero],
      b: [0, 0, 0.4, 0.35, 0.3],
    }),
    makeModel(1, {
      run: 0,
      activation: 'relu',
      density: 0.2,
      replica: 0,
      evalLoss: 0.02,
      W: [polar(1, 40), polar(1, 130), polar(1, 220), polar(1, 310), zero],
      b: [-0.1, -0.1, -0.1, -0.1, 0.05],
    }),
    makeModel(2, {
      run: 0,
      activation: 'relu',
      density: 0.2,
      replica: 1,
      evalLoss: 0.03,
      W: [polar(1, 0), polar(1, 90), polar(1, 180), zero, zero],
      b: [0, 0, 0, 0.05, 0.05],
    }),
    makeModel(3, {
      run: 0,
      activation: 'relu',
      density: 0.1,
      replica: 0,
      evalLoss: 0.01,
      W: [0, 1, 2, 3, 4].map((i) => polar(1.05, 90 + 72 * i)),
      b: [-0.2, -0.2, -0.2, -0.2, -0.2],
    }),
  ];
  return { experiment: 'intro', features: 5, hidden: 2, importance, ranking: 'held-out', models, selected: [0, 1, 3] };
}

export const SUPERPOSITION_DENSITIES = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001] as const;
export const SUPERPOSITION_FEATURES = 20;
export const SUPERPOSITION_HIDDEN = 5;

/**
 * 20 features in 5 dimensions: a linear run and a ReLU run (two replicas each) at 7 densities. The
 * number of represented features grows as density falls (5 at density 1, all 20 at 0.001); weights are
 * random but fixed.
 */
export function superpositionFixture(): ExperimentAnalysis {
  const F = SUPERPOSITION_FEATURES;
  const H = SUPERPOSITION_HIDDEN;
  const importance = Array.from({ length: F }, (_, i) => 0.7 ** i);
  const random = stream(7);
  const models: ModelAnalysis[] = [];
  const selected: number[] = [];
  const runs: { activation: Activation; replicas: number }[] = [
    { activation: 'linear', replicas: 1 },
    { activation: 'relu', replicas: 2 },
  ];
  runs.forEach(({ activation, replicas }, run) => {
    SUPERPOSITION_DENSITIES.forEach((density, d) => {
      const represented = activation === 'linear' ? H : Math.min(F, H + 3 * d - (d > 4 ? 0 : 0));
      let best = -1;
      let bestLoss = Infinity;
      for (let replica = 0; replica < replicas; replica++) {
        const W = Array.from({ length: F }, (_, i) =>
          Array.from({ length: H }, (_, h) => {
            if (i >= represented) return 0;
            if (d === 0 || activation === 'linear') return i === h ? 1 : 0;
            return (random() - 0.5) * 1.2;
          }),
        );
        const b = Array.from({ length: F }, (_, i) => (i < represented ? -0.1 * d * random() : 0.3 * random()));
        const evalLoss = 0.05 / (1 + d) + 0.001 * replica + 0.0001 * random();
        const index = models.length;
        models.push(makeModel(index, { run, activation, density, replica, W, b, evalLoss }));
        if (evalLoss < bestLoss) {
          bestLoss = evalLoss;
          best = index;
        }
      }
      selected.push(best);
    });
  });
  return { experiment: 'superposition', features: F, hidden: H, importance, ranking: 'held-out', models, selected };
}

/** The seed write-up's 20 → 5 shape: the linear model exists only at density 1. */
export function seedSuperpositionFixture(): ExperimentAnalysis {
  const full = superpositionFixture();
  const keep = full.selected
    .map((i) => full.models[i])
    .filter((m): m is ModelAnalysis => m !== undefined)
    .filter((m) => m.activation === 'relu' || m.density === 1);
  const models = keep.map((m, index) => ({ ...m, index, replica: 0 }));
  return { ...full, experiment: 'seed-superposition', models, selected: models.map((m) => m.index) };
}

/**
 * The notebook's intro sweep shape: 5 → 2 at `count` densities 20^(−linspace(0, 1, count)), one
 * replica each; the number of embedded features grows from 2 to 5 as density falls.
 */
export function introSweepFixture(count: number): ExperimentAnalysis {
  const importance = [0, 1, 2, 3, 4].map((i) => 0.9 ** i);
  const models = Array.from({ length: count }, (_, k) => {
    const density = 20 ** -(count === 1 ? 0 : k / (count - 1));
    const embedded = Math.min(5, 2 + Math.floor((3 * k) / Math.max(1, count - 1)) + (k === count - 1 ? 0 : 0));
    const W = [0, 1, 2, 3, 4].map((i) => (i < embedded ? polar(1, 90 + (360 / embedded) * i + 7 * k) : [0, 0]));
    return makeModel(k, {
      run: 0,
      activation: 'relu',
      density,
      replica: 0,
      evalLoss: 0.01 * density,
      W,
      b: [0, 0, 0, 0, 0].map((_, i) => (i < embedded ? -0.05 * k : 0.3)),
    });
  });
  return { experiment: 'intro', features: 5, hidden: 2, importance, ranking: 'held-out', models, selected: models.map((m) => m.index) };
}

export const UNIFORM_FEATURES = 40;
export const UNIFORM_HIDDEN = 10;
export const UNIFORM_DENSITIES = [1, 0.5, 0.3, 0.2, 0.1, 0.05] as const;

/**
 * Uniform superposition, 40 equally important features in 10 dimensions (one ReLU model per density):
 * 10 dedicated features at density 1, 10 antipodal pairs (Dᵢ = 1/2) at the next three densities, 5
 * pentagons in orthogonal planes (Dᵢ = 2/5) at the two sparsest; unused features are zero rows.
 */
export function uniformFixture(): ExperimentAnalysis {
  const F = UNIFORM_FEATURES;
  const H = UNIFORM_HIDDEN;
  const axis = (k: number, v: number) => Array.from({ length: H }, (_, j) => (j === k ? v : 0));
  const pad = (rows: number[][]) => [...rows, ...Array.from({ length: F - rows.length }, () => new Array<number>(H).fill(0))];
  const dense = pad(Array.from({ length: H }, (_, k) => axis(k, 1)));
  const pairs = pad(Array.from({ length: H }, (_, k) => [axis(k, 1), axis(k, -1)]).flat());
  const pentagons = pad(
    Array.from({ length: H / 2 }, (_, p) =>
      [0, 1, 2, 3, 4].map((i) => {
        const [x = 0, y = 0] = polar(1, 72 * i);
        return Array.from({ length: H }, (_, j) => (j === 2 * p ? x : j === 2 * p + 1 ? y : 0));
      }),
    ).flat(),
  );
  const weights = [dense, pairs, pairs, pairs, pentagons, pentagons];
  const models = weights.map((W, k) =>
    makeModel(k, {
      run: 0,
      activation: 'relu',
      density: UNIFORM_DENSITIES[k] ?? 0.05,
      replica: 0,
      evalLoss: 0.01,
      W,
      b: new Array<number>(F).fill(0),
    }),
  );
  return withDerived({
    experiment: 'uniform',
    features: F,
    hidden: H,
    importance: new Array<number>(F).fill(1),
    ranking: 'held-out',
    models,
    selected: models.map((_, k) => k),
  });
}

/** The phase-change fixture's grid: r values, densities and replicas per cell. */
export const PHASE_RS = [0.1, 10] as const;
export const PHASE_DENSITIES = [1, 0.01] as const;

/**
 * A 2 → 1 grid of exact solutions (3 replicas per cell, the third with the highest loss and the wrong
 * configuration, so that it must be discarded): (0.1, 1) extra feature ignored, (10, 1) antipodal
 * although the theory says dedicated (the one disagreement), (0.1, 0.01) and (10, 0.01) antipodal.
 */
export function phaseFixture(): ExperimentAnalysis {
  const W: Record<string, number[][]> = { ignore: [[1], [0]], dedicated: [[0], [1]], antipodal: [[1], [-1]] };
  const wanted = (r: number, d: number): keyof typeof W => (d === 1 ? (r < 1 ? 'ignore' : 'antipodal') : 'antipodal');
  const models: ModelAnalysis[] = [];
  for (const d of PHASE_DENSITIES) {
    for (const r of PHASE_RS) {
      for (let replica = 0; replica < 3; replica++) {
        const kind = replica === 2 ? 'dedicated' : wanted(r, d);
        const m = makeModel(models.length, {
          run: 0,
          activation: 'relu',
          density: d,
          replica,
          W: W[kind] as number[][],
          b: [0, 0],
          evalLoss: replica === 2 ? 1 : 0.01 + replica * 0.001,
        });
        models.push({ ...m, importance: [1, r] });
      }
    }
  }
  return withDerived({
    experiment: 'phase-n2m1',
    features: 2,
    hidden: 1,
    importance: [1, 1],
    ranking: 'held-out',
    models,
    selected: selectLowestLoss(models),
  });
}

/**
 * A 3 → 2 grid of exact configurations on the fixture's (r, density) points, 3 replicas per cell, the
 * third with the highest loss and the normal pair, so that it must be discarded: (0.1, 1) extra ignored,
 * (10, 1) a normal feature dropped (replica 1 drops the other normal feature, so only the weaker-normal
 * statistic is the same), (0.1, 0.01) extra paired, and (10, 0.01) extra paired although the theory says
 * normal pair (the one disagreement).
 */
export function phaseN3m2Fixture(): ExperimentAnalysis {
  const W: Record<string, number[][]> = {
    extraIgnored: [
      [1, 0],
      [0, 1],
      [0, 0],
    ],
    normalDropped: [
      [1, 0],
      [0, 0],
      [0, 1],
    ],
    otherNormalDropped: [
      [0, 0],
      [1, 0],
      [0, 1],
    ],
    normalPair: [
      [1, 0],
      [-1, 0],
      [0, 1],
    ],
    extraPair: [
      [1, 0],
      [0, 1],
      [0, -1],
    ],
  };
  const wanted = (r: number, d: number, replica: number): keyof typeof W => {
    if (replica === 2) return 'normalPair';
    if (d === 1) return r < 1 ? 'extraIgnored' : replica === 1 ? 'otherNormalDropped' : 'normalDropped';
    return 'extraPair';
  };
  const models: ModelAnalysis[] = [];
  for (const d of PHASE_DENSITIES) {
    for (const r of PHASE_RS) {
      for (let replica = 0; replica < 3; replica++) {
        const m = makeModel(models.length, {
          run: 0,
          activation: 'relu',
          density: d,
          replica,
          W: W[wanted(r, d, replica)] as number[][],
          b: [0, 0, 0],
          evalLoss: replica === 2 ? 1 : 0.01 + replica * 0.001,
        });
        models.push({ ...m, importance: [1, 1, r] });
      }
    }
  }
  return withDerived({
    experiment: 'phase-n3m2',
    features: 3,
    hidden: 2,
    importance: [1, 1, 1],
    ranking: 'held-out',
    models,
    selected: selectLowestLoss(models),
  });
}

/**
 * The seed protocol's 2 → 1 grid, 4 runs per point, read by the draft's majority rule: (0.1, 1) three
 * "first only" of four → first only (agrees); (10, 1) two "second only" and two "first only" → no
 * majority, white (the theory says second only); (0.1, 0.01) four antipodal pairs → white (agrees);
 * (10, 0.01) three "second only" → second only (the theory's antipodal pair reads as white). Losses
 * are highest for the first run, which the draft would not discard.
 */
export function seedPhaseFixture(): ExperimentAnalysis {
  const runs = (r: number, d: number): number[][][] => {
    if (d === 1)
      return r < 1
        ? [
            [[1], [0]],
            [[0.9], [0.1]],
            [[-0.85], [0.05]],
            [[0.5], [0.5]],
          ]
        : [
            [[0], [1]],
            [[0.1], [-0.9]],
            [[1], [0]],
            [[0.9], [0]],
          ];
    return r < 1
      ? [
          [[1], [-1]],
          [[1], [-1]],
          [[-1], [1]],
          [[1], [-1]],
        ]
      : [
          [[0.1], [0.9]],
          [[0.1], [0.9]],
          [[0.1], [0.9]],
          [[1], [-1]],
        ];
  };
  const models: ModelAnalysis[] = [];
  for (const d of PHASE_DENSITIES) {
    for (const r of PHASE_RS) {
      runs(r, d).forEach((w, replica) => {
        const m = makeModel(models.length, {
          run: 0,
          activation: 'relu',
          density: d,
          replica,
          W: w,
          b: [0, 0],
          evalLoss: replica === 0 ? 1 : 0.01,
        });
        models.push({ ...m, recipe: 'seed', importance: [1, r] });
      });
    }
  }
  return withDerived({
    experiment: 'seed-phase-n2m1',
    features: 2,
    hidden: 1,
    importance: [1, 1],
    ranking: 'held-out',
    models,
    selected: selectLowestLoss(models),
  });
}

/** The dynamics fixture's snapshot steps: every 50 steps of a 1,000-step run (the jump window is 50 steps). */
export const DYNAMICS_STEPS = Array.from({ length: 21 }, (_, t) => 50 * t);

/**
 * Weights of a 4 → 2 model through training, exact at every snapshot: f0 on +x and f2 on +y from the
 * start (D = 1 each), f1 appears on −x at step 500 (f0 and f1 become a digon: D 1 → 1/2 and 0 → 1/2)
 * and, when `fourth`, f3 on −y at step 800 (f2, f3 likewise). Without `fourth` the model ends with one
 * digon and f2 alone on its axis.
 */
export function dynamicsTrajectory(fourth: boolean): number[][][] {
  return DYNAMICS_STEPS.map((s) => [[1, 0], s >= 500 ? [-1, 0] : [0, 0], [0, 1], fourth && s >= 800 ? [0, -1] : [0, 0]]);
}

/**
 * The held-out loss of the fixture's snapshots: a steep fall of 0.2 in the first interval, drops of 0.1
 * across each jump ([450, 500] and, with `fourth`, [750, 800]), flat elsewhere.
 */
export function dynamicsLoss(fourth: boolean): number[] {
  let loss = 1;
  return DYNAMICS_STEPS.map((s) => {
    if (s === 50) loss -= 0.2;
    if (s === 500) loss -= 0.1;
    if (fourth && s === 800) loss -= 0.1;
    return loss;
  });
}

/**
 * A learning-dynamics experiment: two seeds of the 4 → 2 trajectory, replica 1 without the fourth
 * feature and with the lower held-out loss, so that the showcase rule (most final digons first) must
 * pick replica 0. Built by the real analysis code from the exact weights and losses.
 */
export function dynamicsFixture(): ExperimentAnalysis {
  const trajectories = [dynamicsTrajectory(true), dynamicsTrajectory(false)];
  const models = trajectories.map((traj, k) =>
    makeModel(k, {
      run: 0,
      activation: 'relu',
      density: 0.3,
      replica: k,
      evalLoss: k === 0 ? 0.5 : 0.4,
      W: traj[traj.length - 1] as number[][],
      b: [0, 0, 0, 0],
    }),
  );
  const dyn = trajectories.map((traj, k) => modelDynamics(k, DYNAMICS_STEPS, traj, dynamicsLoss(k === 0)));
  return {
    experiment: 'dynamics',
    features: 4,
    hidden: 2,
    importance: [1, 1, 1, 1],
    models,
    ranking: 'held-out',
    selected: selectLowestLoss(models),
    dynamics: { models: dyn, shown: showcaseModel(dyn, (m) => models[m]?.evalLoss ?? Number.NaN) },
  };
}

/** The non-uniform fixture's relative densities of the varied (last) feature, around base density 0.05. */
export const NONUNIFORM_RHOS = [0.2, 0.4, 1] as const;

/**
 * 5 → 2 restarts at three relative densities, two per ρ: a pentagon (turned by 40° + ρ·10°, so the
 * figure must canonicalise it) and two digons with the varied feature dropped; expected losses put the
 * digons ahead at ρ = 0.2 and the pentagon ahead at 0.4 and 1, so the curves cross in between.
 */
export function nonuniformFixture(): ExperimentAnalysis {
  const pentagon = (turn: number) => [0, 1, 2, 3, 4].map((i) => polar(1.1, turn + 72 * i));
  const digons = [polar(1, 30), polar(1, 210), polar(1, 120), polar(1, 300), [0, 0]];
  const loss: Record<number, [number, number]> = { 0.2: [1.2e-3, 1.0e-3], 0.4: [1.4e-3, 1.6e-3], 1: [1.8e-3, 3.0e-3] };
  const models: ModelAnalysis[] = [];
  for (const rho of NONUNIFORM_RHOS) {
    const [lp, ld] = loss[rho] as [number, number];
    for (const [replica, W, l] of [
      [0, pentagon(40 + rho * 10), lp],
      [1, digons, ld],
    ] as const) {
      const m = makeModel(models.length, {
        run: 0,
        activation: 'relu',
        density: 0.05,
        replica,
        W: W as number[][],
        b: new Array<number>(5).fill(-0.05),
        evalLoss: l * 1.1,
      });
      models.push({ ...m, featureDensity: [0.05, 0.05, 0.05, 0.05, 0.05 * rho], expectedLoss: l });
    }
  }
  return withDerived({
    experiment: 'nonuniform-pentagon',
    features: 5,
    hidden: 2,
    importance: [1, 1, 1, 1, 1],
    ranking: 'expected',
    models,
    selected: selectLowestLoss(models),
  });
}
