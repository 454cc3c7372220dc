// The bench measures tfjs on the native backend beside the fused engine, on 1 and 2 TensorFlow threads,
// each in a process of its own (bench/engines.ts nativeEngines, training.bench.ts --native-child).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { NATIVE_READY } from '../model/backend-scope.ts';
import { PROJECT_ROOT } from '../../bench/working-tree.ts';

describe.skipIf(!NATIVE_READY)('npm run bench on the native backend', () => {
  it('gives tfjs-node rows on 1 and 2 threads for every smoke workload, beside the fused engine', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        import.meta.resolve('tsx'),
        'bench/training.bench.ts',
        '--smoke',
        '--no-torch',
        '--no-jax',
        '--no-report',
        '--engines',
        'tfjs-node,fused-1t',
      ],
      { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 16 << 20 },
    );
    expect(run.status, run.stderr).toBe(0);
    // | engine | workload | model | steps/s | …
    const rows = run.stdout
      .split('\n')
      .map((line) => line.split('|').map((cell) => cell.trim()))
      .filter((cells) => /^(tfjs-node-[12]t|fused-1t)$/.test(cells[1] ?? ''));
    const rates = new Map(rows.map((cells) => [`${cells[1]} ${cells[2]}`, Number.parseFloat(cells[4] ?? '')]));
    for (const workload of ['A/sched', 'P/sched', 'V/sched']) {
      for (const engine of ['tfjs-node-1t', 'tfjs-node-2t', 'fused-1t']) {
        const rate = rates.get(`${engine} ${workload}`);
        expect(rate, `${engine} ${workload}`).toBeGreaterThan(0);
      }
    }
    expect(run.stderr).toMatch(/tfjs-node-2t: tfjs node \(libtensorflow [0-9.]+, .*\), 2 TensorFlow threads; in a process of its own/);
  }, 300_000);
});
