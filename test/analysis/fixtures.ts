// Hand-built models and experiments for the analysis tests: exact geometries (polygons, dedicated axes)
// turned into ModelAnalysis records with the real metric code.

import type { Activation } from '../../core/types.ts';
import type { ExperimentAnalysis, ModelAnalysis } from '../../analysis/types.ts';
import { analyzeModel, selectLowestLoss } from '../../analysis/metrics.ts';
import { withDerived } from '../../analysis/derived.ts';

export interface ModelSpec {
  /** F rows of H numbers */
  W: number[][];
  /** [F]; zeros when left out */
  b?: number[];
  activation?: Activation;
  density?: number;
  run?: number;
  replica?: number;
  evalLoss?: number;
  recipe?: string;
}

/** A ModelAnalysis measured from hand-written weights (index is set by `experiment`). */
export function model(spec: ModelSpec): ModelAnalysis {
  const F = spec.W.length;
  const H = spec.W[0]?.length ?? 0;
  const flat = new Float64Array(F * H);
  spec.W.forEach((r, f) => r.forEach((v, k) => (flat[f * H + k] = v)));
  return analyzeModel(
    flat,
    spec.b ?? new Array<number>(F).fill(0),
    {
      index: 0,
      run: spec.run ?? 0,
      recipe: spec.recipe ?? 'notebook',
      activation: spec.activation ?? 'relu',
      density: spec.density ?? 1,
      replica: spec.replica ?? 0,
      features: F,
      hidden: H,
    },
    spec.evalLoss ?? 0,
    spec.evalLoss ?? 0,
  );
}

/**
 * A model of an L1 sweep at this density trained with penalty λ (undefined: the unpenalised model, which
 * the plan stores without an l1 value). One run per λ, as params.yaml trains them, so that each λ is its
 * own (run, density) cell.
 */
export function l1Model(density: number, l1: number | undefined, W: number[][], evalLoss: number): ModelAnalysis {
  const m = model({ W, density, evalLoss, run: l1 === undefined ? 0 : Math.round(l1 * 1e6) });
  return l1 === undefined ? m : { ...m, l1 };
}

/**
 * An experiment holding these models (index = position); `selected` defaults to the lowest-loss
 * replica of each (run, density) cell.
 */
export function experiment(
  models: ModelAnalysis[],
  opts: { experiment?: string; selected?: number[]; importance?: number[] } = {},
): ExperimentAnalysis {
  const first = models[0];
  const features = first?.features ?? 0;
  const indexed = models.map((m, k) => ({ ...m, index: k }));
  const analysis: ExperimentAnalysis = {
    experiment: opts.experiment ?? 'test',
    features,
    hidden: first?.hidden ?? 0,
    importance: opts.importance ?? Array.from({ length: features }, (_, i) => 0.7 ** i),
    ranking: indexed.some((m) => m.expectedLoss !== undefined) ? 'expected' : 'held-out',
    models: indexed,
    selected: opts.selected ?? selectLowestLoss(indexed),
  };
  // the grid and sweep cells, as the analyze stage stores them
  return withDerived(analysis);
}

/** k points of a regular polygon of this radius in 2-D, the first at `phaseDeg`. */
export function polygon(k: number, radius = 1, phaseDeg = 0): number[][] {
  return Array.from({ length: k }, (_, i) => {
    const a = ((phaseDeg + (360 * i) / k) * Math.PI) / 180;
    return [radius * Math.cos(a), radius * Math.sin(a)];
  });
}

/** A 2-D point at this angle (degrees) and radius. */
export function polar(deg: number, radius = 1): number[] {
  const a = (deg * Math.PI) / 180;
  return [radius * Math.cos(a), radius * Math.sin(a)];
}

/** F zero rows of H numbers. */
export function zeros(F: number, H: number): number[][] {
  return Array.from({ length: F }, () => new Array<number>(H).fill(0));
}

/** The unit vector ±e_d in H dimensions. */
export function axis(H: number, d: number, sign = 1): number[] {
  const v = new Array<number>(H).fill(0);
  v[d] = sign;
  return v;
}

/** A 2-D point placed in the plane of hidden dims (d0, d1) of an H-dimensional space. */
export function inPlane(p: readonly number[], H: number, d0: number, d1: number): number[] {
  const v = new Array<number>(H).fill(0);
  v[d0] = p[0] ?? 0;
  v[d1] = p[1] ?? 0;
  return v;
}

/**
 * A 20 → 5 weight matrix with `orthogonal` features on their own axes (features 0 … o−1 unless
 * `orthogonalIds` says otherwise) and the next `superposed` features on a regular polygon in the plane
 * of the two following axes (a polygon of ≥ 2 points always has superposition ≥ 0.5 per feature).
 */
export function demoW(opts: {
  orthogonal: number;
  superposed: number;
  orthogonalIds?: number[];
  superposedIds?: number[];
  features?: number;
  hidden?: number;
}): number[][] {
  const F = opts.features ?? 20;
  const H = opts.hidden ?? 5;
  const W = zeros(F, H);
  const orthIds = opts.orthogonalIds ?? Array.from({ length: opts.orthogonal }, (_, i) => i);
  const supIds = opts.superposedIds ?? Array.from({ length: opts.superposed }, (_, i) => opts.orthogonal + i);
  orthIds.forEach((f, d) => (W[f] = axis(H, d)));
  if (supIds.length > 0) {
    const d0 = orthIds.length;
    if (d0 + 1 >= H) throw new Error('demoW: no plane left for the superposed features');
    polygon(supIds.length).forEach((p, k) => (W[supIds[k] as number] = inPlane(p, H, d0, d0 + 1)));
  }
  return W;
}
