// Adversarial training (paper §"Superposition and adversarial examples"; analysis/adversarial-training.ts):
// for each density, how much superposition the model keeps as the training attack grows (left: features per
// dimension ‖W‖²/m against the attack size, the dashed line at 1 is a model without superposition), and
// how vulnerable the trained model is to the paper's analytic attack at its evaluation budget, relative to an
// orthogonal model (right; log scale when the values are positive and span a decade or more). Solid lines: attacks sized by the
// average input norm (the ones the claim judges); dashed: sized by each example's own norm, from the same
// unattacked model. The numbers are the analyze stage's (metrics.json derived.adversarialTrainingCells).

import { ADVERSARIAL_RULES } from '../../analysis/adversarial.ts';
import type { AdversarialTrainingPoint } from '../../analysis/adversarial-training.ts';
import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { FRAME_PADDING } from '../frame-padding.ts';
import { CONFIG, REFERENCE } from '../uniform.ts';
import { defineFigure, densityLabels, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

const WIDTH = 300;
const HEIGHT = 220;
/** the relative vulnerability axis turns logarithmic when its largest value is at least this times its smallest */
const LOG_SPAN = 10;
const AVERAGE = 'average input norm';
const EXAMPLE = 'each example’s norm';

export default defineFigure({
  kind: 'adversarial-training',
  title: 'Adversarial training: superposition and vulnerability against the attack size',
  caption:
    'Each model is trained under the analytic attack on a random feature of every example, the attack’s L2 size a fraction ' +
    'of the average input norm at its density (solid lines) or of each example’s own norm (dashed lines; both start from the ' +
    'model trained without attack, at 0); one colour per density. Left: features per ' +
    'dimension ‖W‖²/m of the trained model (dashed line: 1, a model without superposition). Right: the trained model’s ' +
    `vulnerability to the worst single-feature analytic attack of size ${ADVERSARIAL_RULES.budgetFraction} × the input norm, relative to a ` +
    'model of the same size and density that keeps m features on orthogonal axes (dashed line: 1).',
  build: buildAdversarialTraining,
});

export function buildAdversarialTraining(analysis: ExperimentAnalysis): VegaLiteSpec {
  const cells = analysis.derived?.adversarialTrainingCells ?? [];
  if (cells.length === 0) {
    throw new Error(
      `figure adversarial-training: experiment '${analysis.experiment}' has no adversarial-training sweep (no selected model with an attack value)`,
    );
  }
  // densest first, as the cells are ordered
  const labels = densityLabels(cells.map((c) => c.density));
  const rows: DataRow[] = [{ kind: 'reference', value: 1 }];
  const row = (density: string, norm: string, p: AdversarialTrainingPoint): DataRow => ({
    kind: 'point',
    density,
    norm,
    attack: round6(p.attack),
    featuresPerDimension: round6(p.featuresPerDimension),
    relative: round6(p.relativeVulnerability),
  });
  cells.forEach((cell, k) => {
    const density = labels[k] ?? '';
    for (const p of cell.points) rows.push(row(density, AVERAGE, p));
    // the per-example series starts from the same model trained without attack
    const unattacked = cell.points.filter((p) => p.attack === 0);
    if (cell.perExample.length > 0) for (const p of [...unattacked, ...cell.perExample]) rows.push(row(density, EXAMPLE, p));
  });
  const attacks = [...new Set(cells.flatMap((c) => [...c.points, ...c.perExample].map((p) => round6(p.attack))))].sort((a, b) => a - b);
  const x = {
    field: 'attack',
    type: 'quantitative' as const,
    title: 'training attack a (× input norm)',
    scale: { domain: [0, Math.max(...attacks)], nice: false, padding: FRAME_PADDING },
    axis: { values: attacks, format: '~g', grid: false },
  };
  const colour = { field: 'density', type: 'nominal' as const, title: null, sort: labels, legend: { orient: 'bottom' as const } };
  const all = cells.flatMap((c) => [...c.points, ...c.perExample]);
  const finite = (v: number): number => (Number.isFinite(v) ? v : 0);
  const fpdMax = Math.max(1.1, ...all.map((p) => finite(p.featuresPerDimension))) * 1.08;
  const relative = all.map((p) => p.relativeVulnerability).filter((v) => Number.isFinite(v));
  const relMin = Math.min(1, ...relative);
  const relMax = Math.max(1, ...relative);
  // a log axis cannot show a model whose worst attack lowers the loss (a negative relative vulnerability)
  const logScale = relMin > 0 && relMax >= LOG_SPAN * relMin;
  const yRelative = {
    type: 'quantitative' as const,
    title: `relative vulnerability (ε = ${ADVERSARIAL_RULES.budgetFraction})`,
    scale: logScale
      ? { type: 'log' as const, domain: [round6(relMin / 1.2), round6(relMax * 1.2)], nice: false, padding: FRAME_PADDING }
      : { domain: [round6(Math.min(0, relMin * 1.08)), round6(relMax * 1.08)], nice: false, padding: FRAME_PADDING },
    axis: { grid: true, gridColor: '#eee', ...(logScale ? { format: '~g' } : {}) },
  };
  const yFpd = {
    type: 'quantitative' as const,
    title: 'features per dimension ‖W‖²/m',
    scale: { domain: [0, round6(fpdMax)], nice: false, padding: FRAME_PADDING },
    axis: { grid: true, gridColor: '#eee' },
  };
  const reference = (y: object) => ({
    transform: [{ filter: "datum.kind === 'reference'" }],
    mark: { type: 'rule' as const, stroke: REFERENCE, strokeDash: [4, 3], strokeWidth: 1 },
    encoding: { y: { ...y, field: 'value' } },
  });
  const lines = (y: object, field: string) => ({
    transform: [{ filter: "datum.kind === 'point'" }],
    mark: { type: 'line' as const, strokeWidth: 1.5, point: { filled: true, size: 24 } },
    encoding: {
      x,
      y: { ...y, field },
      color: colour,
      strokeDash: {
        field: 'norm',
        type: 'nominal' as const,
        title: null,
        scale: {
          domain: [AVERAGE, EXAMPLE],
          range: [
            [1, 0],
            [4, 3],
          ],
        },
        // the caption says which is which: vega's legend draws a dashed stroke symbol blank
        legend: null,
      },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `adversarial-training for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    hconcat: [
      { width: WIDTH, height: HEIGHT, layer: [reference(yFpd), lines(yFpd, 'featuresPerDimension')] },
      { width: WIDTH, height: HEIGHT, layer: [reference(yRelative), lines(yRelative, 'relative')] },
    ],
    config: CONFIG,
  };
}
