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
  checkPlainData(raw, file);
  return definition.parseParams(raw, file);
}

/**
 * What YAML can express but a parameters file must not hold, refused with the key before any validator
 * sees it: a number that is not finite (.nan, .inf, which JSON would turn into null) and an alias that
 * contains itself (a cycle that no validator, hash or JSON encoder can walk).
 */
export function checkPlainData(value: unknown, file: string): void {
  const onPath = new Set<object>();
  const visit = (v: unknown, key: string): void => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      const written = Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
      throw new PipelineError('E_PARAMS', `${file}: ${key || '(top level)'}: ${written} is not allowed: use a finite number`);
    }
    if (v === null || typeof v !== 'object') return;
    if (onPath.has(v))
      throw new PipelineError(
        'E_PARAMS',
        `${file}: ${key}: an alias refers to a value that contains it (a cycle); write the value out instead`,
      );
    onPath.add(v);
    if (Array.isArray(v)) v.forEach((item, i) => visit(item, `${key}[${i}]`));
    else for (const [k, item] of Object.entries(v)) visit(item, key === '' ? k : `${key}.${k}`);
    onPath.delete(v);
  };
  visit(value, '');
}

function lookup(value: unknown, key: string): unknown {
  let current = value;
  for (const part of key.split('.')) {
    // own keys only: a key named like an inherited property (constructor, __proto__) is simply absent
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
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
