// The declarations an experiment is made of, each one file found by its name: the experiment itself
// (experiments/<id>.ts, named by its key in params.yaml), the models its runs train (core/models/<kind>.ts,
// named by a run's `model`), the figure kinds it draws (figures/kinds/<kind>.ts) and the claims it is
// checked against (analysis/claims/checks/<id>.ts). Nothing lists them: a new one is a new file. Each is
// imported through a computed path, so a node's code digest holds only the declarations its item names
// (declared through the stage's itemFiles): editing one figure builder reruns only the figure nodes that
// draw it, editing one model only the nodes of the experiments that train it.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClaimDefinition } from '../analysis/claims/define.ts';
import type { ModelDefinition } from '../core/models/types.ts';
import { runModelKind, type RunParams } from '../experiments/params.ts';
import type { ExperimentDefinition } from '../experiments/types.ts';
import type { FigureDefinition } from '../figures/types.ts';
import { PipelineError } from '../pipeline/errors.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The folders that hold one declaration per file, by what they declare. */
export const DECLARATION_FOLDERS = {
  experiment: 'experiments',
  model: 'core/models',
  'figure kind': 'figures/kinds',
  claim: 'analysis/claims/checks',
} as const;
export type DeclarationKind = keyof typeof DECLARATION_FOLDERS;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * Whether a file of the declaration's folder declares one. experiments/ also holds the modules the
 * experiments share (their types, the params.yaml schema, the plan), so an experiment is a module that
 * default-exports defineExperiment(…); likewise a model is a module of core/models/ that default-exports
 * defineModel(…) (its types and shared reference helpers do not); the other folders hold declarations only.
 */
const DECLARES: Partial<Record<DeclarationKind, RegExp>> = {
  experiment: /^export default defineExperiment\(/m,
  model: /^export default defineModel\(/m,
};

function declares(kind: DeclarationKind, path: string): boolean {
  const pattern = DECLARES[kind];
  return pattern === undefined || pattern.test(readFileSync(path, 'utf8'));
}

/** The file that declares `name`, relative to the project root. */
export function declarationFile(kind: DeclarationKind, name: string): string {
  return `${DECLARATION_FOLDERS[kind]}/${name}.ts`;
}

/** Every name of this kind that has a file, sorted (derived from the folder, never listed by hand). */
export function declaredNames(kind: DeclarationKind, root = ROOT): string[] {
  return readdirSync(join(root, DECLARATION_FOLDERS[kind]))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .filter((name) => NAME.test(name) && declares(kind, join(root, declarationFile(kind, name))))
    .sort();
}

/** Whether `name` has a declaration file of this kind. */
export function isDeclared(kind: DeclarationKind, name: string, root = ROOT): boolean {
  const path = join(root, declarationFile(kind, name));
  return NAME.test(name) && existsSync(path) && declares(kind, path);
}

/**
 * The file of a declaration that `who` names (e.g. "experiments/intro.ts: figures[0].figure.kind"); an unknown
 * name stops the run with one line naming who asked, the name and the ones that exist.
 */
export function requireDeclaration(kind: DeclarationKind, name: string, who: string): string {
  if (!isDeclared(kind, name)) {
    throw new PipelineError(
      'E_PARAMS',
      `${who}: no ${kind} '${name}' (no file ${declarationFile(kind, name)}; ${kind}s: ${declaredNames(kind).join(', ')})`,
    );
  }
  return declarationFile(kind, name);
}

/** The default export of a declaration file (checked to exist first). */
export async function loadDeclaration<T>(kind: DeclarationKind, name: string, who: string): Promise<T> {
  const file = requireDeclaration(kind, name, who);
  const module = (await import(new URL(`../${file}`, import.meta.url).href)) as { default?: T };
  if (module.default === undefined) throw new PipelineError('E_PARAMS', `${file}: has no default export (${who} names it)`);
  return module.default;
}

/**
 * A declaration that names itself (a claim's id, a figure's kind): loaded, and checked to carry the name of
 * its file, so that what an experiment names is what runs.
 */
async function loadSelfNamed<T>(kind: DeclarationKind, name: string, who: string, nameOf: (declaration: T) => string): Promise<T> {
  const declaration = await loadDeclaration<T>(kind, name, who);
  checkSelfNamed(kind, name, nameOf(declaration), who);
  return declaration;
}

/** Stops the run with one line when the file of `name` declares itself under another name. */
export function checkSelfNamed(kind: DeclarationKind, name: string, declared: string, who: string): void {
  if (declared !== name) {
    throw new PipelineError(
      'E_PARAMS',
      `${declarationFile(kind, name)}: declares the ${kind} '${declared}', not '${name}' (its name is its file's; ${who} names it)`,
    );
  }
}

/** The claim checks an experiment declares, in its order. */
export async function loadClaims(id: string, experiment: ExperimentDefinition): Promise<ClaimDefinition[]> {
  const out: ClaimDefinition[] = [];
  for (const [k, claim] of experiment.claims.entries()) {
    out.push(await loadSelfNamed<ClaimDefinition>('claim', claim, `experiments/${id}.ts: claims[${k}]`, (c) => c.id));
  }
  return out;
}

/** The figure kind that figure k of an experiment names. */
export function loadFigureKind(id: string, k: number, kind: string): Promise<FigureDefinition> {
  return loadSelfNamed<FigureDefinition>('figure kind', kind, `experiments/${id}.ts: figures[${k}].figure.kind`, (f) => f.kind);
}

/** One experiment's declaration: its title, claims and figures (its parameters live in params.yaml). */
export function loadExperiment(id: string): Promise<ExperimentDefinition> {
  return loadDeclaration<ExperimentDefinition>('experiment', id, `params.yaml: experiments.${id}`);
}

/** The experiment's module and the figure-kind modules it draws: what a figures node loads. */
export async function figureFilesOf(id: string): Promise<string[]> {
  const experiment = await loadExperiment(id);
  return [
    declarationFile('experiment', id),
    ...experiment.figures.map((f, k) =>
      requireDeclaration('figure kind', f.figure.kind, `experiments/${id}.ts: figures[${k}].figure.kind`),
    ),
  ];
}

/** The experiment's module and the claim modules it is checked against: what analyze and verdicts load. */
export async function claimFilesOf(id: string): Promise<string[]> {
  const experiment = await loadExperiment(id);
  return [
    declarationFile('experiment', id),
    ...experiment.claims.map((c, k) => requireDeclaration('claim', c, `experiments/${id}.ts: claims[${k}]`)),
  ];
}

/** The model a run of an experiment trains, checked to carry its file's name. */
export function loadModel(id: string, run: number, kind: string): Promise<ModelDefinition> {
  return loadSelfNamed<ModelDefinition>('model', kind, `params.yaml: experiments.${id}.runs[${run}].model`, (m) => m.kind);
}

/** The models of an experiment's runs, by kind (each loaded once). */
export async function loadModels(
  id: string,
  experiment: { runs: ReadonlyArray<Pick<RunParams, 'model' | 'activation'>> },
): Promise<Map<string, ModelDefinition>> {
  const models = new Map<string, ModelDefinition>();
  for (const [r, run] of experiment.runs.entries()) {
    const kind = runModelKind(run);
    if (!models.has(kind)) models.set(kind, await loadModel(id, r, kind));
  }
  return models;
}

/** The model modules an experiment's runs train: what its generate, train and analyze nodes load. */
export function modelFilesOf(id: string, experiment: { runs: ReadonlyArray<Pick<RunParams, 'model' | 'activation'>> }): string[] {
  const files = experiment.runs.map((run, r) =>
    requireDeclaration('model', runModelKind(run), `params.yaml: experiments.${id}.runs[${r}].model`),
  );
  return [...new Set(files)];
}
