// The distributed executor against Redis as a deployment runs it: TLS only (rediss://, the server's
// certificate signed by a CA the clients trust through NODE_EXTRA_CA_CERTS) and an ACL user in place of
// the default one. Two workers run every node; the same URL without TLS, without the CA, or with the
// default user is refused with one line that never shows the password.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster } from './cluster.ts';
import { runFixtureCli } from './fixture-project.ts';
import { REDIS_SERVER } from './redis-server.ts';

const VALUES = { a: 1, b: 2, c: 3 };
let cluster: TestCluster;

beforeAll(async () => {
  if (REDIS_SERVER !== undefined) cluster = await TestCluster.start({ tls: true, user: 'pipeline' });
}, 60_000);

afterAll(async () => {
  if (REDIS_SERVER !== undefined) await cluster.stop();
});

describe.skipIf(REDIS_SERVER === undefined)('the BullMQ executor over TLS with an ACL user', () => {
  it('runs every node on the workers, byte-identical to the local executor', async () => {
    expect(cluster.redis.url).toMatch(/^rediss:\/\/pipeline:[^@]+@localhost:\d+$/);
    const coordinator = await cluster.checkout(VALUES);
    const workers = [await cluster.checkout(VALUES), await cluster.checkout(VALUES)];
    const running = await Promise.all(workers.map((w) => cluster.startWorker(w)));
    const result = await cluster.coordinate(coordinator);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^4 ran, 0 cache hits, 4 nodes/);
    expect(await coordinator.runs()).toEqual([]);
    expect((await Promise.all(workers.map((w) => w.runs()))).flat().sort()).toEqual(['make@a', 'make@b', 'make@c', 'sum']);
    const local = await cluster.checkout(VALUES);
    expect((await runFixtureCli(local, ['reproduce'])).code).toBe(0);
    const folders = ['make/a', 'make/b', 'make/c', 'sum'];
    expect(await cluster.artifacts(coordinator, folders)).toEqual(await cluster.artifacts(local, folders));
    for (const worker of running) expect(await cluster.stopWorker(worker)).toBe(0);
  }, 120_000);

  it('refuses plain redis://, a server certificate it cannot verify, and the default user, one line each', async () => {
    const project = await cluster.checkout(VALUES);
    const url = new URL(cluster.redis.url);
    const attempts = {
      'no TLS': [`redis://pipeline:${url.password}@localhost:${url.port}`, cluster.redis.env],
      'no CA': [cluster.redis.url, { NODE_EXTRA_CA_CERTS: '' }],
      'default user': [`rediss://:${url.password}@localhost:${url.port}`, cluster.redis.env],
    } as const;
    for (const [what, [redis, env]] of Object.entries(attempts)) {
      const run = await cluster.coordinate(project, [], { ...env, PIPELINE_REDIS: redis });
      expect(run.code, what).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines, what).toHaveLength(1);
      expect(lines[0], what).toMatch(/^error \[E_REDIS\]: --redis rediss?:\/\/(pipeline)?:\*\*\*@localhost:\d+\/?: cannot use it \(/);
      expect(run.stderr, what).not.toContain(url.password);
    }
    expect(await project.runs()).toEqual([]);
  }, 120_000);
});
