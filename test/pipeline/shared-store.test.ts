// Two checkouts of the fixture project (two "machines") sharing one file:// store through `--store`: what
// one computed, the other copies instead of running, byte for byte; a damaged, altered or hostile store
// costs a rerun, never a wrong result; a result that contradicts the store's fails its node; and an
// unreachable store is one line.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureProject, runFixtureCli, type CliResult, type FixtureProject } from './fixture-project.ts';

let here: FixtureProject;
let there: FixtureProject;
let storeDir: string;
let store: string;

beforeEach(async () => {
  here = await createFixtureProject();
  there = await createFixtureProject();
  storeDir = join(await mkdtemp(join(tmpdir(), 'tms-shared-')), 'store');
  store = pathToFileURL(storeDir).href;
});

afterEach(async () => {
  for (const dir of [here.root, there.root, join(storeDir, '..')]) await rm(dir, { recursive: true, force: true });
});

const reproduce = (project: FixtureProject, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
  runFixtureCli(project, ['reproduce', '--jobs', '2', ...args], { env: { FIXTURE_SUM_OFFSET: '', ...env } });

/** The last line of a reproduce: 'N ran, M cache hits …'. */
const summaryLine = (result: CliResult): string => result.stderr.trimEnd().split('\n').at(-1)!;

async function keyOf(project: FixtureProject, node: string): Promise<string> {
  return (JSON.parse(await readFile(join(project.root, 'cache', 'nodes', `${node}.json`), 'utf8')) as { key: string }).key;
}

async function outputs(project: FixtureProject): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const node of ['make/a', 'make/b', 'sum'])
    for (const file of await readdir(join(project.root, 'artifacts', node)))
      files[`${node}/${file}`] = await readFile(join(project.root, 'artifacts', node, file), 'utf8');
  return files;
}

const storePath = (...parts: string[]): string => join(storeDir, ...parts);
const sha = (data: string): string => createHash('sha256').update(data).digest('hex');
const objectPath = (digest: string): string => storePath('objects', digest.slice(0, 2), digest.slice(2));

describe('a shared store (--store file://…)', () => {
  it('lets a second checkout copy every result the first one computed, byte for byte, running nothing', async () => {
    const first = await reproduce(here, ['--store', store]);
    expect(first.code).toBe(0);
    expect(summaryLine(first)).toMatch(/^3 ran, 0 cache hits, 3 nodes/);
    const second = await reproduce(there, ['--store', store]);
    expect(second.code).toBe(0);
    expect(summaryLine(second)).toMatch(/^0 ran, 3 cache hits \(3 from the shared store\), 3 nodes/);
    expect(second.stderr).toContain('sum: cache hit');
    expect(await there.runs()).toEqual([]);
    expect(await outputs(there)).toEqual(await outputs(here));
    // its own cache now holds them: without the store, a rerun is all local hits
    expect(summaryLine(await reproduce(there))).toMatch(/^0 ran, 3 cache hits, 3 nodes/);
  });

  it('receives what a checkout had computed before it used the store (PIPELINE_STORE works as --store)', async () => {
    expect((await reproduce(here)).code).toBe(0);
    expect(existsSync(storeDir)).toBe(false);
    expect(summaryLine(await reproduce(here, [], { PIPELINE_STORE: store }))).toMatch(/^0 ran, 3 cache hits, 3 nodes/);
    expect((await readdir(storePath('actions'))).sort()).toHaveLength(3);
    expect(summaryLine(await reproduce(there, ['--store', store]))).toMatch(/^0 ran, 3 cache hits \(3 from the shared store\)/);
  });

  it('refuses a damaged object, runs the node instead, and mends the store with the good copy', async () => {
    await reproduce(here, ['--store', store]);
    const record = JSON.parse(await readFile(storePath('actions', `${await keyOf(here, 'sum')}.json`), 'utf8'));
    const digest = record.outputs['sum.json'].digest as string;
    await writeFile(objectPath(digest), '7');
    const second = await reproduce(there, ['--store', store]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`object ${digest} (sum sum.json) is damaged or altered`);
    expect(summaryLine(second)).toMatch(/^1 ran, 2 cache hits \(2 from the shared store\)/);
    expect(await there.runs()).toEqual(['sum']);
    expect(JSON.parse(await readFile(join(there.root, 'artifacts', 'sum', 'sum.json'), 'utf8'))).toBe(6);
    expect(
      createHash('sha256')
        .update(await readFile(objectPath(digest)))
        .digest('hex'),
    ).toBe(digest);
  });

  it('refuses a record whose output names leave the output folder, and writes nothing outside it', async () => {
    await reproduce(here, ['--store', store]);
    const path = storePath('actions', `${await keyOf(here, 'make@a')}.json`);
    const record = JSON.parse(await readFile(path, 'utf8'));
    record.outputs = { '../../../escaped.json': record.outputs['value.json'] };
    await writeFile(path, JSON.stringify(record));
    const second = await reproduce(there, ['--store', store]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('output name "../../../escaped.json" is not a relative path inside the output folder');
    expect(await there.runs()).toEqual(['make@a']);
    expect(existsSync(join(there.root, 'escaped.json'))).toBe(false);
    expect(existsSync(join(there.root, '..', 'escaped.json'))).toBe(false);
    expect(await outputs(there)).toEqual(await outputs(here));
  });

  it('refuses a record whose inputs do not hash to the key it is filed under', async () => {
    await reproduce(here, ['--store', store]);
    const path = storePath('actions', `${await keyOf(here, 'make@b')}.json`);
    const record = JSON.parse(await readFile(path, 'utf8'));
    record.params = { values: { b: 5 } };
    await writeFile(path, JSON.stringify(record));
    const second = await reproduce(there, ['--store', store]);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/its record of [0-9a-f]{12} describes another key \(its inputs do not hash to it\)/);
    expect(await there.runs()).toEqual(['make@b']);
    expect(await outputs(there)).toEqual(await outputs(here));
  });

  it('fails a node whose result differs from the one the store holds under its key, and caches nothing for it', async () => {
    await reproduce(here, ['--store', store]);
    // the same key, another result: FIXTURE_SUM_OFFSET changes sum's output without entering its key
    const second = await reproduce(there, ['sum', '--force', '--store', store], { FIXTURE_SUM_OFFSET: '1' });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      /E_NONDETERMINISTIC.*sum \([0-9a-f]{12}\): this machine's result differs from the one in the shared store/,
    );
    expect(second.stderr).toMatch(/sum\.json: [0-9a-f]{12} here ≠ [0-9a-f]{12} there/);
    const key = await keyOf(here, 'sum');
    expect(existsSync(join(there.root, 'cache', 'actions', `${key}.json`))).toBe(false);
    // the store keeps the first result, and the next run takes it
    expect(summaryLine(await reproduce(there, ['--store', store]))).toMatch(/^0 ran, 3 cache hits/);
    expect(JSON.parse(await readFile(join(there.root, 'artifacts', 'sum', 'sum.json'), 'utf8'))).toBe(6);
  });

  it('warns when a result this checkout cached earlier differs from the store, and keeps its own', async () => {
    await reproduce(here, ['--store', store]);
    expect((await reproduce(there, [], { FIXTURE_SUM_OFFSET: '1' })).code).toBe(0);
    const second = await reproduce(there, ['--store', store]);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/warning: sum \([0-9a-f]{12}\): this machine's result differs .*; this machine keeps its own/);
    expect(JSON.parse(await readFile(join(there.root, 'artifacts', 'sum', 'sum.json'), 'utf8'))).toBe(7);
  });

  it('is verified by verify --store: damage, unusable records, objects no record names and old temporaries, repaired', async () => {
    await reproduce(here, ['--store', store]);
    const hourAgo = new Date(Date.now() - 2 * 3600 * 1000);
    // an object a dead publisher left without its record (old), and one a live publisher just wrote (young)
    const orphan = sha('left behind');
    await mkdir(join(objectPath(orphan), '..'), { recursive: true });
    await writeFile(objectPath(orphan), 'left behind');
    await utimes(objectPath(orphan), hourAgo, hourAgo);
    const young = sha('being published');
    await mkdir(join(objectPath(young), '..'), { recursive: true });
    await writeFile(objectPath(young), 'being published');
    // sum's object damaged (so its record is unusable too), make@a's record truncated, an old temporary
    const sumRecord = JSON.parse(await readFile(storePath('actions', `${await keyOf(here, 'sum')}.json`), 'utf8'));
    await writeFile(objectPath(sumRecord.outputs['sum.json'].digest), '7');
    await writeFile(storePath('actions', `${await keyOf(here, 'make@a')}.json`), '{"key": ');
    await writeFile(storePath('tmp', '123-abc'), 'half');
    await utimes(storePath('tmp', '123-abc'), hourAgo, hourAgo);

    const check = await runFixtureCli(here, ['verify', '--store', store]);
    expect(check.code).toBe(1);
    const lines = check.stderr.trim().split('\n');
    expect(lines).toEqual([
      `object ${sumRecord.outputs['sum.json'].digest} is damaged: its sha256 is ${sha('7')}`,
      expect.stringMatching(new RegExp(`^record ${await keyOf(here, 'make@a')} is unusable: it is not JSON`)),
      `record ${await keyOf(here, 'sum')} is unusable: it names an object the store lacks intact (sum.json)`,
      `object ${orphan} is named by no record`,
      'temporary 123-abc is left from a write that never finished',
      `verified 6 objects and 3 run records in ${store}: 5 problem(s); 'verify --store URL --repair' deletes them`,
    ]);
    const repair = await runFixtureCli(here, ['verify', '--store', store, '--repair']);
    expect(repair.code).toBe(0);
    expect(repair.stderr.trim().split('\n').at(-1)).toBe(`verified 6 objects and 3 run records in ${store}: 5 problem(s), 5 repaired`);
    expect((await runFixtureCli(here, ['verify', '--store', store])).stderr.trim()).toBe(
      `verified 4 objects and 1 run records in ${store}: all intact`,
    );
    expect(existsSync(objectPath(young))).toBe(true);
    // what was deleted runs again on the next machine, and the store is whole again
    const second = await reproduce(there, ['--store', store]);
    expect(second.code).toBe(0);
    expect((await there.runs()).sort()).toEqual(['make@a', 'sum']);
    expect(await outputs(there)).toEqual(await outputs(here));
  });

  it('stops with one line, before running anything, when the store cannot be reached or is of an unknown kind', async () => {
    const missing = await reproduce(here, ['--store', pathToFileURL(join(storeDir, 'not-mounted', 'store')).href]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(
      `error [E_STORE]: --store ${pathToFileURL(join(storeDir, 'not-mounted', 'store')).href}: cannot reach ${join(storeDir, 'not-mounted')} (no such folder; is the share mounted?)`,
    );
    const unknown = await runFixtureCli(here, ['run-node', 'make@a', '--store', 'ftp://host/store']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('error [E_STORE]: --store ftp://host/store: unknown kind of store (allowed: file://…, s3://…)');
    expect(await here.runs()).toEqual([]);
  });
});
