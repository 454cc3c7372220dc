// Progress of long work, on stderr: a live bar per running node in a terminal, and plain periodic
// lines otherwise (CI logs), so a 10-minute training run never looks hung and never floods a log.

import cliProgress from 'cli-progress';
import type { ProgressUpdate } from './types.ts';

export interface ProgressReporter {
  update(node: string, update: ProgressUpdate): void;
  finish(node: string): void;
  log(message: string): void;
  close(): void;
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 90) return `${Math.round(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}

/** Plain lines: at most one per node every `intervalMs`, plus the last one. */
export class LineReporter implements ProgressReporter {
  private readonly started = new Map<string, number>();
  private readonly lastPrinted = new Map<string, number>();

  constructor(
    private readonly intervalMs = 15_000,
    private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  update(node: string, { done, total, detail }: ProgressUpdate): void {
    const now = Date.now();
    if (!this.started.has(node)) this.started.set(node, now);
    const last = this.lastPrinted.get(node);
    if (last !== undefined && now - last < this.intervalMs && done < total) return;
    this.lastPrinted.set(node, now);
    const elapsed = (now - this.started.get(node)!) / 1000;
    const eta = done > 0 ? (elapsed * (total - done)) / done : Number.NaN;
    const percent = total > 0 ? ((100 * done) / total).toFixed(0) : '?';
    this.write(`[${node}] ${done}/${total} (${percent}%) ${detail} elapsed ${formatEta(elapsed)} eta ${formatEta(eta)}`);
  }

  finish(node: string): void {
    this.started.delete(node);
    this.lastPrinted.delete(node);
  }

  log(message: string): void {
    this.write(message);
  }

  close(): void {}
}

/** Live bars (one per running node) for an interactive terminal. */
export class BarReporter implements ProgressReporter {
  private readonly multibar = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
      format: ' {node} |{bar}| {value}/{total} {detail} eta {eta_formatted}',
      barsize: 24,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  private readonly bars = new Map<string, cliProgress.SingleBar>();

  update(node: string, { done, total, detail }: ProgressUpdate): void {
    let bar = this.bars.get(node);
    if (!bar) {
      bar = this.multibar.create(total, 0, { node, detail });
      this.bars.set(node, bar);
    }
    bar.setTotal(total);
    bar.update(done, { node, detail });
  }

  finish(node: string): void {
    const bar = this.bars.get(node);
    if (bar) {
      this.multibar.remove(bar);
      this.bars.delete(node);
    }
  }

  log(message: string): void {
    this.multibar.log(`${message}\n`);
  }

  close(): void {
    this.multibar.stop();
  }
}

export function createReporter(): ProgressReporter {
  return process.stderr.isTTY && process.env.CI !== 'true' ? new BarReporter() : new LineReporter();
}
