// Loading the parameters file and handing each node exactly the keys it declared.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { PipelineError } from './errors.ts';
import type { PipelineDefinition } from './types.ts';

export async function loadParams<P>(definition: PipelineDefinition<P>): Promise<P> {
  const file = definition.paramsFile;
  let text: string;
  try {
    text = await readFile(join(definition.root, file), 'utf8');
  } catch {
    throw new PipelineError('E_PARAMS', `${file}: cannot read the parameters file`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line})` : '';
    throw new PipelineError('E_PARAMS', `${file}${where}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return definition.parseParams(raw, file);
}

function lookup(value: unknown, key: string): unknown {
  let current = value;
  for (const part of key.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The values of dotted keys, as a flat record (what goes into a cache key and dvc.yaml). */
export function pickParams(params: unknown, keys: string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of [...keys].sort()) {
    const value = lookup(params, key);
    if (value === undefined) throw new PipelineError('E_PARAMS', `a stage reads parameter '${key}', which is not set`);
    picked[key] = value;
  }
  return picked;
}

/** A copy of `params` that holds only the dotted keys (with the original nesting). */
export function restrictParams<P>(params: P, keys: string[]): P {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pickParams(params, keys))) {
    const parts = key.split('.');
    let target = out;
    for (const part of parts.slice(0, -1)) {
      target[part] ??= {};
      target = target[part] as Record<string, unknown>;
    }
    target[parts[parts.length - 1]!] = structuredClone(value);
  }
  return out as P;
}
