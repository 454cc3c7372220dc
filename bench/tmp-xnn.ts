import { chooseBackend, initBackend } from '../model/backend.ts';
import * as tf from '@tensorflow/tfjs-core';
await initBackend(chooseBackend('wasm'));
function time(label: string, n: number, fn: () => void) {
  for (let k=0;k<50;k++) fn();
  const t0 = performance.now(); for (let k=0;k<n;k++) fn(); const dt = (performance.now()-t0)/n;
  console.log(label.padEnd(50), (dt*1000).toFixed(1), 'us');
}
const B=1024,F=20,H1=6,I=7;
const x1 = tf.randomUniform([1,B,F]) as tf.Tensor3D;
const w1 = tf.randomUniform([1,F,H1]) as tf.Tensor3D;
const xI = tf.randomUniform([I,B,F]) as tf.Tensor3D;
const wI = tf.randomUniform([I,F,H1]) as tf.Tensor3D;
time('batched [7,1024,20]x[7,20,6]', 300, () => tf.matMul(xI, wI).dispose());
time('single [1,1024,20]x[1,20,6] same w', 300, () => tf.matMul(x1, w1).dispose());
time('single, fresh w each call', 300, () => { const w = tf.add(w1, 0); tf.matMul(x1, w).dispose(); w.dispose(); });
time('add only (fresh w)', 300, () => { const w = tf.add(w1, 0); w.dispose(); });
const hc1 = tf.randomUniform([1,B,H1]) as tf.Tensor3D;
const pT1 = tf.randomUniform([1,H1,F]) as tf.Tensor3D;
time('single [1,1024,6]x[1,6,20] (pre)', 300, () => { const w = tf.add(pT1, 0); tf.matMul(hc1, w).dispose(); w.dispose(); });
const dT = tf.randomUniform([1,F,B]) as tf.Tensor3D;
time('single [1,20,1024]x[1,1024,6] (dP), fresh b', 300, () => { const w = tf.add(hc1, 0); tf.matMul(dT, w).dispose(); w.dispose(); });
time('transpose [7,1024,20]->[7,20,1024]', 300, () => tf.transpose(xI, [0,2,1]).dispose());
time('slice [7,1024,20] one instance', 300, () => tf.slice(xI, [3,0,0], [1,B,F]).dispose());
time('unstack [7,1024,20]', 300, () => tf.unstack(xI).forEach(t=>t.dispose()));
