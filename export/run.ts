// Entry point of `npm run export` (package.json: tsx export/run.ts); the command is export/command.ts.

import { pipeline } from '../stages/index.ts';
import { runExport } from './command.ts';

process.exitCode = await runExport(pipeline, process.argv.slice(2));
