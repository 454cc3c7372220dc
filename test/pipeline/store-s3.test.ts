// The s3:// shared store (pipeline/store-s3.ts): its Signature Version 4 against the examples in Amazon's
// S3 documentation, then against a real S3-compatible server (s3-server.ts: MinIO, or moto's server):
// records created exactly once however many writers race (If-None-Match: *), damaged objects replaced,
// what it refuses to open, and two checkouts of the fixture project sharing a bucket.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipeline/errors.ts';
import { openS3Store, signV4 } from '../../pipeline/store-s3.ts';
import { verifyStore } from '../../pipeline/verify-store.ts';
import { createFixtureProject, runFixtureCli } from './fixture-project.ts';
import { S3_SERVER, startS3, type TestS3 } from './s3-server.ts';
import { expectRecordCreatedOnce, sha } from './store-contract.ts';
import { rm } from 'node:fs/promises';

// Amazon's example credentials and requests (Amazon S3 API reference, "Signature Calculations for the
// Authorization Header: Transferring Payload in a Single Chunk", Examples: GET Object and PUT Object)
const EXAMPLE = {
  region: 'us-east-1',
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: undefined,
};
const EXAMPLE_TIME = new Date('2013-05-24T00:00:00Z');
const signature = (headers: Record<string, string>): string => /Signature=([0-9a-f]{64})$/.exec(headers.authorization!)![1]!;

describe('Signature Version 4', () => {
  it("signs Amazon's GET Object example to its documented signature", () => {
    const url = new URL('https://examplebucket.s3.amazonaws.com/test.txt');
    const headers = signV4('GET', url, Buffer.alloc(0), { Range: 'bytes=0-9' }, EXAMPLE, EXAMPLE_TIME);
    expect(headers.authorization).toContain('Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request');
    expect(headers.authorization).toContain('SignedHeaders=host;range;x-amz-content-sha256;x-amz-date');
    expect(signature(headers)).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  });

  it("signs Amazon's PUT Object example (a key with '$', a payload) to its documented signature", () => {
    const url = new URL('https://examplebucket.s3.amazonaws.com/test%24file.text');
    const extra = { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' };
    const headers = signV4('PUT', url, Buffer.from('Welcome to Amazon S3.'), extra, EXAMPLE, EXAMPLE_TIME);
    expect(headers['x-amz-content-sha256']).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    expect(signature(headers)).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });
});

describe.skipIf(S3_SERVER === undefined)(`the s3:// store against ${S3_SERVER?.kind ?? 'a server'}`, () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3();
  }, 60_000);
  afterAll(async () => {
    await s3?.stop();
  });

  /** A PUT straight to the server, behind the store's back, as a faulty disk or a tamperer would write. */
  const putBehindTheStore = async (name: string, data: Buffer): Promise<void> => {
    const url = new URL(`/${s3.bucket}/${name}`, s3.env.AWS_ENDPOINT_URL);
    const credentials = {
      region: 'us-east-1',
      accessKey: s3.env.AWS_ACCESS_KEY_ID!,
      secretKey: s3.env.AWS_SECRET_ACCESS_KEY!,
      sessionToken: undefined,
    };
    const response = await fetch(url, { method: 'PUT', headers: signV4('PUT', url, data, {}, credentials, new Date()), body: data });
    expect(response.status).toBe(200);
  };
  const refusal = async (url: string, env: Record<string, string>): Promise<string> => {
    const error = await openS3Store(url, env).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).code).toBe('E_STORE');
    return (error as PipelineError).message;
  };

  it('creates a record once however many writers race, and every writer reads back the one kept', async () => {
    await expectRecordCreatedOnce(await openS3Store(`s3://${s3.bucket}/race`, s3.env));
  });

  it('stores objects under their digest, keeps an intact copy and replaces a damaged one', async () => {
    const store = await openS3Store(`s3://${s3.bucket}/objects-test`, s3.env);
    const data = Buffer.from('the bytes of an output');
    const digest = sha('the bytes of an output');
    expect(await store.getObject(digest)).toBeUndefined();
    await store.putObject(digest, data);
    expect(await store.getObject(digest)).toEqual(data);
    await putBehindTheStore(`objects-test/objects/${digest.slice(0, 2)}/${digest.slice(2)}`, Buffer.from('garbage'));
    expect((await store.getObject(digest))!.toString()).toBe('garbage');
    await store.putObject(digest, data);
    expect(await store.getObject(digest)).toEqual(data);
  });

  // moto's server accepts any signature; MinIO, like S3, checks every one
  it.skipIf(S3_SERVER?.kind !== 'minio')('refuses a wrong secret key (a server that checks signatures: MinIO)', async () => {
    expect(await refusal(`s3://${s3.bucket}/x`, { ...s3.env, AWS_SECRET_ACCESS_KEY: 'wrong' })).toMatch(
      /cannot use it \(PUT store\.json: HTTP 403 SignatureDoesNotMatch\)/,
    );
  });

  it('refuses missing credentials, a missing bucket, and a prefix that holds another format', async () => {
    const { AWS_ACCESS_KEY_ID: _id, ...noKey } = s3.env;
    expect(await refusal(`s3://${s3.bucket}/x`, noKey)).toBe(
      `--store s3://${s3.bucket}/x: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment`,
    );
    expect(await refusal('s3://no-such-bucket-here/x', s3.env)).toMatch(/cannot use it \(PUT store\.json: HTTP 404 NoSuchBucket\)/);
    expect(await refusal('s3://Bad_Bucket/x', s3.env)).toContain('not an s3://bucket/prefix URL');
    const store = await openS3Store(`s3://${s3.bucket}/versions`, s3.env);
    expect(store.url).toBe(`s3://${s3.bucket}/versions`);
    await putBehindTheStore('versions/store.json', Buffer.from('{"store": "pipeline", "format": 999}'));
    expect(await refusal(`s3://${s3.bucket}/versions`, s3.env)).toContain('the store holds cache format 999');
  });

  it('lists what the bucket holds and deletes what verify --repair finds unusable', async () => {
    const store = await openS3Store(`s3://${s3.bucket}/verify`, s3.env);
    const data = Buffer.from('an object no record names');
    await store.putObject(sha(data.toString()), data);
    await store.putRecord(sha('a key'), '{"not": "a manifest"}');
    const listed = [];
    for await (const entry of store.list()) listed.push(`${entry.kind} ${entry.name}`);
    expect(listed.sort()).toEqual([`object ${sha(data.toString())}`, `record ${sha('a key')}`]);
    // grace 0: the object counts as left behind at once (a real run waits an hour for a publisher to finish)
    const found = await verifyStore(store, { repair: true, graceMs: -1 });
    expect(found.problems.map((p) => p.what)).toEqual([
      `record ${sha('a key')} is unusable: it records the key undefined, not ${sha('a key')}`,
      `object ${sha(data.toString())} is named by no record`,
    ]);
    expect(found.problems.every((p) => p.repaired === 'deleted')).toBe(true);
    expect(await verifyStore(store, { repair: false })).toEqual({ objects: 0, records: 0, problems: [] });
    expect(await store.getObject(sha(data.toString()))).toBeUndefined();
  });

  it('lets a second checkout copy every result the first one computed, running nothing', async () => {
    const [here, there] = [await createFixtureProject(), await createFixtureProject()];
    try {
      const store = `s3://${s3.bucket}/fixture`;
      const first = await runFixtureCli(here, ['reproduce', '--store', store], { env: s3.env });
      expect(first.code, first.stderr).toBe(0);
      const second = await runFixtureCli(there, ['reproduce', '--store', store], { env: s3.env });
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr.trimEnd().split('\n').at(-1)).toMatch(/^0 ran, 3 cache hits \(3 from the shared store\)/);
      expect(await there.runs()).toEqual([]);
    } finally {
      for (const project of [here, there]) await rm(project.root, { recursive: true, force: true });
    }
  });
});
