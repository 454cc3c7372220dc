// Stage 5, figures: turn an experiment's analysis into Vega-Lite specs (data inline) and render each
// to SVG. Specs are data: the drift gate compares them with tolerances, the SVGs byte for byte.

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
      await writeFile(join(ctx.outDir, `${figureId}.svg`), await renderSvg(spec));
      index.push({ id: figureId, title: figureText(definition.title, options), caption: figureText(definition.caption, options) });
    }
    await FIGURE_INDEX.write(ctx.outDir, index);
    ctx.log(`${index.length} figure(s): ${index.map((f) => f.id).join(', ')}`);
  },
});
