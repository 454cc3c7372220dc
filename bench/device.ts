// `npx tsx bench/device.ts`: what the project makes of this machine's accelerator, for bench/gpu-check.sh.
// Prints the backend and engine that `auto` picks and why, and, where a native backend is available,
// starts it and says whether TensorFlow placed an op on a GPU. Exit 1 when no node-gpu backend is available.

import { availableBackends, chooseBackend, initBackend, libtensorflowVersion } from '../model/backend.ts';
import { chooseTraining, describeTraining } from '../model/engine.ts';

const backend = chooseBackend('auto');
console.log(`backends available here: ${availableBackends().join(', ')}`);
console.log(`backend auto: ${backend.id} (${backend.reason})`);
console.log(`training with engine auto, backend auto: ${describeTraining(chooseTraining('auto', 'auto'))}`);
if (backend.id === 'node-gpu' || backend.id === 'node') {
  await initBackend(backend);
  const tf = await import('@tensorflow/tfjs-core');
  const product = tf.tidy(() => tf.matMul(tf.ones([256, 256]), tf.ones([256, 1])).dataSync());
  const binding = (tf.backend() as unknown as { binding: { isUsingGpuDevice?: () => boolean; TF_Version?: string } }).binding;
  const gpu = binding.isUsingGpuDevice?.() === true;
  console.log(
    `libtensorflow ${binding.TF_Version ?? libtensorflowVersion(backend.id)}: a 256 × 256 matmul gave ${product[0]} (want 256) ${gpu ? 'on a GPU' : 'on the CPU'}`,
  );
}
process.exit(backend.id === 'node-gpu' ? 0 : 1);
