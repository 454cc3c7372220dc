// Would more restarts change the privileged-basis figure? For each density, the loss of the best of the
// first k restarts (restart order = the order they were drawn in) above the best of all of them, for
// k = 1 … the restarts trained (analysis/regime-restarts.ts, stored by analyze in derived.regimeConvergence),
// drawn as a step line. A dot marks every k at which the best-of-k model's regime (features represented,
// monosemantic neurons) differs from the one before, labelled with the new regime, and the first point
// carries the first restart's regime.

import type { ExperimentAnalysis } from '../../analysis/types.ts';
import { FRAME_PADDING } from '../frame-padding.ts';
import { liftLabels, type LabelBox } from '../label-spread.ts';
import { defineFigure, densityLabels, round6, type DataRow, type VegaLiteSpec } from '../types.ts';

const PANEL_WIDTH = 130;
const PANEL_HEIGHT = 110;
const COLUMNS = 6;
const LINE = 'rgb(31,119,180)';
const CHANGE = 'rgb(214,39,40)';
/** the symlog scale is linear below this many per cent and logarithmic above */
const SYMLOG_CONSTANT = 0.5;
const Y_TICKS = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500];
/** the regime labels: font size, offset from their dot (right, up) and a generous character width, in pixels */
const LABEL_SIZE = 8;
const LABEL_DX = 3;
const LABEL_DY = 7;
const LABEL_CHAR_WIDTH = 0.6 * LABEL_SIZE;
/** how far a label is lifted at a time where it would print over the label to its left */
const LABEL_LIFT = LABEL_SIZE + 1;

/** vega's symlog transform and its inverse */
const symlog = (v: number): number => Math.sign(v) * Math.log1p(Math.abs(v) / SYMLOG_CONSTANT);
const unSymlog = (u: number): number => Math.sign(u) * SYMLOG_CONSTANT * Math.expm1(Math.abs(u));

export default defineFigure({
  kind: 'restart-convergence',
  title: 'How the best of k restarts converges, per density',
  caption:
    'Each panel is one feature density 1 − S. The line is the held-out loss of the best of the first k ' +
    'restarts, in per cent above the best of all restarts, against k; it reaches 0 at the restart that ' +
    'found the model shown. A red dot marks each k at which the best-of-k model shows a different regime ' +
    'from the best of k − 1, labelled “features represented / monosemantic neurons” of the new one; the ' +
    'label at k = 1 is the first restart’s regime, and a label that would print over the one to its left is lifted above it. The vertical axis, shared by the panels, is logarithmic above about 1 % (symlog).',
  build: buildRestartConvergence,
});

export function buildRestartConvergence(analysis: ExperimentAnalysis): VegaLiteSpec {
  const cells = [...(analysis.derived?.regimeConvergence ?? [])].sort((a, b) => b.density - a.density || a.run - b.run);
  if (cells.length === 0) {
    throw new Error(
      `figure restart-convergence: experiment '${analysis.experiment}' has no privileged-basis restarts (derived.regimeConvergence)`,
    );
  }
  const panels = densityLabels(cells.map((c) => c.density));
  const most = Math.max(...cells.map((c) => c.steps.length));
  const rows: DataRow[] = [];
  cells.forEach((cell, p) => {
    const best = cell.steps[cell.steps.length - 1]?.loss ?? Number.NaN;
    cell.steps.forEach((step, k) => {
      const prev = cell.steps[k - 1];
      const changed = prev === undefined || prev.represented !== step.represented || prev.monosemantic !== step.monosemantic;
      rows.push({
        panel: panels[p] ?? '',
        restarts: step.restarts,
        excess: round6((step.loss / best - 1) * 100),
        regime: `${step.represented}/${step.monosemantic}`,
        changed,
      });
    });
  });
  const x = {
    field: 'restarts',
    type: 'quantitative' as const,
    title: 'restarts k',
    scale: { domain: [1, most], nice: false, padding: FRAME_PADDING },
    axis: { values: [1, 5, 10, 15, 20].filter((v) => v <= most), labelFontSize: 8, grid: false },
  };
  // head room above the highest point for its label (the scale is logarithmic up there)
  const top = 2 * Math.max(1, ...rows.map((r) => (typeof r['excess'] === 'number' ? r['excess'] : 0)));
  placeLabels(rows, panels, most, top);
  const y = {
    field: 'excess',
    type: 'quantitative' as const,
    title: 'above the best, %',
    scale: { type: 'symlog' as const, constant: SYMLOG_CONSTANT, domain: [0, round6(top)], nice: false, padding: FRAME_PADDING },
    axis: { values: Y_TICKS.filter((v) => v <= top), labelFontSize: 8, grid: true, gridColor: '#eee' },
  };

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `restart-convergence for experiment ${analysis.experiment}`,
    background: 'white',
    padding: 8,
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', sort: panels, header: { title: null, labelFontSize: 12, labelPadding: 4 } },
    columns: Math.min(COLUMNS, cells.length),
    spacing: { column: 16, row: 22 },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      layer: [
        { mark: { type: 'line', interpolate: 'step-after', stroke: LINE, strokeWidth: 1.5 }, encoding: { x, y } },
        {
          transform: [{ filter: 'datum.changed' }],
          mark: { type: 'circle', size: 26, fill: CHANGE, opacity: 1 },
          encoding: { x, y },
        },
        {
          transform: [{ filter: 'datum.changed' }],
          mark: { type: 'text', fontSize: LABEL_SIZE, dx: LABEL_DX, dy: -LABEL_DY, align: 'left', fill: '#333' },
          // at its dot, or lifted clear of the label to its left; the tooltip names the regime alone
          encoding: { x, y: { ...y, field: 'labelAt' }, text: { field: 'regime', type: 'nominal' }, description: { field: 'regime' } },
        },
      ],
    },
    config: {
      view: { stroke: '#ddd' },
      axis: { titleFontSize: 10, titleFontWeight: 'normal', titleColor: '#555', labelColor: '#333' },
    },
  };
}

/**
 * Gives each row with a label (a change of regime) `labelAt`: the height, in the data's units, its label is
 * drawn at — its own excess, or higher by whole lines where it would print over a label to its left in the
 * same panel (two changes a restart or two apart at nearly the same loss).
 */
function placeLabels(rows: DataRow[], panels: readonly string[], most: number, top: number): void {
  const plotWidth = PANEL_WIDTH - 2 * FRAME_PADDING;
  const plotHeight = PANEL_HEIGHT - 2 * FRAME_PADDING;
  const px = (k: number): number => FRAME_PADDING + (most > 1 ? ((k - 1) / (most - 1)) * plotWidth : 0);
  const py = (excess: number): number => PANEL_HEIGHT - FRAME_PADDING - (symlog(excess) / symlog(top)) * plotHeight;
  for (const panel of panels) {
    const labelled = rows.filter((r) => r['panel'] === panel && r['changed'] === true);
    const boxes: LabelBox[] = labelled.map((r) => ({
      x: px(r['restarts'] as number) + LABEL_DX,
      y: py(r['excess'] as number) - LABEL_DY - LABEL_SIZE,
      width: String(r['regime']).length * LABEL_CHAR_WIDTH,
      height: LABEL_SIZE,
    }));
    const lifts = liftLabels(boxes, LABEL_LIFT);
    labelled.forEach((r, k) => {
      const up = ((lifts[k] as number) * LABEL_LIFT * symlog(top)) / plotHeight;
      r['labelAt'] = round6(unSymlog(symlog(r['excess'] as number) + up));
    });
  }
}
