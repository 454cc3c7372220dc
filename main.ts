// Entry point: `npx tsx main.ts <command>` (npm run reproduce, npm run pipeline -- ls, …).
// Project-specific commands and flags are handled here; everything else is the generic engine's CLI.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { USAGE, USAGE_FOOTER, parseArgs, runCli } from './pipeline/cli.ts';
import { isPipelineError, PipelineError } from './pipeline/errors.ts';
import { writeFileAtomic } from './pipeline/fs-atomic.ts';
import { pipeline } from './stages/index.ts';

const PROJECT_USAGE = `${USAGE}  drift [--rev REV] [--accept]             compare reports/replication/ with the report committed
                                           at REV (default HEAD): figure data within tolerance and
                                           SVG byte for byte, verdicts exactly, claim numbers within
                                           tolerance, text byte for byte; --accept stages the current
                                           report in git (git add) as the new baseline
options of every command:
  --backend auto|node-gpu|node|wasm|cpu    override params.yaml's backend
  --engine auto|tfjs|fused                 override params.yaml's training engine
  --base-seeds S1,S2,…                     override params.yaml's base_seeds for this run (e.g. 1,2,3;
                                           experiments with max_base_seeds still use only the first ones)

${USAGE_FOOTER}`;

/** Where a failed drift gate writes its diff for a reviewer (outside the report, never committed). */
const DRIFT_DIR = 'reports/drift';

/** The drift gate: the working tree's report against the one committed at `rev`, or (--accept) stage it. */
async function drift(rev: string, accept: boolean): Promise<number> {
  const { REPORT_PATH, ReportBaselineError, extractReport } = await import('./report/git-baseline.ts');
  const current = join(pipeline.root, REPORT_PATH);
  if (!existsSync(join(current, 'report.md'))) {
    process.stderr.write(`drift: no report at ${REPORT_PATH}/ — run 'npm run reproduce' first\n`);
    return 1;
  }
  if (accept) {
    execFileSync('git', ['add', '--all', '--', REPORT_PATH], { cwd: pipeline.root, stdio: 'inherit' });
    const staged = execFileSync('git', ['diff', '--cached', '--stat', '--', REPORT_PATH], { cwd: pipeline.root, encoding: 'utf8' });
    process.stderr.write(
      `${staged.trim() || 'the report is as committed: nothing to stage'}\nthe report is staged as the new baseline; commit it\n`,
    );
    return 0;
  }
  const { compareReports, formatReportDrift } = await import('./report/drift.ts');
  let baseline;
  try {
    baseline = extractReport(pipeline.root, rev);
  } catch (error) {
    if (!(error instanceof ReportBaselineError)) throw error;
    process.stderr.write(`drift: ${error.message}\n`);
    return 1;
  }
  const out = join(pipeline.root, DRIFT_DIR);
  try {
    const name = `${rev} (${baseline.commit.slice(0, 12)})`;
    const report = compareReports(current, baseline.dir);
    process.stderr.write(`${formatReportDrift(report, name)}\n`);
    rmSync(out, { recursive: true, force: true });
    if (report.ok) return 0;
    // what a reviewer opens: the figures side by side, the claim changes, the text diff; and a comment's worth
    const { driftHtml, driftSummary } = await import('./report/drift-view.ts');
    mkdirSync(out, { recursive: true });
    await writeFileAtomic(join(out, 'drift.html'), driftHtml(report, current, baseline.dir, name));
    await writeFileAtomic(join(out, 'summary.md'), driftSummary(report, name));
    process.stderr.write(
      `the drift diff: ${DRIFT_DIR}/drift.html (and ${DRIFT_DIR}/summary.md for a pull-request comment)\n` +
        "if the change is intended, run 'npm run report:accept' and commit the report\n",
    );
    return 1;
  } finally {
    baseline.remove();
  }
}

const argv = process.argv.slice(2);
// --backend, --engine and --base-seeds override params.yaml for this run and the child processes it starts.
for (const [flag, variable] of [
  ['--backend', 'TMS_BACKEND'],
  ['--engine', 'TMS_ENGINE'],
  ['--base-seeds', 'TMS_BASE_SEEDS'],
] as const) {
  const at = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (at < 0) continue;
  const arg = argv[at]!;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
  argv.splice(at, arg.includes('=') ? 1 : 2);
  process.env[variable] = value ?? '';
}

if (argv[0] === 'drift') {
  try {
    const args = parseArgs(argv.slice(1), 'drift', { values: ['rev'], switches: ['accept'] });
    if (args.positional.length > 0) throw new PipelineError('E_USAGE', `drift takes no arguments, got ${args.positional.join(' ')}`);
    const rev = args.flags.get('rev');
    process.exitCode = await drift(typeof rev === 'string' ? rev : 'HEAD', args.flags.has('accept'));
  } catch (error) {
    if (!isPipelineError(error)) throw error;
    process.stderr.write(`error [${error.code}]: ${error.message}\n`);
    process.exitCode = 2;
  }
} else if (argv[0] === undefined || argv[0] === 'help' || argv[0] === '--help') process.stdout.write(PROJECT_USAGE);
else process.exitCode = await runCli(pipeline, argv, fileURLToPath(import.meta.url));
