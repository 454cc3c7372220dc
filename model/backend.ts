// Which TensorFlow.js backend trains the models, and how to start it.
//
// `chooseBackend` is cheap (no tfjs is loaded: it only resolves package paths and looks for an NVIDIA
// device), so the pipeline can put the choice in cache keys on its warm no-op path. `initBackend` does the
// expensive part: dynamic imports, wasm binaries, `tf.setBackend` + `tf.ready`.
//
// @tensorflow/tfjs-node and @tensorflow/tfjs-node-gpu are optional dependencies whose own install script
// downloads libtensorflow from a host that is often unreachable; `npm run setup:native` (setup/native.ts)
// installs them from PyPI's TensorFlow wheels instead. They are only ever imported dynamically.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { BACKEND_IDS, BACKEND_REQUESTS } from '../core/choices.ts';
import type { BackendChoice, BackendId } from '../core/types.ts';

export function isBackendId(value: unknown): value is BackendId {
  return typeof value === 'string' && (BACKEND_IDS as readonly string[]).includes(value);
}

/** An unavailable or unknown backend request. `code` is stable for callers and tests. */
export class BackendError extends Error {
  readonly code: 'E_BACKEND_UNAVAILABLE' | 'E_BACKEND_UNKNOWN' | 'E_BACKEND_INIT';
  readonly backend: string;
  constructor(code: BackendError['code'], backend: string, message: string) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
    this.backend = backend;
  }
}

/** The npm package of each backend. */
export const BACKEND_PACKAGES: Record<BackendId, string> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

/** Name under which each backend registers itself with tfjs-core. */
const TFJS_NAMES: Record<BackendId, string> = {
  'node-gpu': 'tensorflow',
  node: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

const require = createRequire(import.meta.url);

/** Directory of a package (its package.json), or null when it is not resolvable from here. */
function packageDir(name: string): string | null {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

function hasNativeBinding(dir: string): boolean {
  // tfjs-node installs its binding as lib/napi-v<N>/tfjs_binding.node once libtensorflow was downloaded
  const lib = join(dir, 'lib');
  if (!existsSync(lib)) return false;
  try {
    return readdirSync(lib).some((entry) => entry.startsWith('napi-v') && existsSync(join(lib, entry, 'tfjs_binding.node')));
  } catch {
    return false;
  }
}

function nvidiaGpuPresent(): boolean {
  return existsSync('/dev/nvidia0') || existsSync('/proc/driver/nvidia/version');
}

interface Unavailable {
  /** the package is not installed at all */
  missing: boolean;
  /** why not, as a phrase */
  why: string;
}

/** Whether a backend can run here: null when it can. */
function unavailability(id: BackendId): Unavailable | null {
  const pkg = BACKEND_PACKAGES[id];
  const dir = packageDir(pkg);
  if (dir === null) {
    const note =
      id === 'node'
        ? ' (optional: npm run setup:native installs it)'
        : id === 'node-gpu'
          ? ' (optional: npm run setup:native -- --gpu installs it)'
          : '';
    return { missing: true, why: `${pkg} is not installed${note}` };
  }
  if (id === 'node' || id === 'node-gpu') {
    if (!hasNativeBinding(dir)) {
      const setup = id === 'node' ? 'npm run setup:native' : 'npm run setup:native -- --gpu';
      return {
        missing: false,
        why: `${pkg} is installed but its native binding (lib/napi-v*/tfjs_binding.node) is missing (${setup} builds it)`,
      };
    }
    if (id === 'node-gpu' && !nvidiaGpuPresent()) {
      return { missing: false, why: 'no NVIDIA GPU found (/dev/nvidia0, /proc/driver/nvidia)' };
    }
  }
  if (id === 'wasm' && !existsSync(join(dir, 'dist', 'tfjs-backend-wasm.wasm'))) {
    return { missing: false, why: `${pkg} is installed but dist/tfjs-backend-wasm.wasm is missing` };
  }
  return null;
}

/** Written by `npm run setup:native` beside the libtensorflow it placed: which TensorFlow release it is. */
export const LIBTENSORFLOW_SOURCE_FILE = 'libtensorflow-source.json';

/**
 * The TensorFlow release a native backend's libtensorflow comes from, for cache keys (another release can
 * round differently): the one setup:native recorded, or else the one the package's own install downloads
 * (scripts/deps-constants.js). Reads two small files: cheap enough for the warm path.
 */
export function libtensorflowVersion(id: 'node' | 'node-gpu'): string {
  const dir = packageDir(BACKEND_PACKAGES[id]);
  if (dir === null) return 'missing';
  try {
    const source = JSON.parse(readFileSync(join(dir, 'deps', LIBTENSORFLOW_SOURCE_FILE), 'utf8')) as { version?: unknown };
    if (typeof source.version === 'string') return source.version;
  } catch {
    // not placed by setup:native: the package's own download
  }
  try {
    return libtensorflowVersionOf(readFileSync(join(dir, 'scripts', 'deps-constants.js'), 'utf8'));
  } catch {
    return 'unknown';
  }
}

/** The libtensorflow release a tfjs-node package downloads, from the text of its scripts/deps-constants.js. */
export function libtensorflowVersionOf(depsConstants: string): string {
  const m = /LIBTENSORFLOW_VERSION\s*=\s*['"]([0-9.]+)['"]/.exec(depsConstants);
  if (m === null) throw new Error('scripts/deps-constants.js names no LIBTENSORFLOW_VERSION');
  return m[1]!;
}

/** "A is not installed", "A and B are not installed", "A, B and C are not installed" */
function notInstalled(packages: string[]): string {
  if (packages.length === 1) return `${packages[0]} is not installed`;
  return `${packages.slice(0, -1).join(', ')} and ${packages[packages.length - 1]} are not installed`;
}

const allowedText = `allowed values: ${BACKEND_REQUESTS.join(', ')}`;

/** Backends that can run here, fastest first. */
export function availableBackends(): BackendId[] {
  return BACKEND_IDS.filter((id) => unavailability(id) === null);
}

/**
 * Pick the backend for `request` without loading tfjs. `auto` takes the first available of node-gpu →
 * node → wasm → cpu, with a one-line reason; an explicit request for an unavailable backend throws a
 * BackendError that names the backend, why it is unavailable and the allowed values.
 */
export function chooseBackend(request: 'auto' | BackendId): BackendChoice {
  if (request === 'auto') {
    const missing: string[] = [];
    const other: string[] = [];
    for (const id of BACKEND_IDS) {
      const u = unavailability(id);
      if (u === null) {
        const skipped = [...(missing.length > 0 ? [notInstalled(missing)] : []), ...other];
        const reason = skipped.length === 0 ? 'the fastest backend, available here' : skipped.join('; ');
        return { id, reason };
      }
      if (u.missing) missing.push(BACKEND_PACKAGES[id]);
      else other.push(`${id}: ${u.why}`);
    }
    const skipped = [...(missing.length > 0 ? [notInstalled(missing)] : []), ...other];
    throw new BackendError('E_BACKEND_UNAVAILABLE', 'auto', `backend 'auto': no backend is available here (${skipped.join('; ')})`);
  }
  if (!isBackendId(request)) {
    throw new BackendError('E_BACKEND_UNKNOWN', String(request), `unknown backend '${String(request)}'; ${allowedText}`);
  }
  const u = unavailability(request);
  if (u !== null) {
    const available = availableBackends();
    throw new BackendError(
      'E_BACKEND_UNAVAILABLE',
      request,
      `backend '${request}' is not available: ${u.why}; ${allowedText}` +
        ` (available here: ${available.length > 0 ? available.join(', ') : 'none'})`,
    );
  }
  return { id: request, reason: 'requested explicitly' };
}

/** One log line for a choice, e.g. "backend wasm (@tensorflow/tfjs-node-gpu and … are not installed)". */
export function describeChoice(choice: BackendChoice): string {
  return `backend ${choice.id} (${choice.reason})`;
}

/** Route console.log/info to stderr while `fn` runs, so that stdout carries only data. */
async function withStdoutQuiet<T>(fn: () => Promise<T>): Promise<T> {
  const log = console.log;
  const info = console.info;
  console.log = (...args: unknown[]) => console.error(...args);
  console.info = (...args: unknown[]) => console.error(...args);
  try {
    return await fn();
  } finally {
    console.log = log;
    console.info = info;
  }
}

/**
 * Load and activate the chosen backend in tfjs-core (dynamic imports only). Returns the name tfjs uses
 * for it (`tf.getBackend()`). Safe to call again with the same choice.
 */
export async function initBackend(choice: BackendChoice): Promise<string> {
  const id = choice.id;
  if (!isBackendId(id)) throw new BackendError('E_BACKEND_UNKNOWN', String(id), `unknown backend '${String(id)}'; ${allowedText}`);
  const tfjsName = TFJS_NAMES[id];
  return withStdoutQuiet(async () => {
    const tf = await import('@tensorflow/tfjs-core');
    if (tf.getBackend() === tfjsName && tf.findBackend(tfjsName) !== null) return tfjsName;
    try {
      if (id === 'wasm') {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        const dir = join(packageDir(BACKEND_PACKAGES.wasm) ?? '.', 'dist') + sep;
        if (tf.findBackend('wasm') === null) wasm.setWasmPaths(dir);
      } else if (id === 'cpu') {
        await import('@tensorflow/tfjs-backend-cpu');
      } else {
        if (process.env['TF_CPP_MIN_LOG_LEVEL'] === undefined) process.env['TF_CPP_MIN_LOG_LEVEL'] = '2';
        // a computed specifier keeps TypeScript and bundlers from requiring the optional packages' types
        const pkg: string = BACKEND_PACKAGES[id];
        await import(pkg);
        if (tf.findBackendFactory(tfjsName) === null) {
          throw new Error(
            `${pkg} loaded but registered no '${tfjsName}' backend with this copy of @tensorflow/tfjs-core (version mismatch?)`,
          );
        }
      }
      const ok = await tf.setBackend(tfjsName);
      if (!ok) throw new Error(`tf.setBackend('${tfjsName}') returned false`);
      await tf.ready();
      // the cpu backend advertises tfjs-node on its first tensor; that advice is already in choice.reason
      const warn = console.warn;
      console.warn = (...args: unknown[]) => {
        if (!String(args[0]).includes('looks like you are running TensorFlow.js in Node.js')) warn(...args);
      };
      try {
        tf.scalar(0).dispose();
      } finally {
        console.warn = warn;
      }
    } catch (error) {
      if (error instanceof BackendError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new BackendError('E_BACKEND_INIT', id, `backend '${id}' failed to start: ${message}`);
    }
    return tfjsName;
  });
}
