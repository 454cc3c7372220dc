// A tiny project for testing the generic engine: stage 'make' (one node per item) writes
// 2 × params.values[item]; stage 'sum' adds them up. Every run of a stage appends a line to
// runs.log, so a test can count what really ran (and see in which order). A 'make' node of a value of
// 1000 or more splits into three shards (for an executor that splits them): shard k writes its share
// (k + 1)/6 of 2 × value, and the merge adds the shares up into what a whole run writes.

import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const engine = fileURLToPath(new URL('../../pipeline/', import.meta.url));

const DEFINITION = `
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParamsError } from '${engine}errors.ts';

const root = dirname(fileURLToPath(import.meta.url));
const logRun = async (id) => {
  await appendFile(join(root, 'runs.log'), id + '\\n');
  await appendFile(join(root, 'pids.log'), process.pid + '\\n');
};

export const definition = {
  name: 'fixture',
  root,
  paramsFile: 'params.yaml',
  parseParams(raw, file) {
    for (const [k, v] of Object.entries(raw.values ?? {})) {
      if (typeof v !== 'number') throw new ParamsError(file, 'values.' + k, 'must be a number');
    }
    return raw;
  },
  items: (params) => Object.keys(params.values),
  stages: [
    {
      name: 'make', description: 'double a value', file: 'stages/make.js', foreach: true, needs: [],
      paramKeys: (params, item) => ['values.' + item],
      shards: {
        count: async (ctx) => (ctx.params.values[ctx.node.item] >= 1000 ? 3 : 1),
        async merge(ctx, parts) {
          await logRun(ctx.node.id + ' merge');
          let total = 0;
          for (const part of parts) total += JSON.parse(await readFile(join(part, 'share.json'), 'utf8'));
          await writeFile(join(ctx.outDir, 'partial.json'), '1');
          await writeFile(join(ctx.outDir, 'value.json'), JSON.stringify(total));
        },
      },
      async run(ctx) {
        const value = ctx.params.values[ctx.node.item];
        if (ctx.shard) {
          const { index, count } = ctx.shard;
          await logRun(ctx.node.id + ' shard ' + (index + 1) + '/' + count);
          if (value === 1996) await new Promise((resolve) => setTimeout(resolve, 6_000)); // a shard to kill a worker in
          await writeFile(join(ctx.outDir, 'share.json'), JSON.stringify((2 * value * (index + 1)) / 6));
          return;
        }
        await logRun(ctx.node.id);
        await writeFile(join(ctx.outDir, 'partial.json'), '1');
        if (value === 999) await new Promise((resolve) => setTimeout(resolve, 60_000)); // a node to interrupt
        if (value === 998) await new Promise((resolve) => setTimeout(resolve, 1_500)); // a node to edit the code behind
        if (value === 996) await new Promise((resolve) => setTimeout(resolve, 6_000)); // a job to kill a worker in
        if (value === 997) globalThis.held = Buffer.alloc(600 * 1024 * 1024, 1); // a node that holds 600 MiB
        await writeFile(join(ctx.outDir, 'value.json'), JSON.stringify(2 * value));
      },
    },
    {
      name: 'sum', description: 'add up', file: 'stages/sum.js', foreach: false,
      // a test makes its output one that git carries (a committed report)
      outputsInGit: process.env.FIXTURE_SUM_IN_GIT === '1',
      needs: [{ stage: 'make', items: 'all' }],
      paramKeys: () => ['fail'],
      // a version only this stage depends on (a test changes it through the environment)
      toolchain: () => ({ 'sum-tool': process.env.FIXTURE_SUM_TOOL ?? '1.0.0' }),
      async run(ctx) {
        await logRun(ctx.node.id);
        if (ctx.params.fail) {
          await writeFile(join(ctx.outDir, 'partial.json'), '1');
          throw new Error('deliberate failure');
        }
        let total = 0;
        for (const item of ctx.inputItems('make')) total += JSON.parse(await readFile(join(ctx.input('make', item), 'value.json'), 'utf8'));
        // FIXTURE_SUM_OFFSET changes the result without changing the key: a stage that is not deterministic
        await writeFile(join(ctx.outDir, 'sum.json'), JSON.stringify(total + Number(process.env.FIXTURE_SUM_OFFSET ?? 0)));
      },
    },
  ],
  toolchain: () => ({ node: process.version }),
  seed: () => 7,
  // a 'make' node costs its value, so that a test can see the heaviest one start first
  estimateCost: (params, node) => (node.stage === 'make' ? params.values[node.item] : 0),
  globalDeps: [],
  runNodeCommand: 'node entry.ts run-node',
  runRecord: 'reports/run-record.md',
  lockFile: 'pipeline.lock.json',
};
`;

const ENTRY = `
import { fileURLToPath } from 'node:url';
import { runCli } from '${engine}cli.ts';
import { definition } from './definition.ts';
process.exitCode = await runCli(definition, process.argv.slice(2), fileURLToPath(import.meta.url));
`;

export interface FixtureProject {
  root: string;
  entry: string;
  setParams(values: Record<string, number>, fail?: boolean): Promise<void>;
  runs(): Promise<string[]>;
  /** the process id each run happened in, in run order */
  pids(): Promise<string[]>;
}

export async function createFixtureProject(): Promise<FixtureProject> {
  const root = await mkdtemp(join(tmpdir(), 'tms-engine-'));
  await mkdir(join(root, 'stages'));
  await writeFile(join(root, 'package.json'), '{"type": "module"}\n');
  await writeFile(join(root, 'definition.ts'), DEFINITION);
  await writeFile(join(root, 'entry.ts'), ENTRY);
  await writeFile(join(root, 'stages', 'make.js'), "import { helper } from './helper.js';\nexport const make = helper;\n");
  await writeFile(join(root, 'stages', 'helper.js'), 'export const helper = 1;\n');
  await writeFile(join(root, 'stages', 'sum.js'), 'export const sum = 1;\n');
  const project = fixtureProjectAt(root);
  await project.setParams({ a: 1, b: 2 });
  return project;
}

/** The fixture project whose files are at `root` (one made by createFixtureProject, or a clone of one). */
export function fixtureProjectAt(root: string): FixtureProject {
  return {
    root,
    entry: join(root, 'entry.ts'),
    async setParams(values, fail = false) {
      const lines = Object.entries(values).map(([k, v]) => `  ${k}: ${v}`);
      await writeFile(join(root, 'params.yaml'), `fail: ${fail}\nvalues:\n${lines.join('\n')}\n`);
    },
    async runs() {
      try {
        return (await readFile(join(root, 'runs.log'), 'utf8')).split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    async pids() {
      try {
        return (await readFile(join(root, 'pids.log'), 'utf8')).split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
  };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the fixture's command line to its end; `onStderr` sees its stderr as it comes. */
export function runFixtureCli(
  project: FixtureProject,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; onStderr?: (text: string) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), project.entry, ...args], {
      cwd: project.root,
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(chunk.toString());
    });
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
