// The distributed executor's tests run a Redis server of their own (bench/redis-server.ts). They say
// loudly that they skip when redis-server is missing; .ci/run installs it.

import { spawnSync } from 'node:child_process';

export { startRedis, type LocalRedis } from '../../bench/redis-server.ts';

export const REDIS_SERVER = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0 ? 'redis-server' : undefined;

if (REDIS_SERVER === undefined) {
  console.warn(
    '\n*** SKIPPED: redis-server is not installed, so the distributed executor tests do not run. ' +
      'Install it with `apt-get install redis-server` (what .ci/run does). ***\n',
  );
}
