// The gradients of the TensorFlow.js kernels a model's graph and loss use (model/graph-train.ts), registered
// with tfjs-core's gradient registry. tfjs-core's Node build (the CommonJS bundle Node and tsx load)
// registers no gradient at all, and the module that registers them all exists only as extensionless ES
// modules that Node's resolver cannot load; so the graph trainer brings the few it needs, and every
// runtime (the pipeline under tsx, the tests under vitest) runs the same ones. Each is the textbook
// derivative of its kernel; the graph trainer's tests hold the result to every model's hand-written
// float64 gradients (core/models/), an oracle independent of this file.
//
// Conventions: a binary op broadcasts its operands, so each operand's gradient is summed over the axes it
// was broadcast along and reshaped back to its own shape. At a kink the derivative taken is 0
// (ReLU'(0) = 0, |·|'(0) = 0), as the float64 references take it.

import * as tf from '@tensorflow/tfjs-core';

type Saved = tf.Tensor[];

/** dy summed over the axes along which `shape` was broadcast to dy's shape, reshaped to `shape`. */
function unbroadcast(dy: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, dy.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(dy, axes) : dy, shape);
}

/** The saved input tensors of a kernel, checked to be there. */
function saved(tensors: Saved, n: number, kernel: string): tf.Tensor[] {
  if (tensors.length < n) throw new Error(`gradient of ${kernel}: expected ${n} saved inputs, got ${tensors.length}`);
  return tensors;
}

const GRADIENTS: tf.GradConfig[] = [
  {
    // c = a·b (transposeA / transposeB as attributes): ∂a = dy·bᵀ, ∂b = aᵀ·dy, with the transposes carried through
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, tensors, attrs) => {
      const [a, b] = saved(tensors as Saved, 2, 'BatchMatMul') as [tf.Tensor, tf.Tensor];
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      const g = dy as tf.Tensor;
      if (!transposeA && !transposeB) return { a: () => tf.matMul(g, b, false, true), b: () => tf.matMul(a, g, true, false) };
      if (!transposeA && transposeB) return { a: () => tf.matMul(g, b, false, false), b: () => tf.matMul(g, a, true, false) };
      if (transposeA && !transposeB) return { a: () => tf.matMul(b, g, false, true), b: () => tf.matMul(a, g, false, false) };
      return { a: () => tf.matMul(b, g, true, true), b: () => tf.matMul(g, a, true, true) };
    },
  },
  {
    kernelName: 'Add',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, tensors) => {
      const [a, b] = saved(tensors as Saved, 2, 'Add') as [tf.Tensor, tf.Tensor];
      return { a: () => unbroadcast(dy as tf.Tensor, a.shape), b: () => unbroadcast(dy as tf.Tensor, b.shape) };
    },
  },
  {
    kernelName: 'Sub',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, tensors) => {
      const [a, b] = saved(tensors as Saved, 2, 'Sub') as [tf.Tensor, tf.Tensor];
      return { a: () => unbroadcast(dy as tf.Tensor, a.shape), b: () => unbroadcast(tf.neg(dy as tf.Tensor), b.shape) };
    },
  },
  {
    // c = a ⊙ b: ∂a = dy ⊙ b, ∂b = dy ⊙ a
    kernelName: 'Multiply',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, tensors) => {
      const [a, b] = saved(tensors as Saved, 2, 'Multiply') as [tf.Tensor, tf.Tensor];
      return {
        a: () => unbroadcast(tf.mul(dy as tf.Tensor, tf.cast(b, 'float32')), a.shape),
        b: () => unbroadcast(tf.mul(dy as tf.Tensor, tf.cast(a, 'float32')), b.shape),
      };
    },
  },
  {
    // ReLU'(x) = 1 for x > 0, else 0 (0 at the kink)
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, tensors) => {
      const [x] = saved(tensors as Saved, 1, 'Relu') as [tf.Tensor];
      return { x: () => tf.mul(dy as tf.Tensor, tf.cast(tf.greater(x, 0), 'float32')) };
    },
  },
  {
    kernelName: 'Square',
    inputsToSave: ['x'],
    gradFunc: (dy, tensors) => {
      const [x] = saved(tensors as Saved, 1, 'Square') as [tf.Tensor];
      return { x: () => tf.mul(dy as tf.Tensor, tf.mul(x, 2)) };
    },
  },
  {
    // |x|' = sign(x), 0 at x = 0
    kernelName: 'Abs',
    inputsToSave: ['x'],
    gradFunc: (dy, tensors) => {
      const [x] = saved(tensors as Saved, 1, 'Abs') as [tf.Tensor];
      return { x: () => tf.mul(dy as tf.Tensor, tf.sign(x)) };
    },
  },
  {
    // every summed element receives dy of its sum: dy reshaped with the summed axes kept as 1, broadcast back
    kernelName: 'Sum',
    inputsToSave: ['x'],
    gradFunc: (dy, tensors, attrs) => {
      const [x] = saved(tensors as Saved, 1, 'Sum') as [tf.Tensor];
      const axes = tf.util.parseAxisParam((attrs as { axis: number | number[] }).axis, x.shape);
      const kept = x.shape.map((d, k) => (axes.includes(k) ? 1 : d));
      return { x: () => tf.mul(tf.reshape(dy as tf.Tensor, kept), tf.ones(x.shape)) };
    },
  },
  {
    // the slice's gradient goes back to where the slice was taken; zero elsewhere
    kernelName: 'Slice',
    inputsToSave: ['x'],
    gradFunc: (dy, tensors, attrs) => {
      const [x] = saved(tensors as Saved, 1, 'Slice') as [tf.Tensor];
      const { begin, size } = attrs as { begin: number[]; size: number[] };
      const paddings = x.shape.map((d, k): [number, number] => {
        const length = (size[k] as number) < 0 ? d - (begin[k] as number) : (size[k] as number);
        return [begin[k] as number, d - (begin[k] as number) - length];
      });
      return { x: () => tf.pad(dy as tf.Tensor, paddings) };
    },
  },
  {
    kernelName: 'Reshape',
    inputsToSave: ['x'],
    gradFunc: (dy, tensors) => {
      const [x] = saved(tensors as Saved, 1, 'Reshape') as [tf.Tensor];
      return { x: () => tf.reshape(dy as tf.Tensor, x.shape) };
    },
  },
];

let registered = false;

/** Registers the gradients above once per process (a later call does nothing). */
export function registerGraphGradients(): void {
  if (registered) return;
  for (const config of GRADIENTS) tf.registerGradient(config);
  registered = true;
}
