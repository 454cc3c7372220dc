// Fills the report template (report/template.md) with the slot values of report/slots.ts and renders
// it twice: a Markdown file whose figures are image links to figures/<id>.svg, and one self-contained
// HTML page (inline CSS, inline SVG, nothing fetched from anywhere).
//
// Template syntax (everything else is Markdown):
//   {{name}}                      the value of slot `name` (see SLOTS in slots.ts)
//   {{figure:<experiment>-<sfx>}} the figure of <experiment> whose id ends in <sfx>, numbered in order
//   {{figref:<experiment>-<sfx>}} "Figure N" for a figure shown anywhere in the report
//   {{#if flag}} … {{else}} … {{/if}}   keep one branch, by a flag of FLAGS in slots.ts or has.<experiment>
//                                 (true when that experiment, which must have a module, is in the run) (nestable)
//   {{further-experiments}}       a section for each experiment of the run that the template never names
//                                 (in a has.<id> condition or a figure key): its settings, figures and claims
// A tag alone on its line removes the line. An unknown name, a slot without a value, a missing figure
// or an unbalanced {{#if}} is an error that names the slot and the template line; nothing is left blank.

import { readFileSync } from 'node:fs';
import MarkdownIt, { type MarkdownIt as MarkdownItInstance } from 'markdown-it';
import type { BuiltReport, RenderedFigure, ReportInput } from './types.ts';
import {
  FLAGS,
  SLOTS,
  createSlotContext,
  escapeMd,
  findFigure,
  has,
  parseFigureKey,
  type FlagFn,
  type SlotContext,
  type SlotFn,
} from './slots.ts';
import { claimProseSlot } from './slots/claim-prose.ts';
import { orderedExperimentIds } from './slots/context.ts';
import { furtherClaims, furtherIntro } from './slots/further.ts';

export const TEMPLATE_URL = new URL('./template.md', import.meta.url);

export type ReportErrorCode = 'REPORT_SLOT_UNKNOWN' | 'REPORT_SLOT_UNFILLED' | 'REPORT_TEMPLATE_SYNTAX' | 'REPORT_FIGURE';

export class ReportTemplateError extends Error {
  readonly code: ReportErrorCode;
  /** the slot as written between the braces, when the error concerns one */
  readonly slot: string | undefined;

  constructor(code: ReportErrorCode, message: string, slot?: string) {
    super(message);
    this.name = 'ReportTemplateError';
    this.code = code;
    this.slot = slot;
  }
}

export interface BuildOptions {
  /** the template text; defaults to report/template.md */
  template?: string;
  /** the name used in error messages for the template; defaults to its path */
  templateName?: string;
}

export function loadTemplate(): string {
  return readFileSync(TEMPLATE_URL, 'utf8');
}

// ------------------------------------------------------------------------------------------------
// Parsing the template into a tree.

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'slot'; name: string; line: number }
  | { kind: 'figure'; key: string; line: number }
  | { kind: 'figref'; key: string; line: number }
  | { kind: 'further'; line: number }
  | { kind: 'if'; flag: string; line: number; then: Node[]; otherwise: Node[] };

/** The tag that places the sections of the experiments the template does not name. */
const FURTHER_EXPERIMENTS = 'further-experiments';

type Token = { kind: 'text'; text: string } | { kind: 'tag'; body: string; line: number; control: boolean };

const NAME = /^[A-Za-z0-9_.-]+$/;

function tokenize(template: string, source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  const advance = (text: string): void => {
    for (const ch of text) if (ch === '\n') line++;
  };
  while (pos < template.length) {
    const open = template.indexOf('{{', pos);
    if (open < 0) {
      tokens.push({ kind: 'text', text: template.slice(pos) });
      break;
    }
    const before = template.slice(pos, open);
    tokens.push({ kind: 'text', text: before });
    advance(before);
    const close = template.indexOf('}}', open + 2);
    const nextOpen = template.indexOf('{{', open + 2);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      throw new ReportTemplateError('REPORT_TEMPLATE_SYNTAX', `${source}:${line}: '{{' is not closed by '}}'`);
    }
    const body = template.slice(open + 2, close).trim();
    const control = body.startsWith('#') || body.startsWith('/') || body === 'else';
    tokens.push({ kind: 'tag', body, line, control });
    advance(template.slice(open, close + 2));
    pos = close + 2;
  }
  // A control tag alone on its line takes the whole line with it.
  tokens.forEach((t, i) => {
    if (t.kind !== 'tag' || !t.control) return;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const prevOk = !prev || (prev.kind === 'text' && /(^|\n)[ \t]*$/.test(prev.text));
    const nextOk = !next || (next.kind === 'text' && /^[ \t]*(\r?\n|$)/.test(next.text));
    if (!prevOk || !nextOk) return;
    if (prev && prev.kind === 'text') prev.text = prev.text.replace(/[ \t]*$/, '');
    if (next && next.kind === 'text') next.text = next.text.replace(/^[ \t]*\r?\n?/, '');
  });
  return tokens;
}

function parse(template: string, source: string): Node[] {
  const tokens = tokenize(template, source);
  const root: Node[] = [];
  const stack: Array<{ node: Extract<Node, { kind: 'if' }>; inElse: boolean }> = [];
  const target = (): Node[] => {
    const top = stack[stack.length - 1];
    return top ? (top.inElse ? top.node.otherwise : top.node.then) : root;
  };
  for (const t of tokens) {
    if (t.kind === 'text') {
      if (t.text) target().push({ kind: 'text', text: t.text });
      continue;
    }
    const { body, line } = t;
    const ifMatch = /^#if\s+(\S+)$/.exec(body);
    if (ifMatch) {
      const flag = ifMatch[1] ?? '';
      const node: Extract<Node, { kind: 'if' }> = { kind: 'if', flag, line, then: [], otherwise: [] };
      target().push(node);
      stack.push({ node, inElse: false });
    } else if (body === 'else') {
      const top = stack[stack.length - 1];
      if (!top || top.inElse)
        throw new ReportTemplateError('REPORT_TEMPLATE_SYNTAX', `${source}:${line}: {{else}} without an open {{#if}}`);
      top.inElse = true;
    } else if (body === '/if') {
      if (!stack.pop()) throw new ReportTemplateError('REPORT_TEMPLATE_SYNTAX', `${source}:${line}: {{/if}} without an open {{#if}}`);
    } else if (body.startsWith('figure:')) {
      target().push({ kind: 'figure', key: body.slice('figure:'.length).trim(), line });
    } else if (body.startsWith('figref:')) {
      target().push({ kind: 'figref', key: body.slice('figref:'.length).trim(), line });
    } else if (body === FURTHER_EXPERIMENTS) {
      target().push({ kind: 'further', line });
    } else if (NAME.test(body)) {
      target().push({ kind: 'slot', name: body, line });
    } else {
      throw new ReportTemplateError('REPORT_TEMPLATE_SYNTAX', `${source}:${line}: '{{${body}}}' is not a slot, figure or condition`, body);
    }
  }
  const open = stack[stack.length - 1];
  if (open)
    throw new ReportTemplateError(
      'REPORT_TEMPLATE_SYNTAX',
      `${source}:${open.node.line}: {{#if ${open.node.flag}}} is never closed by {{/if}}`,
    );
  return root;
}

// ------------------------------------------------------------------------------------------------
// Evaluating the tree: conditions chosen, slots filled, figures numbered.

type Item =
  | { kind: 'text'; text: string }
  | { kind: 'figure'; figure: RenderedFigure; number: number }
  | { kind: 'figref'; key: string; line: number };

function suggest(name: string): string {
  const prefix = name.split('.')[0] ?? '';
  const near = Object.keys(SLOTS)
    .filter((k) => k.startsWith(`${prefix}.`))
    .sort();
  return near.length > 0 ? ` (slots starting with '${prefix}.': ${near.slice(0, 12).join(', ')}${near.length > 12 ? ', …' : ''})` : '';
}

const EXPERIMENT_FLAG = /^has\.([^.]+)$/;

/** A condition of FLAGS, or has.<id> for an experiment that has a module; undefined for an unknown name. */
export function flagOf(name: string, ctx: SlotContext): FlagFn | undefined {
  const fixed = FLAGS[name];
  if (fixed) return fixed;
  const id = EXPERIMENT_FLAG.exec(name)?.[1];
  return id !== undefined && ctx.input.declared.some((e) => e.id === id) ? has(id) : undefined;
}

/** The experiments the template names: in a has.<id>… condition or a figure key, whichever branch. */
function namedExperiments(nodes: readonly Node[], into = new Set<string>()): Set<string> {
  for (const node of nodes) {
    if (node.kind === 'if') {
      const id = /^has\.([^.]+)/.exec(node.flag)?.[1];
      if (id !== undefined) into.add(id);
      namedExperiments(node.then, into);
      namedExperiments(node.otherwise, into);
    } else if (node.kind === 'figure' || node.kind === 'figref') {
      const ref = parseFigureKey(node.key);
      if (ref) into.add(ref.experiment);
    }
  }
  return into;
}

/** A slot of SLOTS, or <experiment>.claim.<id> for a claim an experiment declares; undefined for an unknown name. */
export function slotOf(name: string, ctx: SlotContext): SlotFn | undefined {
  return SLOTS[name] ?? claimProseSlot(name, ctx.input.declared);
}

function showFigure(figure: RenderedFigure, key: string, out: Item[], shown: Map<string, number>): void {
  const number = shown.size + 1;
  shown.set(key, number);
  out.push({ kind: 'figure', figure, number });
}

function evaluate(nodes: readonly Node[], ctx: SlotContext, source: string, out: Item[], shown: Map<string, number>): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out.push({ kind: 'text', text: node.text });
        break;
      case 'if': {
        const flag = flagOf(node.flag, ctx);
        if (!flag) {
          throw new ReportTemplateError(
            'REPORT_SLOT_UNKNOWN',
            `${source}:${node.line}: unknown condition '{{#if ${node.flag}}}' (known: ${Object.keys(FLAGS).sort().join(', ')}, and has.<id> for the experiments ${ctx.input.declared.map((e) => e.id).join(', ')})`,
            node.flag,
          );
        }
        evaluate(flag(ctx) ? node.then : node.otherwise, ctx, source, out, shown);
        break;
      }
      case 'slot': {
        const fn = slotOf(node.name, ctx);
        if (!fn)
          throw new ReportTemplateError(
            'REPORT_SLOT_UNKNOWN',
            `${source}:${node.line}: unknown slot '{{${node.name}}}'${suggest(node.name)}`,
            node.name,
          );
        let value: string | undefined;
        try {
          value = fn(ctx);
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          throw new ReportTemplateError(
            'REPORT_SLOT_UNFILLED',
            `${source}:${node.line}: slot '{{${node.name}}}' could not be computed: ${msg}`,
            node.name,
          );
        }
        if (value === undefined) {
          const exp = node.name.split('.')[0] ?? '';
          throw new ReportTemplateError(
            'REPORT_SLOT_UNFILLED',
            `${source}:${node.line}: slot '{{${node.name}}}' has no value in this run (is experiment '${exp}' missing? guard the text with {{#if has.${exp}}})`,
            node.name,
          );
        }
        out.push({ kind: 'text', text: value });
        break;
      }
      case 'figure': {
        const slot = `figure:${node.key}`;
        const ref = parseFigureKey(node.key);
        if (!ref)
          throw new ReportTemplateError(
            'REPORT_SLOT_UNKNOWN',
            `${source}:${node.line}: '{{${slot}}}' is not <experiment>-<id suffix>`,
            slot,
          );
        const fig = findFigure(ctx.input, ref);
        if (fig === undefined) {
          throw new ReportTemplateError(
            'REPORT_SLOT_UNFILLED',
            `${source}:${node.line}: '{{${slot}}}': experiment '${ref.experiment}' is not in the input (guard it with {{#if has.${ref.experiment}}})`,
            slot,
          );
        }
        if (fig === null) {
          throw new ReportTemplateError(
            'REPORT_FIGURE',
            `${source}:${node.line}: '{{${slot}}}': experiment '${ref.experiment}' has no figure whose id ends in '${ref.suffix}'`,
            slot,
          );
        }
        if (shown.has(node.key))
          throw new ReportTemplateError('REPORT_FIGURE', `${source}:${node.line}: '{{${slot}}}' is shown twice`, slot);
        showFigure(fig, node.key, out, shown);
        break;
      }
      case 'further':
        ctx.unplaced.forEach((id, k) => {
          out.push({ kind: 'text', text: `${furtherIntro(ctx, id, k + 1)}\n\n` });
          for (const figure of ctx.input.experiments[id]?.figures ?? []) {
            if (shown.has(figure.id))
              throw new ReportTemplateError('REPORT_FIGURE', `${source}:${node.line}: figure '${figure.id}' is shown twice`);
            showFigure(figure, figure.id, out, shown);
            out.push({ kind: 'text', text: '\n\n' });
          }
          out.push({ kind: 'text', text: `${furtherClaims(ctx, id)}\n\n` });
        });
        break;
      case 'figref':
        out.push({ kind: 'figref', key: node.key, line: node.line });
        break;
    }
  }
}

export interface FilledTemplate {
  /** the report as Markdown, figures as image links */
  markdown: string;
  /** the same Markdown with each figure as an HTML comment placeholder, for the HTML renderer */
  markdownForHtml: string;
  /** the figures in the order shown, with their numbers */
  figures: Array<{ figure: RenderedFigure; number: number }>;
}

function placeholder(n: number): string {
  return `<!--tms-figure-${n}-->`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** Fill a template with the values computed from `input`. Throws ReportTemplateError on any problem. */
export function fillTemplate(template: string, input: ReportInput, source = '<template>'): FilledTemplate {
  const tree = parse(template, source);
  const named = namedExperiments(tree);
  const ctx = createSlotContext(
    input,
    orderedExperimentIds(input).filter((id) => !named.has(id)),
  );
  const items: Item[] = [];
  const shown = new Map<string, number>();
  evaluate(tree, ctx, source, items, shown);

  const md: string[] = [];
  const html: string[] = [];
  const figures: FilledTemplate['figures'] = [];
  for (const item of items) {
    if (item.kind === 'text') {
      md.push(item.text);
      html.push(item.text);
    } else if (item.kind === 'figref') {
      const n = shown.get(item.key);
      if (n === undefined) {
        throw new ReportTemplateError(
          'REPORT_FIGURE',
          `${source}:${item.line}: '{{figref:${item.key}}}' refers to a figure that this report does not show`,
          `figref:${item.key}`,
        );
      }
      md.push(`Figure ${n}`);
      html.push(`[Figure ${n}](#figure-${n})`);
    } else {
      const { figure, number } = item;
      figures.push({ figure, number });
      const file = figure.file || `figures/${figure.id}.svg`;
      md.push(
        `![${escapeMd(oneLine(figure.title))}](${file.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})\n\n**Figure ${number}.** ${escapeMd(oneLine(figure.caption))}`,
      );
      html.push(placeholder(number));
    }
  }
  const tidy = (s: string): string =>
    `${s
      .replace(/[ \t]+$/gm, '')
      .replace(/(\S) {2,}(?=\S)/g, '$1 ')
      .replace(/\n{3,}/g, '\n\n')
      .trim()}\n`;
  return { markdown: tidy(md.join('')), markdownForHtml: tidy(html.join('')), figures };
}

// ------------------------------------------------------------------------------------------------
// HTML.

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * An SVG ready to sit inside the page: XML prolog and doctype removed, ids prefixed so that several
 * figures' gradients and clip paths cannot collide, and a refusal of anything that would load a
 * resource or run a script.
 */
export function inlineSvg(svg: string, prefix: string, figureId: string): string {
  const s = svg
    .replace(/<\?xml[\s\S]*?\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .trim();
  if (!/^<svg[\s>]/.test(s))
    throw new ReportTemplateError('REPORT_FIGURE', `figure '${figureId}': its svg text does not start with <svg`, `figure:${figureId}`);
  if (/<script[\s>]/i.test(s) || /\son[a-z]+\s*=/i.test(s)) {
    throw new ReportTemplateError(
      'REPORT_FIGURE',
      `figure '${figureId}': its svg contains a script or an event handler`,
      `figure:${figureId}`,
    );
  }
  if (
    /\b(?:href|src)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(s) ||
    /url\(\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(s) ||
    /@import/i.test(s)
  ) {
    throw new ReportTemplateError('REPORT_FIGURE', `figure '${figureId}': its svg loads an external resource`, `figure:${figureId}`);
  }
  const ids = new Set<string>();
  for (const m of s.matchAll(/\sid="([^"]+)"/g)) if (m[1]) ids.add(m[1]);
  return s
    .replace(/(\sid=")([^"]+)"/g, (_, a: string, id: string) => `${a}${prefix}${id}"`)
    .replace(/url\(\s*(["']?)#([^)"']+)\1\s*\)/g, (m, q: string, id: string) => (ids.has(id) ? `url(${q}#${prefix}${id}${q})` : m))
    .replace(/((?:xlink:)?href=")#([^"]+)"/g, (m, a: string, id: string) => (ids.has(id) ? `${a}#${prefix}${id}"` : m));
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fcfcfa; color: #1f1f1f;
  font: 17px/1.62 Charter, "Bitstream Charter", "Iowan Old Style", Georgia, Cambria, "Times New Roman", serif; }
main { max-width: 62rem; margin: 0 auto; padding: 2.5rem 1.25rem 5rem; }
h1, h2, h3 { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.25; color: #111; }
h1 { font-size: 1.85rem; margin: 0 0 1.25rem; }
h2 { font-size: 1.4rem; margin: 2.6rem 0 0.8rem; padding-bottom: 0.3rem; border-bottom: 1px solid #dcdcd6; }
h3 { font-size: 1.12rem; margin: 1.9rem 0 0.6rem; }
p, li { hyphens: auto; }
a { color: #1a4f8b; }
strong { color: #000; }
code { font: 0.86em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  background: #f0f0eb; padding: 0.05em 0.3em; border-radius: 3px; }
hr { border: 0; border-top: 1px solid #dcdcd6; margin: 2.5rem 0; }
table { display: block; overflow-x: auto; max-width: 100%; border-collapse: collapse; margin: 1.2rem 0 1.6rem;
  font: 13.5px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
th, td { border: 1px solid #d9d9d2; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: #efefe9; font-weight: 600; }
tbody tr:nth-child(even) { background: #f7f7f3; }
figure { margin: 2rem 0; }
figure .svg { overflow-x: auto; }
figure .svg svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { margin-top: 0.6rem; font-size: 0.92rem; line-height: 1.5; color: #3d3d3d; }
blockquote { margin: 1.2rem 0; padding: 0.2rem 1rem; border-left: 3px solid #cfcfc6; color: #333; }
`.trim();

function figureHtml(md: MarkdownItInstance, figure: RenderedFigure, number: number): string {
  const svg = inlineSvg(figure.svg, `f${number}-`, figure.id);
  const caption = md.renderInline(escapeMd(oneLine(figure.caption)));
  return (
    `<figure id="figure-${number}">\n` +
    `<div class="svg" role="img" aria-label="${escapeHtml(oneLine(figure.title))}">\n${svg}\n</div>\n` +
    `<figcaption><strong>Figure ${number}.</strong> ${caption}</figcaption>\n` +
    `</figure>\n`
  );
}

function pageTitle(markdown: string): string {
  const line = /^#\s+(.+)$/m.exec(markdown)?.[1] ?? 'Report';
  return line.replace(/\\(.)/g, '$1').replace(/[*`_]/g, '').trim();
}

export function renderHtml(filled: FilledTemplate): string {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  let body = md.render(filled.markdownForHtml);
  for (const { figure, number } of filled.figures) {
    const mark = placeholder(number);
    const at = body.indexOf(mark);
    if (at < 0)
      throw new ReportTemplateError(
        'REPORT_FIGURE',
        `figure ${number} ('${figure.id}') was lost while rendering the HTML`,
        `figure:${figure.id}`,
      );
    const end = body.startsWith('\n', at + mark.length) ? at + mark.length + 1 : at + mark.length;
    body = body.slice(0, at) + figureHtml(md, figure, number) + body.slice(end);
  }
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(pageTitle(filled.markdown))}</title>\n<style>\n${CSS}\n</style>\n</head>\n<body>\n<main>\n` +
    `${body}</main>\n</body>\n</html>\n`
  );
}

// ------------------------------------------------------------------------------------------------

/** The whole report from the report stage's input: same input, same bytes. */
export function buildReport(input: ReportInput, options: BuildOptions = {}): BuiltReport {
  const template = options.template ?? loadTemplate();
  const source = options.templateName ?? (options.template === undefined ? 'report/template.md' : '<template>');
  const filled = fillTemplate(template, input, source);
  return { markdown: filled.markdown, html: renderHtml(filled) };
}
