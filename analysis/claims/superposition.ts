// "Demonstrating superposition" (20 → 5, importance 0.7^i, linear and ReLU models): the linear model
// as PCA, the ReLU model's feature counts, antipodal pairs, negative biases and the order in which
// features enter superposition, as the paper's 20 → 5 figure shows them.

/** The experiment shape the claims are about. */
export const DEMO = { features: 20, hidden: 5 } as const;

/**
 * Feature counts read off the paper's 20 → 5 figure (guide §1.2, §3): represented features
 * [min, max] and orthogonal ones [min, max], by density.
 */
export const PAPER_COUNTS_20_5: ReadonlyArray<{
  density: number;
  represented: readonly [number, number];
  orthogonal: readonly [number, number];
}> = [
  { density: 1, represented: [5, 5], orthogonal: [5, 5] },
  { density: 0.3, represented: [7, 7], orthogonal: [3, 3] },
  { density: 0.1, represented: [9, 9], orthogonal: [1, 1] },
  { density: 0.03, represented: [10, 12], orthogonal: [0, 0] },
  { density: 0.01, represented: [11, 14], orthogonal: [0, 0] },
  { density: 0.003, represented: [13, 20], orthogonal: [0, 0] },
  { density: 0.001, represented: [12, 20], orthogonal: [0, 0] },
];

export function maxAbs(xs: readonly number[]): number {
  return xs.reduce((acc, v) => Math.max(acc, Math.abs(v)), 0);
}
