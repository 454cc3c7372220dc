// What a model is, defined once: its parameters and how they start, where its inputs come from and what
// it is trained to output, its forward pass as a graph over any tensor type (what the engines run), and a
// float64 reference of its forward pass, loss and gradients written out by hand (the oracle for the
// engines' tests, for evaluation and for the exact expected loss). One file per model in core/models/,
// named by its kind; params.yaml names the kind.
//
// Conventions (the paper's, as in the official notebook): F features, H hidden dimensions; every weight
// matrix is stored [F, H] row-major, row f being the paper's column W_f, so the encoder computes h = x·W
// ([1,F]·[F,H]) and a decoder y = h·Wᵀ + b ([1,H]·[H,F]). The loss of one example is
//   Σ_f I_f (t_f − y_f)² + λ Σ_k |h_k|
// with t the target (x itself, or |x|), I the importance and λ the optional L1 penalty on the hidden
// activations; how it is averaged over a batch is the recipe's business (`loss: mean | sum`).

/** The sizes a model is built at. */
export interface ModelShape {
  features: number; // F
  hidden: number; // H
}

/** One parameter tensor, row-major. */
export interface ParameterSpec {
  /** 'W', 'b', 'W1', 'W2' */
  name: string;
  shape(s: ModelShape): number[];
  /** a weight starts as the recipe's `init` says (xavier_normal over this shape, or randn); a bias as its `bias_init` */
  role: 'weight' | 'bias';
}

/** Options every model takes. */
export interface ModelOptions {
  /** λ of the L1 penalty λ‖h‖₁ on the hidden activations (0: none) */
  l1: number;
  /**
   * float64 reference only: a fixed offset δ [F] of one example's input under adversarial attack
   * (core/attack-direction.ts): the encoder reads x + δ, the target stays computed from x, and no gradient
   * flows into δ. Absent: the clean input.
   */
  perturbation?: ArrayLike<number>;
}

/** A model's parameters by name, row-major. */
export type Parameters = Readonly<Record<string, ArrayLike<number>>>;

/**
 * The tensor operations a forward graph uses, over any tensor type: TensorFlow.js tensors batched over
 * instances and examples in the engines, plain arrays in tests. Each works on the last two axes and
 * broadcasts over the leading ones.
 */
export interface TensorOps<T> {
  /** a·b, or a·bᵀ with transposeB */
  matMul(a: T, b: T, transposeB?: boolean): T;
  /** a + b, b broadcast over a's leading axes (a bias row) */
  add(a: T, b: T): T;
  relu(a: T): T;
}

export interface ModelDefinition {
  /** the file stem under core/models/, e.g. 'relu-output' */
  kind: string;
  /** the model in one line, row vectors as stored, e.g. 'h = x·W, y = ReLU(h·Wᵀ + b)' (for the report and error messages) */
  formula: string;
  parameters: readonly ParameterSpec[];
  /** where a feature's value comes from when it is active: U[0, 1) ('nonnegative'), or 2u − 1 of that draw, in (−1, 1) ('signed', data/signed.ts) */
  inputs: 'nonnegative' | 'signed';
  /** what output f is trained towards: the input x_f, or its magnitude |x_f| */
  target: 'input' | 'abs-input';
  /** whether the hidden activations are rectified (an L1 penalty on them is meaningful either way) */
  hiddenActivation: 'linear' | 'relu';
  /**
   * The two-layer structure every model of the family shares, by parameter name: h = act_h(x·encoder),
   * y = act_y(h·decoderᵀ + bias), with encoder = decoder for tied weights. Engines that implement this
   * structure by hand (the fused kernel, model/fused/) read it instead of the graph; `graph`, `forward` and
   * `lossAndGradients` must compute exactly this (the tests hold every engine to the float64 reference).
   * The analysis reads the encoder's rows as the features' directions (the paper's W, or W₁ when untied).
   */
  layers: { encoder: string; decoder: string; bias: string; output: 'linear' | 'relu' };
  /** the forward pass as the engines run it: x [.., F] → hidden [.., H] and output [.., F] */
  graph<T>(ops: TensorOps<T>, params: Readonly<Record<string, T>>, x: T): { hidden: T; output: T };
  /** float64 reference: one example's hidden activations [H] and output [F], computed element by element */
  forward(params: Parameters, x: ArrayLike<number>, shape: ModelShape): { hidden: Float64Array; output: Float64Array };
  /**
   * float64 reference: one example's loss Σ_f I_f (t_f − y_f)² + λ Σ_k |h_k| and its gradient with respect
   * to every parameter (same names and layouts), by the chain rule written out by hand; at a kink (a ReLU
   * input or an h_k of exactly 0) the derivative taken is 0.
   */
  lossAndGradients(
    params: Parameters,
    x: ArrayLike<number>,
    shape: ModelShape,
    importance: ArrayLike<number>,
    options: ModelOptions,
  ): { loss: number; gradients: Record<string, Float64Array> };
}

/** Identity helper that lets TypeScript check a model definition in place. */
export function defineModel(definition: ModelDefinition): ModelDefinition {
  return definition;
}

/**
 * The output activation of a model with the structure of the paper's first model, h = x·W (tied, linear
 * hidden layer), y = act(h·Wᵀ + b), on non-negative inputs reconstructing themselves: the structure the
 * hand-written trainers (model/train.ts, the fused kernel's tied paths) implement. Null for any other.
 */
export function tiedModelActivation(model: ModelDefinition): 'relu' | 'linear' | null {
  const { layers } = model;
  const tied = layers.encoder === layers.decoder && model.hiddenActivation === 'linear';
  return tied && model.inputs === 'nonnegative' && model.target === 'input' ? layers.output : null;
}

/**
 * Whether a run trains the paper's first model (tiedModelActivation) with no penalty (λ absent or 0): what
 * the hand-written trainers train and the analysis's closed formulas evaluate. The train stage, the fused
 * kernel and the analyze stage all route by this one rule, so that λ = 0 is the unpenalised model everywhere.
 */
export function isUnpenalisedTiedModel(model: ModelDefinition, l1: number | undefined): boolean {
  return tiedModelActivation(model) !== null && (l1 ?? 0) === 0;
}

/**
 * Whether a training group goes to the hand-written trainers of the paper's first model (model/train.ts,
 * the fused kernel's tied paths): the unpenalised tied model (isUnpenalisedTiedModel) trained on clean
 * inputs. Adversarial training runs on the trainers of the whole family. Both the train stage and the fused
 * engine route by this one rule.
 */
export function trainsOnTiedPaths(model: ModelDefinition, l1: number | undefined, attacked: boolean): boolean {
  return isUnpenalisedTiedModel(model, l1) && !attacked;
}
