// Bad input, table-driven, on the real DAG: every case is one broken parameter, flag or environment
// value, given to a project that has already built everything. Each must stop with exit code 2 and one
// line on stderr that names the file, the key and what is allowed, and leave every file of the project
// (cache, artifacts, reports) byte for byte as it was.

import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { listFiles } from '../../pipeline/fs-atomic.ts';
import { digestFile } from '../../pipeline/hash.ts';
import { copyProject, runMain } from './project-copy.ts';

/** A parsed params.yaml that each case breaks in its own way (hence any). */
type Raw = Record<string, any>;

interface Case {
  name: string;
  /** change the parsed params.yaml in place (or return a whole new text) */
  edit?: (p: Raw) => void | string;
  /** the command line (default: reproduce) */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** the one line expected on stderr: everything after 'error [E_…]: ' */
  message: string | RegExp;
}

const intro = (p: Raw): Raw => p.experiments.intro;
const run0 = (p: Raw): Raw => intro(p).runs[0];
const notebook = (p: Raw): Raw => p.recipes.notebook;

const CASES: Case[] = [
  // the file as a whole
  { name: 'not YAML', edit: () => 'base_seeds: [1, 2\nengine: auto\n', message: /^params\.yaml \(line \d+\): not valid YAML: / },
  {
    name: 'a cyclic alias',
    edit: () => 'base_seeds: &a [1, *a]\n',
    message: /^params\.yaml: base_seeds\[1\]: an alias refers to a value that contains it/,
  },
  {
    name: 'an unknown top-level key',
    edit: (p) => void (p.colour = 'red'),
    message: /^params\.yaml: colour: unknown key \(allowed: base_seeds, verdict_threshold, backend, engine, recipes, experiments\)$/,
  },
  { name: 'a required key missing', edit: (p) => void delete p.verdict_threshold, message: 'params.yaml: verdict_threshold: is required' },
  // top-level values
  {
    name: 'verdict_threshold 0',
    edit: (p) => void (p.verdict_threshold = 0),
    message: 'params.yaml: verdict_threshold: must be > 0, got 0',
  },
  {
    name: 'verdict_threshold .nan',
    edit: (p) => void (p.verdict_threshold = NaN),
    message: 'params.yaml: verdict_threshold: .nan is not allowed: use a finite number',
  },
  {
    name: 'backend tpu',
    edit: (p) => void (p.backend = 'tpu'),
    message: "params.yaml: backend: must be one of auto, node-gpu, node, wasm, cpu; got 'tpu'",
  },
  {
    name: 'engine cuda',
    edit: (p) => void (p.engine = 'cuda'),
    message: "params.yaml: engine: must be one of auto, tfjs, fused; got 'cuda'",
  },
  { name: 'a negative base seed', edit: (p) => void (p.base_seeds = [-1]), message: 'params.yaml: base_seeds[0]: must be ≥ 0, got -1' },
  {
    name: 'a fractional base seed',
    edit: (p) => void (p.base_seeds = [1.5]),
    message: 'params.yaml: base_seeds[0]: must be a whole number, got 1.5',
  },
  {
    name: 'a repeated base seed',
    edit: (p) => void (p.base_seeds = [7, 7]),
    message: /^params\.yaml: base_seeds\[1\]: .*7.*base_seeds\[0\]/,
  },
  // recipes
  {
    name: 'an unknown optimizer',
    edit: (p) => void (notebook(p).optimizer = 'adagrad'),
    message: "params.yaml: recipes.notebook.optimizer: must be one of adamw, adam, sgd, rmsprop; got 'adagrad'",
  },
  { name: 'lr 0', edit: (p) => void (notebook(p).lr = 0), message: 'params.yaml: recipes.notebook.lr: must be > 0, got 0' },
  {
    name: 'lr .inf',
    edit: (p) => void (notebook(p).lr = Infinity),
    message: 'params.yaml: recipes.notebook.lr: .inf is not allowed: use a finite number',
  },
  { name: 'steps 0', edit: (p) => void (notebook(p).steps = 0), message: 'params.yaml: recipes.notebook.steps: must be ≥ 1, got 0' },
  {
    name: 'a fractional batch',
    edit: (p) => void (notebook(p).batch = 2.5),
    message: 'params.yaml: recipes.notebook.batch: must be a whole number, got 2.5',
  },
  {
    name: 'an unknown init',
    edit: (p) => void (notebook(p).init = 'he'),
    message: "params.yaml: recipes.notebook.init: must be one of xavier_normal, randn; got 'he'",
  },
  {
    name: 'an unknown mask',
    edit: (p) => void (notebook(p).mask = 'per_sample'),
    message: "params.yaml: recipes.notebook.mask: must be one of per_element, per_batch; got 'per_sample'",
  },
  {
    name: 'an unknown loss',
    edit: (p) => void (notebook(p).loss = 'max'),
    message: "params.yaml: recipes.notebook.loss: must be one of mean, sum; got 'max'",
  },
  {
    name: 'an unknown recipe key',
    edit: (p) => void (notebook(p).momentum = 0.9),
    message:
      /^params\.yaml: recipes\.notebook\.momentum: unknown key \(allowed: optimizer, lr, weight_decay, steps, batch, init, bias_init, mask, loss, init_scale, bias_scale\)$/,
  },
  { name: 'a recipe key missing', edit: (p) => void delete notebook(p).lr, message: 'params.yaml: recipes.notebook.lr: is required' },
  {
    name: 'a recipe named __proto__',
    edit: (p) => void Object.defineProperty(p.recipes, '__proto__', { value: { ...notebook(p) }, enumerable: true }),
    message:
      "params.yaml: recipes.__proto__: a recipe's name must be lower-case letters, digits, '-' or '_', starting with a letter or digit (e.g. notebook, my-recipe)",
  },
  // experiments
  {
    name: 'an unknown experiment',
    edit: (p) => void (p.experiments.intro2 = intro(p)),
    message: /^params\.yaml: experiments\.intro2: unknown experiment \(known: .*intro.*; each needs a module experiments\/<id>\.ts\)$/,
  },
  { name: 'features 0', edit: (p) => void (intro(p).features = 0), message: 'params.yaml: experiments.intro.features: must be ≥ 1, got 0' },
  {
    name: 'hidden not a number',
    edit: (p) => void (intro(p).hidden = 'two'),
    message: "params.yaml: experiments.intro.hidden: must be a number, got 'two'",
  },
  {
    name: 'importance_decay above 1',
    edit: (p) => void (intro(p).importance_decay = 1.5),
    message: 'params.yaml: experiments.intro.importance_decay: must be ≤ 1, got 1.5',
  },
  {
    name: 'eval_samples 0',
    edit: (p) => void (intro(p).eval_samples = 0),
    message: 'params.yaml: experiments.intro.eval_samples: must be ≥ 1, got 0',
  },
  {
    name: 'max_base_seeds 0',
    edit: (p) => void (intro(p).max_base_seeds = 0),
    message: 'params.yaml: experiments.intro.max_base_seeds: must be ≥ 1, got 0',
  },
  {
    name: 'an unknown experiment key',
    edit: (p) => void (intro(p).colour = 'red'),
    message: /^params\.yaml: experiments\.intro\.colour: unknown key \(allowed: features, hidden, /,
  },
  {
    name: 'no runs',
    edit: (p) => void (intro(p).runs = []),
    message: 'params.yaml: experiments.intro.runs: must be a non-empty list of runs, got []',
  },
  {
    name: 'overlapping feature sets',
    edit: (p) =>
      void (intro(p).feature_sets = [
        { kind: 'correlated', features: [0, 1] },
        { kind: 'correlated', features: [1, 2] },
      ]),
    message: /^params\.yaml: experiments\.intro\.feature_sets\[1\]\.features\[0\]: .*feature 1.*feature_sets\[0\]/,
  },
  {
    name: 'sizes no node can hold',
    edit: (p) => void Object.assign(intro(p), { features: 10_000, hidden: 10_000 }),
    message:
      /^params\.yaml: experiments\.intro: a node of this experiment needs about \d+ GiB .* allowed per node \(TMS_MEMORY_LIMIT_MIB\); lower features \(10000\), hidden \(10000\)/,
  },
  // runs
  {
    name: 'an unknown recipe',
    edit: (p) => void (run0(p).recipe = 'fancy'),
    message: "params.yaml: experiments.intro.runs[0].recipe: must be one of notebook, seed; got 'fancy'",
  },
  {
    name: 'an unknown activation',
    edit: (p) => void (run0(p).activation = 'tanh'),
    message: "params.yaml: experiments.intro.runs[0].activation: must be one of relu, linear; got 'tanh'",
  },
  {
    name: 'both model and activation',
    edit: (p) => void (run0(p).model = 'relu-output'),
    message: /^params\.yaml: experiments\.intro\.runs\[0\]\.activation: give model or activation, not both/,
  },
  {
    name: 'a model that does not exist',
    edit: (p) => void Object.assign(run0(p), { activation: undefined, model: 'no-such-model' }),
    message: /experiments\.intro\.runs\[0\]\.model.*no model 'no-such-model'.*relu-hidden/,
  },
  {
    name: 'restarts 0',
    edit: (p) => void (run0(p).restarts = 0),
    message: 'params.yaml: experiments.intro.runs[0].restarts: must be ≥ 1, got 0',
  },
  {
    name: 'a negative L1 λ',
    edit: (p) => void (run0(p).l1 = -0.1),
    message: 'params.yaml: experiments.intro.runs[0].l1: must be ≥ 0, got -0.1',
  },
  {
    name: 'an attack above the input norm',
    edit: (p) => void (run0(p).attack = 1.5),
    message: 'params.yaml: experiments.intro.runs[0].attack: must be ≤ 1, got 1.5',
  },
  {
    name: 'an attack of size 0',
    edit: (p) => void (run0(p).attack = 0),
    message: 'params.yaml: experiments.intro.runs[0].attack: must be > 0, got 0',
  },
  {
    name: 'an attack on a model without WᵀW',
    edit: (p) => void Object.assign(run0(p), { activation: undefined, model: 'relu-hidden', attack: 0.1 }),
    message: /^params\.yaml: experiments\.intro\.runs\[0\]\.attack: needs a relu-output or linear-output model .*got model relu-hidden$/,
  },
  {
    name: 'a density of 0',
    edit: (p) => void (run0(p).densities = [0]),
    message: 'params.yaml: experiments.intro.runs[0].densities[0]: must be > 0, got 0',
  },
  {
    name: 'a density above 1',
    edit: (p) => void (run0(p).densities = { geometric: { from: 2, to: 0.05, count: 10 } }),
    message: 'params.yaml: experiments.intro.runs[0].densities.geometric.from: must be ≤ 1, got 2',
  },
  {
    name: 'a geometric list without count',
    edit: (p) => void delete run0(p).densities.geometric.count,
    message: 'params.yaml: experiments.intro.runs[0].densities.geometric.count: is required',
  },
  {
    name: 'snapshot_every 0',
    edit: (p) => void (run0(p).snapshot_every = 0),
    message: /^params\.yaml: experiments\.intro\.runs\[0\]\.snapshot_every: must be ≥ 1, got 0$/,
  },
  {
    name: 'an unknown run key',
    edit: (p) => void (run0(p).temperature = 1),
    message: /^params\.yaml: experiments\.intro\.runs\[0\]\.temperature: unknown key \(allowed: recipe, model, activation, /,
  },
  // the command line and the environment
  {
    name: 'a mistyped flag',
    args: ['reproduce', '--forc'],
    message:
      "unknown option '--forc' for 'reproduce' (it takes --jobs <value>, --store <value>, --executor <value>, --redis <value>, --expect-key <value>, --shard <value>, --merge-shards <value>, --force, --no-wait)",
  },
  { name: 'an unknown command', args: ['reprodcue'], message: /^unknown command 'reprodcue'/ },
  { name: '--jobs 0', args: ['reproduce', '--jobs', '0'], message: "--jobs must be a whole number ≥ 1, got '0'" },
  {
    name: '--shard of a node that does not split',
    args: ['reproduce', 'analyze@intro/20221014', '--shard', '1/2'],
    message: "analyze@intro/20221014: stage 'analyze' does not split into shards",
  },
  {
    name: '--shard 3/2',
    args: ['reproduce', 'train@intro/20221014', '--shard', '3/2'],
    message: "--shard must be K/N, shard K (1 … N) of N (2 … 4096), got '3/2'",
  },
  {
    name: 'worker --concurrency 0',
    args: ['worker', '--store', 'file:///nonexistent/store', '--redis', 'redis://127.0.0.1:1', '--concurrency', '0'],
    message: "--concurrency must be a whole number ≥ 1, got '0'",
  },
  {
    name: '--backend tpu',
    args: ['reproduce', '--backend', 'tpu'],
    message: "params.yaml: --backend: must be one of auto, node-gpu, node, wasm, cpu; got 'tpu'",
  },
  {
    name: '--engine cuda',
    args: ['reproduce', '--engine', 'cuda'],
    message: "params.yaml: --engine: must be one of auto, tfjs, fused; got 'cuda'",
  },
  { name: '--base-seeds with a word', args: ['reproduce', '--base-seeds', '1,two'], message: /^params\.yaml: --base-seeds\[1\]: / },
  { name: 'an unknown node', args: ['reproduce', 'train@intro/1'], message: /^unknown node 'train@intro\/1' \(/ },
  {
    name: 'TMS_MEMORY_LIMIT_MIB not a number',
    env: { TMS_MEMORY_LIMIT_MIB: 'lots' },
    message: "TMS_MEMORY_LIMIT_MIB (environment): must be a positive number of MiB, got 'lots'",
  },
];

let dir: string;
let pristine: string;
let before: Record<string, string>;

/** sha256 of every file of the project copy (node_modules is a link, and not followed). */
async function digestProject(): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const file of await listFiles(dir)) digests[file] = await digestFile(join(dir, file));
  return digests;
}

beforeAll(async () => {
  dir = await copyProject({ experiments: ['intro'] });
  const built = runMain(dir, ['reproduce']);
  if (built.status !== 0) throw new Error(`the project copy did not build: ${built.stderr}`);
  pristine = await readFile(join(dir, 'params.yaml'), 'utf8');
  before = await digestProject();
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe(`bad input (${CASES.length} cases): one line, exit code 2, nothing written`, () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    if (c.edit) {
      const raw = parse(pristine) as Raw;
      const edited = c.edit(raw);
      await writeFile(join(dir, 'params.yaml'), typeof edited === 'string' ? edited : stringify(raw));
    }
    try {
      const result = runMain(dir, c.args ?? ['reproduce'], c.env);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines, result.stderr).toHaveLength(1);
      const match = /^error \[E_[A-Z_]+\]: (.*)$/.exec(lines[0]!);
      expect(match, lines[0]).not.toBeNull();
      if (typeof c.message === 'string') expect(match![1]).toBe(c.message);
      else expect(match![1]).toMatch(c.message);
      expect(result.status).toBe(2);
    } finally {
      await writeFile(join(dir, 'params.yaml'), pristine);
    }
    expect(await digestProject()).toEqual(before);
  });
});
