// Entry point: `npx tsx main.ts <command>` (npm run reproduce, npm run pipeline -- ls, …).
// Project-specific flags are handled here; everything else is the generic engine's CLI.

import { fileURLToPath } from 'node:url';
import { runCli } from './pipeline/cli.ts';
import { pipeline } from './stages/index.ts';

const argv = process.argv.slice(2);
// --backend overrides params.yaml's backend for this run and the child processes it starts.
const at = argv.findIndex((a) => a === '--backend' || a.startsWith('--backend='));
if (at >= 0) {
  const arg = argv[at]!;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
  argv.splice(at, arg.includes('=') ? 1 : 2);
  process.env.TMS_BACKEND = value ?? '';
}

process.exitCode = await runCli(pipeline, argv, fileURLToPath(import.meta.url));
