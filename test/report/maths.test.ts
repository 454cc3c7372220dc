// The report writes its maths in Unicode (‖Wᵢ‖, Σⱼ, W₁[i,k], Dᵢ), the one notation that reads the same in
// report.md on a code host, in report.html, inside the SVG figures and in claims.json. These tests look
// for TeX-like leftovers (W_i, ‖W‖²_F, Σ_{j≠i}, x^2) in what a reader sees.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../report/build.ts';
import { makeFixture } from './fixtures.ts';

const REPORT = new URL('../../reports/replication/', import.meta.url);

/** TeX-like fragments in text a reader sees: code, link targets, tags and snake_case names left out. */
export function pseudoTex(text: string): string[] {
  const visible = text
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/\]\([^)\s]*\)/g, ']')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\\_/g, '_')
    // a snake_case name (weight_decay, d_star) is an identifier; a letter with a short index (W_i, x_f, W_12) is maths
    .replace(/\b[a-z0-9]+(?:_[a-z0-9]+)+\b/gi, (name) => (/^[a-z]_[a-z0-9]{1,2}$/i.test(name) ? name : ''));
  const found = visible.match(/(?<![\p{L}\p{N}])[\p{L}‖)]_(?:\{|[\p{L}\p{N}])|\^\{|\^[0-9T]\b|²_/gu) ?? [];
  return [...new Set(found)];
}

describe('pseudoTex', () => {
  it('finds the notations it is meant to find and passes clean Unicode and identifiers', () => {
    expect(pseudoTex('‖W_i‖ and ‖W‖²_F and Σ_{j≠i} and D\\_i and x^2 and W^T and W_fk')).toEqual([
      'W_i',
      '²_',
      'Σ_{',
      'D_i',
      '^2',
      '^T',
      'W_f',
    ]);
    expect(pseudoTex('‖Wᵢ‖, ‖W‖², Σⱼ (Ŵᵢ·Wⱼ)², W₁[i,k], weight_decay, d_star, `W_i`, [x](#claim-a-b_c) per_element')).toEqual([]);
  });
});

describe('the maths a reader sees', () => {
  it('is Unicode in the report built from the fixture', () => {
    const { markdown, html } = buildReport(makeFixture());
    expect(pseudoTex(markdown)).toEqual([]);
    expect(pseudoTex(html.replace(/<(script|style)>[\s\S]*?<\/\1>/g, ''))).toEqual([]);
  });

  it('is Unicode in the committed report, its claims and its figures', () => {
    expect(pseudoTex(readFileSync(new URL('report.md', REPORT), 'utf8'))).toEqual([]);
    const claims = JSON.parse(readFileSync(new URL('claims.json', REPORT), 'utf8')) as unknown;
    const texts: string[] = [];
    JSON.stringify(claims, (key, value: unknown) => {
      if (typeof value === 'string' && ['expected', 'observed', 'title', 'text', 'statement'].includes(key)) texts.push(value);
      return value;
    });
    expect(texts.length).toBeGreaterThan(0);
    expect(pseudoTex(texts.join('\n'))).toEqual([]);
    const figures = new URL('figures/', REPORT);
    for (const file of readdirSync(figures).filter((f) => f.endsWith('.svg'))) {
      // the text a reader sees in a figure: its text elements and tooltips
      const svg = readFileSync(new URL(file, figures), 'utf8');
      const shown = [...svg.matchAll(/<(text|title)[^>]*>([^<]*)<\/\1>/g)].map((m) => m[2]).join('\n');
      expect(pseudoTex(shown), file).toEqual([]);
    }
  });
});
