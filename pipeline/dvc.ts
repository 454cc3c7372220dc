// dvc.yaml is generated from the pipeline definition, never edited by hand: one DVC stage per node,
// whose command is the same runner `reproduce` uses, whose deps are the node's whole code closure
// (what DVC users otherwise list by hand, iterative/dvc#9195), its upstream outputs and the lockfile,
// and whose params are exactly the keys the node reads.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildDag } from './dag.ts';
import { writeFileAtomic } from './fs-atomic.ts';
import { SourceSnapshot } from './code-digest.ts';
import { nodeCode, outDirOf } from './node-key.ts';
import { loadParams } from './params.ts';
import type { PipelineDefinition } from './types.ts';

export const DVC_FILE = 'dvc.yaml';

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
  const params = await loadParams(definition);
  const dag = buildDag(definition, params);
  const stages: Record<string, unknown> = {};
  const sources = new SourceSnapshot(definition.root);
  for (const node of dag.nodes) {
    const code = await nodeCode(definition, node, sources);
    const upstreamDirs = node.upstream.map((id) => outDirOf(dag.byId.get(id)!));
    stages[dvcStageName(node.id)] = {
      desc: node.definition.description,
      cmd: `${definition.runNodeCommand} ${node.id}`,
      deps: [...Object.keys(code.files), ...definition.globalDeps, ...upstreamDirs].sort(),
      params: [...node.definition.paramKeys(params, node.item)].sort(),
      outs: [outDirOf(node)],
    };
  }
  return HEADER + stringify({ stages }, { lineWidth: 0 });
}

export async function writeDvcYaml<P>(definition: PipelineDefinition<P>): Promise<void> {
  await writeFileAtomic(join(definition.root, DVC_FILE), await renderDvcYaml(definition));
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
