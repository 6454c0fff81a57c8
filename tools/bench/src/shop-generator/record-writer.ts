import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';

export type RecordFormat = 'csv' | 'jsonl';
/** One cell: null is an empty CSV cell and a JSON null. */
export type FieldValue = string | number | boolean | null;

// Rows are joined into a string this long before one stream write: fewer, larger writes.
const CHUNK_CHARS = 1 << 16;

/** An RFC 4180 cell: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: FieldValue): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function jsonField(value: FieldValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Writes rows of fixed columns as CSV (header row first) or JSON Lines (one object per row with
 * the column names as keys), optionally gzipped. `write` is synchronous and cheap; callers
 * `await drain()` whenever `needsDrain` says the stream is full, so memory stays bounded.
 */
export class RecordWriter {
  private chunk = '';
  private full = false;
  rows = 0;

  private constructor(
    private readonly head: Writable,
    private readonly done: Promise<void>,
    private readonly format: RecordFormat,
    private readonly keyPrefixes: string[],
  ) {}

  static open(file: string, columns: readonly string[], options: { format: RecordFormat; gzip: boolean }): RecordWriter {
    const out = createWriteStream(file, { highWaterMark: 1 << 20 });
    const gzip = options.gzip ? createGzip({ level: 6 }) : null;
    const done = gzip ? pipeline(gzip, out) : once(out, 'finish').then(() => undefined);
    // Rejections surface in close(); this keeps an early failure from being unhandled meanwhile.
    done.catch(() => undefined);
    const keyPrefixes = columns.map((column, i) => `${i === 0 ? '{' : ','}${JSON.stringify(column)}:`);
    const writer = new RecordWriter(gzip ?? out, done, options.format, keyPrefixes);
    if (options.format === 'csv') writer.chunk = `${columns.map(csvField).join(',')}\n`;
    return writer;
  }

  write(values: readonly FieldValue[]): void {
    let line = '';
    if (this.format === 'csv') {
      for (let i = 0; i < values.length; i++) line += i === 0 ? csvField(values[i]) : `,${csvField(values[i])}`;
    } else {
      for (let i = 0; i < values.length; i++) line += this.keyPrefixes[i] + jsonField(values[i]);
      line += '}';
    }
    this.chunk += `${line}\n`;
    this.rows++;
    if (this.chunk.length >= CHUNK_CHARS) this.flushChunk();
  }

  /** True once the stream's buffer is full: await drain() before writing much more. */
  get needsDrain(): boolean {
    return this.full;
  }

  async drain(): Promise<void> {
    if (!this.full) return;
    await once(this.head, 'drain');
    this.full = false;
  }

  /** Ends the file; resolves when every byte is on disk. */
  async close(): Promise<void> {
    this.flushChunk();
    this.head.end();
    await this.done;
  }

  private flushChunk(): void {
    if (this.chunk.length === 0) return;
    if (!this.head.write(this.chunk)) this.full = true;
    this.chunk = '';
  }
}
