// What a reviewer sees when the drift gate fails: one self-contained HTML page (each changed figure's
// baseline and new SVG side by side with its changed data points, the changed verdicts and claim numbers,
// the text diff) and a Markdown summary short enough for a pull-request comment.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem, SPEC_SUFFIX, SVG_SUFFIX, type DriftProblem } from '../figures/drift.ts';
import { claimChangeParts, type ReportDrift } from './drift.ts';
import { escapeHtml } from './slots/format.ts';

/** A pull-request comment holds at most 65,536 characters; the summary stays well under. */
export const SUMMARY_MAX_CHARS = 60_000;

/** The figures that drifted, each with its problems, in id order. */
function changedFigures(drift: ReportDrift): Array<{ id: string; problems: DriftProblem[] }> {
  const byId = new Map<string, DriftProblem[]>();
  for (const p of drift.figures.problems) byId.set(p.figure, [...(byId.get(p.figure) ?? []), p]);
  return [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, problems]) => ({ id, problems }));
}

function svgImage(dir: string, id: string, label: string): string {
  const path = join(dir, 'figures', id + SVG_SUFFIX);
  if (!existsSync(path)) return `<div class="side"><h4>${label}</h4><p class="absent">(absent)</p></div>`;
  const data = readFileSync(path).toString('base64');
  return `<div class="side"><h4>${label}</h4><img alt="${escapeHtml(`${id}, ${label}`)}" src="data:image/svg+xml;base64,${data}"></div>`;
}

const CSS = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 90rem; padding: 0 1rem; color: #1f1f1f; }
h1 { font-size: 1.5rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; } h3 { margin-top: 1.8rem; }
.pair { display: flex; flex-wrap: wrap; gap: 1rem; } .side { flex: 1 1 30rem; min-width: 0; overflow-x: auto; }
.side img { max-width: 100%; height: auto; border: 1px solid #ddd; background: white; }
table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
pre { background: #f6f6f2; padding: 0.6rem; overflow-x: auto; } .add { background: #e3f3e3; display: block; }
.del { background: #f8e1de; display: block; } .absent { color: #888; }
`.trim();

/** The page: every changed figure side by side, the claim changes, the text diff; nothing fetched. */
export function driftHtml(drift: ReportDrift, currentDir: string, baselineDir: string, baselineName: string): string {
  const parts: string[] = [];
  const figures = changedFigures(drift);
  parts.push(`<h1>Report drift: ${escapeHtml(baselineName)} → this report</h1>`);
  parts.push(
    `<p>${figures.length} figure(s), ${drift.claims.length} claim change(s), ${drift.text.length} text file(s) changed` +
      ` (figure data and claim numbers within ${drift.figures.tolerance} of each other count as unchanged).</p>`,
  );
  parts.push('<h2>Figures</h2>');
  if (figures.length === 0) parts.push('<p>Every figure is as in the baseline.</p>');
  for (const { id, problems } of figures) {
    const points = problems.flatMap((p) => (p.kind === 'data' ? p.points : []));
    parts.push(`<h3 id="figure-${escapeHtml(id)}">${escapeHtml(id)}</h3>`);
    parts.push(`<ul>${problems.map((p) => `<li>${escapeHtml(formatProblem(p))}</li>`).join('')}</ul>`);
    if (points.length > 0) {
      parts.push(
        `<table><thead><tr><th>data point (${escapeHtml(id + SPEC_SUFFIX)})</th><th>baseline</th><th>this report</th></tr></thead><tbody>` +
          points.map((q) => `<tr><td><code>${escapeHtml(q.path)}</code></td><td>${q.baseline}</td><td>${q.current}</td></tr>`).join('') +
          '</tbody></table>',
      );
    }
    parts.push(`<div class="pair">${svgImage(baselineDir, id, 'baseline')}${svgImage(currentDir, id, 'this report')}</div>`);
  }
  parts.push('<h2>Claims</h2>');
  parts.push(
    drift.claims.length === 0
      ? '<p>Every verdict, per-seed result and claim number is as in the baseline.</p>'
      : '<table><thead><tr><th>experiment</th><th>claim</th><th>what</th><th>baseline</th><th>this report</th></tr></thead><tbody>' +
          drift.claims
            .map((c) => {
              const w = claimChangeParts(c);
              return `<tr><td>${escapeHtml(c.experiment)}</td><td><code>${escapeHtml(c.claim)}</code></td><td>${escapeHtml(w.what)}</td><td>${escapeHtml(w.baseline)}</td><td>${escapeHtml(w.current)}</td></tr>`;
            })
            .join('') +
          '</tbody></table>',
  );
  parts.push('<h2>Text</h2>');
  if (drift.text.length === 0) parts.push('<p>report.md and report.html are as in the baseline.</p>');
  for (const t of drift.text) {
    parts.push(`<h3>${escapeHtml(t.file)}</h3>`);
    if (t.missing) {
      parts.push(`<p>Absent from the ${t.missing === 'baseline' ? 'baseline' : 'new report'}.</p>`);
      continue;
    }
    if (t.hunks.length === 0) {
      parts.push('<p>Differs (it is rendered from the same text as report.md; see its changes).</p>');
      continue;
    }
    const body = t.hunks
      .map(
        (h) =>
          `<span>@@ baseline line ${h.baselineStart}, this report line ${h.currentStart}</span>\n` +
          h.lines
            .map((l) => {
              const cls = l.startsWith('+') ? ' class="add"' : l.startsWith('-') ? ' class="del"' : '';
              return `<span${cls}>${escapeHtml(l)}</span>`;
            })
            .join(''),
      )
      .join('\n');
    parts.push(`<pre>${body}</pre>`);
  }
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>Report drift against ${escapeHtml(baselineName)}</title>\n<style>\n${CSS}\n</style>\n</head>\n<body>\n${parts.join('\n')}\n</body>\n</html>\n`
  );
}

/** A Markdown summary for a pull-request comment: what changed, at most SUMMARY_MAX_CHARS characters. */
export function driftSummary(drift: ReportDrift, baselineName: string): string {
  const figures = changedFigures(drift);
  const head = [
    `### Report drift against ${baselineName}`,
    '',
    drift.ok
      ? 'The report is as in the baseline.'
      : `${figures.length} figure(s), ${drift.claims.length} claim change(s) and ${drift.text.length} text file(s) changed. ` +
        'The drift diff (`drift.html`) shows each changed figure beside its baseline.',
    '',
  ];
  const body: string[] = [];
  if (figures.length > 0) {
    body.push('**Figures**', '');
    for (const { id, problems } of figures) body.push(`- \`${id}\`: ${problems.map(formatProblem).join('; ')}`);
    body.push('');
  }
  if (drift.claims.length > 0) {
    body.push('**Claims**', '', '| experiment | claim | what | baseline | this report |', '| --- | --- | --- | --- | --- |');
    for (const c of drift.claims) {
      const w = claimChangeParts(c);
      body.push(`| \`${c.experiment}\` | \`${c.claim}\` | ${w.what} | ${w.baseline} | ${w.current} |`);
    }
    body.push('');
  }
  for (const t of drift.text) {
    if (t.hunks.length === 0) continue;
    body.push(`**${t.file}**`, '', '```diff');
    for (const h of t.hunks)
      body.push(`@@ -${h.baselineStart} +${h.currentStart} @@`, ...h.lines.map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l)));
    body.push('```', '');
  }
  let text = [...head, ...body].join('\n');
  if (text.length > SUMMARY_MAX_CHARS) {
    const note = '\n\n*(cut here to fit a comment: the drift diff has everything)*\n';
    const fence = text.lastIndexOf('```diff', SUMMARY_MAX_CHARS) > text.lastIndexOf('```\n', SUMMARY_MAX_CHARS) ? '\n```' : '';
    text = text.slice(0, SUMMARY_MAX_CHARS - note.length - fence.length - 1).replace(/\n[^\n]*$/, '') + fence + note;
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}
