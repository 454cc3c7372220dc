// npm run setup:native, as a user calls it: an unknown option is one line and exit 2; with the backend
// set up (as .ci/run does), a second run checks it, leaves it alone and says so.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../bench/working-tree.ts';
import { NATIVE_READY } from '../model/backend-scope.ts';

function setup(args: string[]): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), 'setup/native.ts', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  return { status: run.status, stderr: run.stderr };
}

describe('npm run setup:native', () => {
  it('refuses an unknown option in one line, naming the one it accepts', () => {
    const run = setup(['--cuda']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'setup:native: unknown option --cuda; allowed: --gpu (the CUDA build, @tensorflow/tfjs-node-gpu)',
    ]);
  });

  it.skipIf(!NATIVE_READY)('is idempotent: an installed backend is checked by running an op, and left alone', () => {
    const run = setup([]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/@tensorflow\/tfjs-node is already set up: libtensorflow [0-9.]+, running on the CPU; nothing to do/);
  });
});
