import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { startS3TestServer, type S3TestServer } from '../testing/s3-test-server';
import { createObjectStore, S3ObjectStore } from '../index';
import { describeObjectStoreContract } from '../object-store.contract';

// A real S3-compatible server (s3rver) on 127.0.0.1; a fresh bucket per test.
let server: S3TestServer;
let admin: S3Client;
let buckets = 0;

beforeAll(async () => {
  server = await startS3TestServer();
  admin = new S3Client({ ...server.clientOptions, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
});
afterAll(async () => {
  admin?.destroy();
  await server?.stop();
});

async function freshBucket(): Promise<string> {
  const bucket = `reco-test-${++buckets}`;
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

describeObjectStoreContract('S3 (s3rver)', async () => {
  const store = new S3ObjectStore({ ...server.clientOptions, bucket: await freshBucket() });
  return { store, cleanup: () => store.close() };
});

describeObjectStoreContract('S3 with a key prefix', async () => {
  const store = new S3ObjectStore({ ...server.clientOptions, bucket: await freshBucket(), prefix: 'app/one' });
  return { store, cleanup: () => store.close() };
});

describe('S3ObjectStore', () => {
  it('uploads a body larger than one part as a multipart upload and reads it back intact', async () => {
    const bucket = await freshBucket();
    // A client of our own, with a middleware that records each command the store sends.
    const client = new S3Client({ ...server.clientOptions, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const sent: string[] = [];
    client.middlewareStack.add((next, context) => (args) => (sent.push(context.commandName ?? '?'), next(args)), { step: 'initialize' });
    const store = new S3ObjectStore({ bucket, client, partSizeBytes: 5 * 1024 * 1024 });
    try {
      const body = randomBytes(11 * 1024 * 1024 + 123); // 3 parts: 5 + 5 + 1 MiB
      const put = await store.put('models/big.bin', body);
      expect(put.size).toBe(body.length);
      expect(sent).toEqual(['CreateMultipartUploadCommand', 'UploadPartCommand', 'UploadPartCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand']);
      const got = await store.get('models/big.bin');
      expect(got?.size).toBe(body.length);
      expect(got?.body.equals(body)).toBe(true);

      sent.length = 0;
      const streamed = await store.put('models/big-stream.bin', Readable.from([body.subarray(0, 6_000_000), body.subarray(6_000_000)]));
      expect(streamed.size).toBe(body.length);
      expect(sent.filter((c) => c === 'UploadPartCommand')).toHaveLength(3);
      expect((await store.head('models/big-stream.bin'))?.size).toBe(body.length);
    } finally {
      await store.close();
      client.destroy(); // the store leaves a client it was given open
    }
  }, 60_000);

  it('keeps keys under its prefix and lists them without it', async () => {
    const bucket = await freshBucket();
    const scoped = new S3ObjectStore({ ...server.clientOptions, bucket, prefix: 'tenant-a/' });
    const whole = new S3ObjectStore({ ...server.clientOptions, bucket });
    try {
      await scoped.put('models/m1', '1');
      await whole.put('other/x', '2');
      expect((await scoped.list()).map((o) => o.key)).toEqual(['models/m1']);
      expect((await whole.list()).map((o) => o.key)).toEqual(['other/x', 'tenant-a/models/m1']);
    } finally {
      await Promise.all([scoped.close(), whole.close()]);
    }
  });

  it('fails ping with UNAVAILABLE for a missing bucket, and TIMEOUT for a server that never answers', async () => {
    const missing = new S3ObjectStore({ ...server.clientOptions, bucket: 'no-such-bucket' });
    await expect(missing.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('no-such-bucket') });
    await missing.close();

    const net = await import('node:net');
    const silent = net.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const hanging = new S3ObjectStore({ ...server.clientOptions, endpoint: `http://127.0.0.1:${port}`, bucket: 'b', timeoutMs: 300 });
    try {
      const started = Date.now();
      await expect(hanging.get('k')).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('timed out after 300 ms') });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await hanging.close();
      silent.close();
    }
  });

  it('is what createObjectStore builds for kind s3', async () => {
    const made = createObjectStore({ kind: 's3', ...server.clientOptions, bucket: await freshBucket() });
    expect(made).toBeInstanceOf(S3ObjectStore);
    await made.put('k', 'v');
    expect((await made.get('k'))?.body.toString()).toBe('v');
    await made.close();
  });
});

describe('S3ObjectStore streams', () => {
  it('keeps a stream readable past the call timeout (the timeout covers the response only)', async () => {
    const store = new S3ObjectStore({ ...server.clientOptions, bucket: await freshBucket(), timeoutMs: 200 });
    try {
      await store.put('slow-reader.bin', Buffer.alloc(256 * 1024, 7));
      const stream = await store.getStream('slow-reader.bin');
      await new Promise((resolve) => setTimeout(resolve, 400)); // the reader starts late
      let size = 0;
      for await (const chunk of stream?.body ?? []) size += (chunk as Buffer).length;
      expect(size).toBe(256 * 1024);
    } finally {
      await store.close();
    }
  });
});
