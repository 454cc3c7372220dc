// A small cluster for the distributed executor's tests: a Redis server of its own (redis-server.ts), a
// file:// store, and checkouts of the fixture project (fixture-project.ts) that play the coordinator and
// the workers of separate machines. A worker runs in a process group of its own, so that a test can stop
// or kill it together with the node it is running, as when its machine hangs or dies.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { createFixtureProject, runFixtureCli, type CliResult, type FixtureProject } from './fixture-project.ts';
import { startRedis, type LocalRedis } from './redis-server.ts';

export interface WorkerProcess {
  project: FixtureProject;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
  /** a signal to the worker and everything it started (its process group) */
  signal(signal: NodeJS.Signals): void;
}

export class TestCluster {
  private readonly projects: FixtureProject[] = [];
  private readonly workers: WorkerProcess[] = [];

  private constructor(
    readonly redis: LocalRedis,
    readonly storeDir: string,
  ) {}

  /** `secure`: Redis as a deployment runs it, over TLS only and with an ACL user (bench/redis-server.ts). */
  static async start(secure?: { tls: boolean; user: string }): Promise<TestCluster> {
    const redis = await startRedis('always', secure);
    return new TestCluster(redis, join(await mkdtemp(join(tmpdir(), 'tms-cluster-')), 'store'));
  }

  get store(): string {
    return pathToFileURL(this.storeDir).href;
  }

  /** A checkout of the fixture project with these parameters. */
  async checkout(values: Record<string, number>): Promise<FixtureProject> {
    const project = await createFixtureProject();
    await project.setParams(values);
    this.projects.push(project);
    return project;
  }

  /** A worker in `project`; resolves once it listens on its queue. */
  async startWorker(project: FixtureProject, lockSeconds = 30, extra: string[] = []): Promise<WorkerProcess> {
    const args = [
      '--import',
      import.meta.resolve('tsx'),
      project.entry,
      'worker',
      '--store',
      this.store,
      '--lock-seconds',
      String(lockSeconds),
      ...extra,
    ];
    const child = spawn(process.execPath, args, {
      cwd: project.root,
      env: { ...process.env, PIPELINE_REDIS: this.redis.url, ...this.redis.env },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const worker: WorkerProcess = {
      project,
      child,
      stderr: () => stderr,
      exited,
      signal: (signal) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // the group is gone already
        }
      },
    };
    this.workers.push(worker);
    for (let i = 0; i < 300 && !stderr.includes('taking jobs from queue'); i += 1) {
      if (child.exitCode !== null) throw new Error(`the worker exited: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(stderr).toContain('taking jobs from queue');
    return worker;
  }

  /** SIGTERM, as Ctrl-C: resolves with its exit code. */
  async stopWorker(worker: WorkerProcess): Promise<number | null> {
    worker.child.kill('SIGTERM');
    return worker.exited;
  }

  /** `reproduce --executor bullmq` in `project`, to its end. */
  coordinate(project: FixtureProject, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    return runFixtureCli(project, ['reproduce', '--executor', 'bullmq', '--store', this.store, ...args], {
      env: { PIPELINE_REDIS: this.redis.url, ...this.redis.env, ...env },
    });
  }

  /** A coordinator started and left running, for a test to interrupt or kill: its process and its exit code. */
  spawnCoordinator(project: FixtureProject): { child: ChildProcess; exited: Promise<number | null> } {
    const args = ['--import', import.meta.resolve('tsx'), project.entry, 'reproduce', '--executor', 'bullmq', '--store', this.store];
    const child = spawn(process.execPath, args, {
      cwd: project.root,
      env: { ...process.env, PIPELINE_REDIS: this.redis.url, ...this.redis.env },
      stdio: 'ignore',
    });
    return { child, exited: new Promise((done) => child.once('exit', done)) };
  }

  /** Every output file of the nodes of `folders` (relative to artifacts/) in a checkout's workspace. */
  async artifacts(project: FixtureProject, folders: string[]): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const folder of folders)
      for (const file of await readdir(join(project.root, 'artifacts', folder)))
        files[`${folder}/${file}`] = await readFile(join(project.root, 'artifacts', folder, file), 'utf8');
    return files;
  }

  /** The store's object digests, and the digests its run records name (what should be exactly them). */
  async storeContents(): Promise<{ objects: string[]; referenced: string[]; records: number; temporaries: string[] }> {
    const objects: string[] = [];
    for (const prefix of await readdir(join(this.storeDir, 'objects')).catch(() => [] as string[]))
      for (const rest of await readdir(join(this.storeDir, 'objects', prefix))) objects.push(prefix + rest);
    const referenced = new Set<string>();
    const names = await readdir(join(this.storeDir, 'actions')).catch(() => [] as string[]);
    for (const name of names) {
      const record = JSON.parse(await readFile(join(this.storeDir, 'actions', name), 'utf8')) as {
        outputs: Record<string, { digest: string }>;
      };
      for (const entry of Object.values(record.outputs)) referenced.add(entry.digest);
    }
    return {
      objects: objects.sort(),
      referenced: [...referenced].sort(),
      records: names.length,
      temporaries: await readdir(join(this.storeDir, 'tmp')),
    };
  }

  async stop(): Promise<void> {
    for (const worker of this.workers.splice(0)) {
      worker.signal('SIGCONT');
      if (worker.child.exitCode === null) {
        worker.signal('SIGKILL');
        await worker.exited;
      }
    }
    for (const project of this.projects.splice(0)) await rm(project.root, { recursive: true, force: true });
    await this.redis.stop();
    await rm(join(this.storeDir, '..'), { recursive: true, force: true });
  }
}
