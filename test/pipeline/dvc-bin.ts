// DVC for the tests that run it: $DVC_BIN, the project's .venv (what .ci/run installs), or dvc on PATH.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The DVC executable, or undefined (with one loud line, since CI fails on a skipped test) when there is none. */
export function findDvc(what: string): string | undefined {
  for (const candidate of [process.env.DVC_BIN, `${PROJECT_ROOT}.venv/bin/dvc`, 'dvc']) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  console.warn(
    `\n*** SKIPPED: DVC is not installed, so ${what} does not run. ` +
      'Install it with `python3 -m venv .venv && .venv/bin/pip install dvc==3.67.1` (what .ci/run does). ***\n',
  );
  return undefined;
}
