// Fills the report template (report/template.md) with the slot values of report/slots.ts and renders
// it twice: a Markdown file and an HTML page (inline CSS, one inline script for the contents), both beside
// the figures/ folder they show: each figure is its SVG file there, which the page loads only when the reader
// scrolls near it (inline, the SVGs made the page several megabytes and tens of thousands of DOM nodes).
// Nothing is fetched from anywhere else.
// Both get the same anchors and links (report/navigation.ts): contents, "Section N" and "Figure N" as
// links, and under each figure the node, key and files it came from.
//
// The template is Handlebars, restricted and checked by report/template-engine.ts (everything else is Markdown):
//   {{name}}                      the value of slot `name` (see SLOTS in slots.ts)
//   {{figure "<experiment>-<sfx>"}} the figure of <experiment> whose id ends in <sfx>, numbered in order
//   {{figref "<experiment>-<sfx>"}} "Figure N", linked, for a figure shown anywhere in the report
//   {{#if flag}} … {{else}} … {{/if}}   keep one branch, by a flag of FLAGS in slots.ts or has.<experiment>
//                                 (true when that experiment, which must have a module, is in the run) (nestable)
//   {{further-experiments}}       a section for each experiment of the run that the template never names
//                                 (in a has.<id> condition or a figure key): its settings, figures and claims
// A block tag alone on its line removes the line. An unknown name (in any branch), a slot without a value,
// a missing figure or an unbalanced {{#if}} is an error that names the slot and the template line; nothing
// is left blank.

import { readFileSync } from 'node:fs';
import MarkdownIt, { type MarkdownIt as MarkdownItInstance } from 'markdown-it';
import anchor from 'markdown-it-anchor';
import { contentsList, githubSlugs, headingsOf, headingText, linkSectionReferences, type Heading } from './navigation.ts';
import type { BuiltReport, RenderedFigure, ReportInput } from './types.ts';
import {
  FLAGS,
  SLOTS,
  createSlotContext,
  escapeMd,
  figureLead,
  figureOwners,
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
import { escapeHtml } from './slots/format.ts';
import { ReportTemplateError, checkTemplate, type CheckedTemplate, type TemplateLanguage } from './template-engine.ts';
import { NARROW_SCREEN } from '../figures/narrow.ts';

export const TEMPLATE_URL = new URL('./template.md', import.meta.url);

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
// The template's names: slots of SLOTS (and each declared claim's prose), conditions of FLAGS and has.<id>,
// and three directives: figure and figref take a figure key, further-experiments places the rest.

type Item =
  | { kind: 'text'; text: string }
  | { kind: 'figure'; figure: RenderedFigure; number: number }
  | { kind: 'figref'; key: string; line: number };

const DIRECTIVES = { figure: true, figref: true, 'further-experiments': false } as const;

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
  const fixed = Object.hasOwn(FLAGS, name) ? FLAGS[name] : undefined;
  if (fixed) return fixed;
  const id = EXPERIMENT_FLAG.exec(name)?.[1];
  return id !== undefined && ctx.input.declared.some((e) => e.id === id) ? has(id) : undefined;
}

/** A slot of SLOTS, or <experiment>.claim.<id> for a claim an experiment declares; undefined for an unknown name. */
export function slotOf(name: string, ctx: SlotContext): SlotFn | undefined {
  return (Object.hasOwn(SLOTS, name) ? SLOTS[name] : undefined) ?? claimProseSlot(name, ctx.input.declared);
}

function reportLanguage(input: ReportInput): TemplateLanguage {
  // the checks need only the declared experiments, which every context of this input shares
  const ctx = createSlotContext(input, []);
  return {
    checkSlot: (name) => (slotOf(name, ctx) ? undefined : `unknown slot '{{${name}}}'${suggest(name)}`),
    checkFlag: (name) =>
      flagOf(name, ctx)
        ? undefined
        : `unknown condition '{{#if ${name}}}' (known: ${Object.keys(FLAGS).sort().join(', ')}, and has.<id> for the experiments ${input.declared.map((e) => e.id).join(', ')})`,
    directives: DIRECTIVES,
  };
}

/** The experiments the template names: in a has.<id>… condition or a figure key, whichever branch. */
function namedExperiments(checked: CheckedTemplate): Set<string> {
  const named = new Set<string>();
  for (const flag of checked.flags) {
    const id = /^has\.([^.]+)/.exec(flag)?.[1];
    if (id !== undefined) named.add(id);
  }
  for (const d of checked.directives) {
    const ref = d.argument === undefined ? undefined : parseFigureKey(d.argument);
    if (ref) named.add(ref.experiment);
  }
  return named;
}

function figureItem(key: string, line: number, ctx: SlotContext, source: string, shown: Map<string, number>): Item {
  const tag = `{{figure "${key}"}}`;
  const ref = parseFigureKey(key);
  if (!ref) throw new ReportTemplateError('REPORT_SLOT_UNKNOWN', `${source}:${line}: '${tag}' is not <experiment>-<id suffix>`, tag);
  const figure = findFigure(ctx.input, ref);
  if (figure === undefined)
    throw new ReportTemplateError(
      'REPORT_SLOT_UNFILLED',
      `${source}:${line}: '${tag}': experiment '${ref.experiment}' is not in the input (guard it with {{#if has.${ref.experiment}}})`,
      tag,
    );
  if (figure === null)
    throw new ReportTemplateError(
      'REPORT_FIGURE',
      `${source}:${line}: '${tag}': experiment '${ref.experiment}' has no figure whose id ends in '${ref.suffix}'`,
      tag,
    );
  if (shown.has(key)) throw new ReportTemplateError('REPORT_FIGURE', `${source}:${line}: '${tag}' is shown twice`, tag);
  return showFigure(figure, key, shown);
}

function showFigure(figure: RenderedFigure, key: string, shown: Map<string, number>): Item {
  const number = shown.size + 1;
  shown.set(key, number);
  return { kind: 'figure', figure, number };
}

/** The sections of the experiments the template does not name: intro, figures and claims of each. */
function furtherItems(ctx: SlotContext, source: string, line: number, shown: Map<string, number>): Item[] {
  const out: Item[] = [];
  ctx.unplaced.forEach((id, k) => {
    out.push({ kind: 'text', text: `${furtherIntro(ctx, id, k + 1)}\n\n` });
    for (const figure of ctx.input.experiments[id]?.figures ?? []) {
      if (shown.has(figure.id)) throw new ReportTemplateError('REPORT_FIGURE', `${source}:${line}: figure '${figure.id}' is shown twice`);
      out.push(showFigure(figure, figure.id, shown), { kind: 'text', text: '\n\n' });
    }
    out.push({ kind: 'text', text: `${furtherClaims(ctx, id)}\n\n` });
  });
  return out;
}

export interface FilledTemplate {
  /** the report as Markdown, figures as image links */
  markdown: string;
  /** the same Markdown with each figure as an HTML comment placeholder, for the HTML renderer */
  markdownForHtml: string;
  /** the figures in the order shown, with their numbers, what each shows and where it came from (Markdown) */
  figures: Array<{ figure: RenderedFigure; number: number; lead: string; source: string }>;
  /** the headings with their anchors (report/navigation.ts) */
  headings: Heading[];
}

function placeholder(n: number): string {
  return `<!--tms-figure-${n}-->`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** Fill a template with the values computed from `input`. Throws ReportTemplateError on any problem. */
export function fillTemplate(template: string, input: ReportInput, source = '<template>'): FilledTemplate {
  const checked = checkTemplate(template, reportLanguage(input), source);
  const named = namedExperiments(checked);
  const ctx = createSlotContext(
    input,
    orderedExperimentIds(input).filter((id) => !named.has(id)),
  );
  const parts = checked.evaluate({
    slot: (name) => slotOf(name, ctx)?.(ctx),
    unfilled: (name) => {
      const exp = name.split('.')[0] ?? '';
      return `has no value in this run (is experiment '${exp}' missing? guard the text with {{#if has.${exp}}})`;
    },
    flag: (name) => flagOf(name, ctx)?.(ctx) === true,
  });
  const shown = new Map<string, number>();
  const items: Item[] = parts.flatMap((part): Item[] => {
    if (part.kind === 'text') return [part];
    if (part.name === 'figure') return [figureItem(part.argument ?? '', part.line, ctx, source, shown)];
    if (part.name === 'figref') return [{ kind: 'figref', key: part.argument ?? '', line: part.line }];
    return furtherItems(ctx, source, part.line, shown);
  });

  const md: string[] = [];
  const html: string[] = [];
  const figures: FilledTemplate['figures'] = [];
  const sourceOf = figureSources(input);
  const leadOf = figureLead(ctx);
  for (const item of items) {
    if (item.kind === 'text') {
      md.push(item.text);
      html.push(item.text);
    } else if (item.kind === 'figref') {
      const n = shown.get(item.key);
      if (n === undefined) {
        throw new ReportTemplateError(
          'REPORT_FIGURE',
          `${source}:${item.line}: '{{figref "${item.key}"}}' refers to a figure that this report does not show`,
          `{{figref "${item.key}"}}`,
        );
      }
      md.push(`[Figure ${n}](#figure-${n})`);
      html.push(`[Figure ${n}](#figure-${n})`);
    } else {
      const { figure, number } = item;
      const source = sourceOf(figure);
      const lead = leadOf(figure);
      md.push(
        `<a id="figure-${number}"></a>\n\n![${escapeMd(oneLine(figure.title))}](${figureFile(figure)})\n\n` +
          `**Figure ${number}.** ${captionText(lead, figure)}\n\n${source}`,
      );
      figures.push({ figure, number, lead, source });
      html.push(placeholder(number));
    }
  }
  // trailing spaces, runs of spaces and of blank lines go; a fenced block keeps its own spacing (its columns)
  const tidyText = (s: string): string =>
    s
      .replace(/[ \t]+$/gm, '')
      .replace(/(\S) {2,}(?=\S)/g, '$1 ')
      .replace(/\n{3,}/g, '\n\n');
  const tidy = (s: string): string =>
    `${s
      .split(/(^```[^\n]*\n[\s\S]*?^```$)/m)
      .map((part, i) => (i % 2 === 1 ? part : tidyText(part)))
      .join('')
      .trim()}\n`;
  // navigation: every "Section N" a link, and in report.md the contents before the first section (the
  // HTML shows them beside the text instead)
  const markdown = tidy(md.join(''));
  const headings = headingsOf(markdown);
  const linked = linkSectionReferences(markdown, headings);
  const first = linked.search(/^## /m);
  const contents = `**Contents**\n\n${contentsList(headings)}\n\n`;
  return {
    markdown: first < 0 ? linked : linked.slice(0, first) + contents + linked.slice(first),
    markdownForHtml: linkSectionReferences(tidy(html.join('')), headings),
    figures,
    headings,
  };
}

// ------------------------------------------------------------------------------------------------
// HTML.

/** A figure's drawn size in CSS pixels, from its root element's width and height. */
export interface SvgSize {
  width: number;
  height: number;
}

/**
 * The size of a figure's SVG, after refusing one that is not an SVG or would run a script or load a resource
 * when opened (the page links each figure's file for viewing at full size).
 */
export function checkedSvgSize(svg: string, figureId: string): SvgSize {
  const fail = (what: string): never => {
    throw new ReportTemplateError('REPORT_FIGURE', `figure '${figureId}': its svg ${what}`, `figure:${figureId}`);
  };
  const s = svg
    .replace(/<\?xml[\s\S]*?\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .trim();
  if (!/^<svg[\s>]/.test(s)) fail('text does not start with <svg');
  if (/<script[\s>]/i.test(s) || /\son[a-z]+\s*=/i.test(s)) fail('contains a script or an event handler');
  if (
    /\b(?:href|src)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(s) ||
    /url\(\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(s) ||
    /@import/i.test(s)
  ) {
    fail('loads an external resource');
  }
  const root = /^<svg[^>]*>/.exec(s)?.[0] ?? '';
  const size = (name: string): number => {
    const value = Number(new RegExp(`\\s${name}="([0-9.]+)(?:px)?"`).exec(root)?.[1]);
    return Number.isFinite(value) && value > 0 ? value : fail(`has no positive ${name} on its <svg> element`);
  };
  return { width: size('width'), height: size('height') };
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
a { color: #1a4f8b; text-underline-offset: 0.22em; }
strong { color: #000; }
code { font: 0.86em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  background: #f0f0eb; padding: 0.05em 0.3em; border-radius: 3px; overflow-wrap: anywhere; }
pre { overflow-x: auto; max-width: 100%; background: #f0f0eb; padding: 0.6rem 0.8rem; border-radius: 3px; }
pre code { background: none; padding: 0; overflow-wrap: normal; }
hr { border: 0; border-top: 1px solid #dcdcd6; margin: 2.5rem 0; }
table { display: block; overflow-x: auto; max-width: 100%; border-collapse: collapse; margin: 1.2rem 0 1.6rem;
  font: 13.5px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
th, td { border: 1px solid #d9d9d2; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: #efefe9; font-weight: 600; }
tbody tr:nth-child(even) { background: #f7f7f3; }
figure { margin: 2rem 0; }
/* the browser lays out the heavy blocks only as the reader nears them: first paint and load in about two
   thirds of the time on this page (the size a block had once drawn is kept, so the scrollbar settles) */
main > table, main > figure, main > details, main > pre, main > div.cards { content-visibility: auto;
  contain-intrinsic-size: auto 400px; }
figure .plot { overflow-x: auto; }
figure .plot img { display: block; max-width: 100%; height: auto; margin: 0 auto; background: white; }
figcaption { margin-top: 0.6rem; font-size: 0.92rem; line-height: 1.5; color: #3d3d3d; }
figcaption .source { display: block; margin-top: 0.3rem; font-size: 0.85em; color: #5a5a5a; }
blockquote { margin: 1.2rem 0; padding: 0.2rem 1rem; border-left: 3px solid #cfcfc6; color: #333; }
h1 a.header-anchor, h2 a.header-anchor, h3 a.header-anchor { color: inherit; text-decoration: none; }
.verdict { display: inline-block; padding: 0 0.45em; border-radius: 0.7em; font: 600 0.82em/1.5 system-ui, -apple-system,
  "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; white-space: nowrap; }
.verdict.holds { background: #dcefdc; color: #1d5a1d; }
.verdict.does-not-hold { background: #f7dcd8; color: #8a1f12; }
.verdict.not-judged { background: #ebebe6; color: #444; }
.verdict strong { color: inherit; }
details.claim { border: 1px solid #dcdcd6; border-radius: 4px; margin: 0.35rem 0; padding: 0.3rem 0.7rem; background: white; }
details.claim > summary { cursor: pointer; font-size: 0.95rem; }
details.claim[open] { padding-bottom: 0.6rem; }
details.claim:target { outline: 2px solid #1a4f8b; }
.claim-filter { display: flex; flex-wrap: wrap; gap: 0.5rem 1.2rem; align-items: center; margin: 1rem 0;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.claim-filter select { font: inherit; padding: 0.15rem 0.3rem; }
@media (max-width: 40rem) {
  .cards table, .cards tbody, .cards tr, .cards td, details.claim table, details.claim tbody, details.claim tr,
  details.claim td { display: block; width: 100%; }
  .cards thead, details.claim thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .cards tr, details.claim tr { border: 1px solid #d9d9d2; border-radius: 4px; margin: 0 0 0.7rem; padding: 0.3rem 0.6rem; }
  .cards td, details.claim td { border: 0; padding: 0.15rem 0; }
  .cards td::before, details.claim td::before { content: attr(data-label); display: block; font-weight: 600; color: #555;
    font-size: 0.85em; }
}
h2, h3 { scroll-margin-top: 1rem; }
.narrow-note { display: none; }
@media (max-width: ${NARROW_SCREEN}px) { .narrow-note { display: inline; } }
nav.contents { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  max-width: 62rem; margin: 0 auto; padding: 0.8rem 1.25rem 0; }
nav.contents summary { cursor: pointer; font-weight: 600; }
nav.contents ul { list-style: none; margin: 0.4rem 0; padding-left: 0; }
nav.contents ul ul { padding-left: 1rem; }
nav.contents a { color: #1a4f8b; text-decoration: none; display: block; padding: 0.1rem 0.3rem; border-radius: 3px; }
nav.contents a[aria-current] { background: #e4ecf5; font-weight: 600; }
@media (min-width: 80rem) {
  nav.contents { position: fixed; top: 0; left: 0; bottom: 0; width: 17rem; overflow-y: auto; margin: 0;
    padding: 1.5rem 1rem; border-right: 1px solid #dcdcd6; background: #f6f6f2; }
  main { margin-left: max(18rem, calc((100% - 62rem) / 2)); }
}
`.trim();

/** Below this width (CSS px) a figure's text is too small to read: a narrow screen scrolls the figure instead. */
const FIGURE_MIN_WIDTH = 520;

/** A figure's caption in Markdown: what it shows (see figureLead), in italics, then how to read it. */
function captionText(lead: string, figure: RenderedFigure): string {
  return `${lead === '' ? '' : `*${lead}* `}${escapeMd(oneLine(figure.caption))}`;
}

function figureHtml(md: MarkdownItInstance, figure: RenderedFigure, number: number, lead: string, source: string): string {
  const { width, height } = checkedSvgSize(figure.svg, figure.id);
  const file = escapeHtml(figureFile(figure));
  // a phone is shown a side-by-side figure restacked (figures/narrow.ts), so the caption's "left" and "right"
  // become top and bottom there: a note, shown only on such a screen, says so
  const restacked = figure.narrow !== undefined && /\b(Left|Right|left|right):/.test(figure.caption);
  const caption =
    md.renderInline(captionText(lead, figure)) +
    (restacked ? '<span class="narrow-note"> (On this screen the panels are stacked: left is on top, right below it.)</span>' : '');
  // width and height reserve the figure's box before its file loads, so lazy loading never moves the text
  const narrow =
    figure.narrow === undefined
      ? undefined
      : { ...checkedSvgSize(figure.narrow.svg, figure.id), file: figureFile({ ...figure, file: figure.narrow.file }) };
  const minWidth = Math.min(width, narrow?.width ?? width, FIGURE_MIN_WIDTH);
  const img =
    `<img src="${file}" width="${width}" height="${height}" loading="lazy" decoding="async" ` +
    `style="min-width: ${minWidth}px" alt="${escapeHtml(oneLine(figure.title))}">`;
  // a narrow screen loads the figure restacked into fewer columns instead (its own size reserves its box)
  const picture =
    narrow === undefined
      ? img
      : `<picture><source media="(max-width: ${NARROW_SCREEN}px)" srcset="${escapeHtml(narrow.file)}" ` +
        `width="${narrow.width}" height="${narrow.height}">${img}</picture>`;
  return (
    `<figure id="figure-${number}">\n` +
    `<div class="plot"><a href="${file}" title="Open Figure ${number} at full size">${picture}</a></div>\n` +
    `<figcaption><strong>Figure ${number}.</strong> ${caption}<span class="source">${md.renderInline(source)}</span></figcaption>\n` +
    `</figure>\n`
  );
}

/** A figure's SVG file relative to the report, as a URL path (the Markdown image and the HTML image alike). */
function figureFile(figure: RenderedFigure): string {
  return (figure.file || `figures/${figure.id}.svg`).replace(
    /[()\s"<>]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/**
 * Where each figure came from, one Markdown line under it: the node that drew it and its cache key, the
 * digest of its experiment's parameters, and its Vega-Lite spec (with the data) and SVG beside the report.
 */
function figureSources(input: ReportInput): (figure: RenderedFigure) => string {
  const owner = figureOwners(input);
  const keys = new Map(input.provenance.nodes.map((n) => [n.node, n.cacheKey]));
  return (figure) => {
    const e = owner.get(figure.id);
    const node = e === undefined ? undefined : `figures@${e.id}`;
    const key = node === undefined ? undefined : keys.get(node);
    const digest =
      e?.paramsDigest === undefined ? '' : ` from the settings with digest \`${e.paramsDigest.replace(/^sha256:/, '').slice(0, 12)}\``;
    const made =
      node === undefined ? '' : `Drawn by \`${node}\`${key === undefined ? '' : ` (cache key \`${key.slice(0, 12)}\`)`}${digest}; `;
    const stem = `figures/${encodeURIComponent(figure.id)}`;
    return `*${made}[Vega-Lite spec with its data](${stem}.vl.json), [SVG](${stem}.svg).*`;
  };
}

/** The contents beside the text on a wide screen, a menu above it on a narrow one (see CSS and NAV_SCRIPT). */
function contentsNav(headings: readonly Heading[]): string {
  const list = new MarkdownIt().render(contentsList(headings));
  return `<nav class="contents" aria-label="Contents">\n<details>\n<summary>Contents</summary>\n${list}</details>\n</nav>\n`;
}

// Progressive enhancement (the page works without it): the contents open on a wide screen, and the link
// of the section being read is marked as the reader scrolls.
const NAV_SCRIPT = `
(() => {
  const nav = document.querySelector('nav.contents');
  if (!nav) return;
  const details = nav.querySelector('details');
  const wide = matchMedia('(min-width: 80rem)');
  const fit = () => { details.open = wide.matches; };
  fit();
  wide.addEventListener('change', fit);
  nav.addEventListener('click', (e) => { if (e.target.closest('a') && !wide.matches) details.open = false; });
  const links = new Map([...nav.querySelectorAll('a[href^="#"]')].map((a) => [decodeURIComponent(a.hash.slice(1)), a]));
  const seen = new Set();
  const mark = () => {
    const top = [...seen].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];
    if (!top) return;
    for (const a of links.values()) a.removeAttribute('aria-current');
    links.get(top.id)?.setAttribute('aria-current', 'location');
  };
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) e.isIntersecting ? seen.add(e.target) : seen.delete(e.target);
    mark();
  }, { rootMargin: '0px 0px -70% 0px' });
  for (const id of links.keys()) { const h = document.getElementById(id); if (h) observer.observe(h); }
})();
`.trim();

// Progressive enhancement of Section 14 (without it every claim is listed, folded): filters by verdict and
// experiment, and a link to a claim opens it, even one the filters hide.
const CLAIMS_SCRIPT = `
(() => {
  const claims = [...document.querySelectorAll('details.claim')];
  if (claims.length < 2) return;
  const box = document.createElement('div');
  box.className = 'claim-filter';
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', 'Filter the claims');
  const select = (label, values) => {
    const l = document.createElement('label');
    const s = document.createElement('select');
    for (const [value, text] of values) s.add(new Option(text, value));
    l.append(label + ' ', s);
    box.append(l);
    return s;
  };
  const words = { holds: 'holds', 'does-not-hold': 'does not hold', 'not-judged': 'not judged' };
  const verdict = select('Verdict', [['', 'all'], ...Object.entries(words).filter(([v]) => claims.some((c) => c.dataset.verdict === v))]);
  const experiment = select('Experiment', [['', 'all'], ...[...new Set(claims.map((c) => c.dataset.experiment))].map((e) => [e, e])]);
  const count = document.createElement('span');
  count.setAttribute('aria-live', 'polite');
  box.append(count);
  const apply = () => {
    let shown = 0;
    for (const c of claims) {
      c.hidden = (verdict.value && c.dataset.verdict !== verdict.value) || (experiment.value && c.dataset.experiment !== experiment.value);
      if (!c.hidden) shown++;
    }
    count.textContent = shown + ' of ' + claims.length + ' claims shown';
  };
  verdict.addEventListener('change', apply);
  experiment.addEventListener('change', apply);
  apply();
  claims[0].before(box);
  const reveal = () => {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.matches('details.claim')) { target.hidden = false; target.open = true; }
  };
  addEventListener('hashchange', reveal);
  reveal();
})();
`.trim();

/**
 * On a narrow screen the results table and the claims' tables become cards (see CSS), each cell headed by
 * its column's name, which this rule copies into the cell's data-label.
 */
function labelCardCells(md: MarkdownItInstance): void {
  md.core.ruler.push('card_labels', (state) => {
    let inside = 0; // depth of <div class="cards"> and <details class="claim"> blocks
    let headers: string[] = [];
    let column = 0;
    state.tokens.forEach((token, i) => {
      if (token.type === 'html_block') {
        if (/<div class="cards">|<details class="claim"/.test(token.content)) inside++;
        if (/<\/div>|<\/details>/.test(token.content)) inside = Math.max(0, inside - 1);
      } else if (inside === 0) {
        return;
      } else if (token.type === 'thead_open') {
        headers = [];
      } else if (token.type === 'th_open') {
        headers.push((state.tokens[i + 1]?.content ?? '').replace(/[`*\\]/g, ''));
      } else if (token.type === 'tr_open') {
        column = 0;
      } else if (token.type === 'td_open') {
        token.attrSet('data-label', headers[column++] ?? '');
      }
    });
  });
}

function pageTitle(markdown: string): string {
  const line = /^#\s+(.+)$/m.exec(markdown)?.[1] ?? 'Report';
  return line.replace(/\\(.)/g, '$1').replace(/[*`_]/g, '').trim();
}

export function renderHtml(filled: FilledTemplate): string {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  // the ids report.md's links expect (GitHub's slugs, navigation.ts); each heading links to itself
  md.use(anchor, {
    slugify: githubSlugs(),
    getTokensText: headingText,
    permalink: anchor.permalink.headerLink({ safariReaderFix: true }),
  });
  md.use(labelCardCells);
  // tables and preformatted blocks scroll sideways on a narrow screen; a keyboard reader must be able to
  // reach them to scroll them, so each takes focus
  let body = md.render(filled.markdownForHtml).replace(/<(table|pre)>/g, '<$1 tabindex="0">');
  for (const { figure, number, lead, source } of filled.figures) {
    const mark = placeholder(number);
    const at = body.indexOf(mark);
    if (at < 0)
      throw new ReportTemplateError(
        'REPORT_FIGURE',
        `figure ${number} ('${figure.id}') was lost while rendering the HTML`,
        `figure:${figure.id}`,
      );
    const end = body.startsWith('\n', at + mark.length) ? at + mark.length + 1 : at + mark.length;
    body = body.slice(0, at) + figureHtml(md, figure, number, lead, source) + body.slice(end);
  }
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(pageTitle(filled.markdown))}</title>\n<style>\n${CSS}\n</style>\n</head>\n<body>\n` +
    `${contentsNav(filled.headings)}<main>\n${body}</main>\n<script>\n${NAV_SCRIPT}\n${CLAIMS_SCRIPT}\n</script>\n</body>\n</html>\n`
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
