// The s3:// backend of the shared store (store.ts): a bucket and prefix on Amazon S3 or any S3-compatible
// server (MinIO, Ceph, Garage, …), spoken to over HTTPS with Signature Version 4 written out here (two
// dozen lines of hashing instead of an SDK of a hundred packages).
//
//   s3://<bucket>/<prefix>/store.json                {"store": "pipeline", "format": N}
//   s3://<bucket>/<prefix>/objects/<2 hex>/<62 hex>  file contents, named by their sha256
//   s3://<bucket>/<prefix>/actions/<key>.json        one run record per key, created once
//
// Creating once is a conditional PUT (If-None-Match: *): of two machines that PUT the same name, one gets
// 412 Precondition Failed and reads the winner's copy back. An object is put the same way, and one that
// is already there is read back and checked against its digest, and replaced only when it is damaged.
//
// Credentials come from the environment, never from a file of the project or a log line: AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (if any), AWS_REGION (us-east-1 by default) and, for a server
// other than Amazon's, AWS_ENDPOINT_URL (path-style addressing, e.g. http://127.0.0.1:9000).

import { createHash, createHmac } from 'node:crypto';
import { CACHE_FORMAT } from './cache.ts';
import { PipelineError } from './errors.ts';
import type { SharedStore, StoreEntry } from './store.ts';

const MARKER = 'store.json';

interface S3Location {
  /** where requests go: https://<bucket>.s3.<region>.amazonaws.com, or <endpoint>/<bucket> path-style */
  base: URL;
  prefix: string;
  region: string;
  accessKey: string;
  secretKey: string;
  sessionToken: string | undefined;
}

/** Opens the store at s3://bucket/prefix: checks the credentials, the bucket and the store marker (written when absent). */
export async function openS3Store(url: string, env: NodeJS.ProcessEnv = process.env): Promise<SharedStore> {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (match === null)
    throw new PipelineError(
      'E_STORE',
      `--store ${url}: not an s3://bucket/prefix URL (a bucket name is 3–63 lower-case letters, digits, dots and dashes)`,
    );
  const [, bucket, rawPrefix] = match as unknown as [string, string, string | undefined];
  const accessKey = env.AWS_ACCESS_KEY_ID;
  const secretKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKey || !secretKey)
    throw new PipelineError('E_STORE', `--store ${url}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment`);
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  let base: URL;
  try {
    base = endpoint ? new URL(`${endpoint.replace(/\/+$/, '')}/${bucket}/`) : new URL(`https://${bucket}.s3.${region}.amazonaws.com/`);
  } catch {
    throw new PipelineError('E_STORE', `--store ${url}: AWS_ENDPOINT_URL ${JSON.stringify(endpoint)} is not a URL`);
  }
  const prefix = (rawPrefix ?? '').replace(/^\/+|\/+$/g, '');
  const store = new S3Store(url, {
    base,
    prefix: prefix === '' ? '' : `${prefix}/`,
    region,
    accessKey,
    secretKey,
    sessionToken: env.AWS_SESSION_TOKEN || undefined,
  });
  await store.checkMarker();
  return store;
}

class S3Store implements SharedStore {
  constructor(
    readonly url: string,
    private readonly at: S3Location,
  ) {}

  async checkMarker(): Promise<void> {
    const wanted = `${JSON.stringify({ store: 'pipeline', format: CACHE_FORMAT })}\n`;
    let text: string;
    try {
      text = (await this.createOnce(MARKER, Buffer.from(wanted))).toString('utf8');
    } catch (error) {
      throw new PipelineError('E_STORE', `--store ${this.url}: cannot use it (${(error as Error).message})`);
    }
    let found: { store?: unknown; format?: unknown } | undefined;
    try {
      found = JSON.parse(text) as typeof found;
    } catch {
      found = undefined;
    }
    if (found?.store !== 'pipeline')
      throw new PipelineError('E_STORE', `--store ${this.url}: its ${MARKER} does not describe a pipeline store`);
    if (found.format !== CACHE_FORMAT)
      throw new PipelineError(
        'E_STORE',
        `--store ${this.url}: the store holds cache format ${JSON.stringify(found.format)}, this code writes format ${CACHE_FORMAT}; use another prefix for this version`,
      );
  }

  async getObject(digest: string): Promise<Buffer | undefined> {
    return this.get(objectName(digest));
  }

  async putObject(digest: string, data: Uint8Array): Promise<void> {
    const name = objectName(digest);
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const held = await this.createOnce(name, buffer);
    // an object already there is kept when intact; a damaged one (which no reader accepts) is replaced
    if (!held.equals(buffer)) await this.request('PUT', name, buffer, {}, [200]);
  }

  async getRecord(key: string): Promise<string | undefined> {
    return (await this.get(recordName(key)))?.toString('utf8');
  }

  async putRecord(key: string, text: string): Promise<{ created: boolean; text: string }> {
    const data = Buffer.from(text);
    const held = await this.createOnce(recordName(key), data);
    return { created: held === data, text: held.toString('utf8') };
  }

  async *list(): AsyncIterable<StoreEntry> {
    for (const [kind, folder] of [
      ['object', 'objects/'],
      ['record', 'actions/'],
    ] as const) {
      let token: string | undefined;
      do {
        // ListObjectsV2: up to 1,000 names a page, in order, continued by the token of the last page
        const query = new URLSearchParams({
          'list-type': '2',
          prefix: this.at.prefix + folder,
          ...(token === undefined ? {} : { 'continuation-token': token }),
        });
        const page = await (await this.request('GET', '', undefined, {}, [200], query)).text();
        for (const item of page.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
          const key = xmlText(/<Key>([^<]*)<\/Key>/.exec(item[1]!)?.[1] ?? '');
          const rest = key.slice((this.at.prefix + folder).length);
          const name = kind === 'object' ? rest.replace('/', '') : rest.replace(/\.json$/, '');
          yield { kind, name, modified: new Date(/<LastModified>([^<]*)<\/LastModified>/.exec(item[1]!)?.[1] ?? 0) };
        }
        token = /<IsTruncated>true<\/IsTruncated>/.test(page)
          ? xmlText(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(page)?.[1] ?? '')
          : undefined;
      } while (token !== undefined);
    }
  }

  async remove(entry: Pick<StoreEntry, 'kind' | 'name'>): Promise<void> {
    if (entry.kind === 'temporary') return;
    await this.request('DELETE', entry.kind === 'object' ? objectName(entry.name) : recordName(entry.name), undefined, {}, [200, 204]);
  }

  /** PUT unless the name exists; returns `data` itself when this call created it, else the copy the store holds. */
  private async createOnce(name: string, data: Buffer): Promise<Buffer> {
    const response = await this.request('PUT', name, data, { 'if-none-match': '*' }, [200, 412]);
    if (response.status === 200) return data;
    const held = await this.get(name);
    if (held === undefined) throw new Error(`${name} was reported present and then not found`);
    return held;
  }

  private async get(name: string): Promise<Buffer | undefined> {
    const response = await this.request('GET', name, undefined, {}, [200, 404]);
    return response.status === 404 ? undefined : Buffer.from(await response.arrayBuffer());
  }

  /** One signed request; a status outside `expected` is an error naming it and the server's error code. */
  private async request(
    method: 'GET' | 'PUT' | 'DELETE',
    name: string,
    body: Buffer | undefined,
    headers: Record<string, string>,
    expected: number[],
    query?: URLSearchParams,
  ): Promise<Response> {
    // a name is a key under the prefix; no name is the bucket itself (a listing)
    const url = new URL(name === '' ? '' : encodePath(this.at.prefix + name), this.at.base);
    if (query !== undefined) url.search = query.toString();
    const signed = signV4(method, url, body ?? Buffer.alloc(0), headers, this.at, new Date());
    const response = await fetch(url, { method, headers: signed, ...(body === undefined ? {} : { body }) });
    if (!expected.includes(response.status)) {
      const text = await response.text().catch(() => '');
      const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
      throw new Error(`${method} ${name}: HTTP ${response.status}${code === undefined ? '' : ` ${code}`}`);
    }
    return response;
  }
}

/** The five entities XML escapes (S3 listings escape keys and tokens). */
function xmlText(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}

const objectName = (digest: string): string => `objects/${digest.slice(0, 2)}/${digest.slice(2)}`;
const recordName = (key: string): string => `actions/${key}.json`;

/** RFC 3986 encoding of each path segment, as SigV4 wants it ('/' kept). */
function encodePath(path: string): string {
  return path
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/**
 * The headers of a request signed with AWS Signature Version 4 (the S3 service, the payload hashed):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
export function signV4(
  method: string,
  url: URL,
  body: Uint8Array,
  extra: Record<string, string>,
  credentials: Pick<S3Location, 'region' | 'accessKey' | 'secretKey' | 'sessionToken'>,
  now: Date,
): Record<string, string> {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k.toLowerCase(), v.trim()])),
    host: url.host,
    'x-amz-content-sha256': sha256Hex(body),
    'x-amz-date': amzDate,
    ...(credentials.sessionToken === undefined ? {} : { 'x-amz-security-token': credentials.sessionToken }),
  };
  const names = Object.keys(headers).sort();
  const query = [...url.searchParams]
    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [
    method,
    url.pathname,
    query,
    ...names.map((n) => `${n}:${headers[n]}`),
    '',
    names.join(';'),
    headers['x-amz-content-sha256'],
  ].join('\n');
  const scope = `${day}/${credentials.region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretKey}`, day), credentials.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const { host: _host, ...sent } = headers; // fetch sets Host itself, to the same value
  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKey}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
