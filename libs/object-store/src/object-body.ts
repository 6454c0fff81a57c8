import { Readable } from 'node:stream';
import type { ObjectBody } from './object-store';

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

/** The content type a put stores when the caller gives none (the same on every backend). */
export function contentTypeFor(body: ObjectBody, given?: string): string {
  if (given) return given;
  return typeof body === 'string' ? TEXT_CONTENT_TYPE : DEFAULT_CONTENT_TYPE;
}

/** Bytes of a non-stream body, without copying Buffers and Uint8Arrays. */
export function bytesOf(body: Exclude<ObjectBody, Readable>): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

export function isStream(body: ObjectBody): body is Readable {
  return body instanceof Readable || (typeof body === 'object' && body !== null && typeof (body as { pipe?: unknown }).pipe === 'function');
}
