// The code digest of a node: its stage's source file plus every project module it imports,
// transitively (DVC lists code deps file by file and users keep asking for exactly this,
// iterative/dvc#9195). Files it reads as assets via `new URL('./x', import.meta.url)` count too.
// Packages (bare specifiers) are not followed: their versions are part of the toolchain instead.

import { readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { PipelineError } from './errors.ts';
import { exists } from './fs-atomic.ts';
import { digestJson, sha256 } from './hash.ts';

const SPECIFIER_PATTERNS = [
  /\bfrom\s*['"]([^'"]+)['"]/g, // import … from '…' / export … from '…'
  /\bimport\s*['"]([^'"]+)['"]/g, // import '…' (side effects)
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // import('…')
  /new\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g, // assets
];

/** `import type … from` and `export type … from` vanish at run time, so they cannot change a result. */
const TYPE_ONLY_STATEMENT = /^\s*(import|export)\s+type\s[^;]*?from\s*['"][^'"]+['"];?/gm;

/** Relative specifiers that a TypeScript/JavaScript source loads at run time. */
export function localSpecifiers(source: string): string[] {
  const found = new Set<string>();
  const runtime = source.replace(TYPE_ONLY_STATEMENT, '');
  for (const pattern of SPECIFIER_PATTERNS) {
    for (const match of runtime.matchAll(pattern)) {
      const spec = match[1];
      if (spec !== undefined && (spec.startsWith('./') || spec.startsWith('../'))) found.add(spec);
    }
  }
  return [...found];
}

const SOURCE_EXTENSION = /\.(ts|mts|js|mjs)$/;

async function resolveLocal(root: string, fromFile: string, spec: string): Promise<string> {
  const base = normalize(join(dirname(join(root, fromFile)), spec));
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (await exists(candidate)) return relative(root, candidate).split(sep).join('/');
  }
  throw new PipelineError('E_CODE', `${fromFile}: cannot resolve import '${spec}'`);
}

/** The sorted closure of project files reachable from `entries` (paths relative to root). */
export async function codeClosure(root: string, entries: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!SOURCE_EXTENSION.test(file)) continue; // an asset: digested, not parsed
    const source = await readFile(join(root, file), 'utf8');
    for (const spec of localSpecifiers(source)) queue.push(await resolveLocal(root, file, spec));
  }
  return [...seen].sort();
}

export interface CodeDigest {
  digest: string;
  /** file → sha256 of its bytes */
  files: Record<string, string>;
}

export async function codeDigest(root: string, entries: string[]): Promise<CodeDigest> {
  const files: Record<string, string> = {};
  for (const file of await codeClosure(root, entries)) files[file] = sha256(await readFile(join(root, file)));
  return { digest: digestJson(files), files };
}
