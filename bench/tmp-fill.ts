import { createStreams } from '../data/prng.ts';
import { fillBatch } from '../data/synthetic.ts';
const I=10,B=1024,F=5;
const streams = createStreams(new Uint32Array(I).map((_, i)=>i+1));
const xb = new Float32Array(I*B*F);
for (const p of [1, 0.5, 0.3, 0.05, 0.001]) {
  const dens = new Float32Array(I*F).fill(p);
  for (let k=0;k<200;k++) fillBatch(xb, streams, dens, B, F, 'per_element');
  const n=1000; const t0=performance.now(); for (let k=0;k<n;k++) fillBatch(xb, streams, dens, B, F, 'per_element');
  const dt=(performance.now()-t0)/n; console.log(p, (dt*1000).toFixed(1),'us', (dt*1e6/(I*B*F)).toFixed(2),'ns/elem');
}
