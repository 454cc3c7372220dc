// An S3-compatible server of the test's own, on loopback with a bucket to use: MinIO where its binary is
// found (MINIO_BIN, .cache/minio/bin/minio where .ci/run builds it from the Go module proxy, or `minio` on
// the PATH), else moto's server from PyPI (`.venv/bin/pip install 'moto[server]==5.1.18'`: installs in
// seconds where MinIO takes minutes to build, but checks no signatures, so the one test that needs a
// server that does skips with it). Tests that need a server say loudly that they skip when none is there.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/free-port.ts';
import { signV4 } from '../../pipeline/store-s3.ts';

const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

function runs(command: string, args: string[]): boolean {
  return spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 }).status === 0;
}

function findServer(): { kind: 'minio' | 'moto'; command: string } | undefined {
  for (const candidate of [process.env.MINIO_BIN, join(PROJECT_ROOT, '.cache', 'minio', 'bin', 'minio'), 'minio'])
    if (candidate && runs(candidate, ['--version'])) return { kind: 'minio', command: candidate };
  for (const candidate of [join(PROJECT_ROOT, '.venv', 'bin', 'moto_server'), 'moto_server'])
    if (runs(candidate, ['--help'])) return { kind: 'moto', command: candidate };
  return undefined;
}

export const S3_SERVER = findServer();

if (S3_SERVER === undefined) {
  console.warn(
    '\n*** SKIPPED: no S3-compatible server (MinIO or moto) is installed, so the s3:// store tests do not run. ' +
      'Build MinIO as .ci/run does (GOBIN=$PWD/.cache/minio/bin go install github.com/minio/minio@<version in .ci/run>) ' +
      "or install moto's server (.venv/bin/pip install 'moto[server]==5.1.18'). ***\n",
  );
}

export interface TestS3 {
  kind: 'minio' | 'moto';
  /** AWS_* variables that point the s3:// store at this server */
  env: Record<string, string>;
  bucket: string;
  stop(): Promise<void>;
}

export async function startS3(): Promise<TestS3> {
  const { kind, command } = S3_SERVER!;
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'tms-s3-'));
  const accessKey = 'tms-test-access';
  const secretKey = 'tms-test-secret-key-0123456789';
  const child: ChildProcess =
    kind === 'minio'
      ? spawn(command, ['server', dir, '--address', `127.0.0.1:${port}`, '--quiet'], {
          env: { ...process.env, MINIO_ROOT_USER: accessKey, MINIO_ROOT_PASSWORD: secretKey, MINIO_BROWSER: 'off' },
          stdio: 'ignore',
        })
      : spawn(command, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { region: 'us-east-1', accessKey, secretKey, sessionToken: undefined };
  const bucket = 'tms-store-test';
  // the server is up once it answers; then the bucket is made
  for (let i = 0; ; i += 1) {
    const url = new URL(`/${bucket}`, endpoint);
    const response = await fetch(url, { method: 'PUT', headers: signV4('PUT', url, Buffer.alloc(0), {}, credentials, new Date()) }).catch(
      () => undefined,
    );
    if (response?.ok) break;
    if (i > 200 || child.exitCode !== null) throw new Error(`${kind} did not start on ${endpoint} (${response?.status ?? 'no answer'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    kind,
    bucket,
    env: { AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: secretKey, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint },
    async stop() {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
