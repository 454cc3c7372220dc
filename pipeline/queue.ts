// What the coordinator (executor-bullmq.ts) and the workers (worker.ts) agree on: the queue's name, what a
// job carries, and how Redis is reached.
//
// The queue is named after the digest of every source file the DAG runs, so a worker whose checkout holds
// other code listens on another queue and never takes work that is not its own. A job carries data only
// (a node id, the key the coordinator computed for it, whether it is forced): never code, never a path.
// The worker checks it before anything else and rejects what does not fit, without retrying it.

import { createHash } from 'node:crypto';
import { PipelineError } from './errors.ts';
import { canonicalJson } from './hash.ts';
import { MAX_SHARDS } from './node-key.ts';
import type { NodePart } from './types.ts';

export interface NodeJob {
  node: string;
  key: string;
  force: boolean;
  /** one part of a node that splits into shards; absent: the whole node */
  part?: NodePart;
}

/** What a worker returns for a job: how the node ended there, and where it ran. */
export interface NodeJobResult {
  status: 'hit' | 'ran';
  worker: string;
}

/** The queue of a project's nodes for one version of its code (`sources`: file → digest, every file the DAG runs). */
export function queueName(project: string, sources: ReadonlyMap<string, string>): string {
  const digest = createHash('sha256')
    .update(canonicalJson(Object.fromEntries([...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))))
    .digest('hex');
  return `pipeline.${project.replace(/[^A-Za-z0-9_-]/g, '_')}.${digest.slice(0, 16)}`;
}

const NODE_ID = /^[A-Za-z0-9_.-]+(@[A-Za-z0-9_.\-/]+)?$/;
const KEY = /^[0-9a-f]{64}$/;

/** A job's data checked field by field: the job, or why it is refused. */
export function checkJob(data: unknown): { job: NodeJob } | { why: string } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { why: 'its data is not an object' };
  const fields = Object.keys(data).sort();
  if (
    ![
      ['force', 'key', 'node'],
      ['force', 'key', 'node', 'part'],
    ].some((allowed) => canonicalJson(fields) === canonicalJson(allowed))
  )
    return { why: `its fields are ${fields.join(', ') || 'none'}, not force, key, node (and part)` };
  const { node, key, force, part } = data as Record<string, unknown>;
  if (typeof node !== 'string' || !NODE_ID.test(node) || node.includes('..'))
    return { why: `its node ${JSON.stringify(node)} is not a node id` };
  if (typeof key !== 'string' || !KEY.test(key)) return { why: `its key ${JSON.stringify(key)} is not a sha256 key` };
  if (typeof force !== 'boolean') return { why: "its 'force' is not true or false" };
  if (part === undefined) return { job: { node, key, force } };
  const checked = parsePart(part);
  return checked === undefined
    ? { why: `its part ${JSON.stringify(part)} is not a shard or a merge of at most ${MAX_SHARDS} shards` }
    : { job: { node, key, force, part: checked } };
}

/** A job's part: { kind: 'shard', index, count } (index < count) or { kind: 'merge', count }, count 2 … MAX_SHARDS. */
function parsePart(value: unknown): NodePart | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { kind, index, count, ...rest } = value as Record<string, unknown>;
  const whole = (n: unknown): n is number => Number.isSafeInteger(n);
  if (Object.keys(rest).length > 0 || !whole(count) || count < 2 || count > MAX_SHARDS) return undefined;
  if (kind === 'merge' && index === undefined) return { kind, count };
  if (kind === 'shard' && whole(index) && index >= 0 && index < count) return { kind, index, count };
  return undefined;
}

/** ' shard 3/20', ' (merge of 20 shards)' or '' for the whole node: how logs name a job's part. */
export function describePart(part: NodePart | undefined): string {
  if (part === undefined) return '';
  return part.kind === 'shard' ? ` shard ${part.index + 1}/${part.count}` : ` (merge of ${part.count} shards)`;
}

/** A Redis URL fit for messages: the password, if any, replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

/** Checks a Redis URL's form (redis:// or rediss:// for TLS); throws one line naming it (redacted) otherwise. */
export function checkRedisUrl(url: string | undefined, flag = '--redis'): string {
  if (url === undefined || url === '')
    throw new PipelineError('E_USAGE', `${flag} URL is needed (redis://[user:password@]host:port, or rediss://… for TLS)`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PipelineError('E_REDIS', `${flag} ${redactUrl(url)}: not a URL (redis://[user:password@]host:port, or rediss://… for TLS)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new PipelineError('E_REDIS', `${flag} ${redactUrl(url)}: not a Redis URL (allowed: redis://…, rediss://… for TLS)`);
  return url;
}

/**
 * Connects once to Redis and pings it, so that an unreachable, refusing or password-protected server is one
 * line before anything starts (BullMQ itself would retry forever).
 */
export async function pingRedis(url: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {}); // reported below, once
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new PipelineError(
      'E_REDIS',
      `--redis ${redactUrl(url)}: cannot use it (${(error as Error).message}); is the server running, and are the credentials right?`,
    );
  } finally {
    client.disconnect();
  }
}
