// Entry point: `npx tsx main.ts <command>` (npm run reproduce, npm run pipeline -- ls, …).
// Project-specific commands and flags are handled here; everything else is the generic engine's CLI.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { USAGE, runCli } from './pipeline/cli.ts';
import { pipeline } from './stages/index.ts';

/** Where `npm run reproduce` puts the figures, and the committed baseline the drift gate compares with. */
export const FIGURES_DIR = join(pipeline.root, 'reports', 'replication', 'figures');
export const BASELINE_DIR = join(pipeline.root, 'test', 'baseline', 'figures');

const PROJECT_USAGE = `${USAGE}  drift [--accept]                         compare reports/replication/figures with the baseline
                                           (data within tolerance, SVG byte for byte); --accept
                                           makes the current figures the new baseline
options of every command:
  --backend auto|node-gpu|node|wasm|cpu    override params.yaml's backend
  --engine auto|tfjs|fused                 override params.yaml's training engine
  --base-seeds S1,S2,…                     override params.yaml's base_seeds for this run (e.g. 1,2,3;
                                           experiments with max_base_seeds still use only the first ones)
`;

async function drift(accept: boolean): Promise<number> {
  const { acceptBaseline, compareFigures, formatDriftReport } = await import('./figures/drift.ts');
  if (accept) {
    const { copied, removed } = acceptBaseline(FIGURES_DIR, BASELINE_DIR);
    process.stderr.write(
      `baseline updated: ${copied.length} file(s) copied, ${removed.length} removed (test/baseline/figures); commit it\n`,
    );
    return 0;
  }
  const report = compareFigures(FIGURES_DIR, BASELINE_DIR);
  process.stderr.write(`${formatDriftReport(report)}\n`);
  if (!report.ok) process.stderr.write("if the change is intended, run 'npm run figures:accept' and commit test/baseline/figures\n");
  return report.ok ? 0 : 1;
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

if (argv[0] === 'drift') process.exitCode = await drift(argv.includes('--accept'));
else if (argv[0] === undefined || argv[0] === 'help' || argv[0] === '--help') process.stdout.write(PROJECT_USAGE);
else process.exitCode = await runCli(pipeline, argv, fileURLToPath(import.meta.url));
