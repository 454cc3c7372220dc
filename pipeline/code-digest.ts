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

/**
 * The project's source files as one command sees them: each file is read, hashed and parsed once, so a
 * command that digests the code of two hundred nodes (reproduce, ls, dvc-yaml) reads the shared modules
 * once instead of once per node. A fresh snapshot reads the files again.
 */
export class SourceSnapshot {
  private readonly files = new Map<string, Promise<{ digest: string; imports: string[] }>>();

  constructor(readonly root: string) {}

  /** sha256 of the file's bytes and the project files it imports (none for an asset). */
  file(path: string): Promise<{ digest: string; imports: string[] }> {
    let entry = this.files.get(path);
    if (entry === undefined) {
      entry = this.load(path);
      this.files.set(path, entry);
    }
    return entry;
  }

  private async load(path: string): Promise<{ digest: string; imports: string[] }> {
    const bytes = await readFile(join(this.root, path));
    if (!SOURCE_EXTENSION.test(path)) return { digest: sha256(bytes), imports: [] }; // an asset: digested, not parsed
    const imports: string[] = [];
    for (const spec of localSpecifiers(bytes.toString('utf8'))) imports.push(await resolveLocal(this.root, path, spec));
    return { digest: sha256(bytes), imports };
  }
}

async function resolveLocal(root: string, fromFile: string, spec: string): Promise<string> {
  const base = normalize(join(dirname(join(root, fromFile)), spec));
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (await exists(candidate)) return relative(root, candidate).split(sep).join('/');
  }
  throw new PipelineError('E_CODE', `${fromFile}: cannot resolve import '${spec}'`);
}

/** The sorted closure of project files reachable from `entries` (paths relative to root). */
export async function codeClosure(root: string, entries: string[], snapshot = new SourceSnapshot(root)): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...(await snapshot.file(file)).imports);
  }
  return [...seen].sort();
}

export interface CodeDigest {
  digest: string;
  /** file → sha256 of its bytes */
  files: Record<string, string>;
}

export async function codeDigest(root: string, entries: string[], snapshot = new SourceSnapshot(root)): Promise<CodeDigest> {
  const files: Record<string, string> = {};
  for (const file of await codeClosure(root, entries, snapshot)) files[file] = (await snapshot.file(file)).digest;
  return { digest: digestJson(files), files };
}
