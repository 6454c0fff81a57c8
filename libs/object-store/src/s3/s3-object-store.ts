import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable, Transform } from 'node:stream';
import { bytesOf, contentTypeFor, DEFAULT_CONTENT_TYPE, isStream } from '../object-body';
import { validateListPrefix, validateObjectKey } from '../object-key';
import type { CallOptions, ObjectBody, ObjectInfo, ObjectMeta, ObjectStore, ObjectStream, PutOptions, PutResult, StoredObject } from '../object-store';
import { ObjectStoreError } from '../object-store-error';

const MiB = 1024 * 1024;
const MIN_PART_SIZE = 5 * MiB; // S3's minimum for every part but the last

export interface S3ObjectStoreOptions {
  bucket: string;
  /** Default `us-east-1`. */
  region?: string;
  /** For S3-compatible stores (MinIO, Ceph, R2, s3rver...): `http://127.0.0.1:9000`. */
  endpoint?: string;
  /** `bucket` in the path instead of the host name; most S3-compatible stores need it. Default: true when `endpoint` is set. */
  forcePathStyle?: boolean;
  /** Static credentials; without them the SDK's default chain (env, profile, instance role) applies. */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Prepended to every key (`reco/` -> `reco/models/...`), so several apps can share a bucket. */
  prefix?: string;
  /** Per call (and per request on the socket), in ms. Default 30 s. */
  timeoutMs?: number;
  /** Whole-upload limit for `put` of streams and large bodies, in ms. Default 10 min. */
  uploadTimeoutMs?: number;
  /** Multipart part size in bytes (min 5 MiB). Bodies larger than one part, and streams, go multipart. Default 8 MiB. */
  partSizeBytes?: number;
  /** Parts uploaded at once; memory use is about partSize x this. Default 4. */
  uploadConcurrency?: number;
  /** An existing client to use instead (then `close()` leaves it open). */
  client?: S3Client;
}

/** Objects in an S3 bucket (or any S3-compatible store), through @aws-sdk/client-s3. */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  readonly bucket: string;
  private readonly client: S3Client;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly uploadTimeoutMs: number;
  private readonly partSize: number;
  private readonly uploadConcurrency: number;

  constructor(options: S3ObjectStoreOptions) {
    if (!options.bucket) throw new Error('S3ObjectStore: bucket is required');
    this.bucket = options.bucket;
    this.prefix = options.prefix ? validateListPrefix(options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`) : '';
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.uploadTimeoutMs = options.uploadTimeoutMs ?? 600_000;
    this.partSize = Math.max(MIN_PART_SIZE, options.partSizeBytes ?? 8 * MiB);
    this.uploadConcurrency = Math.max(1, options.uploadConcurrency ?? 4);
    this.ownsClient = !options.client;
    this.client =
      options.client ??
      new S3Client({
        region: options.region ?? 'us-east-1',
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
        ...(options.accessKeyId && options.secretAccessKey
          ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, sessionToken: options.sessionToken } }
          : {}),
        // Socket-level limits; the per-call abort signal bounds the whole call.
        requestHandler: { connectionTimeout: Math.min(this.timeoutMs, 5_000), requestTimeout: this.timeoutMs },
        maxAttempts: 3,
      });
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<PutResult> {
    const Key = this.s3Key(key);
    const ContentType = contentTypeFor(body, options.contentType);
    if (!isStream(body)) {
      const bytes = bytesOf(body);
      if (bytes.length <= this.partSize) {
        const out = await this.call('PutObject', key, options.signal, this.timeoutMs, (abortSignal) =>
          this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: bytes, ContentType, ContentLength: bytes.length }), { abortSignal }),
        );
        return { key, size: bytes.length, etag: unquote(out.ETag) };
      }
      return this.upload(key, Key, Readable.from([bytes]), ContentType, options.signal);
    }
    return this.upload(key, Key, body, ContentType, options.signal);
  }

  async get(key: string, options: CallOptions = {}): Promise<StoredObject | null> {
    const Key = this.s3Key(key);
    return this.call('GetObject', key, options.signal, this.timeoutMs, async (abortSignal) => {
      const out = await this.getObject(Key, abortSignal);
      if (!out) return null;
      const body = Buffer.from(await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
      return { ...this.metaOf(key, out), body, size: body.length };
    });
  }

  async getStream(key: string, options: CallOptions = {}): Promise<ObjectStream | null> {
    const Key = this.s3Key(key);
    options.signal?.throwIfAborted();
    // The timeout covers getting the response only (then the timer is cleared); reading the body
    // is bounded by the socket timeout, and the caller's signal still destroys it.
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      const out = await this.getObject(Key, controller.signal);
      if (!out) return null;
      const body = out.Body as Readable;
      body.once('close', () => options.signal?.removeEventListener('abort', onAbort));
      return { ...this.metaOf(key, out), body };
    } catch (err) {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) throw options.signal.reason ?? err;
      const where = `S3 GetObject ${JSON.stringify(key)} (bucket ${this.bucket})`;
      if (timedOut) throw new ObjectStoreError('TIMEOUT', `${where} timed out after ${this.timeoutMs} ms`, { cause: err });
      throw new ObjectStoreError('UNAVAILABLE', `${where} failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  async head(key: string, options: CallOptions = {}): Promise<ObjectMeta | null> {
    const Key = this.s3Key(key);
    return this.call('HeadObject', key, options.signal, this.timeoutMs, async (abortSignal) => {
      try {
        const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }), { abortSignal });
        return this.metaOf(key, out);
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    });
  }

  async list(prefix = '', options: CallOptions = {}): Promise<ObjectInfo[]> {
    validateListPrefix(prefix);
    const found: ObjectInfo[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.call('ListObjectsV2', prefix, options.signal, this.timeoutMs, (abortSignal) =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ContinuationToken }), { abortSignal }),
      );
      for (const item of page.Contents ?? []) {
        if (!item.Key) continue;
        found.push({ key: item.Key.slice(this.prefix.length), size: item.Size ?? 0, lastModified: item.LastModified ?? new Date(0) });
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    // S3 already lists in UTF-8 byte order; sorting again keeps the contract if a clone does not.
    return found.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  }

  async delete(key: string, options: CallOptions = {}): Promise<void> {
    const Key = this.s3Key(key);
    await this.call('DeleteObject', key, options.signal, this.timeoutMs, (abortSignal) =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }), { abortSignal }),
    );
  }

  async ping(signal?: AbortSignal): Promise<void> {
    await this.call('HeadBucket', this.bucket, signal, this.timeoutMs, (abortSignal) =>
      this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal }),
    );
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  private s3Key(key: string): string {
    return this.prefix + validateObjectKey(key);
  }

  private async getObject(Key: string, abortSignal: AbortSignal): Promise<GetObjectCommandOutput | null> {
    try {
      return await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }), { abortSignal });
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Multipart upload (lib-storage): parts of `partSize`, a single PutObject when the body fits in one. */
  private async upload(key: string, Key: string, body: Readable, ContentType: string, signal?: AbortSignal): Promise<PutResult> {
    let size = 0;
    const counted = body.pipe(
      new Transform({
        transform(chunk: Buffer | string, _encoding, done) {
          size += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
          done(null, chunk);
        },
      }),
    );
    body.once('error', (err) => counted.destroy(err));
    const out = await this.call('Upload', key, signal, this.uploadTimeoutMs, async (abortSignal) => {
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key, Body: counted, ContentType },
        partSize: this.partSize,
        queueSize: this.uploadConcurrency,
        leavePartsOnError: false, // abort the multipart upload so no orphan parts are billed
      });
      const onAbort = () => void upload.abort().catch(() => undefined);
      abortSignal.addEventListener('abort', onAbort, { once: true });
      try {
        return await upload.done();
      } finally {
        abortSignal.removeEventListener('abort', onAbort);
      }
    });
    return { key, size, etag: unquote(out.ETag) };
  }

  private metaOf(key: string, out: { ContentLength?: number; ContentType?: string; LastModified?: Date; ETag?: string }): ObjectMeta {
    return {
      key,
      size: out.ContentLength ?? 0,
      contentType: out.ContentType ?? DEFAULT_CONTENT_TYPE,
      lastModified: out.LastModified ?? new Date(0),
      etag: unquote(out.ETag),
    };
  }

  /** Runs one S3 call under the caller's signal and a timeout; maps failures to ObjectStoreError. */
  private async call<T>(operation: string, key: string, signal: AbortSignal | undefined, timeoutMs: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await fn(combined);
    } catch (err) {
      if (err instanceof ObjectStoreError) throw err;
      if (signal?.aborted) throw signal.reason ?? err;
      const where = `S3 ${operation} ${JSON.stringify(key)} (bucket ${this.bucket})`;
      if (timeout.aborted) throw new ObjectStoreError('TIMEOUT', `${where} timed out after ${timeoutMs} ms`, { cause: err });
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new ObjectStoreError('UNAVAILABLE', `${where} failed: ${message}`, { cause: err });
    }
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

function unquote(etag: string | undefined): string | undefined {
  return etag?.replace(/^"|"$/g, '');
}
