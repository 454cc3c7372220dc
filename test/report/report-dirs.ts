// Small report directories (laid out as reports/replication/) for the drift gate's tests.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { claimsFile, type ClaimsFile } from '../../report/claims-file.ts';
import { makeFixture } from './fixtures.ts';

/** A report directory: report.md, report.html, claims.json and one figure. */
export function writeReport(dir: string, options: { md?: string; claims?: ClaimsFile; svg?: string; spec?: unknown } = {}): string {
  mkdirSync(join(dir, 'figures'), { recursive: true });
  writeFileSync(join(dir, 'report.md'), options.md ?? '# Report\n\nline one\nline two\nline three\n');
  writeFileSync(join(dir, 'report.html'), `<p>${options.md ?? 'same'}</p>\n`);
  writeFileSync(join(dir, 'claims.json'), JSON.stringify(options.claims ?? claimsFile(makeFixture().experiments)));
  writeFileSync(join(dir, 'figures', 'f.vl.json'), JSON.stringify(options.spec ?? { data: { values: [{ x: 1, y: 0.5 }] } }));
  writeFileSync(join(dir, 'figures', 'f.svg'), options.svg ?? '<svg width="10" height="10"></svg>');
  return dir;
}
