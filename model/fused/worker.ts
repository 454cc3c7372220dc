// Worker entry of the fused engine (model/fused/engine.ts): holds one KernelRunner, takes a group's
// kernel config, then runs chunks of steps on instance blocks that the main thread sends and gets back.
// Requests are answered in order; the blocks travel as transferred buffers.

import { parentPort } from 'node:worker_threads';
import { KernelRunner, type WorkerReply, type WorkerRequest } from './engine.ts';

const port = parentPort;
if (port === null) throw new Error('model/fused/worker.ts must run in a worker thread');

let runner: KernelRunner | null = null;

port.on('message', (request: WorkerRequest) => {
  try {
    if (request.type === 'configure') {
      runner ??= new KernelRunner();
      runner.configure(request.cfg);
      return;
    }
    if (runner === null) throw new Error('run before configure');
    const losses = runner.run(request.id, request.state, request.step0, request.k);
    const reply: WorkerReply = { type: 'done', id: request.id, state: request.state, losses };
    port.postMessage(reply, [request.state.buffer as ArrayBuffer, losses.buffer as ArrayBuffer]);
  } catch (error) {
    const reply: WorkerReply = {
      type: 'error',
      id: request.type === 'run' ? request.id : -1,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
    port.postMessage(reply);
  }
});
