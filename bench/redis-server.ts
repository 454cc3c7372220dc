// A Redis server of one's own, from Debian's redis-server: on loopback, on a free port, with append-only
// persistence in a temporary folder (so that a test can kill it and start it again from its log), and with
// a password (the distributed executor never needs an unauthenticated Redis). Used by the distributed
// executor's tests and by npm run bench:distributed.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface LocalRedis {
  /** redis://:password@127.0.0.1:port */
  url: string;
  port: number;
  password: string;
  /** SIGKILL, as a crash: what was acknowledged is in the append-only log */
  kill(): Promise<void>;
  /** start again on the same port from the same folder (its append-only log) */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `appendfsync`: 'always' (the tests: every acknowledged write survives a SIGKILL of the server) or Redis's
 * default 'everysec' (the benchmark: what a deployment would run).
 */
export async function startRedis(appendfsync: 'always' | 'everysec' = 'always'): Promise<LocalRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'tms-redis-'));
  const port = await freePort();
  const password = `test-${port}`;
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        appendfsync,
        '--save',
        '',
        '--requirepass',
        password,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      child!.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
    });
  };
  const kill = async (): Promise<void> => {
    const running = child;
    if (running === undefined || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `redis://:${password}@127.0.0.1:${port}`,
    port,
    password,
    kill,
    start,
    async stop() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
