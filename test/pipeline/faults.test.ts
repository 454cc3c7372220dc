// Faults a user meets: damaged cache records, leftovers of killed writes, two runs at once, damage that
// only `verify` can see, and errors nobody planned for. Each is driven through the command line, as a
// user meets it, and must end in one clear line and a documented exit code, never a stack trace, with
// nothing lost.

import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSystemProblem } from '../../pipeline/fs-problem.ts';
import { createFixtureProject, runFixtureCli, type CliResult, type FixtureProject } from './fixture-project.ts';

let project: FixtureProject;

beforeEach(async () => {
  project = await createFixtureProject();
});

afterEach(async () => {
  await rm(project.root, { recursive: true, force: true });
});

const cli = (...args: string[]): Promise<CliResult> => runFixtureCli(project, args);

const pointer = (node: string): string => join(project.root, 'cache', 'nodes', `${node}.json`);
async function keyOf(node: string): Promise<string> {
  return (JSON.parse(await readFile(pointer(node), 'utf8')) as { key: string }).key;
}
const record = (key: string): string => join(project.root, 'cache', 'actions', `${key}.json`);

/** No line of a command's error output is a stack frame. */
function noStack(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('a damaged run record is a miss, reported once, never a crash', () => {
  const damage: Array<[string, (text: string, key: string) => string]> = [
    ['emptied', () => ''],
    ['truncated', (text) => text.slice(0, Math.floor(text.length / 2))],
    ['not an object', () => '[1, 2]'],
    ['the record of another key', (text) => text.replace(/"key": "[0-9a-f]+"/, `"key": "${'0'.repeat(64)}"`)],
    ['an output without a digest', (text) => text.replace(/"digest": "[0-9a-f]+"/, '"digest": "x"')],
  ];
  for (const [what, damageText] of damage) {
    it(`${what}: ls and explain carry on, and reproduce recovers only that node`, async () => {
      expect((await cli('reproduce', '--jobs', '1')).code).toBe(0);
      const key = await keyOf('make@a');
      await writeFile(record(key), damageText(await readFile(record(key), 'utf8'), key));
      const ls = await cli('ls');
      expect(ls.code).toBe(0);
      noStack(ls.stderr);
      expect(ls.stderr.match(/is damaged/g)).toHaveLength(1);
      expect(ls.stdout).toMatch(/make@a\s+stale/);
      const explain = await cli('explain', 'make@a');
      expect([explain.code, explain.stderr]).toEqual([0, '']); // reported once: the record was set aside
      const again = await cli('reproduce', '--jobs', '1');
      expect(again.code).toBe(0);
      // the workspace copy is intact and the lock file vouches for it: adopted, nothing reruns
      expect(again.stderr).toMatch(/0 ran, 3 cache hits \(1 adopted from the workspace\)/);
      expect(await project.runs()).toHaveLength(3);
      // without the lock file's word nothing vouches for the copy: the node reruns, and only it
      await writeFile(record(key), '');
      await rm(join(project.root, 'pipeline.lock.json'));
      expect((await cli('reproduce', '--jobs', '1')).code).toBe(0);
      expect((await project.runs()).slice(3)).toEqual(['make@a']);
      expect(JSON.parse(await readFile(join(project.root, 'artifacts/sum/sum.json'), 'utf8'))).toBe(6);
    });
  }

  it('a damaged node pointer: show still finds the run by its key, and reproduce runs nothing', async () => {
    expect((await cli('reproduce', '--jobs', '1')).code).toBe(0);
    await writeFile(pointer('sum'), '{"key": ');
    const show = await cli('show', 'sum');
    noStack(show.stderr);
    expect(show.stderr.match(/is damaged/g)).toHaveLength(1);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ node: 'sum' });
    expect((await cli('reproduce', '--jobs', '1')).code).toBe(0);
    expect(await project.runs()).toHaveLength(3);
  });

  it('a workspace index that is valid JSON but not an index is ignored: every file is hashed again', async () => {
    expect((await cli('reproduce', '--jobs', '1')).code).toBe(0);
    const dir = join(project.root, 'cache', 'workspace');
    for (const name of await readdir(dir)) await writeFile(join(dir, name), 'null');
    const again = await cli('reproduce', '--jobs', '1');
    expect(again.code).toBe(0);
    expect(await project.runs()).toHaveLength(3);
  });
});

describe('leftovers of interrupted writes', () => {
  it('are removed by the next run when their process is gone, and kept while it lives', async () => {
    expect((await cli('reproduce', '--jobs', '1')).code).toBe(0);
    const dead = 'tmp-999999-abcdef01';
    const live = `tmp-${process.pid}-abcdef01`;
    const leftovers = [
      join(project.root, 'cache', 'objects', 'ab', `cd.${dead}`),
      join(project.root, 'cache', 'actions', `x.json.${dead}`),
      join(project.root, 'cache', 'nodes', `sum.json.${dead}`),
      join(project.root, 'artifacts', 'make', `a.${dead}`, 'value.json'),
    ];
    for (const path of leftovers) {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, 'half');
    }
    const kept = join(project.root, 'cache', 'actions', `y.json.${live}`);
    await writeFile(kept, 'in progress');
    // a live process number on a temporary written before that process started: the number was reused
    const reused = join(project.root, 'cache', 'actions', `z.json.${live}`);
    await writeFile(reused, 'half');
    await utimes(reused, new Date('2020-01-01'), new Date('2020-01-01'));
    // beside the run record only its own temporaries are the engine's
    await mkdir(join(project.root, 'reports'), { recursive: true });
    const record = join(project.root, 'reports', `run-record.md.${dead}`);
    const notOurs = join(project.root, 'reports', `notes.md.${dead}`);
    await writeFile(record, 'half');
    await writeFile(notOurs, 'a user file');
    const again = await cli('reproduce', '--jobs', '1');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('removed 6 leftover temporaries');
    await expect(readFile(reused)).rejects.toThrow(/ENOENT/);
    await expect(readFile(record)).rejects.toThrow(/ENOENT/);
    expect(await readFile(notOurs, 'utf8')).toBe('a user file');
    expect(await readdir(join(project.root, 'artifacts', 'make'))).toEqual(['a', 'b']);
    expect(await readdir(join(project.root, 'cache', 'objects', 'ab')).catch(() => [])).toEqual([]);
    expect(await readFile(kept, 'utf8')).toBe('in progress');
  });
});

describe('one run at a time', () => {
  it('makes a second run wait for the first (or stop, with --no-wait), and takes over a lock whose process is gone', async () => {
    await mkdir(join(project.root, 'cache'), { recursive: true });
    const lock = join(project.root, 'cache', 'run.lock');
    // the test process itself stands for a run in progress
    await writeFile(lock, JSON.stringify({ pid: process.pid, command: 'reproduce', startedAt: new Date().toISOString() }));
    const refused = await cli('reproduce', '--jobs', '1', '--no-wait');
    expect(refused.code).toBe(75);
    expect(refused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error \[E_LOCKED\]: .*run\.lock is held by another run \('reproduce', process \d+/),
    ]);
    expect(await project.runs()).toEqual([]);
    expect((await cli('run-node', 'make@a', '--no-wait')).code).toBe(75);
    // without --no-wait it waits, says so once, and goes on when the first run lets go
    let said = '';
    const waiting = runFixtureCli(project, ['reproduce', '--jobs', '1'], { onStderr: (text) => (said += text) });
    // release the lock only once the second run says it waits (however long its start takes on a busy machine)
    for (let tries = 0; !said.includes('waiting for it to finish') && tries < 600; tries++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a second of waiting, in which it must run nothing
    expect(await project.runs()).toEqual([]);
    await rm(lock);
    const waited = await waiting;
    expect(waited.code).toBe(0);
    expect(waited.stderr.match(/is held by another run \('reproduce', process \d+, since .*\): waiting for it to finish/g)).toHaveLength(1);
    expect(waited.stderr).toContain('the other run is done; going on');
    expect(await project.runs()).toEqual(['make@b', 'make@a', 'sum']);
    await project.setParams({ a: 3, b: 2 });
    await writeFile(lock, JSON.stringify({ pid: 999999, command: 'reproduce', startedAt: '2026-01-01T00:00:00Z' }));
    const taken = await cli('reproduce', '--jobs', '1');
    expect(taken.code).toBe(0);
    expect(taken.stderr).toContain('process 999999 that held it is gone');
    await expect(readFile(lock)).rejects.toThrow(/ENOENT/); // released at the end
    // a lock taken before its process number's present owner started: the number was reused, the holder is gone
    await writeFile(lock, JSON.stringify({ pid: process.pid, command: 'reproduce', startedAt: '2020-01-01T00:00:00Z' }));
    const reused = await cli('reproduce', '--jobs', '1');
    expect(reused.code).toBe(0);
    expect(reused.stderr).toContain(`process ${process.pid} that held it is gone`);
    // a lock file created but not yet written is a run taking the lock at this moment; an old unreadable one is debris
    await writeFile(lock, '');
    // written "now" as the run starts to read it (a minute ahead: however slowly the run starts on a busy machine)
    await utimes(lock, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    const starting = await cli('reproduce', '--jobs', '1', '--no-wait');
    expect(starting.code).toBe(75);
    expect(starting.stderr.trim()).toMatch(/^error \[E_LOCKED\]: .*run\.lock is being taken by another run/);
    await utimes(lock, new Date('2020-01-01'), new Date('2020-01-01'));
    const debris = await cli('reproduce', '--jobs', '1', '--no-wait');
    expect(debris.code).toBe(0);
    expect(debris.stderr).toContain('run.lock: it is unreadable');
  });
});

describe('verify', () => {
  it('finds a corrupt object and an edited workspace copy, and --repair leaves a state reproduce completes', async () => {
    expect((await cli('reproduce', '--jobs', '1')).code).toBe(0);
    const intact = await cli('verify');
    expect(intact.code).toBe(0);
    expect(intact.stderr).toMatch(/verified \d+ objects, \d+ run records and 3 workspace folders: all intact/);
    // damage one object of make@a and edit make@b's workspace copy by hand
    const manifest = JSON.parse(await readFile(record(await keyOf('make@a')), 'utf8')) as { outputs: Record<string, { digest: string }> };
    const digest = manifest.outputs['value.json']!.digest;
    await writeFile(join(project.root, 'cache', 'objects', digest.slice(0, 2), digest.slice(2)), '999');
    await writeFile(join(project.root, 'artifacts', 'make', 'b', 'value.json'), '5');
    const leftover = join(project.root, 'cache', 'actions', 'z.json.tmp-999999-abcdef01');
    await writeFile(leftover, 'half');
    const found = await cli('verify');
    expect(found.code).toBe(1);
    noStack(found.stderr);
    expect(found.stderr).toContain(`object cache/objects/${digest.slice(0, 2)}/${digest.slice(2)} is corrupt`);
    expect(found.stderr).toContain("artifacts/make/b differs from its cached run (make@b): 1 file(s), first 'value.json'");
    expect(found.stderr).toContain('cache/actions/z.json.tmp-999999-abcdef01 is a leftover of an interrupted write\n');
    expect(await readFile(leftover, 'utf8')).toBe('half'); // verify alone changes nothing
    const repaired = await cli('verify', '--repair');
    expect(repaired.code).toBe(0);
    expect(repaired.stderr).toContain('restored from the cache');
    await expect(readFile(leftover)).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(project.root, 'artifacts', 'make', 'b', 'value.json'), 'utf8')).toBe('4');
    const next = await cli('reproduce', '--jobs', '1');
    expect(next.code).toBe(0);
    // the run whose object was lost comes back from its workspace copy, which the lock file vouches for
    expect(next.stderr).toMatch(/make@a: cache hit [0-9a-f]{12} adopted from the workspace/);
    expect(await project.runs()).toHaveLength(3);
    expect((await cli('verify')).stderr).toContain('all intact');
  });
});

describe('the scheduler killed', () => {
  it('takes its node processes with it at once, quietly, and the next run completes', async () => {
    await project.setParams({ a: 1, slow: 999 });
    const scheduler = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), project.entry, 'reproduce', '--jobs', '1'], {
      cwd: project.root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    scheduler.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // the heaviest node starts first and sleeps for a minute: wait until its process has started it
    for (let i = 0; i < 400 && !(await project.runs()).includes('make@slow'); i += 1) await new Promise((r) => setTimeout(r, 50));
    const [child] = await project.pids();
    expect(child).toBeDefined();
    scheduler.kill('SIGKILL');
    const gone = async (): Promise<boolean> => {
      for (let i = 0; i < 100; i += 1) {
        try {
          process.kill(Number(child), 0);
        } catch {
          return true;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    };
    expect(await gone()).toBe(true); // within 5 s, not after the node's minute
    expect(stderr).not.toContain('ERR_IPC_CHANNEL_CLOSED');
    await project.setParams({ a: 1, b: 2 });
    const again = await cli('reproduce', '--jobs', '1');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('taking over'); // the killed scheduler's lock
    expect(JSON.parse(await readFile(join(project.root, 'artifacts/sum/sum.json'), 'utf8'))).toBe(6);
  });
});

describe('run-node (what dvc.yaml calls)', () => {
  it('refuses an input that is not what its upstream node produced, and caches nothing from it', async () => {
    expect((await cli('reproduce', '--jobs', '1')).code).toBe(0);
    await writeFile(join(project.root, 'artifacts', 'make', 'a', 'value.json'), '100');
    const refused = await cli('run-node', 'sum', '--force');
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([
      "error [E_INPUT]: sum: its input artifacts/make/a/value.json is not what 'make@a' produced (1 file(s) differ: edited or damaged); " +
        "restore it with 'npm run -s pipeline -- verify --repair', or rebuild it with 'npm run reproduce'",
    ]);
    expect(await project.runs()).toHaveLength(3);
    expect((await cli('verify', '--repair')).code).toBe(0);
    expect((await cli('run-node', 'sum')).code).toBe(0);
    expect(JSON.parse(await readFile(join(project.root, 'artifacts/sum/sum.json'), 'utf8'))).toBe(6);
  });
});

describe('unexpected errors', () => {
  it('are one line and exit code 70, with the stack only under --debug', async () => {
    // the fixture's definition does not expect `values: null` and fails with a TypeError: a bug of the
    // project's, which the engine must still report in one line
    await writeFile(join(project.root, 'params.yaml'), 'values: null\nfail: false\n');
    const plain = await cli('ls');
    expect(plain.code).toBe(70);
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
    expect(plain.stderr).toMatch(/^error \[E_INTERNAL\]: .*rerun with --debug/);
    const debug = await cli('ls', '--debug');
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });

  it('name the path and what to do for a file system error', () => {
    const error = (code: string): NodeJS.ErrnoException =>
      Object.assign(new Error(code), { code, syscall: 'open', path: 'cache/objects/ab/cd' });
    expect(fileSystemProblem(error('EROFS'))).toBe(
      'cache/objects/ab/cd is on a read-only file system: remount it writable, or work in a writable copy of the project (EROFS in open)',
    );
    expect(fileSystemProblem(error('ENOSPC'))).toContain('cache/objects/ab/cd cannot be written: the disk is full');
    expect(fileSystemProblem(error('ENOENT'))).toBeUndefined();
    expect(fileSystemProblem(new TypeError('x'))).toBeUndefined();
  });
});
