// The committed report's figures (reports/replication/figures/, the drift baseline) are what `npm run
// reproduce` must regenerate. Every spec in it is valid Vega-Lite, and rendering the spec again gives its
// SVG byte for byte.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../figures/render.ts';
import { validateVegaLite } from '../../figures/schema.ts';
import type { VegaLiteSpec } from '../../figures/types.ts';
import { declaredNames, loadExperiment } from '../../stages/declarations.ts';

const baseline = fileURLToPath(new URL('../../reports/replication/figures/', import.meta.url));
const specs = readdirSync(baseline)
  .filter((f) => f.endsWith('.vl.json'))
  .sort();

describe("the committed report's figures", () => {
  it('holds exactly the figures the experiments declare', async () => {
    const experiments = await Promise.all(declaredNames('experiment').map((id) => loadExperiment(id)));
    const declared = experiments.flatMap((e) => e.figures.map((f) => `${f.id}.vl.json`)).sort();
    expect(specs).toEqual(declared);
  });

  it.each(specs)('%s is valid Vega-Lite and renders to its committed SVG', async (file) => {
    const spec = JSON.parse(readFileSync(join(baseline, file), 'utf8')) as VegaLiteSpec;
    const validation = validateVegaLite(spec);
    expect(validation.errors).toEqual([]);
    const svg = await renderSvg(spec);
    expect(svg === readFileSync(join(baseline, file.replace('.vl.json', '.svg')), 'utf8')).toBe(true);
  });
});
