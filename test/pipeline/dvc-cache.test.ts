// DVC's `.dir` listing, byte for byte as DVC writes it: Python's json.dumps(…, sort_keys=True) of the
// entries sorted by path is the oracle (DVC 3's Tree.as_bytes), run by the Python that DVC needs anyway.

import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { dvcDirListing } from '../../pipeline/dvc-cache.ts';

const python = spawnSync('python3', ['--version']).status === 0;
if (!python) console.warn('\n*** SKIPPED: python3 is missing, so the .dir listing is not checked against json.dumps. ***\n');

describe.skipIf(!python)('dvcDirListing', () => {
  it("is Python's json.dumps of the entries sorted by path, non-ASCII names and code-point order included", () => {
    const files: Record<string, string> = {
      'weights.json': '0123456789abcdef0123456789abcdef',
      'Zeta.f32': 'fedcba9876543210fedcba9876543210',
      'figures/ü-accent.svg': '00112233445566778899aabbccddeeff',
      'figures/\u{1f600}.svg': 'ffeeddccbbaa99887766554433221100',
      'figures/\uff21.svg': '11111111111111111111111111111111',
      'a"quote\\slash.json': '22222222222222222222222222222222',
    };
    const script =
      'import json, sys\n' +
      'files = json.load(sys.stdin)\n' +
      "entries = sorted(({'md5': h, 'relpath': p} for p, h in files.items()), key=lambda e: e['relpath'])\n" +
      'sys.stdout.write(json.dumps(entries, sort_keys=True))\n';
    const expected = execFileSync('python3', ['-c', script], { input: JSON.stringify(files), encoding: 'utf8' });
    expect(dvcDirListing(files)).toBe(expected);
  });
});
