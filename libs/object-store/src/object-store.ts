import type { Readable } from 'node:stream';

/** What `put` accepts: bytes, text (stored as UTF-8) or a stream of bytes. */
export type ObjectBody = Buffer | Uint8Array | string | Readable;

export interface CallOptions {
  /** Aborts the call; every backend also applies its own timeout. */
  signal?: AbortSignal;
}

export interface PutOptions extends CallOptions {
  /** Default: `text/plain; charset=utf-8` for strings, `application/octet-stream` otherwise. */
  contentType?: string;
}

/** What `head` and `list` know about an object. */
export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
}

export interface ObjectMeta extends ObjectInfo {
  contentType: string;
  /** Opaque version tag: changes when the content changes (not always an MD5). */
  etag?: string;
}

export interface StoredObject extends ObjectMeta {
  body: Buffer;
}

export interface ObjectStream extends ObjectMeta {
  /** Consume or destroy it: an unread S3 body holds a connection. */
  body: Readable;
}

export interface PutResult {
  key: string;
  size: number;
  etag?: string;
}

/**
 * Blob storage for model artifacts, exports and other files, behind one contract so the local
 * folder (default) and S3 (or any S3-compatible store) are interchangeable.
 *
 * Keys are `/`-separated relative paths (`models/bpr/v3/weights.bin`); see validateObjectKey.
 * Not found: `get`, `getStream` and `head` resolve to `null`; `delete` of a missing key is a
 * no-op. Invalid keys reject with ObjectStoreError `INVALID_KEY`; every other failure rejects.
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3';
  /** Creates or replaces the object. Readers never see a partly written object. */
  put(key: string, body: ObjectBody, options?: PutOptions): Promise<PutResult>;
  get(key: string, options?: CallOptions): Promise<StoredObject | null>;
  getStream(key: string, options?: CallOptions): Promise<ObjectStream | null>;
  head(key: string, options?: CallOptions): Promise<ObjectMeta | null>;
  /** Every object whose key starts with `prefix` (plain string prefix), sorted by key (UTF-8 byte order). */
  list(prefix?: string, options?: CallOptions): Promise<ObjectInfo[]>;
  delete(key: string, options?: CallOptions): Promise<void>;
  /** Resolves when the store is reachable and usable, for health checks. */
  ping(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
