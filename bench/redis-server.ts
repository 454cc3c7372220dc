// A Redis server of one's own, from Debian's redis-server: on loopback, on a free port, with append-only
// persistence in a temporary folder (so that a test can kill it and start it again from its log), and with
// a password (the distributed executor never needs an unauthenticated Redis). Optionally as a deployment
// would run it: TLS only (a CA and a server certificate made with openssl) and an ACL user in place of the
// default one. Used by the distributed executor's tests and by npm run bench:distributed.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface LocalRedis {
  /** redis://:password@127.0.0.1:port, or rediss://user:password@localhost:port with TLS and a user */
  url: string;
  /** what a client process needs besides the URL: with TLS, NODE_EXTRA_CA_CERTS naming the test CA */
  env: Record<string, string>;
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
export async function startRedis(
  appendfsync: 'always' | 'everysec' = 'always',
  secure: { tls: boolean; user: string } | undefined = undefined,
): Promise<LocalRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'tms-redis-'));
  const port = await freePort();
  const password = `test-${port}`;
  const access =
    secure === undefined
      ? ['--port', String(port), '--requirepass', password]
      : [
          ...(secure.tls
            ? ['--port', '0', '--tls-port', String(port), ...tlsFiles(dir), '--tls-auth-clients', 'no']
            : ['--port', String(port)]),
          // the default user off: only the named one, with its password, gets in
          '--user',
          'default',
          'off',
          '--user',
          secure.user,
          'on',
          `>${password}`,
          '~*',
          '&*',
          '+@all',
        ];
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(
      'redis-server',
      [...access, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', appendfsync, '--save', ''],
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
    url:
      secure === undefined
        ? `redis://:${password}@127.0.0.1:${port}`
        : `${secure.tls ? 'rediss' : 'redis'}://${secure.user}:${password}@localhost:${port}`,
    env: secure?.tls === true ? { NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt') } : {},
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

/** A CA and a certificate for localhost signed by it, made in `dir`; redis-server's flags that use them. */
function tlsFiles(dir: string): string[] {
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=tms test CA', '-keyout', 'ca.key', '-out', 'ca.crt');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    'san.ext',
    '-out',
    'server.crt',
  );
  return ['--tls-cert-file', join(dir, 'server.crt'), '--tls-key-file', join(dir, 'server.key'), '--tls-ca-cert-file', join(dir, 'ca.crt')];
}
