// Stage 5, figures: turn an experiment's analysis into Vega-Lite specs (data inline) and render each
// to SVG, and a wide one also restacked for a phone (<id>.narrow.svg, figures/narrow.ts) where that makes it
// narrower. Specs are data: the drift gate compares them with tolerances, the SVGs byte for byte.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkFigureOptions, figureText } from '../figures/types.ts';
import { PipelineError } from '../pipeline/errors.ts';
import { defineStage } from './define.ts';
import { FIGURE_INDEX, METRICS, type FigureIndexEntry } from './outputs.ts';
import { primarySeedItem } from './items.ts';
import { figureFilesOf, loadExperiment, loadFigureKind } from './declarations.ts';

export default defineStage({
  name: 'figures',
  description: 'build the Vega-Lite specs of the experiment and render them to SVG',
  file: 'stages/figures.ts',
  foreach: true,
  // the figures show the first base seed's models
  needs: [{ stage: 'analyze', items: (item, params) => [primarySeedItem(params, item!)] }],
  paramKeys: () => [],
  // the experiment's module and the figure kinds it draws: editing one kind reruns only the figure nodes that draw it
  itemFiles: figureFilesOf,
  async run(ctx) {
    const id = ctx.node.item!;
    const [primary] = ctx.inputItems('analyze');
    const analysis = await METRICS.read(ctx.input('analyze', primary));
    const experiment = await loadExperiment(id);
    const { renderSvg } = await import('../figures/render.ts');
    const { NARROW_SVG_SUFFIX, narrowSpec } = await import('../figures/narrow.ts');
    const { svgWidth } = await import('../figures/svg-size.ts');
    const index: FigureIndexEntry[] = [];
    for (const [k, { id: figureId, figure }] of experiment.figures.entries()) {
      const who = `experiments/${id}.ts: figures[${k}]`;
      const { kind, ...options } = figure;
      const definition = await loadFigureKind(id, k, kind);
      try {
        checkFigureOptions(definition, options, who);
      } catch (error) {
        throw new PipelineError('E_PARAMS', (error as Error).message);
      }
      const spec = definition.build(analysis, options);
      await writeFile(join(ctx.outDir, `${figureId}.vl.json`), `${JSON.stringify(spec, null, 1)}\n`);
      const svg = await renderSvg(spec);
      await writeFile(join(ctx.outDir, `${figureId}.svg`), svg);
      const narrow = narrowSpec(spec);
      if (narrow !== undefined) {
        const narrowSvg = await renderSvg(narrow);
        // a variant that is not narrower (a legend wider than the panels) would only cost bytes
        if (svgWidth(narrowSvg) < svgWidth(svg)) await writeFile(join(ctx.outDir, `${figureId}${NARROW_SVG_SUFFIX}`), narrowSvg);
      }
      index.push({ id: figureId, title: figureText(definition.title, options), caption: figureText(definition.caption, options) });
    }
    await FIGURE_INDEX.write(ctx.outDir, index);
    ctx.log(`${index.length} figure(s): ${index.map((f) => f.id).join(', ')}`);
  },
});
