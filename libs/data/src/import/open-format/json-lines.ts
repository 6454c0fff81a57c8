import { Transform, type TransformCallback } from 'node:stream';

/** One line of a JSON Lines file: its 1-based number and text, or why it was skipped. */
export type JsonLine = { line: number; text: string } | { line: number; tooLong: true };

/**
 * Splits bytes into lines (LF or CRLF) without holding more than one line: a line longer than
 * `maxBytes` is reported and skipped, so one runaway line cannot exhaust memory.
 */
export class JsonLineSplitter extends Transform {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private tooLong = false;
  private line = 0;

  constructor(private readonly maxBytes: number) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, nl));
      this.endLine();
      start = nl + 1;
    }
    this.append(chunk.subarray(start));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.partBytes > 0 || this.tooLong) this.endLine();
    done();
  }

  private append(bytes: Buffer): void {
    if (this.tooLong || bytes.length === 0) return;
    if (this.partBytes + bytes.length > this.maxBytes) {
      this.tooLong = true;
      this.parts = [];
      this.partBytes = 0;
      return;
    }
    this.parts.push(bytes);
    this.partBytes += bytes.length;
  }

  private endLine(): void {
    this.line++;
    if (this.tooLong) this.push({ line: this.line, tooLong: true } satisfies JsonLine);
    else {
      let text = Buffer.concat(this.parts, this.partBytes).toString('utf8');
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (this.line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.trim() !== '') this.push({ line: this.line, text } satisfies JsonLine);
    }
    this.parts = [];
    this.partBytes = 0;
    this.tooLong = false;
  }
}
