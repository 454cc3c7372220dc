// dvc.yaml is generated from the pipeline definition, never edited by hand: one DVC stage per node,
// whose command is the same runner `reproduce` uses, whose deps are the node's whole code closure
// (what DVC users otherwise list by hand, iterative/dvc#9195), its upstream outputs and the lockfile,
// and whose params are exactly the keys the node reads. Outputs are cached by DVC, so that `dvc push` and
// `dvc pull` carry them; the pipeline puts each output it restores or runs into .dvc/cache itself, as a
// hard link to its own cache object (dvc-cache.ts), so that the two caches meet without a second copy
// and `dvc status` is clean after `npm run reproduce`. A stage whose outputs git carries (outputsInGit)
// keeps `cache: false`: DVC refuses to cache what git tracks.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { buildDag } from './dag.ts';
import { writeFileAtomic } from './fs-atomic.ts';
import { SourceSnapshot } from './code-digest.ts';
import { nodeCode, outDirOf } from './node-key.ts';
import { loadParams } from './params.ts';
import type { PipelineDefinition } from './types.ts';

export const DVC_FILE = 'dvc.yaml';
const DVC_LOCK = 'dvc.lock';

const HEADER = `# Generated from the TypeScript pipeline definition (stages/index.ts) by \`npm run dvc:generate\`.
# Do not edit by hand: \`npm run dvc:check\` and the test suite fail when this file is out of sync.
# Each stage runs one node of the DAG with the same runner \`npm run reproduce\` uses.
`;

/**
 * DVC stage names cannot hold '@' (DVC uses it for foreach) or '/', so "train@intro" becomes
 * "train.intro" and "train@intro/7" becomes "train.intro.7".
 */
export function dvcStageName(nodeId: string): string {
  return nodeId.replace(/[@/]/g, '.');
}

export async function renderDvcYaml<P>(definition: PipelineDefinition<P>): Promise<string> {
  return dvcYamlText(await dvcStages(definition));
}

function dvcYamlText(stages: Record<string, unknown>): string {
  return HEADER + stringify({ stages }, { lineWidth: 0 });
}

/** dvc.yaml's stages, by DVC stage name, in DAG order. */
async function dvcStages<P>(definition: PipelineDefinition<P>): Promise<Record<string, unknown>> {
  const params = await loadParams(definition);
  const dag = buildDag(definition, params);
  const stages: Record<string, unknown> = {};
  const sources = new SourceSnapshot(definition.root);
  for (const node of dag.nodes) {
    const code = await nodeCode(definition, node, params, sources);
    const upstreamDirs = node.upstream.map((id) => outDirOf(dag.byId.get(id)!));
    stages[dvcStageName(node.id)] = {
      desc: node.definition.description,
      cmd: `${definition.runNodeCommand} ${node.id}`,
      deps: [...Object.keys(code.files), ...definition.globalDeps, ...upstreamDirs].sort(),
      params: [...node.definition.paramKeys(params, node.item)].sort(),
      outs: [node.definition.outputsInGit === true ? { [outDirOf(node)]: { cache: false } } : outDirOf(node)],
    };
  }
  return stages;
}

export async function writeDvcYaml<P>(definition: PipelineDefinition<P>): Promise<void> {
  const stages = await dvcStages(definition);
  await writeFileAtomic(join(definition.root, DVC_FILE), dvcYamlText(stages));
  let lock: string;
  try {
    lock = await readFile(join(definition.root, DVC_LOCK), 'utf8');
  } catch {
    return; // no dvc.lock yet: DVC writes it on the first `dvc repro`
  }
  const pruned = pruneDvcLock(lock, new Set(Object.keys(stages)));
  if (pruned !== lock) await writeFileAtomic(join(definition.root, DVC_LOCK), pruned);
}

/**
 * dvc.lock without the entries of stages that dvc.yaml no longer has. DVC keeps such entries forever
 * (neither `dvc repro` nor `dvc commit` drops them), so a renamed or removed node would leave its old
 * record behind; DVC's own layout (sequences not indented under their key) is kept.
 */
export function pruneDvcLock(lock: string, stages: ReadonlySet<string>): string {
  const doc = parseDocument(lock);
  const names = Object.keys((doc.toJS() as { stages?: Record<string, unknown> }).stages ?? {});
  const stale = names.filter((name) => !stages.has(name));
  if (stale.length === 0) return lock;
  for (const name of stale) doc.deleteIn(['stages', name]);
  return doc.toString({ indentSeq: false, lineWidth: 0 });
}

/** Undefined when the committed dvc.yaml matches the definition; otherwise a one-line reason. */
export async function checkDvcYaml<P>(definition: PipelineDefinition<P>): Promise<string | undefined> {
  const expected = await renderDvcYaml(definition);
  let actual: string;
  try {
    actual = await readFile(join(definition.root, DVC_FILE), 'utf8');
  } catch {
    return `${DVC_FILE} is missing; run 'npm run dvc:generate'`;
  }
  if (actual === expected) return undefined;
  const a = actual.split('\n');
  const e = expected.split('\n');
  const line = e.findIndex((text, i) => a[i] !== text);
  return `${DVC_FILE} is out of sync with the pipeline definition (first difference at line ${line + 1}: expected ${JSON.stringify(e[line] ?? '')}, found ${JSON.stringify(a[line] ?? '')}); run 'npm run dvc:generate'`;
}
