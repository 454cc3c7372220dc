// `npm run setup:native [-- --gpu]`: install TensorFlow.js's native backend, @tensorflow/tfjs-node (or, with
// --gpu, @tensorflow/tfjs-node-gpu), so that `--engine tfjs --backend node` (or node-gpu) can train.
//
// The package's own install script downloads libtensorflow and a prebuilt addon from storage.googleapis.com.
// Where that host answers, this runs the normal install. Elsewhere it takes libtensorflow from PyPI's
// TensorFlow wheel (setup/native-plan.ts says which files) and builds the addon from source against Node's
// own headers. Either way it ends by loading the backend in a fresh process and running one op.
// Idempotent: a backend that already passes that check is left alone. `npm ci` never needs this.
//
// Progress and errors go to stderr; a failure is one line naming what is missing and how to get it, exit 1.

import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIBTENSORFLOW_SOURCE_FILE, libtensorflowVersionOf } from '../model/backend.ts';
import { libraryLinks, NATIVE_VARIANTS, pinnedRequirementsOf, WHEEL_FILES, WHEEL_PLATFORM, type NativeVariant } from './native-plan.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Downloaded wheels, kept for the next setup (a clean clone downloads them once). */
const WHEEL_CACHE = join(ROOT, '.cache', 'native-wheels');
const DOWNLOAD_HOST = 'storage.googleapis.com';

class SetupError extends Error {}

const started = performance.now();
function log(line: string): void {
  process.stderr.write(`setup:native [${((performance.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
}

/** Run a command; on failure throw `what` with the last lines it printed. */
function run(command: string, args: string[], what: string, options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.error !== undefined) throw new SetupError(`${what}: ${command} could not start (${result.error.message})`);
  if (result.status !== 0) {
    const tail = `${String(result.stderr ?? '')}\n${String(result.stdout ?? '')}`.trim().split('\n').slice(-3).join(' | ');
    throw new SetupError(`${what} (${command} exited with ${result.status ?? result.signal}): ${tail}`);
  }
  return String(result.stdout ?? '');
}

function has(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

function packageDir(variant: NativeVariant): string {
  return join(ROOT, 'node_modules', ...variant.package.split('/'));
}

function pinnedVersion(variant: NativeVariant): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
  const version = pkg.optionalDependencies?.[variant.package];
  if (version === undefined) throw new SetupError(`package.json pins no version of ${variant.package} among optionalDependencies`);
  return version;
}

/** Load the backend in a fresh process and run one op: the only proof that the install works. */
function checkBackend(variant: NativeVariant): { ok: true; summary: string } | { ok: false; why: string } {
  const script = `
    const { createRequire } = require('node:module');
    const req = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
    const tf = req('@tensorflow/tfjs-core');
    req(${JSON.stringify(variant.package)});
    (async () => {
      if (!(await tf.setBackend('tensorflow'))) throw new Error("tf.setBackend('tensorflow') returned false");
      const product = Array.from(tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])).dataSync());
      if (product.join() !== '17,39') throw new Error('[[1,2],[3,4]]·[5,6] gave ' + product.join() + ', not 17,39');
      const binding = tf.backend().binding;
      const gpu = typeof binding.isUsingGpuDevice === 'function' && binding.isUsingGpuDevice();
      console.log('libtensorflow ' + binding.TF_Version + ', ' + (gpu ? 'running on a GPU' : 'running on the CPU'));
    })().catch((e) => { console.error(String(e && e.message || e)); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env['TF_CPP_MIN_LOG_LEVEL'] ?? '2' },
  });
  if (result.status === 0) return { ok: true, summary: String(result.stdout).trim().split('\n').pop() ?? '' };
  const why = `${String(result.stderr)}`
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-2)
    .join(' | ');
  return { ok: false, why: why || `exit ${result.status ?? result.signal}` };
}

function hostAnswers(host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const req = request({ host, method: 'HEAD', path: '/', timeout: timeoutMs }, (res) => {
      res.resume();
      resolveAnswer(true);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolveAnswer(false));
    req.end();
  });
}

function npmInstall(variant: NativeVariant, version: string, ignoreScripts: boolean): void {
  // --no-save: package.json and the lockfile stay as they are (the package is an optional dependency there)
  const args = [
    'install',
    '--no-save',
    '--no-audit',
    '--no-fund',
    ...(ignoreScripts ? ['--ignore-scripts'] : []),
    `${variant.package}@${version}`,
  ];
  run('npm', args, `npm install ${variant.package}@${version} failed`, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The wheel file for `requirement` in the cache, downloading it (to a temporary folder, then renamed) if absent. */
function wheelFor(requirement: string): string {
  const [name, version] = requirement.split('==') as [string, string];
  const stem = `${name.replace(/-/g, '_')}-${version}-`;
  const cached = () =>
    existsSync(WHEEL_CACHE) ? readdirSync(WHEEL_CACHE).find((f) => f.startsWith(stem) && f.endsWith('.whl')) : undefined;
  const found = cached();
  if (found !== undefined) return join(WHEEL_CACHE, found);
  const tmp = join(WHEEL_CACHE, `download.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const t0 = performance.now();
    run(
      'python3',
      [
        '-m',
        'pip',
        'download',
        '--no-deps',
        '--only-binary=:all:',
        '--platform',
        WHEEL_PLATFORM.platform,
        '--python-version',
        WHEEL_PLATFORM.pythonVersion,
        '--dest',
        tmp,
        requirement,
      ],
      `could not download the wheel ${requirement} from PyPI`,
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const file = readdirSync(tmp).find((f) => f.startsWith(stem) && f.endsWith('.whl'));
    if (file === undefined) throw new SetupError(`pip downloaded no wheel named ${stem}*.whl for ${requirement}`);
    renameSync(join(tmp, file), join(WHEEL_CACHE, file));
    log(
      `downloaded ${file} (${(statSync(join(WHEEL_CACHE, file)).size / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    return join(WHEEL_CACHE, file);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Extract the archive members under each prefix to dest/<mapped path> (python3's zipfile: no unzip needed). */
function extract(wheel: string, mapping: ReadonlyArray<readonly [string, string]>, dest: string): number {
  const script = `
import json, os, shutil, sys, zipfile
wheel, dest, mapping = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
count = 0
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        if info.is_dir():
            continue
        for prefix, target in mapping:
            if info.filename == prefix or (prefix.endswith('/') and info.filename.startswith(prefix)):
                out = os.path.join(dest, target + info.filename[len(prefix):] if prefix.endswith('/') else target)
                os.makedirs(os.path.dirname(out), exist_ok=True)
                with z.open(info) as src, open(out, 'wb') as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                count += 1
                break
print(count)`;
  return Number(run('python3', ['-c', script, wheel, dest, JSON.stringify(mapping)], `could not unpack ${wheel}`).trim());
}

function readMember(wheel: string, suffix: string): string {
  const script = `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = [n for n in z.namelist() if n.endswith(sys.argv[2])]
    sys.stdout.write(z.read(names[0]).decode() if names else '')`;
  return run('python3', ['-c', script, wheel, suffix], `could not read ${suffix} from ${wheel}`);
}

function dirSizeMB(dir: string): number {
  let bytes = 0;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) bytes += statSync(p).size;
    }
  };
  walk(dir);
  return bytes / 1e6;
}

/** deps/ of the package: libtensorflow and its headers from the wheel (and, for the GPU, CUDA from its wheels). */
function placeLibtensorflow(variant: NativeVariant, pkgDir: string): void {
  const wheel = wheelFor(variant.wheel);
  const deps = join(pkgDir, 'deps');
  const tmp = `${deps}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    const files = extract(wheel, WHEEL_FILES, tmp);
    const version = libtensorflowVersionOf(readFileSync(join(pkgDir, 'scripts', 'deps-constants.js'), 'utf8'));
    for (const { link, target } of libraryLinks(version)) symlinkSync(target, join(tmp, 'lib', link));
    // the TensorFlow release, for cache keys (model/backend.ts libtensorflowVersion)
    const release = variant.wheel.split('==')[1]!;
    writeFileSync(join(tmp, LIBTENSORFLOW_SOURCE_FILE), `${JSON.stringify({ version: release, wheel: variant.wheel })}\n`);
    log(
      `placed libtensorflow ${release} from ${variant.wheel} (${files} files) in ${variant.package}/deps, linked as the ${version} it expects`,
    );
    if (variant.cudaExtra !== undefined) {
      // TensorFlow loads CUDA from $ORIGIN/../nvidia/<library>/lib, i.e. deps/nvidia/…; the driver comes from the host
      const requirements = pinnedRequirementsOf(readMember(wheel, '.dist-info/METADATA'), variant.cudaExtra);
      if (requirements.length === 0) throw new SetupError(`${variant.wheel} lists no requirements for [${variant.cudaExtra}]`);
      for (const requirement of requirements) extract(wheelFor(requirement), [['nvidia/', 'nvidia/']], tmp);
      log(`placed the CUDA libraries of ${requirements.length} nvidia-* wheels in deps/nvidia`);
    }
    rmSync(deps, { recursive: true, force: true });
    renameSync(tmp, deps);
    log(`deps/ holds ${dirSizeMB(deps).toFixed(0)} MB`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Node's headers (include/node/node_api.h) for the addon build: npm_config_nodedir, or the prefix of this node. */
function nodeHeadersDir(): string {
  const candidates = [process.env['npm_config_nodedir'], resolve(dirname(process.execPath), '..')].filter(
    (d): d is string => d !== undefined && d !== '',
  );
  const found = candidates.find((d) => existsSync(join(d, 'include', 'node', 'node_api.h')));
  if (found === undefined) {
    throw new SetupError(
      `Node's headers (include/node/node_api.h) are not under ${candidates.join(' or ')}: install them (Debian: apt-get install libnode-dev; ` +
        'or unpack the headers tarball of this Node version) and set npm_config_nodedir to their prefix',
    );
  }
  return found;
}

/** node-gyp as npm ships it (npm's own copy: no download). */
function nodeGypScript(): string {
  const npmCli = process.env['npm_execpath'];
  const candidates = [
    ...(npmCli !== undefined ? [join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')] : []),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined)
    throw new SetupError(`node-gyp was not found beside npm (looked at ${candidates.join(', ')}); npm install -g node-gyp provides it`);
  return found;
}

function buildAddon(pkgDir: string): void {
  if (!has('g++', ['--version']) || !has('make', ['--version'])) {
    throw new SetupError('the addon builds from source and needs a C++ compiler and make: apt-get install g++ make');
  }
  const nodedir = nodeHeadersDir();
  const nodeGyp = nodeGypScript();
  const preGyp = join(ROOT, 'node_modules', '@mapbox', 'node-pre-gyp', 'bin', 'node-pre-gyp');
  if (!existsSync(preGyp)) throw new SetupError(`${preGyp} is missing: the npm install of the package did not complete`);
  const t0 = performance.now();
  run(process.execPath, [preGyp, 'install', '--build-from-source', `--nodedir=${nodedir}`], 'the addon build failed', {
    cwd: pkgDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_nodedir: nodedir, npm_config_node_gyp: nodeGyp, npm_config_build_from_source: 'true' },
  });
  log(`built the addon from source in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function setup(variant: NativeVariant): Promise<void> {
  const version = pinnedVersion(variant);
  const pkgDir = packageDir(variant);
  if (existsSync(pkgDir)) {
    const check = checkBackend(variant);
    if (check.ok) {
      log(`${variant.package} is already set up: ${check.summary}; nothing to do`);
      return;
    }
  }
  const reachable = await hostAnswers(DOWNLOAD_HOST, 5000);
  if (!reachable && !has('python3', ['-m', 'pip', '--version'])) {
    throw new SetupError(
      `${DOWNLOAD_HOST} (the package's own download) does not answer and pip (python3 -m pip, for PyPI's wheel) is missing: install python3-pip`,
    );
  }
  if (reachable) {
    log(`${DOWNLOAD_HOST} answers: the package's own install (libtensorflow and a prebuilt addon from there)`);
    try {
      npmInstall(variant, version, false);
      const check = checkBackend(variant);
      if (check.ok) {
        log(`${variant.package} ${version} works: ${check.summary}`);
        return;
      }
      log(`the normal install did not give a working backend (${check.why}); building from PyPI's wheel instead`);
    } catch (error) {
      if (!(error instanceof SetupError)) throw error;
      log(`${error.message}; building from PyPI's wheel instead`);
    }
  } else {
    log(`${DOWNLOAD_HOST} does not answer: libtensorflow from PyPI's ${variant.wheel} wheel, the addon built from source`);
  }
  npmInstall(variant, version, true);
  log(`installed ${variant.package}@${version} without its install script`);
  placeLibtensorflow(variant, pkgDir);
  buildAddon(pkgDir);
  const check = checkBackend(variant);
  if (!check.ok) throw new SetupError(`${variant.package} is installed but does not work: ${check.why}`);
  log(`${variant.package} ${version} works: ${check.summary}`);
  if (variant.name === 'gpu' && !check.summary.includes('on a GPU')) {
    log(
      'no GPU took the op: TensorFlow found no CUDA device or driver here (the driver, libcuda.so.1, comes from the host), so it runs on the CPU',
    );
  }
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--gpu');
if (unknown.length > 0) {
  process.stderr.write(`setup:native: unknown option ${unknown[0]}; allowed: --gpu (the CUDA build, @tensorflow/tfjs-node-gpu)\n`);
  process.exit(2);
}
try {
  await setup(NATIVE_VARIANTS[args.includes('--gpu') ? 'gpu' : 'cpu']);
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  process.stderr.write(`setup:native: ${error.message}\n`);
  process.exit(1);
}
