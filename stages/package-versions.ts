// Installed versions of npm packages, for cache keys (a result that depends on a package's version must
// be recomputed when it changes).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each package's version, read from node_modules directly (some packages do not export package.json); "missing" when absent. */
export function packageVersions(names: readonly string[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    try {
      versions[name] = (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      versions[name] = 'missing';
    }
  }
  return versions;
}
