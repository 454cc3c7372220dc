import { chooseBackend, initBackend } from '../model/backend.ts';
import { trainGroup } from '../model/train.ts';
import { createPrng, deriveSeed } from '../data/prng.ts';
import type { TrainingGroup } from '../model/types.ts';
import * as tf from '@tensorflow/tfjs-core';
const which = (process.argv[2] ?? 'wasm') as 'wasm' | 'cpu';
await initBackend(chooseBackend(which));
function group(F: number, H: number, I: number, B: number, steps: number): TrainingGroup {
  const r = createPrng(1);
  const W0 = new Float32Array(I*F*H); r.fillNormal(W0, 0, Math.sqrt(2/(H*(F+I))));
  const density = new Float32Array(I*F); for (let i=0;i<I;i++) for (let f=0;f<F;f++) density[i*F+f] = Math.pow(20, -i/(I-1 || 1));
  const importance = new Float32Array(F).map((_, f) => Math.pow(0.9, f));
  const dataSeeds = new Uint32Array(I).map((_, i) => deriveSeed(1, 'x', i));
  return { features: F, hidden: H, instances: I, activation: 'relu', importance, density, W0, b0: new Float32Array(I*F), dataSeeds,
    optimizer: { kind: 'adamw', lr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8 }, steps, batch: B, mask: 'per_element', loss: 'mean', logEvery: 100 };
}
for (const [F,H,I,B] of [[5,2,30,1024],[20,5,21,1024],[20,5,4,256],[5,2,10,1024],[20,5,7,1024]] as const) {
  const g = group(F,H,I,B,50); await trainGroup(g);
  const steps = 400; const g2 = group(F,H,I,B,steps);
  const t0 = performance.now(); const res = await trainGroup(g2); const dt = performance.now()-t0;
  console.log(`${tf.getBackend()} F=${F} H=${H} I=${I} B=${B}: ${(dt/steps).toFixed(3)} ms/step  loss0=${res.lossCurve[0]?.toFixed(4)} lossN=${res.lossCurve[res.lossCurve.length-1]?.toFixed(4)}  tensors=${tf.memory().numTensors}`);
}
