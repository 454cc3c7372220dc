// Faults at every commit point: a run of the fixture project is killed with SIGKILL before and after
// every rename that puts a file or folder in place (objects, run records, node pointers, workspace
// indexes, output folders, the run record), and fails with ENOSPC, EIO or EROFS at the write, fsync and
// rename of every kind of file (pipeline/fault-injection.ts). After each fault the run said what happened
// in lines without a stack trace, and the next run completes with outputs byte-identical to an
// undisturbed run's, leaves no temporary file or folder anywhere, and `verify` finds nothing damaged.

import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../pipeline/fs-atomic.ts';
import { digestFile } from '../../pipeline/hash.ts';
import { createFixtureProject, runFixtureCli, type CliResult, type FixtureProject } from './fixture-project.ts';

const cli = (project: FixtureProject, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
  runFixtureCli(project, args, { env: { CI: 'true', ...env } });

/** Every output a run leaves in the workspace, with its digest. */
async function outputs(project: FixtureProject): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const file of await listFiles(join(project.root, 'artifacts')))
    digests[file] = await digestFile(join(project.root, 'artifacts', file));
  return digests;
}

/** Every path below the project whose name marks a temporary (a write or a staging folder in progress). */
async function temporaries(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (/\.tmp-\d+-[0-9a-f]+$/.test(entry.name)) found.push(path);
    if (entry.isDirectory()) found.push(...(await temporaries(path)));
  }
  return found;
}

/** A commit point of the undisturbed run: which process, which step, the how-manieth of that step there, on which path. */
interface Point {
  label: string; // e.g. node:rename
  n: number;
  path: string;
}

/** The kind of file a commit point writes (so that each kind meets each error once). */
function kindOf(path: string): string {
  for (const kind of ['cache/objects', 'cache/actions', 'cache/nodes', 'cache/workspace', 'artifacts', 'reports', 'pipeline.lock.json'])
    if (path.startsWith(kind)) return kind;
  return 'other';
}

let points: Point[];
let reference: Record<string, string>;

beforeAll(async () => {
  const project = await createFixtureProject();
  await project.setParams({ a: 1 });
  const trace = join(project.root, 'trace.log');
  const run = await cli(project, ['reproduce', '--jobs', '1'], { TMS_FAULT_TRACE: trace });
  if (run.code !== 0) throw new Error(`the undisturbed run failed: ${run.stderr}`);
  reference = await outputs(project);
  const seen = new Map<string, number>();
  points = (await readFile(trace, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => {
      const [label, path] = line.split(' ') as [string, string];
      const n = (seen.get(label) ?? 0) + 1;
      seen.set(label, n);
      return { label, n, path };
    });
  await rm(project.root, { recursive: true, force: true });
}, 60_000);

interface Fault {
  spec: string; // TMS_FAULT
  point: Point;
  action: 'kill' | 'ENOSPC' | 'EIO' | 'EROFS';
}

/** Kill before and after every rename; each error once per kind of file, at the step it belongs to. */
function faults(): Fault[] {
  const list: Fault[] = [];
  const errorAt: Record<string, Fault['action']> = { write: 'ENOSPC', sync: 'EIO', rename: 'EROFS' };
  const errored = new Set<string>();
  for (const point of points) {
    const step = point.label.split(':')[1]!;
    if (['rename', 'renamed', 'swap', 'swapped'].includes(step))
      list.push({ spec: `${point.label}#${point.n}:kill`, point, action: 'kill' });
    const action = errorAt[step];
    const once = `${step} ${kindOf(point.path)}`;
    if (action !== undefined && !errored.has(once)) {
      errored.add(once);
      list.push({ spec: `${point.label}#${point.n}:${action}`, point, action });
    }
  }
  return list;
}

/** Run `work` over `items`, `limit` at a time. */
async function pooled<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

afterAll(() => {
  process.stderr.write(`commit points: ${points.length} reached by an undisturbed run; ${faults().length} faults injected\n`);
});

describe('a fault at any commit point', () => {
  it('is reported without a stack, and the next run completes with identical outputs and no leftovers', async () => {
    const list = faults();
    // the undisturbed run reaches every kind of commit point, in both kinds of process
    expect(new Set(points.map((p) => p.label))).toEqual(
      new Set([
        'node:write',
        'node:sync',
        'node:rename',
        'node:renamed',
        'node:swap',
        'node:swapped',
        'main:write',
        'main:sync',
        'main:rename',
        'main:renamed',
      ]),
    );
    expect(new Set(points.map((p) => kindOf(p.path)))).toEqual(
      new Set(['cache/objects', 'cache/actions', 'cache/nodes', 'cache/workspace', 'artifacts', 'reports', 'pipeline.lock.json']),
    );
    const problems: string[] = [];
    await pooled(list, 2, async (fault) => {
      const project = await createFixtureProject();
      try {
        await project.setParams({ a: 1 });
        const faulty = await cli(project, ['reproduce', '--jobs', '1'], { TMS_FAULT: fault.spec });
        const said = faulty.stderr.trimEnd().split('\n').at(-1) ?? '';
        const fail = (what: string): void => void problems.push(`${fault.spec} (${fault.point.path}): ${what}`);
        if (/^\s+at /m.test(faulty.stderr)) fail(`a stack trace:\n${faulty.stderr}`);
        if (fault.action === 'kill' && fault.point.label.startsWith('main:')) {
          if (faulty.signal !== 'SIGKILL') fail(`expected the run killed, got ${faulty.code ?? faulty.signal}`);
        } else if (fault.action === 'kill') {
          // the node's process died: the node failed (exit 1), or its result was already cached and kept (0)
          if (faulty.code !== 0 && faulty.code !== 1) fail(`exit code ${faulty.code}: ${said}`);
        } else if (faulty.code !== 74 || !said.startsWith('error [E_FS]: ') || !said.includes(`(${fault.action} in `))
          fail(`expected one E_FS line and exit code 74, got ${faulty.code}: ${said}`);
        const next = await cli(project, ['reproduce', '--jobs', '1']);
        if (next.code !== 0) fail(`the next run failed (${next.code}): ${next.stderr}`);
        const got = await outputs(project);
        if (JSON.stringify(got) !== JSON.stringify(reference)) fail(`outputs differ: ${JSON.stringify(got)}`);
        const left = await temporaries(project.root);
        if (left.length > 0) fail(`leftovers: ${left.join(', ')}`);
        const verify = await cli(project, ['verify']);
        if (verify.code !== 0) fail(`verify found damage: ${verify.stderr}`);
      } finally {
        await rm(project.root, { recursive: true, force: true });
      }
    });
    expect(problems).toEqual([]);
  }, 600_000);
});
