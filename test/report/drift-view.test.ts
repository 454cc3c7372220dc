import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimsFile } from '../../report/claims-file.ts';
import { compareReports } from '../../report/drift.ts';
import { driftHtml, driftSummary, SUMMARY_MAX_CHARS } from '../../report/drift-view.ts';
import { makeFixture } from './fixtures.ts';
import { writeReport } from './report-dirs.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A baseline and a report whose figure data, SVG, one verdict and one line of text changed. */
function drifted(lines = 1) {
  const root = mkdtempSync(join(tmpdir(), 'tms-drift-view-'));
  made.push(root);
  const claims = claimsFile(makeFixture().experiments);
  const changed = JSON.parse(JSON.stringify(claims)) as typeof claims;
  changed.experiments.intro!.intro_pentagon!.verdict = 'holds';
  const base = writeReport(join(root, 'base'), {
    claims,
    spec: {
      data: {
        values: [
          { x: 1, y: 0.5 },
          { x: 2, y: 0.25 },
        ],
      },
    },
    md: `# R\n\n${Array.from({ length: lines }, (_, i) => `old line ${i}`).join('\n')}\n`,
  });
  const cur = writeReport(join(root, 'cur'), {
    claims: changed,
    spec: {
      data: {
        values: [
          { x: 1, y: 0.75 },
          { x: 2, y: 0.25 },
        ],
      },
    },
    svg: '<svg width="10" height="12"></svg>',
    md: `# R\n\n${Array.from({ length: lines }, (_, i) => `new line ${i}`).join('\n')}\n`,
  });
  return { base, cur, drift: compareReports(cur, base) };
}

describe('driftHtml', () => {
  it('puts the baseline and the new figure side by side with the changed data point, the claim change and the text diff', () => {
    const { base, cur, drift } = drifted();
    const html = driftHtml(drift, cur, base, 'HEAD (abc)');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<h3 id="figure-f">f</h3>');
    // both SVGs inline as data, so the page is one file
    expect(html).toContain(`src="data:image/svg+xml;base64,${Buffer.from('<svg width="10" height="10"></svg>').toString('base64')}"`);
    expect(html).toContain(`src="data:image/svg+xml;base64,${Buffer.from('<svg width="10" height="12"></svg>').toString('base64')}"`);
    expect(html).toContain('<tr><td><code>$.data.values[0].y</code></td><td>0.5</td><td>0.75</td></tr>');
    expect(html).toContain(
      '<td>intro</td><td><code>intro_pentagon</code></td><td>verdict</td><td>does-not-hold (0/2)</td><td>holds (0/2)</td>',
    );
    expect(html).toContain('<span class="del">-old line 0</span><span class="add">+new line 0</span>');
    expect(html).not.toMatch(/\b(?:src|href)="https?:/);
  });
});

describe('driftSummary', () => {
  it('lists what changed in Markdown', () => {
    const { drift } = drifted();
    const md = driftSummary(drift, 'HEAD (abc)');
    expect(md).toContain('### Report drift against HEAD (abc)');
    expect(md).toContain('1 figure(s), 1 claim change(s) and 2 text file(s) changed');
    expect(md).toContain('| `intro` | `intro_pentagon` | verdict | does-not-hold (0/2) | holds (0/2) |');
    expect(md).toContain('```diff\n@@ -2 +2 @@\n \n-old line 0\n+new line 0\n```');
  });

  it('stays under the size of a pull-request comment, closing its code block', () => {
    const { drift } = drifted(4000);
    const md = driftSummary(drift, 'HEAD');
    expect(md.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    expect(md).toContain('cut here to fit a comment');
    expect((md.match(/```/g) ?? []).length % 2).toBe(0);
  });
});
