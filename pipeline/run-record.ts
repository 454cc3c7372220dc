// The run record: what one `reproduce` run did that is not a result — when and where it ran, from which
// commit, which nodes ran or came from the cache and how long each took. It is written beside the
// outputs (PipelineDefinition.runRecord) so that the outputs stay a function of their inputs: a document
// that embedded these facts would change on every run and every machine, and so would DVC's hash of it.

import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { cpus, hostname, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './fs-atomic.ts';
import type { NodeOutcome, ReproduceSummary } from './scheduler.ts';

export interface RunFacts {
  /** git commit of the working tree ("-dirty" when tracked files had changes), or "unknown" */
  commit: string;
  /** ISO times of the run's start and end */
  startedAt: string;
  finishedAt: string;
  host: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  /** nodes run at once (Infinity: every ready node, queued for workers) */
  jobs: number;
  /** the failure's one line, when the run stopped on one */
  failure?: string;
}

/** The commit of the working tree, marked "-dirty" when tracked files have uncommitted changes. */
export function gitCommit(root: string): string {
  const git = (args: string[]): string =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const head = git(['rev-parse', 'HEAD']);
    return git(['status', '--porcelain', '--untracked-files=no']) === '' ? head : `${head}-dirty`;
  } catch {
    return 'unknown';
  }
}

/** The facts of a run that started at `startedAt` and ends now, on this machine. */
export function runFacts(root: string, startedAt: Date, jobs: number, failure?: string): RunFacts {
  const cpu = cpus();
  return {
    commit: gitCommit(root),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    host: hostname(),
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    jobs,
    ...(failure !== undefined ? { failure } : {}),
  };
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** A node's result and seconds as the run's summary and its record print them (a hit: the original run's). */
export function outcomeCells(o: NodeOutcome): { result: string; seconds: string } {
  return {
    result:
      o.status !== 'hit'
        ? o.status
        : o.fromStore === true
          ? 'cache hit (shared store)'
          : o.adopted === true
            ? 'adopted (lock file)'
            : 'cache hit',
    // an adopted result came without the run that made it, so without its time
    seconds: (o.status === 'hit' && o.adopted !== true) || o.status === 'ran' ? o.seconds.toFixed(1) : '',
  };
}

/** The record as Markdown: the facts, then one row per node (a cache hit keeps the time of the run that computed it). */
export function formatRunRecord(name: string, facts: RunFacts, summary: ReproduceSummary): string {
  const ran = summary.outcomes.filter((o) => o.status === 'ran');
  const hits = summary.outcomes.filter((o) => o.status === 'hit');
  const lines = [
    `# Run record of ${name}`,
    '',
    'The facts of the last `reproduce` run in this checkout. They are not part of the report, whose bytes follow from the code, the parameters, the seeds and the toolchain alone.',
    '',
    `- commit: \`${facts.commit}\``,
    `- started ${facts.startedAt}, finished ${facts.finishedAt} (${summary.seconds.toFixed(1)} s)`,
    `- host: ${cell(facts.host)}, ${cell(facts.cpu)} × ${facts.cores}, ${facts.memoryGiB} GiB; Node ${facts.node}; ${Number.isFinite(facts.jobs) ? `${facts.jobs} parallel node${facts.jobs === 1 ? '' : 's'}` : 'every ready node queued for workers'}`,
    `- ${ran.length} ran (${ran.reduce((s, o) => s + o.seconds, 0).toFixed(1)} s of node time), ${hits.length} cache hits, ${summary.outcomes.length} nodes; peak memory ${Math.round(summary.peakMemoryMiB)} MiB (the largest process)`,
    ...(facts.failure !== undefined ? [`- stopped: ${cell(facts.failure)}`] : []),
    '',
    '| node | result | seconds | cache key |',
    '|---|---|---:|---|',
    ...summary.outcomes.map((o) => {
      const { result, seconds } = outcomeCells(o);
      return `| \`${o.node}\` | ${result} | ${seconds} | ${o.key !== undefined ? `\`${o.key.slice(0, 12)}\`` : ''} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

/** Writes the record to `file` (relative to root), replacing the previous run's; returns its path. */
export async function writeRunRecord(
  root: string,
  file: string,
  name: string,
  facts: RunFacts,
  summary: ReproduceSummary,
): Promise<string> {
  const path = join(root, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, formatRunRecord(name, facts, summary));
  return path;
}
