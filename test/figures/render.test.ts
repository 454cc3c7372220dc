import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import introGeometry from '../../figures/kinds/intro-geometry.ts';
import { labelsAsTitles, renderSvg } from '../../figures/render.ts';
import superpositionGrid from '../../figures/kinds/superposition-grid.ts';
import type { VegaLiteSpec } from '../../figures/types.ts';
import { introFixture, superpositionFixture } from './fixtures.ts';

const root = resolve(import.meta.dirname, '../..');
const temp = mkdtempSync(join(tmpdir(), 'tms-render-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A spec with a gradient legend: vega numbers gradient defs per process unless reset before each render. */
const specs: Record<string, VegaLiteSpec> = {
  intro: introGeometry.build(introFixture(), {}),
  relu: superpositionGrid.build(superpositionFixture(), { activation: 'relu' }),
};

describe('renderSvg', () => {
  it('gives byte-identical SVG when the same spec is rendered twice in one process', async () => {
    for (const spec of Object.values(specs)) {
      const first = await renderSvg(spec);
      const second = await renderSvg(spec);
      expect(first).toMatch(/^<svg /);
      expect(first).toContain('linearGradient'); // the legend gradient, whose id must not count upwards
      expect(second).toBe(first);
    }
  });

  it("gives each labelled mark its label as a <title> (a tooltip in a viewer), and keeps the axes' labels", async () => {
    const spec: VegaLiteSpec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: {
        values: [
          { x: 1, y: 2 },
          { x: 3, y: 4 },
        ],
      },
      mark: 'point',
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    };
    const svg = await renderSvg(spec);
    expect(svg).toMatch(/<path [^>]*role="graphics-symbol" aria-roledescription="point"[^>]*><title>x: 1; y: 2<\/title><\/path>/);
    expect(svg).toContain('<title>x: 3; y: 4</title>');
    expect(svg).not.toMatch(/<path [^>]*aria-label=/);
    expect(svg).toMatch(/<g [^>]*aria-label="X-axis titled 'x'/);
  });

  it('moves a label from a self-closing mark only, its other attributes kept in order', () => {
    expect(labelsAsTitles('<g aria-label="axis"><rect x="1" aria-label="a &amp; b" role="graphics-symbol" y="2"/></g>')).toBe(
      '<g aria-label="axis"><rect x="1" role="graphics-symbol" y="2"><title>a &amp; b</title></rect></g>',
    );
  });

  it('gives the same bytes after rendering a different spec in between', async () => {
    const alone = await renderSvg(specs['intro']!);
    await renderSvg(specs['relu']!);
    expect(await renderSvg(specs['intro']!)).toBe(alone);
  });

  it('gives the same bytes in a fresh process', async () => {
    const specFile = join(temp, 'specs.json');
    writeFileSync(specFile, JSON.stringify(specs));
    const script = join(temp, 'render-child.mts');
    const renderUrl = pathToFileURL(join(root, 'figures/render.ts')).href;
    writeFileSync(
      script,
      [
        `import { readFileSync, writeFileSync } from 'node:fs';`,
        `import { renderSvg } from ${JSON.stringify(renderUrl)};`,
        `const specs = JSON.parse(readFileSync(${JSON.stringify(specFile)}, 'utf8'));`,
        `for (const [name, spec] of Object.entries(specs)) {`,
        `  writeFileSync(${JSON.stringify(temp)} + '/' + name + '.svg', await renderSvg(spec));`,
        `}`,
      ].join('\n'),
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    for (const [name, spec] of Object.entries(specs)) {
      const here = await renderSvg(spec);
      const there = readFileSync(join(temp, `${name}.svg`), 'utf8');
      expect(there.length).toBe(here.length);
      expect(there === here).toBe(true);
    }
  });

  it('reports Vega-Lite warnings through onWarning', async () => {
    const warnings: string[] = [];
    const spec = {
      data: { values: [{ a: 1 }] },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' }, shape: { field: 'a', type: 'quantitative' } },
    } as VegaLiteSpec;
    await renderSvg(spec, { onWarning: (m) => warnings.push(m) });
    expect(warnings.length).toBeGreaterThan(0);
  });
});
