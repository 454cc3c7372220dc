// The layers the project is built in, checked on every import (type-only ones too: a type is a dependency
// of the design even where it vanishes at run time). The generic engine in pipeline/ knows nothing about
// superposition: it imports only Node built-ins, declared packages and its own files. Above it, each layer
// imports only its own layer and the ones below (README "Source tree" states the same order).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
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

/**
 * The layers, bottom first; a path belongs to the layer of its longest matching prefix. pipeline/ is the
 * engine every layer may use. crosscheck/run.ts is a command like main.ts, while crosscheck/job.ts is the
 * cross-check's settings format that the report reads.
 */
const LAYERS: ReadonlyArray<{ name: string; paths: readonly string[] }> = [
  { name: 'engine', paths: ['pipeline/'] },
  { name: 'shared types', paths: ['core/'] },
  { name: 'data', paths: ['data/'] },
  { name: 'training', paths: ['model/'] },
  { name: 'analysis', paths: ['analysis/'] },
  { name: 'figures', paths: ['figures/'] },
  { name: 'experiments', paths: ['experiments/'] },
  { name: 'cross-check format', paths: ['crosscheck/'] },
  { name: 'report', paths: ['report/'] },
  { name: 'stages', paths: ['stages/'] },
  { name: 'commands', paths: ['main.ts', 'crosscheck/run.ts', 'bench/', 'export/', 'setup/'] },
];

/** The layer index of a project path, or undefined outside every layer (tests, config). */
function layerOf(path: string): number | undefined {
  let best: { index: number; length: number } | undefined;
  LAYERS.forEach((layer, index) => {
    for (const prefix of layer.paths) {
      if ((path === prefix || (prefix.endsWith('/') && path.startsWith(prefix))) && prefix.length > (best?.length ?? -1)) {
        best = { index, length: prefix.length };
      }
    }
  });
  return best?.index;
}

/** Every project import that climbs to a higher layer, as "from → to". */
function upwardImports(file: string, source: string): string[] {
  const from = layerOf(relative(ROOT, file));
  if (from === undefined) return [];
  return specifiers(source)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(ROOT, resolve(dirname(file), spec)))
    .filter((target) => (layerOf(target) ?? -1) > from)
    .map((target) => `${relative(ROOT, file)} (${LAYERS[from]!.name}) → ${target} (${LAYERS[layerOf(target)!]!.name})`);
}

/** The project's TypeScript sources outside tests and dependencies. */
function projectSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        // .cache: tools' downloads and builds (wheels, MinIO and its Go modules), never project sources
        if (!['node_modules', 'test', 'cache', '.cache', 'artifacts', 'reports', '.git', '.venv', 'assembly'].includes(entry.name))
          walk(path);
      } else if (entry.name.endsWith('.ts')) out.push(path);
    }
  };
  walk(ROOT);
  return out;
}

describe('layers', () => {
  it('places every source file in a layer', () => {
    const outside = projectSources()
      .map((f) => relative(ROOT, f))
      .filter((f) => layerOf(f) === undefined && !['vitest.config.ts'].includes(f));
    expect(outside).toEqual([]);
  });

  it('finds an import that climbs, of any form, and lets one that stays or descends pass', () => {
    const file = join(ROOT, 'analysis', 'metrics.ts');
    const source = [
      "import type { Params } from '../experiments/params.ts';",
      "import { x } from './geometry.ts';",
      "import type { FeatureSet } from '../core/types.ts';",
      "const y = await import('../figures/render.ts');",
      "import { PipelineError } from '../pipeline/errors.ts';",
    ].join('\n');
    expect(upwardImports(file, source)).toEqual([
      'analysis/metrics.ts (analysis) → experiments/params.ts (experiments)',
      'analysis/metrics.ts (analysis) → figures/render.ts (figures)',
    ]);
  });

  it('import only from their own layer and the ones below', () => {
    const upward = projectSources().flatMap((f) => upwardImports(f, readFileSync(f, 'utf8')));
    expect(upward).toEqual([]);
  });
});

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
