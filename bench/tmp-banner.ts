import { chooseBackend, initBackend } from '../model/backend.ts';
await initBackend(chooseBackend('cpu'));
const tf = await import('@tensorflow/tfjs-core');
tf.add(tf.scalar(1), tf.scalar(1)).dispose();
process.stdout.write('STDOUT-OK\n');
