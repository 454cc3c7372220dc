// The generic engine knows nothing about superposition: every import of a file in pipeline/ is a Node
// built-in, an npm package the project depends on, or another file of pipeline/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const PIPELINE = join(ROOT, 'pipeline');
const PACKAGES = new Set(
  Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies),
);

/** The module specifiers a source text imports or re-exports, statically or dynamically (comments ignored). */
function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  return found;
}

/** The imports of a pipeline/ file that leave the engine: another folder of the project, or an undeclared package. */
function foreignImports(file: string, source: string): string[] {
  return specifiers(source).filter((spec) => {
    if (spec.startsWith('node:')) return false;
    if (spec.startsWith('.')) return relative(PIPELINE, resolve(dirname(file), spec)).startsWith('..');
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    return !PACKAGES.has(name);
  });
}

describe('pipeline/ layering', () => {
  it('finds an import that leaves pipeline/, of any form', () => {
    const file = join(PIPELINE, 'runner.ts');
    const source = [
      "import { a } from './cache.ts';",
      "import type { Params } from '../experiments/params.ts';",
      "export { b } from '../stages/index.ts';",
      "const c = await import('../analysis/metrics.ts');",
      "import 'left-pad';",
      "import { parse } from 'yaml'; // not from '../report/x.ts'",
      "/* import { d } from '../figures/y.ts'; */",
      "import { join } from 'node:path';",
    ].join('\n');
    expect(foreignImports(file, source)).toEqual(['../experiments/params.ts', '../stages/index.ts', '../analysis/metrics.ts', 'left-pad']);
  });

  it('imports nothing from the rest of the project', () => {
    const files = readdirSync(PIPELINE).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const foreign = files.flatMap((f) =>
      foreignImports(join(PIPELINE, f), readFileSync(join(PIPELINE, f), 'utf8')).map((spec) => `pipeline/${f}: ${spec}`),
    );
    expect(foreign).toEqual([]);
  });
});
