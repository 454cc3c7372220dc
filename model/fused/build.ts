// Builds model/fused/trainer.wasm from model/fused/assembly/index.ts with pinned AssemblyScript options.
//
//   npx tsx model/fused/build.ts            rebuild trainer.wasm
//   npx tsx model/fused/build.ts --check    rebuild into a temporary file; exit 1 if trainer.wasm differs
//
// The build is reproducible (same compiler version and sources → same bytes): no source maps, no debug
// info, no paths in the output. Options, and why:
//   --optimizeLevel 3 --shrinkLevel 1   full optimization; shrinkLevel 1 makes Binaryen keep functions that
//                                       contain loops out of line, so each hot loop stays in its own small
//                                       function (V8 allocates registers per function and spilled in one
//                                       big one)
//   --enable simd                       f32x4 / i32x4 (no relaxed SIMD: its results may differ by CPU)
//   --runtime stub --noAssert           no GC, no allocator use, no assertion traps: the kernel only reads
//                                       and writes memory that engine.ts lays out
//   --noEmitSourceMap (default)         nothing machine-specific in the bytes

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const entry = relative(root, join(here, 'assembly', 'index.ts'));
const target = join(here, 'trainer.wasm');

export const ASC_OPTIONS = ['--optimizeLevel', '3', '--shrinkLevel', '1', '--enable', 'simd', '--runtime', 'stub', '--noAssert'];

async function build(outFile: string): Promise<void> {
  const { error, stderr } = await asc.main([entry, '--outFile', outFile, ...ASC_OPTIONS], {
    stdout: process.stdout,
    stderr: process.stderr,
  });
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.toString()}`);
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

async function main(): Promise<void> {
  process.chdir(root); // paths in diagnostics and in the module are relative to the project
  if (process.argv.includes('--check')) {
    const dir = mkdtempSync(join(tmpdir(), 'tms-wasm-'));
    try {
      const tmp = join(dir, 'trainer.wasm');
      await build(tmp);
      const fresh = readFileSync(tmp);
      let committed: Buffer | null = null;
      try {
        committed = readFileSync(target);
      } catch {
        committed = null;
      }
      if (committed === null || !fresh.equals(committed)) {
        process.stderr.write(
          `build:wasm:check: ${relative(root, target)} is ${committed === null ? 'missing' : `out of date (${sha(committed)}, fresh build ${sha(fresh)})`}; run npx tsx model/fused/build.ts\n`,
        );
        process.exit(1);
      }
      process.stdout.write(`build:wasm:check: ${relative(root, target)} is up to date (${fresh.length} bytes, sha256 ${sha(fresh)})\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  await build(relative(root, target));
  const bytes = readFileSync(target);
  process.stdout.write(`built ${relative(root, target)} (${bytes.length} bytes, sha256 ${sha(bytes)})\n`);
}

await main();
