// The report as a reader gets it: reports/replication/report.html opened in Debian's Chromium through
// playwright-core, on a wide screen and on a phone. Needs `npm run reproduce` first (the report it opens)
// and Chromium at /usr/bin/chromium (`apt-get install chromium`, never a downloaded browser); .ci/run
// installs it and fails when this suite is skipped. Screenshots and the measured sizes and times go to
// reports/browser/ (CI keeps them as artifacts); times are recorded, not asserted (machines are noisy).

import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REPORT = join(ROOT, 'reports', 'replication', 'report.html');
const OUT = join(ROOT, 'reports', 'browser');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

// the targets for the page itself
const MAX_HTML_BYTES = 1.5 * 1024 * 1024;
const MAX_ELEMENTS = 15_000;

const missing = [
  existsSync(CHROMIUM) ? undefined : `Chromium (${CHROMIUM}; apt-get install chromium, or set CHROMIUM_BIN)`,
  existsSync(REPORT) ? undefined : 'the report (run `npm run reproduce` first)',
].filter((m) => m !== undefined);
if (missing.length > 0) {
  console.warn(`\n*** SKIPPED: the browser tests of the report need ${missing.join(' and ')}. .ci/run provides both. ***\n`);
}

const SCREENS = [
  { name: 'wide', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

let browser: Browser | undefined;

beforeAll(async () => {
  if (missing.length > 0) return;
  const { chromium } = await import('playwright-core');
  // file access between files lets a figure be drawn into a canvas and read back (the blank check)
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--allow-file-access-from-files'] });
  await mkdir(OUT, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

describe.skipIf(missing.length > 0).each(SCREENS)('the report at $width px ($name)', (screen) => {
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const timing = { firstContentfulPaintMs: NaN, loadMs: NaN };

  beforeAll(async () => {
    context = await browser!.newContext({ viewport: { width: screen.width, height: screen.height }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? ''})`));
    await page.goto(pathToFileURL(REPORT).href, { waitUntil: 'load' });
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    Object.assign(
      timing,
      await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        return { firstContentfulPaintMs: paint?.startTime ?? NaN, loadMs: nav?.loadEventEnd ?? NaN };
      }),
    );
    await page.screenshot({ path: join(OUT, `${screen.name}-top.png`) });
  });

  afterAll(async () => {
    await context?.close();
  });

  it('stays within the size targets and records how fast it loads', async () => {
    const bytes = statSync(REPORT).size;
    const elements = await page.evaluate(() => document.querySelectorAll('*').length);
    await writeFile(
      join(OUT, `${screen.name}-measurements.json`),
      `${JSON.stringify({ screen, htmlBytes: bytes, elements, ...timing }, null, 2)}\n`,
    );
    expect(bytes).toBeLessThanOrEqual(MAX_HTML_BYTES);
    expect(elements).toBeLessThanOrEqual(MAX_ELEMENTS);
    expect(timing.loadMs).toBeGreaterThan(0);
  });

  it('has no horizontal overflow', async () => {
    // every block laid out, not only those near the top (the page defers the rest: content-visibility)
    const style = await page.addStyleTag({ content: 'main > * { content-visibility: visible !important; }' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await style.evaluate((e) => (e as Element).remove());
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('links only to anchors that exist and to files that exist beside it', async () => {
    const hrefs = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!));
    const ids = new Set(await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id)));
    const anchors = hrefs.filter((h) => h.startsWith('#')).map((h) => decodeURIComponent(h.slice(1)));
    expect(anchors.length).toBeGreaterThan(100);
    expect(anchors.filter((id) => !ids.has(id))).toEqual([]);
    const files = hrefs.filter((h) => !h.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(h));
    expect(files.length).toBeGreaterThan(40);
    expect(files.filter((f) => !existsSync(join(dirname(REPORT), decodeURIComponent(f))))).toEqual([]);
  });

  it('shows every figure, loaded and not blank, once the reader scrolls to it', async () => {
    const count = await page.locator('figure img').count();
    expect(count).toBeGreaterThan(20);
    const blank: string[] = [];
    for (let i = 0; i < count; i++) {
      const img = page.locator('figure img').nth(i);
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth > 0), { timeout: 10_000 }).toBe(true);
      const box = await img.boundingBox();
      // drawn into a canvas at its natural size: the share of pixels that are not white
      const inked = await img.evaluate((e: HTMLImageElement) => {
        const canvas = document.createElement('canvas');
        canvas.width = e.naturalWidth;
        canvas.height = e.naturalHeight;
        const g = canvas.getContext('2d')!;
        g.fillStyle = 'white';
        g.fillRect(0, 0, canvas.width, canvas.height);
        g.drawImage(e, 0, 0);
        const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let p = 0; p < data.length; p += 4) if (data[p]! < 240 || data[p + 1]! < 240 || data[p + 2]! < 240) ink++;
        return ink / (canvas.width * canvas.height);
      });
      const src = (await img.getAttribute('src')) ?? `figure ${i + 1}`;
      if (!box || box.width < 100 || box.height < 50 || inked < 0.005) blank.push(`${src}: ${JSON.stringify(box)}, ink ${inked}`);
    }
    expect(blank).toEqual([]);
  });

  it('opens a claim from its row at a glance, and filters the claims by verdict and experiment', async () => {
    const row = page.locator('.cards a[href^="#claim-"]').first();
    const target = decodeURIComponent((await row.getAttribute('href'))!.slice(1));
    await row.click();
    const claim = page.locator(`[id="${target}"]`);
    await expect.poll(() => claim.evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
    expect(await claim.isVisible()).toBe(true);

    const filter = page.locator('.claim-filter');
    expect(await filter.isVisible()).toBe(true);
    const all = await page.locator('details.claim').count();
    const failing = await page.locator('details.claim[data-verdict="does-not-hold"]').count();
    expect(failing).toBeGreaterThan(0);
    await filter.locator('select').nth(0).selectOption('does-not-hold');
    expect(await page.locator('details.claim:not([hidden])').count()).toBe(failing);
    expect(await filter.textContent()).toContain(`${failing} of ${all} claims shown`);
    await filter.locator('select').nth(1).selectOption('intro');
    const both = await page.locator('details.claim[data-verdict="does-not-hold"][data-experiment="intro"]').count();
    expect(await page.locator('details.claim:not([hidden])').count()).toBe(both);
    await filter.locator('select').nth(0).selectOption('');
    expect(await page.locator('details.claim:not([hidden])').count()).toBe(
      await page.locator('details.claim[data-experiment="intro"]').count(),
    );
    await filter.screenshot({ path: join(OUT, `${screen.name}-claim-filter.png`) });
    await filter.locator('select').nth(1).selectOption('');
  });

  it(screen.name === 'wide' ? 'shows the contents beside the text' : 'keeps the contents behind a menu', async () => {
    const nav = page.locator('nav.contents');
    const list = nav.locator('details > ul').first();
    if (screen.name === 'wide') {
      expect(await list.isVisible()).toBe(true);
      const box = (await nav.boundingBox())!;
      const main = (await page.locator('main').boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(main.x);
    } else {
      expect(await list.isVisible()).toBe(false);
      await nav.locator('summary').click();
      expect(await list.isVisible()).toBe(true);
      await nav.locator('a').nth(3).click();
      expect(await list.isVisible()).toBe(false);
    }
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run: (o: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> };
        }
      ).axe;
      const r = await axe.run({ resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    await writeFile(join(OUT, `${screen.name}-axe.json`), `${JSON.stringify(result, null, 2)}\n`);
    expect(result.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('logged no console error or warning and no failed request', () => {
    expect(problems).toEqual([]);
  });
});
