import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PipelineError } from '../../pipeline/errors.ts';
import { checkPlainData, pickParams } from '../../pipeline/params.ts';

function refusal(yaml: string): string {
  try {
    checkPlainData(parse(yaml), 'params.yaml');
  } catch (error) {
    if (error instanceof PipelineError && error.code === 'E_PARAMS') return error.message;
    throw error;
  }
  return 'accepted';
}

describe('checkPlainData', () => {
  it('refuses numbers that are not finite, naming the key as written in YAML', () => {
    expect(refusal('a:\n  b: [1, .nan]\n')).toBe('params.yaml: a.b[1]: .nan is not allowed: use a finite number');
    expect(refusal('lr: .inf\n')).toBe('params.yaml: lr: .inf is not allowed: use a finite number');
    expect(refusal('lr: -.Inf\n')).toBe('params.yaml: lr: -.inf is not allowed: use a finite number');
  });

  it('refuses an alias that contains itself, and accepts one used twice', () => {
    expect(refusal('x: &a [1, *a]\n')).toBe(
      'params.yaml: x[1]: an alias refers to a value that contains it (a cycle); write the value out instead',
    );
    expect(refusal('x: &a {p: 1}\ny: *a\nz: [*a, *a]\n')).toBe('accepted');
  });

  it('accepts ordinary parameters', () => {
    expect(refusal('steps: 10000\nlr: 1.0e-3\nnames: [a, b]\nnested: {deep: {value: -2.5}}\nnothing: null\n')).toBe('accepted');
  });
});

describe('pickParams', () => {
  it('reads own keys only: a name like an inherited property is not set, not a function', () => {
    const params = parse('recipes:\n  notebook: {lr: 0.001}\n') as unknown;
    expect(pickParams(params, ['recipes.notebook.lr'])).toEqual({ 'recipes.notebook.lr': 0.001 });
    for (const key of ['recipes.constructor', 'recipes.notebook.toString', 'recipes.__proto__'])
      expect(() => pickParams(params, [key])).toThrow(`a stage reads parameter '${key}', which is not set`);
  });
});
