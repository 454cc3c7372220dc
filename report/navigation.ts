// Finding one's way in the report: an anchor on every heading, the contents, and every "Section N" a link.
// The anchors are GitHub's (github-slugger over the heading's text as markdown-it reads it, the text the
// HTML's markdown-it-anchor slugs too), so one set of links works in report.md on a code host and in
// report.html. The contents are a Markdown list rather than a markdown-it plugin's HTML, for the same
// reason: report.md needs them as much as the page does.

import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

export interface Heading {
  /** 1 for #, 2 for ##, … */
  level: number;
  /** the heading's text as markdown-it reads it (code spans' text included, markup left out) */
  text: string;
  /** the anchor: GitHub's slug of the text, made unique in document order */
  slug: string;
  /** the section number the text starts with ("4", "10.1"), if any */
  number?: string;
}

/** The text a heading's anchor is made from: its inline text and code spans, in order. */
export function headingText(tokens: readonly Token[]): string {
  return tokens
    .filter((t) => t.type === 'text' || t.type === 'code_inline')
    .map((t) => t.content)
    .join('');
}

/** A fresh slugger per document: GitHub numbers a repeated heading's anchor -1, -2, … in order. */
export function githubSlugs(): (text: string) => string {
  const slugger = new GithubSlugger();
  return (text) => slugger.slug(text);
}

/** Every heading of a Markdown document, in order, with the anchor GitHub and report.html give it. */
export function headingsOf(markdown: string): Heading[] {
  const tokens = new MarkdownIt({ html: true }).parse(markdown, {});
  const slug = githubSlugs();
  const headings: Heading[] = [];
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return;
    const text = headingText(tokens[i + 1]?.children ?? []);
    const number = /^(\d+(?:\.\d+)*)\s/.exec(text)?.[1];
    headings.push({ level: Number(token.tag.slice(1)), text, slug: slug(text), ...(number !== undefined ? { number } : {}) });
  });
  return headings;
}

/** The contents as a nested Markdown list of links: the sections (##) and their subsections (###). */
export function contentsList(headings: readonly Heading[]): string {
  return headings
    .filter((h) => h.level === 2 || h.level === 3)
    .map((h) => `${h.level === 3 ? '    ' : ''}- [${h.text.replace(/([\\[\]*_`])/g, '\\$1')}](#${h.slug})`)
    .join('\n');
}

// "Section 5", "Section 10.1", "Sections 5 and 7", "Sections 1–3": the word, then numbers joined by commas,
// "and", "or" or a dash
const SECTION_REFERENCE = /\b(Sections?) (\d+(?:\.\d+)?(?:(?:, | and | or |–)\d+(?:\.\d+)?)*)(?![\d.]*\d)/g;

/**
 * Every "Section N" of the prose as a link to that section's heading; a number no heading carries stays
 * plain text. Headings, code (fenced and inline) and text already inside a link are left alone.
 */
export function linkSectionReferences(markdown: string, headings: readonly Heading[]): string {
  const slugOf = new Map(headings.filter((h) => h.number !== undefined).map((h) => [h.number!, h.slug]));
  const link = (n: string): string => (slugOf.has(n) ? `[${n}](#${slugOf.get(n)!})` : n);
  let fenced = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^(```|~~~)/.test(line)) fenced = !fenced;
      if (fenced || /^#{1,6}\s/.test(line)) return line;
      // split off code spans and links, and rewrite only the text between them
      return line
        .split(/(`[^`]*`|\[[^\]]*\]\([^)]*\))/)
        .map((part, k) => {
          if (k % 2 === 1) return part;
          return part.replace(SECTION_REFERENCE, (_, word: string, numbers: string) => {
            const parts = numbers.split(/(, | and | or |–)/);
            if (parts.length === 1) return slugOf.has(numbers) ? `[${word} ${numbers}](#${slugOf.get(numbers)!})` : `${word} ${numbers}`;
            return `${word} ${parts.map((p, j) => (j % 2 === 0 ? link(p) : p)).join('')}`;
          });
        })
        .join('');
    })
    .join('\n');
}
