// `npm run -s export -- <experiment>/<seed> [--out path.npz] [--held-out]`: one experiment seed's trained
// models as a NumPy .npz file (a zip of .npy arrays; `np.load(path)` opens it, `torch.from_numpy` takes
// its arrays). The models come from the verified cache (export/source.ts), the arrays from
// export/model-arrays.ts; this file parses the arguments and writes the file: to a temporary sibling,
// then renamed into place, so an interrupted export never leaves a truncated .npz behind. The same cached
// run always gives the same bytes.

import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { drawHeldOut } from '../data/held-out.ts';
import type { Params } from '../experiments/params.ts';
import { parseArgs } from '../pipeline/cli.ts';
import { isPipelineError } from '../pipeline/errors.ts';
import { tempSibling } from '../pipeline/fs-atomic.ts';
import type { PipelineDefinition } from '../pipeline/types.ts';
import { modelArrays, type NamedArray } from './model-arrays.ts';
import { npyChunks, npySize } from './npy.ts';
import { ExportError, readExportSource } from './source.ts';
import { StoredZipWriter, storedZipSize, ZIP32_MAX } from './zip.ts';

export const EXPORT_USAGE = `usage: npm run -s export -- <experiment>/<seed> [--out path.npz] [--held-out] [--base-seeds S1,S2,…]
  <experiment>/<seed>   a trained experiment seed, e.g. intro/20221014 (or its node, train@intro/20221014)
  --out path.npz        where to write (default: exports/<experiment>-<seed>.npz)
  --held-out            also write each model's held-out samples (held_out/x)
  --base-seeds S1,S2,…  the base seeds of a run made with \`npm run reproduce -- --base-seeds …\`
`;

export interface ExportIo {
  out(line: string): void;
  err(line: string): void;
  /** where a relative --out is resolved */
  cwd: string;
}

const processIo: ExportIo = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
  // npm runs scripts in the package root; INIT_CWD is where the user typed the command
  cwd: process.env.npm_lifecycle_event === 'export' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd(),
};

/** Runs the command; returns its exit code (0, 1: could not export, 2: bad arguments). */
export async function runExport(definition: PipelineDefinition<Params>, argv: string[], io: ExportIo = processIo): Promise<number> {
  try {
    const { item, out, heldOut } = parseExportArgs(argv, io.cwd);
    if (item === undefined) {
      io.out(EXPORT_USAGE);
      return 0;
    }
    const { source, note } = await readExportSource(definition, item);
    if (note !== undefined) io.err(note);
    const path = out ?? join(definition.root, 'exports', `${source.experiment}-${source.baseSeed}.npz`);
    const arrays = modelArrays(source, heldOut ? (inst) => drawHeldOut(source.plan, inst) : undefined);
    const size = await writeNpz(path, arrays);
    const shown = relative(io.cwd, path).startsWith('..') ? path : relative(io.cwd, path);
    const { features: F, hidden: H } = source.plan;
    const N = source.plan.groups.reduce((n, g) => n + g.instances.length, 0);
    io.err(
      `${source.node}: ${N} models (${F} → ${H}) in ${source.plan.groups.length} group(s), ${arrays.length} arrays, ${formatBytes(size)} written to ${shown}`,
    );
    io.out(shown);
    return 0;
  } catch (error) {
    if (error instanceof ExportError) {
      io.err(`export: ${error.message}`);
      return error.exitCode;
    }
    if (isPipelineError(error)) {
      // the engine's own user errors (a bad params.yaml, a corrupt cache object): one line, as its CLI prints them
      io.err(`export: error [${error.code}]: ${error.message}`);
      return ['E_PARAMS', 'E_USAGE', 'E_BACKEND'].includes(error.code) ? 2 : 1;
    }
    throw error;
  }
}

function parseExportArgs(argv: string[], cwd: string): { item: string | undefined; out: string | undefined; heldOut: boolean } {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv, 'export', { values: ['out', 'base-seeds'], switches: ['held-out', 'help'] });
  } catch (error) {
    throw new ExportError(2, `${(error as Error).message} (${EXPORT_USAGE.split('\n')[0]!.slice('usage: '.length)})`);
  }
  if (args.flags.has('help')) return { item: undefined, out: undefined, heldOut: false };
  if (args.positional.length !== 1)
    throw new ExportError(
      2,
      args.positional.length === 0
        ? 'give one experiment/seed item, e.g. intro/20221014 (npm run -s export -- --help)'
        : `give one experiment/seed item, got ${args.positional.length}: ${args.positional.join(' ')}`,
    );
  const out = args.flags.get('out');
  if (out === '' || out === true) throw new ExportError(2, '--out needs a file path, e.g. --out intro.npz');
  const seeds = args.flags.get('base-seeds');
  if (seeds === true || seeds === '') throw new ExportError(2, '--base-seeds needs a list, e.g. --base-seeds 7,8');
  // as main.ts does: the pipeline's params read it, so the DAG (and its items) are those of that run
  if (seeds !== undefined) process.env.TMS_BASE_SEEDS = seeds;
  const heldOut = args.flags.get('held-out');
  if (typeof heldOut === 'string') throw new ExportError(2, `--held-out takes no value, got '${heldOut}'`);
  return {
    item: args.positional[0]!,
    out: out === undefined ? undefined : isAbsolute(out) ? out : resolve(cwd, out),
    heldOut: heldOut === true,
  };
}

/** Writes the arrays as a stored zip of .npy files to a temporary sibling of `path`, then renames it into place. */
async function writeNpz(path: string, arrays: NamedArray[]): Promise<number> {
  const entries = arrays.map((a) => ({ name: `${a.name}.npy`, size: npySize(a.array), array: a.array }));
  const total = storedZipSize(entries);
  if (total > ZIP32_MAX)
    throw new ExportError(1, `the export would be ${formatBytes(total)}, past the 4 GiB a plain zip holds; leave out --held-out`);
  await mkdir(dirname(path), { recursive: true });
  const temp = tempSibling(path);
  const handle = await open(temp, 'w');
  try {
    const zip = new StoredZipWriter({
      async write(bytes, position) {
        // a positional write may write less than asked: go on from where it stopped
        for (let done = 0; done < bytes.byteLength;) {
          const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done, position + done);
          done += bytesWritten;
        }
      },
    });
    for (const e of entries) await zip.add(e.name, e.size, npyChunks(e.array));
    const size = await zip.finish();
    await handle.sync();
    await handle.close();
    await rename(temp, path);
    return size;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
