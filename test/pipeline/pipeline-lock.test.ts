import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePipelineLock } from '../../pipeline/pipeline-lock.ts';
import { createFixtureProject, runFixtureCli } from './fixture-project.ts';

const KEY = 'a'.repeat(64);
const lockWith = (outputs: Record<string, unknown>, key: unknown = KEY) =>
  JSON.stringify({ format: 1, nodes: { 'make@a': { key, outputs } } });

describe('parsePipelineLock', () => {
  it('reads each node’s key and output digests', () => {
    const entries = parsePipelineLock(lockWith({ 'value.json': 'b'.repeat(64) }));
    expect(entries.get('make@a')).toEqual({ key: KEY, outputs: { 'value.json': 'b'.repeat(64) } });
  });

  it.each([
    [lockWith({ '../../escape.json': 'b'.repeat(64) }), 'nodes.make@a.outputs names "../../escape.json", outside the output folder'],
    [lockWith({ 'value.json': 'not a digest' }), 'nodes.make@a.outputs.value.json is not a sha256 digest'],
    [lockWith({}, 'short'), 'nodes.make@a.key is not a sha256 key'],
    [JSON.stringify({ format: 2, nodes: {} }), 'it is not a format-1 lock file'],
  ])('refuses a lock file that names what it must not: %s', (text, why) => {
    expect(() => parsePipelineLock(text)).toThrow(why);
  });
});

describe('the lock file of a run', () => {
  it('records every node’s key and outputs, and a damaged one costs one line and is written anew', async () => {
    const project = await createFixtureProject();
    expect((await runFixtureCli(project, ['reproduce'])).code).toBe(0);
    const path = join(project.root, 'pipeline.lock.json');
    const written = await readFile(path, 'utf8');
    const entries = parsePipelineLock(written);
    expect([...entries.keys()]).toEqual(['make@a', 'make@b', 'sum']);
    // the digests are the files' own
    const { createHash } = await import('node:crypto');
    const sum = await readFile(join(project.root, 'artifacts/sum/sum.json'));
    expect(entries.get('sum')!.outputs).toEqual({ 'sum.json': createHash('sha256').update(sum).digest('hex') });

    await writeFile(path, '<<<<<<< HEAD\n');
    const run = await runFixtureCli(project, ['reproduce']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/pipeline\.lock\.json: it is not JSON \(/);
    expect(run.stderr).toMatch(/no output is adopted from it, and this run writes it anew/);
    expect(await readFile(path, 'utf8')).toBe(written);
  }, 60_000);

  it('adopts workspace folders the lock vouches for, but recomputes outputs that git carries', async () => {
    const project = await createFixtureProject();
    const env = { FIXTURE_SUM_IN_GIT: '1' };
    expect((await runFixtureCli(project, ['reproduce'], { env })).code).toBe(0);
    // a fresh clone: the workspace and the lock file, no cache
    await rm(join(project.root, 'cache'), { recursive: true });
    const run = await runFixtureCli(project, ['reproduce'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/1 ran, 2 cache hits \(2 adopted from the workspace\)/);
    expect((await project.runs()).slice(3)).toEqual(['sum']);
  }, 60_000);
});
