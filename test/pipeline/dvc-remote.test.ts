// DVC as the way outputs travel between clones: the pipeline fills .dvc/cache itself (hard links to its
// own objects), so `dvc status` is clean and `dvc push` has everything after a plain `reproduce`; a fresh
// clone that ran `dvc pull` adopts the pulled outputs (the lock file vouches for each key and file)
// instead of running anything, and a pulled file that was altered is refused and its node reruns. Needs
// DVC; .ci/run installs it and fails when this test is skipped.

import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePipelineLock } from '../../pipeline/pipeline-lock.ts';
import { findDvc } from './dvc-bin.ts';
import { createFixtureProject, fixtureProjectAt, runFixtureCli, type FixtureProject } from './fixture-project.ts';
import { S3_SERVER, startS3 } from './s3-server.ts';

const dvc = findDvc('the DVC remote test (dvc push / dvc pull / adoption)');
// DVC's S3 remote comes in the dvc-s3 package (.ci/run installs it); `dvc version` lists what it supports
const dvcHasS3 = dvc !== undefined && /\bs3 \(/.test(spawnSync(dvc, ['version'], { encoding: 'utf8' }).stdout);
if (dvc !== undefined && !dvcHasS3)
  console.warn(
    "\n*** SKIPPED: DVC's S3 remote test: dvc-s3 is not installed (.venv/bin/pip install dvc-s3==3.3.0, what .ci/run does). ***\n",
  );
const env = { ...process.env, DVC_NO_ANALYTICS: '1' };
const dvcIn = (cwd: string, args: string[]) => spawnSync(dvc!, args, { cwd, encoding: 'utf8', env });
const git = (cwd: string, args: string[]) =>
  execFileSync('git', ['-c', 'user.email=ci@example.invalid', '-c', 'user.name=ci', ...args], { cwd, encoding: 'utf8' });
const OUTPUTS = ['artifacts/make/a/value.json', 'artifacts/make/b/value.json', 'artifacts/sum/sum.json'];

/** A clone of the fixture's repository that looks like the fixture to runFixtureCli. */
async function cloneOf(project: FixtureProject, into: string): Promise<FixtureProject> {
  execFileSync('git', ['clone', '-q', project.root, into]);
  return fixtureProjectAt(into);
}

describe.skipIf(!dvc)('DVC remote', () => {
  let project: FixtureProject;
  let scratch: string;

  beforeAll(async () => {
    project = await createFixtureProject();
    scratch = await mkdtemp(join(tmpdir(), 'tms-dvc-remote-'));
    await writeFile(join(project.root, '.gitignore'), 'cache/\nreports/\n*.log\n');
    git(project.root, ['init', '-q']);
    expect(dvcIn(project.root, ['init', '-q']).status).toBe(0);
    expect((await runFixtureCli(project, ['dvc-yaml', '--write'])).code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    for (const dir of [project?.root, scratch]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("fills DVC's cache with hard links, so that dvc status is clean after a plain reproduce", async () => {
    expect((await runFixtureCli(project, ['reproduce'])).code).toBe(0);
    // DVC records the outputs' hashes itself (dvc.lock), computed from the workspace: the independent oracle
    const commit = dvcIn(project.root, ['commit', '-f', '-q']);
    expect(commit.status, commit.stderr).toBe(0);
    const lock = await readFile(join(project.root, 'dvc.lock'), 'utf8');
    // (the upstream folders recur as deps of sum)
    const dirHashes = [...new Set([...lock.matchAll(/md5: ([0-9a-f]{32}\.dir)/g)].map((m) => m[1]!))];
    expect(dirHashes).toHaveLength(3);

    // an empty DVC cache: every output "not in cache", until a reproduce (all cache hits) fills it again
    await rm(join(project.root, '.dvc', 'cache'), { recursive: true, force: true });
    const before = dvcIn(project.root, ['status']);
    expect(before.stdout).toMatch(/not in cache/);
    const warm = await runFixtureCli(project, ['reproduce']);
    expect(warm.stderr).toMatch(/0 ran, 3 cache hits/);
    const after = dvcIn(project.root, ['status', '-q']);
    expect(after.status, `${after.stdout}\n${after.stderr}`).toBe(0);
    // each folder's listing sits under the very hash DVC computed, and each file is the pipeline's object
    for (const hash of dirHashes) await stat(join(project.root, '.dvc', 'cache', 'files', 'md5', hash.slice(0, 2), hash.slice(2)));
    const sum = await readFile(join(project.root, 'artifacts/sum/sum.json'));
    const { createHash } = await import('node:crypto');
    const md5 = createHash('md5').update(sum).digest('hex');
    const sha = createHash('sha256').update(sum).digest('hex');
    const inDvc = await stat(join(project.root, '.dvc/cache/files/md5', md5.slice(0, 2), md5.slice(2)));
    const ours = await stat(join(project.root, 'cache/objects', sha.slice(0, 2), sha.slice(2)));
    expect(inDvc.ino).toBe(ours.ino);
  }, 120_000);

  it('a fresh clone that ran dvc pull adopts every output and runs nothing', async () => {
    const remote = join(scratch, 'remote');
    expect(dvcIn(project.root, ['remote', 'add', '-q', '-d', 'shared', remote]).status).toBe(0);
    const push = dvcIn(project.root, ['push', '-q']);
    expect(push.status, push.stderr).toBe(0);
    const locked = parsePipelineLock(await readFile(join(project.root, 'pipeline.lock.json'), 'utf8'));
    expect([...locked.keys()]).toEqual(['make@a', 'make@b', 'sum']);
    git(project.root, ['add', '-A']);
    git(project.root, ['commit', '-qm', 'outputs pushed']);

    const clone = await cloneOf(project, join(scratch, 'clone'));
    const pull = dvcIn(clone.root, ['pull', '-q']);
    expect(pull.status, pull.stderr).toBe(0);
    const run = await runFixtureCli(clone, ['reproduce']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/0 ran, 3 cache hits \(3 adopted from the workspace\)/);
    expect(await clone.runs()).toEqual([]);
    for (const file of OUTPUTS) expect(await readFile(join(clone.root, file))).toEqual(await readFile(join(project.root, file)));
    // adopted for good: the next run finds them in the cache, and nothing else changed
    expect((await runFixtureCli(clone, ['reproduce'])).stderr).toMatch(/0 ran, 3 cache hits,/);
    expect(git(clone.root, ['status', '--porcelain'])).toBe('');
    expect(dvcIn(clone.root, ['status', '-q']).status).toBe(0);
  }, 120_000);

  it('refuses a pulled file that was altered: that node reruns, and what follows from it is adopted', async () => {
    const clone = await cloneOf(project, join(scratch, 'altered'));
    expect(dvcIn(clone.root, ['pull', '-q']).status).toBe(0);
    const file = join(clone.root, 'artifacts/make/a/value.json');
    await chmod(file, 0o644);
    await writeFile(file, '3');
    const run = await runFixtureCli(clone, ['reproduce']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /make@a: not adopted from the workspace \(value\.json has the sha256 [0-9a-f]{12}, not [0-9a-f]{12}\); it runs/,
    );
    expect(await clone.runs()).toEqual(['make@a']);
    // make@a's rerun gives the recorded bytes back, so sum's key is the recorded one and its pulled folder is adopted
    expect(run.stderr).toMatch(/1 ran, 2 cache hits \(2 adopted from the workspace\)/);
    expect(await readFile(file, 'utf8')).toBe('2');
  }, 120_000);

  it.skipIf(S3_SERVER === undefined || !dvcHasS3)(
    'does the same through an S3 remote (a real S3-compatible server)',
    async () => {
      const s3 = await startS3();
      try {
        const s3env = { ...env, ...s3.env };
        // the remote in each clone's .dvc/config.local: an endpoint and credentials are this machine's business
        const useRemote = (cwd: string): void => {
          for (const args of [
            ['remote', 'add', '--local', '-f', 'lab', `s3://${s3.bucket}/dvc`],
            ['remote', 'modify', '--local', 'lab', 'endpointurl', s3.env.AWS_ENDPOINT_URL!],
          ])
            expect(spawnSync(dvc!, args, { cwd, encoding: 'utf8', env: s3env }).status).toBe(0);
        };
        useRemote(project.root);
        const push = spawnSync(dvc!, ['push', '-q', '-r', 'lab'], { cwd: project.root, encoding: 'utf8', env: s3env });
        expect(push.status, push.stderr).toBe(0);
        const clone = await cloneOf(project, join(scratch, 'from-s3'));
        useRemote(clone.root);
        const pull = spawnSync(dvc!, ['pull', '-q', '-r', 'lab'], { cwd: clone.root, encoding: 'utf8', env: s3env });
        expect(pull.status, pull.stderr).toBe(0);
        const run = await runFixtureCli(clone, ['reproduce']);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toMatch(/0 ran, 3 cache hits \(3 adopted from the workspace\)/);
        for (const file of OUTPUTS) expect(await readFile(join(clone.root, file))).toEqual(await readFile(join(project.root, file)));
      } finally {
        await s3.stop();
      }
    },
    120_000,
  );

  it('adopts nothing for a key the lock file does not record (other parameters)', async () => {
    const clone = await cloneOf(project, join(scratch, 'other-params'));
    expect(dvcIn(clone.root, ['pull', '-q']).status).toBe(0);
    await clone.setParams({ a: 1, b: 5 });
    const run = await runFixtureCli(clone, ['reproduce']);
    expect(run.code, run.stderr).toBe(0);
    expect((await clone.runs()).sort()).toEqual(['make@b', 'sum']);
    expect(run.stderr).toMatch(/2 ran, 1 cache hits \(1 adopted from the workspace\)/);
    expect(await readFile(join(clone.root, 'artifacts/sum/sum.json'), 'utf8')).toBe('12');
  }, 120_000);
});
