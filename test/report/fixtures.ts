// A hand-built ReportInput: small fake analyses whose numbers are known, including failing claims.
// The derived fields of each model (norms, Gram matrix, interference, D*) come from the real metric
// code (tested on its own against hand-computed matrices).

import type { ClaimResult, ExperimentAnalysis, ModelAnalysis } from '../../analysis/types.ts';
import { judgeClaim, type ClaimVerdict } from '../../analysis/verdicts.ts';
import { selectedSummaries } from '../../analysis/model-summary.ts';
import { parseParams } from '../../experiments/params.ts';
import { runTraining } from '../../report/training.ts';
import { model as analyzedModel } from '../analysis/fixtures.ts';
import { checkDeclared } from '../analysis/claim-files.ts';
import {
  dynamicsFixture,
  nonuniformFixture,
  phaseFixture,
  phaseN3m2Fixture,
  seedPhaseFixture,
  uniformFixture,
} from '../figures/fixtures.ts';
import type { Activation } from '../../core/types.ts';
import type { ExperimentReport, RenderedFigure, ReportInput } from '../../report/types.ts';
import { declaredNames, loadExperiment } from '../../stages/declarations.ts';

interface ModelSpec {
  run: number;
  recipe: string;
  activation: Activation;
  density: number;
  replica?: number;
  W: number[][];
  b: number[];
  evalLoss: number;
}

function model(index: number, spec: ModelSpec): ModelAnalysis {
  return { ...analyzedModel(spec), index, finalTrainLoss: spec.evalLoss * 1.1 };
}

function analysis(experiment: string, importanceDecay: number, specs: ModelSpec[], selected: number[]): ExperimentAnalysis {
  const models = specs.map((s, i) => model(i, s));
  const first = models[0];
  if (!first) throw new Error('fixture: no models');
  return {
    experiment,
    features: first.features,
    hidden: first.hidden,
    importance: Array.from({ length: first.features }, (_, i) => importanceDecay ** i),
    ranking: 'held-out',
    models,
    selected,
  };
}

function polar(r: number, deg: number): number[] {
  const t = (deg * Math.PI) / 180;
  return [r * Math.cos(t), r * Math.sin(t)];
}

/** a 20 × 5 W with the given rows set (the rest zero) */
function w20(rows: Record<number, number[]>): number[][] {
  return Array.from({ length: 20 }, (_, i) => rows[i] ?? [0, 0, 0, 0, 0]);
}

function e(k: number, s = 1): number[] {
  return Array.from({ length: 5 }, (_, i) => (i === k ? s : 0));
}

function claim(
  id: string,
  pass: boolean,
  observed: string,
  numbers: Record<string, number>,
  expected = `the paper's statement for ${id}`,
): ClaimResult {
  return { id, expected, observed, status: pass ? 'pass' : 'fail', numbers };
}

/** The fixture's base seeds: every claim has the same result on both. */
export const FIXTURE_SEEDS = [20221014, 20221015];

/** Claim results judged over the fixture's seeds (the same result on each) at the committed 80 % rule. */
export function overSeeds(results: readonly ClaimResult[]): ClaimVerdict[] {
  return results.map((r) =>
    judgeClaim(
      r.id,
      FIXTURE_SEEDS.map((seed) => ({ seed, result: r })),
      0.8,
    )!,
  );
}

export function figure(id: string, title: string): RenderedFigure {
  // Like vega's output: every figure uses the id gradient_0, which the report must make unique.
  const svg =
    `<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40" viewBox="0 0 120 40">` +
    `<defs><linearGradient id="gradient_0"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient></defs>` +
    `<rect width="120" height="40" fill="url(#gradient_0)"/><text x="4" y="24">${id}</text></svg>`;
  return { id, title, caption: `Caption of ${id}: one panel per density.`, svg, file: `figures/${id}.svg` };
}

// ------------------------------------------------------------------------------------------------
// 5 → 2, notebook recipe: densities 1 (two replicas), 0.2, 0.1.

const PENTAGON_NORM = 1.05;

const introSpecs: ModelSpec[] = [
  {
    run: 0,
    recipe: 'notebook',
    activation: 'relu',
    density: 1,
    replica: 0,
    evalLoss: 0.0712,
    W: [
      [1, 0],
      [0, 0.998],
      [0.01, 0],
      [0, 0.02],
      [0, 0],
    ],
    b: [0, 0, 0.5, 0.5, 0.5],
  },
  {
    run: 0,
    recipe: 'notebook',
    activation: 'relu',
    density: 1,
    replica: 1,
    evalLoss: 0.0934,
    W: [
      [1, 0],
      [0, 0],
      [0, 1],
      [0, 0],
      [0, 0],
    ],
    b: [0, 0.5, 0, 0.5, 0.5],
  },
  {
    run: 0,
    recipe: 'notebook',
    activation: 'relu',
    density: 0.2,
    replica: 0,
    evalLoss: 0.0221,
    W: [polar(1, 0), polar(1, 90), polar(1, 180), polar(1, 270), [0.003, 0.004]],
    b: [0, 0, 0, 0, 0.1],
  },
  {
    run: 0,
    recipe: 'notebook',
    activation: 'relu',
    density: 0.1,
    replica: 0,
    evalLoss: 0.00987,
    W: [0, 72, 144, 216, 288].map((a) => polar(PENTAGON_NORM, a)),
    b: [-0.1, -0.1, -0.1, -0.1, -0.1],
  },
];

const introClaims: ClaimResult[] = [
  claim('intro_dense', true, 'At s = 1, f0 and f1 have norms 1 and 0.998 at 90°; f2–f4 are below 0.03.', {
    angle_deg: 90,
    max_other_norm: 0.02,
  }),
  claim('intro_80pct', true, 'At s = 0.2, two antipodal pairs with gaps of 90°.', { pairs: 2 }),
  claim(
    'intro_pentagon',
    false,
    'No instance at s ≤ 0.1 has five norms above 0.9 with gaps near 72°.',
    { best_gap_error_deg: 31.5, min_norm: 0.62 },
    'At 90 % sparsity all five features form a regular pentagon.',
  ),
  claim('pentagon_norm_bias', true, 'In the pentagon, ‖Wᵢ‖² + bᵢ is between 1 and 1.01.', { min: 1.0025, max: 1.0025 }),
];

// ------------------------------------------------------------------------------------------------
// 20 → 5, notebook recipe: linear at 1 and 0.01, ReLU at 1, 0.3 (two replicas) and 0.01.

const top5 = { 0: e(0), 1: e(1), 2: e(2), 3: e(3), 4: e(4) };
const dropped = (d: number): number[] => Array.from({ length: 20 }, (_, i) => (i < 5 ? 0 : d / 2));

const superSpecs: ModelSpec[] = [
  { run: 0, recipe: 'notebook', activation: 'linear', density: 1, evalLoss: 0.0512, W: w20(top5), b: dropped(1) },
  { run: 0, recipe: 'notebook', activation: 'linear', density: 0.01, evalLoss: 0.000613, W: w20(top5), b: dropped(0.01) },
  { run: 1, recipe: 'notebook', activation: 'relu', density: 1, evalLoss: 0.0519, W: w20(top5), b: dropped(1) },
  {
    run: 1,
    recipe: 'notebook',
    activation: 'relu',
    density: 0.3,
    replica: 0,
    evalLoss: 0.0344,
    W: w20({ 0: e(0), 1: e(1), 2: e(2), 3: e(3), 4: e(3, -1), 5: e(4), 6: e(4, -1) }),
    b: Array.from({ length: 20 }, (_, i) => (i < 7 ? 0 : 0.15)),
  },
  { run: 1, recipe: 'notebook', activation: 'relu', density: 0.3, replica: 1, evalLoss: 0.0401, W: w20(top5), b: dropped(0.3) },
  {
    run: 1,
    recipe: 'notebook',
    activation: 'relu',
    density: 0.01,
    evalLoss: 0.00123,
    W: w20({
      0: e(0),
      1: e(0, -1),
      2: e(1),
      3: e(1, -1),
      4: e(2),
      5: e(2, -1),
      6: e(3),
      7: e(3, -1),
      8: e(4),
      9: e(4, -1),
      10: [0.6 / Math.SQRT2, 0.6 / Math.SQRT2, 0, 0, 0],
    }),
    b: Array.from({ length: 20 }, (_, i) => (i < 10 ? -0.05 : i === 10 ? -0.2 : 0)),
  },
];

const superClaims: ClaimResult[] = [
  claim('linear_top_m', true, 'Exactly f0–f4 have norm ≈ 1 at every density; D* = 1.', { d_star: 1 }),
  claim('linear_bias', true, 'Dropped features have bias s/2 within 0.001.', { max_dev: 0.001 }),
  claim('relu_dense_equals_linear', true, 'At s = 1 the ReLU model keeps f0–f4, all orthogonal.', { count: 5 }),
  claim('relu_20_5_counts', true, 'Counts 5, 7, 11 within tolerance.', { 'count_at_0.3': 7 }),
  claim('antipodal_first', true, 'At s = 0.3, superposed features come in 2 antipodal pairs.', { pairs: 2 }),
  claim('high_sparsity_negative_bias', true, 'At s = 0.01, 11 negative biases and a positive overlap of 0.42.', { negative: 11 }),
  claim('important_features_last', true, 'The orthogonal features are always the most important.', { last_orthogonal: 3 }),
];

// ------------------------------------------------------------------------------------------------
// The student's recipe.

const seedIntroSpecs: ModelSpec[] = [
  {
    run: 0,
    recipe: 'seed',
    activation: 'relu',
    density: 1,
    evalLoss: 0.0745,
    W: [
      [0.99, -0.13],
      [0.13, 0.99],
      [0, 0],
      [0, 0.01],
      [0, 0],
    ],
    b: [0, 0, 0.4, 0.4, 0.4],
  },
  {
    run: 0,
    recipe: 'seed',
    activation: 'relu',
    density: 0.2,
    evalLoss: 0.0302,
    W: [polar(1, 10), polar(1, 100), polar(1, 190), [0, 0.1], [0, 0]],
    b: [0, 0, 0, 0.08, -1.3],
  },
  {
    run: 0,
    recipe: 'seed',
    activation: 'relu',
    density: 0.1,
    evalLoss: 0.0141,
    W: [polar(1.1, 0), polar(1.1, 90), polar(1.1, 180), polar(1.1, 270), [0, 0]],
    b: [-0.1, -0.1, -0.1, -0.1, -0.9],
  },
];

const seedIntroClaims: ClaimResult[] = [
  claim('intro_dense', true, 'At s = 1, f0 and f1 are orthogonal with norms ≈ 1.', { angle_deg: 90 }),
  claim(
    'intro_80pct',
    false,
    'At s = 0.2 only 3 features are represented, with 1 antipodal pair.',
    { represented: 3, antipodal_pairs: 1 },
    'At 80 % sparsity four features form two antipodal pairs.',
  ),
  claim('intro_pentagon', false, 'At s = 0.1 only 4 features are represented.', { represented: 4 }),
  claim('pentagon_norm_bias', false, 'No pentagon to measure.', {}),
];

const seedSuperSpecs: ModelSpec[] = [
  { run: 0, recipe: 'seed', activation: 'linear', density: 1, evalLoss: 0.0533, W: w20(top5), b: dropped(1) },
  { run: 1, recipe: 'seed', activation: 'relu', density: 1, evalLoss: 0.0541, W: w20(top5), b: dropped(1) },
  {
    run: 2,
    recipe: 'seed',
    activation: 'relu',
    density: 0.3,
    evalLoss: 0.0688,
    W: w20({ 0: e(0), 1: e(1), 2: e(2), 3: e(3), 6: e(4) }),
    b: Array.from({ length: 20 }, (_, i) => (i === 4 ? -1.2 : i < 7 ? 0 : 0.15)),
  },
];

const seedSuperClaims: ClaimResult[] = [
  claim('linear_top_m', true, 'Exactly f0–f4 have norm ≈ 1.', { d_star: 1 }),
  claim('relu_dense_equals_linear', true, 'At s = 1 the ReLU model keeps f0–f4.', { count: 5 }),
  claim(
    'relu_20_5_counts',
    false,
    "At s = 0.3 the model represents 5 features, 2 fewer than the paper's 7.",
    { 'represented_at_0.3': 5, paper_at_0_3: 7 },
    'At s = 0.3 the ReLU model represents about 7 features.',
  ),
];

// ------------------------------------------------------------------------------------------------

export const FIXTURE_PARAMS = {
  base_seeds: FIXTURE_SEEDS,
  verdict_threshold: 0.8,
  backend: 'auto',
  engine: 'auto',
  recipes: {
    notebook: {
      optimizer: 'adamw',
      lr: 0.001,
      weight_decay: 0.01,
      steps: 10000,
      batch: 1024,
      init: 'xavier_normal',
      bias_init: 'zero',
      mask: 'per_element',
      loss: 'mean',
    },
    seed: {
      optimizer: 'adam',
      lr: 0.001,
      weight_decay: 0,
      steps: 20000,
      batch: 256,
      init: 'randn',
      bias_init: 'randn',
      mask: 'per_batch',
      loss: 'sum',
    },
  },
  experiments: {
    intro: {
      features: 5,
      hidden: 2,
      importance_decay: 0.9,
      eval_samples: 8192,
      runs: [{ recipe: 'notebook', activation: 'relu', densities: { geometric: { from: 1, to: 0.05, count: 10 } }, restarts: 3 }],
    },
    superposition: {
      features: 20,
      hidden: 5,
      importance_decay: 0.7,
      eval_samples: 8192,
      runs: [
        { recipe: 'notebook', activation: 'linear', densities: [1, 0.01], restarts: 1 },
        { recipe: 'notebook', activation: 'relu', densities: [1, 0.3, 0.01], restarts: 2 },
      ],
    },
    'seed-intro': {
      features: 5,
      hidden: 2,
      importance_decay: 0.85,
      eval_samples: 8192,
      runs: [
        { recipe: 'seed', activation: 'relu', densities: [1, 0.2, 0.1], restarts: 1, optimizer: 'sgd', lr: 0.001, steps: 10000, batch: 80 },
      ],
    },
    'seed-superposition': {
      features: 20,
      hidden: 5,
      importance_decay: 0.7,
      eval_samples: 8192,
      runs: [
        { recipe: 'seed', activation: 'linear', densities: [1], restarts: 1, optimizer: 'adam', lr: 0.001, steps: 20000 },
        { recipe: 'seed', activation: 'relu', densities: [1], restarts: 1, optimizer: 'adam', lr: 0.001, steps: 20000 },
        { recipe: 'seed', activation: 'relu', densities: [0.3], restarts: 1, optimizer: 'rmsprop', lr: 0.01, steps: 50000 },
      ],
    },
    uniform: {
      features: 40,
      hidden: 10,
      importance_decay: 1,
      eval_samples: 2048,
      runs: [{ recipe: 'notebook', activation: 'relu', densities: [1, 0.5, 0.3, 0.2, 0.1, 0.05], restarts: 1 }],
    },
    'uniform-paper': {
      features: 40,
      hidden: 10,
      importance_decay: 1,
      eval_samples: 1024,
      runs: [{ recipe: 'notebook', activation: 'relu', densities: [1, 0.5, 0.3, 0.2, 0.1, 0.05], restarts: 1 }],
    },
    'phase-n2m1': {
      features: 2,
      hidden: 1,
      importance_decay: 1,
      eval_samples: 4096,
      runs: [{ recipe: 'notebook', activation: 'relu', densities: [1, 0.01], extra_importance: [0.1, 10], restarts: 3 }],
    },
    'seed-phase-n2m1': {
      features: 2,
      hidden: 1,
      importance_decay: 1,
      eval_samples: 4096,
      runs: [
        {
          recipe: 'seed',
          activation: 'relu',
          densities: [1, 0.01],
          extra_importance: [0.1, 10],
          restarts: 4,
          optimizer: 'adam',
          lr: 0.01,
          steps: 6000,
          batch: 64,
          init_scale: 1.5,
          bias_scale: 0.5,
        },
      ],
    },
    'phase-n3m2': {
      features: 3,
      hidden: 2,
      importance_decay: 1,
      eval_samples: 4096,
      runs: [{ recipe: 'notebook', activation: 'relu', densities: [1, 0.01], extra_importance: [0.1, 10], restarts: 3 }],
    },
    dynamics: {
      features: 4,
      hidden: 2,
      importance_decay: 1,
      eval_samples: 2048,
      runs: [{ recipe: 'notebook', activation: 'relu', densities: [0.3], restarts: 2, steps: 1000, snapshot_every: 50 }],
    },
    'nonuniform-pentagon': {
      features: 5,
      hidden: 2,
      importance_decay: 1,
      eval_samples: 8192,
      runs: [{ recipe: 'notebook', activation: 'relu', densities: [0.05], extra_relative_density: [0.2, 0.4, 1], restarts: 2 }],
    },
  },
};

function experiment(id: string, title: string, a: ExperimentAnalysis, claims: ClaimResult[], figures: RenderedFigure[]): ExperimentReport {
  return {
    id,
    title,
    seeds: FIXTURE_SEEDS,
    analysis: a,
    claims: overSeeds(claims),
    changes: [],
    seedModels: FIXTURE_SEEDS.map((seed) => ({ seed, models: selectedSummaries(a) })),
    figures,
    paramsDigest: `sha256:${id.length.toString(16).padStart(4, '0')}feedface`,
  };
}

/** Every experiment that has a module, with its title, as the report stage finds them. */
const DECLARED = await Promise.all(
  declaredNames('experiment').map(async (id) => {
    const { title, claims } = await loadExperiment(id);
    return { id, title, claims };
  }),
);

/** A fresh fixture (tests may mutate it). */
export function makeFixture(): ReportInput {
  return {
    declared: DECLARED.map((e) => ({ ...e })),
    experiments: {
      intro: experiment('intro', '5 features in 2 dimensions', analysis('intro', 0.9, introSpecs, [0, 2, 3]), introClaims, [
        figure('intro-geometry', 'Feature directions of the 5 → 2 model'),
      ]),
      superposition: experiment(
        'superposition',
        '20 features in 5 dimensions',
        analysis('superposition', 0.7, superSpecs, [0, 1, 2, 3, 5]),
        superClaims,
        [figure('superposition-linear', 'Linear model'), figure('superposition-relu', 'ReLU model across sparsity')],
      ),
      'seed-intro': experiment(
        'seed-intro',
        "The student's 5 → 2 models",
        analysis('seed-intro', 0.85, seedIntroSpecs, [0, 1, 2]),
        seedIntroClaims,
        [figure('seed-intro-geometry', "Student's recipe, 5 → 2")],
      ),
      'seed-superposition': experiment(
        'seed-superposition',
        "The student's 20 → 5 models",
        analysis('seed-superposition', 0.7, seedSuperSpecs, [0, 1, 2]),
        seedSuperClaims,
        [figure('seed-superposition-linear', "Student's linear model"), figure('seed-superposition-relu', "Student's ReLU models")],
      ),
      // 40 → 10 with exact polytopes (dedicated, antipodal pairs, pentagons): the real checker's verdicts, all passing
      uniform: experiment('uniform', 'Uniform superposition', uniformFixture(), checkDeclared('uniform', uniformFixture()), [
        figure('uniform-dstar', 'D* across sparsity'),
        figure('uniform-dimensionality', 'Feature dimensionality across sparsity'),
        figure('uniform-graphs', 'Feature-geometry graphs'),
      ]),
      // the same exact polytopes under the paper-size experiment's id
      'uniform-paper': experiment(
        'uniform-paper',
        'Uniform superposition at the paper size',
        { ...uniformFixture(), experiment: 'uniform-paper' },
        checkDeclared('uniform-paper', uniformFixture()),
        [
          figure('uniform-paper-dstar', 'D* at the paper size'),
          figure('uniform-paper-dimensionality', 'Dimensionality at the paper size'),
          figure('uniform-paper-graphs', 'Graphs at the paper size'),
        ],
      ),
      // 2 → 1 grid of exact solutions, one cell against the theory: the real checker's verdicts
      'phase-n2m1': experiment('phase-n2m1', 'Phase change', phaseFixture(), checkDeclared('phase-n2m1', phaseFixture()), [
        figure('phase-n2m1-theory', 'Phase diagram: theory'),
        figure('phase-n2m1-empirical', 'Phase diagram: trained'),
      ]),
      // the seed draft's protocol on the same grid: the paper's empirical claim under the seed recipe (it fails here)
      'seed-phase-n2m1': experiment(
        'seed-phase-n2m1',
        'Phase change, seed protocol',
        seedPhaseFixture(),
        checkDeclared('seed-phase-n2m1', seedPhaseFixture()),
        [figure('seed-phase-n2m1-empirical', 'Phase diagram: seed protocol')],
      ),
      // 3 → 2 grid of exact configurations, one cell against the theory: the real checker's verdicts
      'phase-n3m2': experiment('phase-n3m2', 'Phase change, 3 → 2', phaseN3m2Fixture(), checkDeclared('phase-n3m2', phaseN3m2Fixture()), [
        figure('phase-n3m2-theory', 'Phase diagram 3 → 2: theory'),
        figure('phase-n3m2-empirical', 'Phase diagram 3 → 2: trained'),
        figure('phase-n3m2-classes', 'Phase diagram 3 → 2: classes'),
      ]),
      // 4 → 2 through training, two exact switches into digons: the real checker's verdict, passing
      dynamics: experiment('dynamics', 'Learning dynamics', dynamicsFixture(), checkDeclared('dynamics', dynamicsFixture()), [
        figure('dynamics-energy', 'Feature dimensionality and loss over training'),
      ]),
      // 5 → 2 pentagons and digons at three ρ, crossing between 0.2 and 0.4: the real checker's verdict (its own claim only)
      'nonuniform-pentagon': experiment(
        'nonuniform-pentagon',
        'Non-uniform superposition',
        nonuniformFixture(),
        checkDeclared('nonuniform-pentagon', nonuniformFixture()),
        [figure('nonuniform-pentagon-geometry', 'Lowest-loss fit per ρ'), figure('nonuniform-pentagon-loss', 'Loss of every restart')],
      ),
    },
    provenance: {
      training: 'tfjs on the cpu backend',
      trainingReason: 'TensorFlow.js ops on the cpu backend (engine: tfjs requested)',
      node: 'v20.20.2',
      paramsDigest: 'sha256:9f2c1e0d',
      packages: { 'markdown-it': '15.0.3', '@tensorflow/tfjs-core': '4.22.0', yaml: '2.9.1' },
      nodes: [
        { node: 'train/intro', cacheKey: 'aaaabbbbccccddddeeee' },
        { node: 'analyze/intro', cacheKey: '1111222233334444' },
        { node: 'figures@intro', cacheKey: 'ffff0000eeee1111' },
      ],
    },
    params: FIXTURE_PARAMS,
    training: runTraining(parseParams(FIXTURE_PARAMS, 'fixture', Object.keys(FIXTURE_PARAMS.experiments))),
  };
}

export const FIXTURE_FIGURE_COUNT = 21;
