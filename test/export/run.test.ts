// `npm run export` end to end on a copy of the project with a tiny training budget: three real train nodes
// (weight snapshots and correlated feature sets; per-model importance; per-feature densities) are built,
// exported with their held-out samples, and opened with NumPy (np.load, allow_pickle=False), which must
// see every name with its dtype and shape and every value equal, bit for bit, to the pipeline's own
// outputs. The expected arrays are assembled here from the pipeline's files, independently of export/.
// The NumPy part needs python3 with numpy (Debian's python3-numpy, which python3-torch pulls in: .ci/run
// installs it and fails when this test is skipped); the command's own checks run without it.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawHeldOut } from '../../data/held-out.ts';
import type { TrainedWeights, TrainingPlan } from '../../data/plan.ts';
import { EXPORT_USAGE } from '../../export/command.ts';
import { digestFile } from '../../pipeline/hash.ts';
import { copyProject, runMain } from '../stages/project-copy.ts';

const SEED = 20221014;
/** snapshots and correlated sets; a per-model importance grid; a per-feature density */
const EXPERIMENTS = ['dynamics-correlated', 'phase-n2m1', 'nonuniform-pentagon'];

/** The first python that imports numpy: $TMS_PYTHON, python3 on PATH, Debian's /usr/bin/python3. */
function findNumpyPython(): { python: string; numpy: string } | undefined {
  for (const python of [process.env['TMS_PYTHON'], 'python3', '/usr/bin/python3']) {
    if (!python) continue;
    const probe = spawnSync(python, ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8', timeout: 60_000 });
    if (probe.status === 0) return { python, numpy: probe.stdout.trim() };
  }
  return undefined;
}

const numpy = findNumpyPython();
if (!numpy) {
  console.warn(
    "\n*** SKIPPED: no python3 with numpy, so the test that opens `npm run export`'s .npz with NumPy does not run. " +
      "Install Debian's python3-numpy (python3-torch, which .ci/run installs, pulls it in). ***\n",
  );
}

let dir: string;
let scratch: string;
let neverBuilt: ReturnType<typeof runExport>;

function runExport(args: string[], cwd = dir): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(dir, 'export', 'run.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  dir = await copyProject({ experiments: EXPERIMENTS });
  scratch = await mkdtemp(join(tmpdir(), 'tms-export-'));
  neverBuilt = runExport([`dynamics-correlated/${SEED}`]);
  const built = runMain(dir, ['reproduce', ...EXPERIMENTS.map((e) => `train@${e}/${SEED}`)]);
  if (built.status !== 0) throw new Error(`reproduce failed in the project copy:\n${built.stderr}`);
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('npm run export', () => {
  it('names the node and the command that builds it, in one line, when the node was never built', () => {
    expect(neverBuilt.status).toBe(1);
    expect(neverBuilt.stderr).toBe(
      `export: train@dynamics-correlated/${SEED} has not been built yet: run \`npm run reproduce -- train@dynamics-correlated/${SEED}\` first\n`,
    );
  });

  it('prints its usage with --help', () => {
    const help = runExport(['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout.trimEnd()).toBe(EXPORT_USAGE.trimEnd());
  });

  it('refuses a bad argument with one line naming it and the allowed values, and exit code 2', () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['nope/1'],
        /^export: unknown experiment 'nope' in 'nope\/1': one of phase-n2m1\/\{20221014,20221015\}, nonuniform-pentagon\/\{20221014,20221015\}, dynamics-correlated\/\{20221014,20221015\}$/,
      ],
      [['phase-n2m1/5'], /^export: 'phase-n2m1\/5' is not a seed of phase-n2m1: one of phase-n2m1\/20221014, phase-n2m1\/20221015 /],
      [['phase-n2m1'], /^export: 'phase-n2m1' names no base seed: give one of phase-n2m1\/20221014, phase-n2m1\/20221015$/],
      [[`analyze@phase-n2m1/${SEED}`], /^export: 'analyze@phase-n2m1\/20221014': give a train node or its item/],
      [
        [`phase-n2m1/${SEED}`, '--format', 'csv'],
        /^export: unknown option '--format' for 'export' \(it takes --out <value>, --base-seeds <value>, --held-out, --help\) \(npm run -s export/,
      ],
      [[`phase-n2m1/${SEED}`, '--out'], /^export: --out needs a value/],
      [[], /^export: give one experiment\/seed item, e.g. intro\/20221014/],
    ];
    for (const [args, message] of cases) {
      const run = runExport(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr.trimEnd(), args.join(' ')).toMatch(message);
      expect(run.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stdout).toBe('');
    }
  });

  it('writes exports/<experiment>-<seed>.npz by default through the npm script, the same bytes as --out, and a relative --out from where npm was called', async () => {
    const out = join(scratch, 'dc.npz');
    const direct = runExport([`train@dynamics-correlated/${SEED}`, '--held-out', '--out', out]);
    expect(direct.status, direct.stderr).toBe(0);
    expect(direct.stdout.trim()).toBe(out);
    expect(direct.stderr).toMatch(
      /train@dynamics-correlated\/20221014: 5 models \(6 → 3\) in 1 group\(s\), 14 arrays, [\d.]+ KiB written to /,
    );
    const npm = (args: string[], cwd: string) => spawnSync('npm', ['run', '-s', 'export', '--', ...args], { cwd, encoding: 'utf8' });
    const byDefault = npm([`dynamics-correlated/${SEED}`, '--held-out'], dir);
    expect(byDefault.status, byDefault.stderr).toBe(0);
    expect(byDefault.stdout.trim()).toBe(`exports/dynamics-correlated-${SEED}.npz`);
    const path = join(dir, 'exports', `dynamics-correlated-${SEED}.npz`);
    expect(await digestFile(path)).toBe(await digestFile(out));
    const relative = npm([`dynamics-correlated/${SEED}`, '--out', 'here.npz'], join(dir, 'data'));
    expect(relative.status, relative.stderr).toBe(0);
    expect(existsSync(join(dir, 'data', 'here.npz'))).toBe(true);
    // without --held-out: the same file less held_out/x (and meta saying so)
    expect(readFileSync(join(dir, 'data', 'here.npz')).length).toBeLessThan(readFileSync(path).length);
    // no temporary files are left behind
    expect(spawnSync('find', [dir, scratch, '-name', '*.tmp-*'], { encoding: 'utf8' }).stdout).toBe('');
  });
});

interface Expected {
  dtype: '<f4' | '<i4';
  shape: number[];
  /** little-endian bytes, base64 */
  data: string;
}

const f32 = (shape: number[], values: ArrayLike<number>): Expected => ({
  dtype: '<f4',
  shape,
  data: Buffer.from(Float32Array.from(values).buffer).toString('base64'),
});
const i32 = (shape: number[], values: ArrayLike<number>): Expected => ({
  dtype: '<i4',
  shape,
  data: Buffer.from(Int32Array.from(values).buffer).toString('base64'),
});

/** The arrays the export must hold, from the pipeline's own files of the experiment seed (its workspace copies). */
async function expectedArrays(experiment: string): Promise<{ arrays: Record<string, Expected>; plan: TrainingPlan }> {
  const plan = JSON.parse(await readFile(join(dir, 'artifacts', 'generate', experiment, `${SEED}`, 'plan.json'), 'utf8')) as TrainingPlan;
  const trainDir = join(dir, 'artifacts', 'train', experiment, `${SEED}`);
  const weights = JSON.parse(await readFile(join(trainDir, 'weights.json'), 'utf8')) as TrainedWeights;
  const snapshotFile = join(trainDir, 'snapshots.f32');
  const snapshots = existsSync(snapshotFile) ? new Float32Array(new Uint8Array(readFileSync(snapshotFile)).buffer) : undefined;
  const { features: F, hidden: H } = plan;
  const instances = plan.groups.flatMap((g) => g.instances);
  const N = instances.length;
  const arrays: Record<string, Expected> = {
    W: f32(
      [N, F, H],
      weights.groups.flatMap((g) => g.W),
    ),
    b: f32(
      [N, F],
      weights.groups.flatMap((g) => g.b),
    ),
    importance: f32(
      [N, F],
      instances.flatMap((inst) => inst.importance ?? plan.importance),
    ),
    density: f32(
      [N, F],
      instances.flatMap((inst) => inst.featureDensity ?? new Array<number>(F).fill(inst.density)),
    ),
    run: i32(
      [N],
      plan.groups.flatMap((g, k) => g.instances.map(() => k)),
    ),
    instance: i32(
      [N],
      plan.groups.flatMap((g) => g.instances.map((_, i) => i)),
    ),
    replica: i32(
      [N],
      instances.map((inst) => inst.replica),
    ),
    'held_out/x': f32([N, plan.evalSamples, F], Float32Array.from(instances.flatMap((inst) => Array.from(drawHeldOut(plan, inst))))),
  };
  plan.groups.forEach((group, g) => {
    const trained = weights.groups[g]!;
    const I = group.instances.length;
    arrays[`loss_steps/${g}`] = i32([trained.lossSteps.length], trained.lossSteps);
    arrays[`loss/${g}`] = f32([trained.lossSteps.length, I], trained.lossCurve);
    const index = trained.snapshots;
    if (index !== undefined && snapshots !== undefined) {
      const T = index.steps.length;
      const nW = T * I * F * H;
      arrays[`snapshots/${g}/steps`] = i32([T], index.steps);
      arrays[`snapshots/${g}/W`] = f32([T, I, F, H], snapshots.subarray(index.offset, index.offset + nW));
      arrays[`snapshots/${g}/b`] = f32([T, I, F], snapshots.subarray(index.offset + nW, index.offset + nW + T * I * F));
    }
  });
  return { arrays, plan };
}

// Opens the .npz as a NumPy user would and compares each array with the expected one bit for bit; prints a report.
const PYTHON_CHECK = `
import base64, json, sys, zipfile
import numpy as np
path, expected_path = sys.argv[1], sys.argv[2]
expected = json.load(open(expected_path))
with zipfile.ZipFile(path) as z:
    report = {'stored': all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist()), 'bad_crc': z.testzip()}
report['arrays'] = {}
with np.load(path, allow_pickle=False) as f:
    report['files'] = list(f.files)
    for name in f.files:
        a = f[name]
        r = {'dtype': a.dtype.str, 'shape': list(a.shape), 'native': bool(a.dtype.isnative), 'c_contiguous': bool(a.flags['C_CONTIGUOUS'])}
        if name == 'meta':
            r['kind'] = a.dtype.kind
            r['meta'] = json.loads(a.item())
        elif name in expected:
            e = expected[name]
            want = np.frombuffer(base64.b64decode(e['data']), dtype=np.dtype(e['dtype'])).reshape(e['shape'])
            r['bit_equal'] = a.dtype == want.dtype and a.shape == want.shape and a.tobytes() == want.tobytes()
            if not r['bit_equal'] and a.size == want.size:
                k = int(np.flatnonzero(a.reshape(-1).view(np.uint32) != want.reshape(-1).view(np.uint32))[0])
                r['first_difference'] = [k, a.reshape(-1)[k].item(), want.reshape(-1)[k].item()]
        report['arrays'][name] = r
print(json.dumps(report))
`;

interface PythonReport {
  stored: boolean;
  bad_crc: string | null;
  files: string[];
  arrays: Record<
    string,
    {
      dtype: string;
      shape: number[];
      native: boolean;
      c_contiguous: boolean;
      bit_equal?: boolean;
      first_difference?: number[];
      kind?: string;
      meta?: Record<string, unknown>;
    }
  >;
}

describe.skipIf(!numpy)('the export opened with NumPy', () => {
  for (const experiment of EXPERIMENTS) {
    it(`${experiment}: np.load(allow_pickle=False) sees every name, dtype and shape, and the pipeline's values bit for bit`, async () => {
      const out = join(scratch, `${experiment}.npz`);
      const run = runExport([`${experiment}/${SEED}`, '--held-out', '--out', out]);
      expect(run.status, run.stderr).toBe(0);
      const { arrays, plan } = await expectedArrays(experiment);
      // the copy trains 30 steps with a snapshot every 10: steps 0, 10, 20, 30 of dynamics-correlated's 5 models
      if (experiment === 'dynamics-correlated') expect(arrays['snapshots/0/W']?.shape).toEqual([4, 5, 6, 3]);
      const expectedFile = join(scratch, `${experiment}.expected.json`);
      await writeFile(expectedFile, JSON.stringify(arrays));
      const py = spawnSync(numpy!.python, ['-c', PYTHON_CHECK, out, expectedFile], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect(py.status, py.stderr).toBe(0);
      const report = JSON.parse(py.stdout) as PythonReport;
      expect(report.stored).toBe(true);
      expect(report.bad_crc).toBeNull();
      expect([...report.files].sort()).toEqual(['meta', ...Object.keys(arrays)].sort());
      for (const [name, want] of Object.entries(arrays)) {
        const got = report.arrays[name]!;
        expect({ name, dtype: got.dtype, shape: got.shape }).toEqual({ name, dtype: want.dtype, shape: want.shape });
        expect(got.bit_equal, `${name}: first difference (index, exported, expected) ${JSON.stringify(got.first_difference)}`).toBe(true);
        // what torch.from_numpy needs: native byte order, C-contiguous
        expect(got.native && got.c_contiguous, name).toBe(true);
      }
      const meta = report.arrays['meta']!;
      expect([meta.kind, meta.shape]).toEqual(['U', []]);
      const m = meta.meta as {
        node: string;
        experiment: string;
        base_seed: number;
        features: number;
        hidden: number;
        models: number;
        held_out: boolean;
        groups: Array<{ activation: string; models: number[] }>;
        arrays: Record<string, { dtype: string; shape: number[] }>;
      };
      expect([m.node, m.experiment, m.base_seed, m.features, m.hidden, m.held_out]).toEqual([
        `train@${experiment}/${SEED}`,
        experiment,
        SEED,
        plan.features,
        plan.hidden,
        true,
      ]);
      expect(m.models).toBe(plan.groups.reduce((n, g) => n + g.instances.length, 0));
      expect(m.groups.map((g) => g.activation)).toEqual(plan.groups.map((g) => g.activation));
      for (const [name, want] of Object.entries(arrays))
        expect(m.arrays[name], name).toMatchObject({ dtype: want.dtype, shape: want.shape });
    });
  }
});
