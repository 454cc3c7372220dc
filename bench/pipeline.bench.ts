// The whole pipeline's cold and warm time (npm run bench:pipeline): a copy of the working tree with the
// committed params.yaml, an empty cache, `reproduce` once cold, then `reproduce` again several times with
// nothing changed, and once more without the workspace copies' stat fingerprints (what a warm run would
// cost if it hashed every copy). Targets (shared/guide/performance.md, issues 10 and 12): cold under 15
// minutes on the 2-core machine with every base seed of params.yaml, warm under 1 s. Machines are shared:
// the other processes' CPU use during the cold run is reported beside the times (bench/load.ts).
//
//   npm run bench:pipeline                     cold once, warm 5 times (about 20 minutes on two busy cores)
//   npm run bench:pipeline -- --warm 9         warm runs (the median is reported)
//   npm run bench:pipeline -- --base-seeds 1   another seed list for the copy (e.g. one seed, to compare)
//   npm run bench:pipeline -- --out DIR        where pipeline.{json,md} go (default reports/bench)

import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from '../pipeline/cli.ts';
import { childrenCpuSeconds, foreignCores, markLoad } from './load.ts';
import { copyWorkingTree, PROJECT_ROOT } from './working-tree.ts';

interface Run {
  wallSeconds: number;
  /** "N ran, M cache hits, K nodes in S s" */
  summary: string;
  /** node → seconds of its run, for the nodes that ran */
  nodes: Record<string, number>;
}

function reproduce(dir: string, extra: string[]): Run {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(dir, 'main.ts'), 'reproduce', ...extra], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`reproduce failed (exit ${r.status}):\n${r.stderr.split('\n').slice(-20).join('\n')}`);
  const nodes: Record<string, number> = {};
  for (const line of r.stderr.split('\n')) {
    const m = /^(\S+@\S+|report)\s+ran\s+([\d.]+) s$/.exec(line.trim());
    if (m) nodes[m[1]!] = Number(m[2]);
  }
  const summary = r.stderr.split('\n').find((l) => /^\d+ ran, \d+ cache hits/.test(l)) ?? '?';
  return { wallSeconds, summary, nodes };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), 'bench:pipeline', { values: ['warm', 'out', 'base-seeds'] });
  const warmRuns = Number(args.flags.get('warm') ?? 5);
  const out = resolve(String(args.flags.get('out') ?? join(PROJECT_ROOT, 'reports', 'bench')));
  const seeds = args.flags.get('base-seeds');
  const extra = typeof seeds === 'string' ? ['--base-seeds', seeds] : [];
  const dir = await copyWorkingTree(['reports/replication/']);
  process.stderr.write(`bench:pipeline: cold reproduce in ${dir}${extra.length > 0 ? ` (${extra.join(' ')})` : ''}\n`);
  try {
    const start = markLoad();
    const children0 = childrenCpuSeconds();
    const cold = reproduce(dir, extra);
    // the reproduce child and its pool processes are ours: their CPU time is not the machine's other load
    const foreign = foreignCores(start, markLoad(), childrenCpuSeconds() - children0);
    process.stderr.write(`bench:pipeline: cold ${cold.wallSeconds.toFixed(1)} s (${cold.summary}); warm ×${warmRuns}\n`);
    const warm = Array.from({ length: warmRuns }, () => reproduce(dir, extra));
    const warmMedian = median(warm.map((w) => w.wallSeconds));
    // the same warm run without the workspace copies' stat fingerprints (cache/workspace/): every copy is
    // hashed again, as before the fingerprints existed; the next warm run records them anew
    await rm(join(dir, 'cache', 'workspace'), { recursive: true, force: true });
    const unindexed = reproduce(dir, extra);
    const longest = Object.entries(cold.nodes)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10);
    const result = {
      date: new Date().toISOString(),
      baseSeeds: typeof seeds === 'string' ? seeds : 'params.yaml',
      cold: { seconds: cold.wallSeconds, summary: cold.summary, otherProcessesCores: foreign },
      warm: { runs: warm.map((w) => w.wallSeconds), medianSeconds: warmMedian, summary: warm[0]?.summary },
      warmWithoutFingerprints: { seconds: unindexed.wallSeconds, summary: unindexed.summary },
      longestNodes: Object.fromEntries(longest),
    };
    const md = [
      '# Pipeline: cold and warm reproduce',
      '',
      `Measured ${result.date} on a copy of the working tree, base seeds: ${result.baseSeeds}.`,
      '',
      '| run | wall-clock | summary |',
      '|---|---:|---|',
      `| cold | ${cold.wallSeconds.toFixed(1)} s | ${cold.summary} |`,
      `| warm (median of ${warmRuns}) | ${warmMedian.toFixed(2)} s | ${result.warm.summary} |`,
      `| warm, every workspace copy rehashed (no stat fingerprints) | ${unindexed.wallSeconds.toFixed(2)} s | ${unindexed.summary} |`,
      '',
      foreign === null ? '' : `Other processes used ${foreign.toFixed(2)} cores on average during the cold run.`,
      '',
      'The ten longest nodes of the cold run:',
      '',
      '| node | seconds |',
      '|---|---:|',
      ...longest.map(([n, sec]) => `| \`${n}\` | ${sec.toFixed(1)} |`),
      '',
    ].join('\n');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'pipeline.json'), `${JSON.stringify(result, null, 2)}\n`);
    await writeFile(join(out, 'pipeline.md'), md);
    process.stdout.write(md);
    process.stderr.write(`bench:pipeline: wrote ${join(out, 'pipeline.md')}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
