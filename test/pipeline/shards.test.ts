// A node's shards and their merge as a worker's jobs run them (`reproduce <node> --shard K/N`,
// `--merge-shards N`), on one machine: a shard is cached under a key of its own and stays out of the
// workspace; the merge runs any shard it does not find and writes what a whole run writes, under the
// node's own key. The fixture's 'make' node of a value ≥ 1000 splits into three (fixture-project.ts).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exists } from '../../pipeline/fs-atomic.ts';
import { createFixtureProject, runFixtureCli, type FixtureProject } from './fixture-project.ts';

async function project(): Promise<FixtureProject> {
  const p = await createFixtureProject();
  await p.setParams({ a: 3000, b: 2 });
  return p;
}

const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1)!;

describe('shards of a node, run as jobs', () => {
  it('caches a shard under its own key, out of the workspace; the merge runs the rest and equals a whole run', async () => {
    const p = await project();
    const shard = await runFixtureCli(p, ['reproduce', 'make@a', '--shard', '2/3']);
    expect(shard.code, shard.stderr).toBe(0);
    expect(shard.stderr).toMatch(/make@a shard 2\/3: ran in [\d.]+ s \([0-9a-f]{12}\)/);
    expect(await p.runs()).toEqual(['make@a shard 2/3']);
    expect(await exists(join(p.root, 'artifacts', 'make', 'a'))).toBe(false);
    // the node itself is not cached: a shard is not its run
    expect((await runFixtureCli(p, ['ls'])).stdout).toMatch(/make@a\s+(missing|stale|never run|not run)/);

    const merge = await runFixtureCli(p, ['reproduce', 'make@a', '--merge-shards', '3']);
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stderr).toMatch(/make@a shard 2\/3: cache hit/);
    expect(merge.stderr).toMatch(/make@a: merged from 3 shards/);
    expect(await p.runs()).toEqual(['make@a shard 2/3', 'make@a shard 1/3', 'make@a shard 3/3', 'make@a merge']);
    expect(await readFile(join(p.root, 'artifacts', 'make', 'a', 'value.json'), 'utf8')).toBe('6000');

    // the merge is the node's run: a whole reproduce finds it, and runs only what is left
    const whole = await runFixtureCli(p, ['reproduce']);
    expect(whole.code, whole.stderr).toBe(0);
    expect(lastLine(whole.stderr)).toMatch(/^2 ran, 1 cache hits/);
    expect((await p.runs()).slice(4).sort()).toEqual(['make@b', 'sum']);

    // the same bytes as a checkout that ran the node whole
    const other = await project();
    expect((await runFixtureCli(other, ['reproduce'])).code).toBe(0);
    expect(await other.runs()).toContain('make@a');
    for (const file of ['value.json', 'partial.json'])
      expect(await readFile(join(p.root, 'artifacts', 'make', 'a', file), 'utf8')).toBe(
        await readFile(join(other.root, 'artifacts', 'make', 'a', file), 'utf8'),
      );
  });

  it('refuses a part that does not fit, with one line each', async () => {
    const p = await project();
    const cases: Array<[string[], string]> = [
      [['make@a', '--shard', '1/2'], 'error [E_KEY]: make@a: its inputs split it into 3 shard(s) here, not the 2 asked for'],
      [['make@b', '--shard', '1/3'], 'error [E_KEY]: make@b: its inputs split it into 1 shard(s) here, not the 3 asked for'],
      [['sum', '--merge-shards', '2'], "error [E_USAGE]: sum: stage 'sum' does not split into shards"],
      [['make@a', '--shard', '4/3'], "error [E_USAGE]: --shard must be K/N, shard K (1 … N) of N (2 … 4096), got '4/3'"],
      [['make@a', '--shard', '0/3'], "error [E_USAGE]: --shard must be K/N, shard K (1 … N) of N (2 … 4096), got '0/3'"],
      [['make@a', '--merge-shards', '1'], "error [E_USAGE]: --merge-shards must be a shard count from 2 to 4096, got '1'"],
      [['make@a', '--shard', '1/3', '--merge-shards', '3'], 'error [E_USAGE]: --shard and --merge-shards exclude each other'],
      [['--shard', '1/3'], 'error [E_USAGE]: --shard and --merge-shards need exactly one target node, got 0'],
    ];
    for (const [args, line] of cases) {
      const result = await runFixtureCli(p, ['reproduce', ...args]);
      expect(result.code, args.join(' ')).not.toBe(0);
      const errors = result.stderr.split('\n').filter((l) => l.startsWith('error'));
      expect(errors, args.join(' ')).toEqual([line]);
      expect(result.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
    // nothing of a refused part ran (the first two cases' upstream is nothing: no node ran at all)
    expect(await p.runs()).toEqual([]);
  });
});
