// Stage 5, figures: turn an experiment's analysis into Vega-Lite specs (data inline) and render each
// to SVG. Specs are data: the drift gate compares them with tolerances, the SVGs byte for byte.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExperimentAnalysis } from '../analysis/types.ts';
import type { FigureKind } from '../experiments/types.ts';
import { featureSetGeometry } from '../figures/feature-set-geometry.ts';
import { dynamicsEnergy } from '../figures/dynamics.ts';
import { introGeometry } from '../figures/intro-geometry.ts';
import { nonuniformGeometry, nonuniformLoss } from '../figures/nonuniform.ts';
import { phaseEmpirical, phaseTheory } from '../figures/phase.ts';
import { phaseN3m2Classes, phaseN3m2Empirical, phaseN3m2Theory } from '../figures/phase-n3m2.ts';
import { seedPhaseEmpirical } from '../figures/seed-phase.ts';
import { superpositionGrid } from '../figures/superposition-grid.ts';
import type { FigureDefinition } from '../figures/types.ts';
import { featureGraphs } from '../figures/feature-graphs.ts';
import { uniformDimensionality, uniformDStar } from '../figures/uniform.ts';
import { METRICS_FILE } from './analyze.ts';
import { defineStage } from './define.ts';
import { primarySeedItem } from './items.ts';
import { experimentModuleFile, loadExperiment } from './experiment-module.ts';

export const FIGURES_INDEX = 'figures.json';

/** What the report needs to place a figure. */
export interface FigureIndexEntry {
  id: string;
  title: string;
  caption: string;
}

function figureFor(kind: FigureKind): FigureDefinition {
  switch (kind.kind) {
    case 'intro-geometry':
      return introGeometry;
    case 'superposition-grid':
      return superpositionGrid(kind.activation);
    case 'uniform-dstar':
      return uniformDStar;
    case 'uniform-dimensionality':
      return uniformDimensionality;
    case 'phase-theory':
      return phaseTheory;
    case 'phase-empirical':
      return phaseEmpirical;
    case 'phase-n3m2-theory':
      return phaseN3m2Theory;
    case 'phase-n3m2-empirical':
      return phaseN3m2Empirical;
    case 'phase-n3m2-classes':
      return phaseN3m2Classes;
    case 'seed-phase-empirical':
      return seedPhaseEmpirical;
    case 'feature-set-geometry':
      return featureSetGeometry;
    case 'dynamics':
      return dynamicsEnergy;
    case 'nonuniform-geometry':
      return nonuniformGeometry;
    case 'nonuniform-loss':
      return nonuniformLoss;
    case 'feature-graphs':
      return featureGraphs;
  }
}

export default defineStage({
  name: 'figures',
  description: 'build the Vega-Lite specs of the experiment and render them to SVG',
  file: 'stages/figures.ts',
  foreach: true,
  // the figures show the first base seed's models
  needs: [{ stage: 'analyze', items: (item, params) => [primarySeedItem(params, item!)] }],
  paramKeys: () => [],
  itemFiles: (item) => [experimentModuleFile(item)],
  async run(ctx) {
    const id = ctx.node.item!;
    const [primary] = ctx.inputItems('analyze');
    const analysis = JSON.parse(await readFile(join(ctx.input('analyze', primary), METRICS_FILE), 'utf8')) as ExperimentAnalysis;
    const experiment = await loadExperiment(id);
    const { renderSvg } = await import('../figures/render.ts');
    const index: FigureIndexEntry[] = [];
    for (const { id: figureId, figure } of experiment.figures) {
      const definition = figureFor(figure);
      const spec = definition.build(analysis);
      await writeFile(join(ctx.outDir, `${figureId}.vl.json`), `${JSON.stringify(spec, null, 1)}\n`);
      await writeFile(join(ctx.outDir, `${figureId}.svg`), await renderSvg(spec));
      index.push({ id: figureId, title: definition.title, caption: definition.caption });
    }
    await writeFile(join(ctx.outDir, FIGURES_INDEX), `${JSON.stringify(index, null, 2)}\n`);
    ctx.log(`${index.length} figure(s): ${index.map((f) => f.id).join(', ')}`);
  },
});
