// A figure kind is one file of figures/kinds/ that declares itself, and an experiment draws it by naming
// it: both lists are read from the folders (figures/kinds/, experiments/), never restated here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExperimentDefinition } from '../../experiments/types.ts';
import { checkFigureOptions, figureText, type FigureDefinition, type FigureOptions } from '../../figures/types.ts';
import { declaredNames } from '../../stages/declarations.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const KINDS = join(ROOT, 'figures/kinds');
const EXPERIMENTS = join(ROOT, 'experiments');

const kindFiles = readdirSync(KINDS)
  .filter((f) => f.endsWith('.ts'))
  .sort();
/** the experiment modules, found as the pipeline finds them */
const experimentFiles = declaredNames('experiment').map((id) => `${id}.ts`);

async function defaultExport<T>(file: string): Promise<T | undefined> {
  return ((await import(pathToFileURL(file).href)) as { default?: T }).default;
}

/** Every kind by its file stem. */
async function kinds(): Promise<Map<string, FigureDefinition>> {
  const byStem = new Map<string, FigureDefinition>();
  for (const f of kindFiles) byStem.set(f.slice(0, -3), (await defaultExport<FigureDefinition>(join(KINDS, f)))!);
  return byStem;
}

/** The relative module specifiers a source text imports (comments ignored). */
function relativeImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]*)['"]/gm)) found.push(m[1]!);
  return found;
}

describe('figure kinds', () => {
  it('are one file each under figures/kinds/', () => {
    expect(kindFiles.length).toBeGreaterThan(0);
    expect(experimentFiles.length).toBeGreaterThan(0);
  });

  it.each(kindFiles)('%s default-exports a definition whose kind is its file stem', async (file) => {
    const definition = await defaultExport<FigureDefinition>(join(KINDS, file));
    expect(definition).toBeDefined();
    expect(definition!.kind).toBe(file.slice(0, -3));
    expect(typeof definition!.build).toBe('function');
    for (const text of [definition!.title, definition!.caption]) expect(['string', 'function']).toContain(typeof text);
    for (const [option, values] of Object.entries(definition!.options ?? {})) {
      expect(option).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(values.length).toBeGreaterThan(0);
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it('import no other kind, and no helper module of figures/ imports a kind', () => {
    // editing one builder must rerun only the figure nodes that draw it
    const figures = join(ROOT, 'figures');
    const sources = [
      ...kindFiles.map((f) => join(KINDS, f)),
      ...readdirSync(figures)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(figures, f)),
    ];
    const crossings = sources.flatMap((file) =>
      relativeImports(readFileSync(file, 'utf8'))
        .map((spec) => resolve(dirname(file), spec))
        .filter((target) => dirname(target) === KINDS && target !== file)
        .map((target) => `${relative(ROOT, file)} imports ${relative(ROOT, target)}`),
    );
    expect(crossings).toEqual([]);
  });
});

describe('the figures the experiments declare', () => {
  it.each(experimentFiles)('%s: every figure names an existing kind with options it accepts', async (file) => {
    const byStem = await kinds();
    const experiment = (await defaultExport<ExperimentDefinition>(join(EXPERIMENTS, file)))!;
    expect(experiment.id).toBe(file.slice(0, -3));
    expect(experiment.figures.length).toBeGreaterThan(0);
    for (const [k, { figure }] of experiment.figures.entries()) {
      const { kind, ...options } = figure;
      const definition = byStem.get(kind);
      expect(definition, `experiments/${file}: figures[${k}] names kind '${kind}'`).toBeDefined();
      expect(() => checkFigureOptions(definition!, options, `experiments/${file}: figures[${k}]`)).not.toThrow();
      expect(figureText(definition!.title, options).length).toBeGreaterThan(10);
      expect(figureText(definition!.caption, options).length).toBeGreaterThan(40);
    }
  });

  it('have ids unique across the report', async () => {
    const ids: string[] = [];
    for (const file of experimentFiles) {
      ids.push(...(await defaultExport<ExperimentDefinition>(join(EXPERIMENTS, file)))!.figures.map((f) => f.id));
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('checkFigureOptions', () => {
  const grid: FigureDefinition = {
    kind: 'grid',
    options: { activation: ['relu', 'linear'] },
    title: 'a grid',
    caption: 'a grid',
    build: () => ({}) as never,
  };
  const plain: FigureDefinition = { ...grid, kind: 'plain', options: undefined };
  const who = 'experiments/x.ts: figures[1]';

  /** The message checkFigureOptions throws (one line), or '' when it accepts the options. */
  function message(definition: FigureDefinition, options: FigureOptions): string {
    try {
      checkFigureOptions(definition, options, who);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  }

  it('accepts the options a kind declares, and none for a kind without options', () => {
    expect(message(grid, { activation: 'relu' })).toBe('');
    expect(message(grid, { activation: 'linear' })).toBe('');
    expect(message(plain, {})).toBe('');
  });

  it('rejects an unknown option, naming it and the options there are', () => {
    const m = message(grid, { activation: 'relu', colour: 'red' });
    expect(m.split('\n')).toHaveLength(1);
    expect(m.startsWith(who)).toBe(true);
    expect(m).toContain("'grid'");
    expect(m).toContain("'colour'");
    expect(m).toContain('activation');
    expect(message(plain, { activation: 'relu' })).toContain('(options: none)');
  });

  it('rejects a value that is not allowed, naming the option, the value and the allowed values', () => {
    const m = message(grid, { activation: 'tanh' });
    expect(m.split('\n')).toHaveLength(1);
    expect(m.startsWith(who)).toBe(true);
    expect(m).toContain('activation');
    expect(m).toContain("'tanh'");
    expect(m).toContain('relu, linear');
  });

  it('rejects a missing option, naming it and its allowed values', () => {
    const m = message(grid, {});
    expect(m.split('\n')).toHaveLength(1);
    expect(m.startsWith(who)).toBe(true);
    expect(m).toContain("'activation'");
    expect(m).toContain('relu, linear');
  });
});
