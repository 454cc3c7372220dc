import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseArgs, runCli } from '../../pipeline/cli.ts';
import type { PipelineDefinition } from '../../pipeline/types.ts';

describe('parseArgs', () => {
  it('reads positionals, options with a value (both spellings) and switches', () => {
    const args = parseArgs(['train@a', '--jobs', '3', '--force', 'b', '--out=x.json'], 'cmd', {
      values: ['jobs', 'out'],
      switches: ['force'],
    });
    expect(args.positional).toEqual(['train@a', 'b']);
    expect([...args.flags]).toEqual([
      ['jobs', '3'],
      ['force', true],
      ['out', 'x.json'],
    ]);
  });

  it('refuses an option the command does not take, a switch given a value, and a value option without one', () => {
    const options = { values: ['jobs'], switches: ['force'] };
    expect(() => parseArgs(['--forse'], 'reproduce', options)).toThrow(
      "unknown option '--forse' for 'reproduce' (it takes --jobs <value>, --force)",
    );
    expect(() => parseArgs(['--force=yes'], 'reproduce', options)).toThrow('--force takes no value (it takes --jobs <value>, --force)');
    expect(() => parseArgs(['--jobs'], 'reproduce', options)).toThrow('--jobs needs a value');
    expect(() => parseArgs(['--all'], 'ls')).toThrow("unknown option '--all' for 'ls' (it takes no options)");
  });
});

describe('runCli', () => {
  afterEach(() => vi.restoreAllMocks());

  // every command refuses a mistyped option before it reads the pipeline (the definition is never touched)
  it.each([
    ['reproduce', '--forse'],
    ['run-node', '--forse'],
    ['ls', '--verbose'],
    ['show', '--json'],
    ['explain', '--why'],
    ['dvc-yaml', '--wirte'],
  ])('%s %s: one line naming the option, exit code 2', async (command, option) => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    const untouchable = new Proxy({}, { get: () => expect.unreachable('the definition was read') }) as PipelineDefinition<unknown>;
    const code = await runCli(untouchable, [command, 'train@x', option], 'main.ts');
    expect(code).toBe(2);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(new RegExp(`^error \\[E_USAGE\\]: unknown option '${option}' for '${command}' \\(it takes [^)]*\\)\n$`));
  });
});
