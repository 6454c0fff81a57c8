import { open } from 'node:fs/promises';

// What every file import shares (the Online Retail adapter, the open-format files).

export interface ImportProgress {
  rowsRead: number;
  /** Bytes of the file as stored (compressed for .gz) read so far, and its size. */
  bytesRead: number;
  totalBytes: number;
}

/** The file cannot be imported at all (missing, unreadable, not the expected format). */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/**
 * The longest CSV record read at all, far above any record within the field limits (those are
 * refused one by one, with their line): past it the file is not one to import (typically a quote
 * that never closes, which would make the rest of the file one cell), and the import stops
 * instead of holding the file in memory.
 */
export const MAX_CSV_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * Bounds a csv-parse parser's records (MAX_CSV_RECORD_BYTES unless told; spread `parserOptions` into its
 * options). csv-parse cannot resume after such a record, so it is fatal: the reader calls
 * `caught` from its skip listener and `throwIfOversized` as it reads.
 */
export class CsvRecordBound {
  private lastWholeLine = 0;
  private oversizedAfter: number | undefined;
  readonly parserOptions: { max_record_size: number; on_record: <R>(record: R, context: { lines: number }) => R };

  constructor(private readonly maxBytes = MAX_CSV_RECORD_BYTES) {
    this.parserOptions = {
      max_record_size: maxBytes,
      on_record: (record, context) => {
        this.lastWholeLine = context.lines;
        return record;
      },
    };
  }

  /** True for the skip of an oversized record (remembered); other skips are the reader's. */
  caught(err: Error & { code?: string }): boolean {
    if (err.code !== 'CSV_MAX_RECORD_SIZE') return false;
    this.oversizedAfter ??= this.lastWholeLine;
    return true;
  }

  get exceeded(): boolean {
    return this.oversizedAfter !== undefined;
  }

  throwIfOversized(file: string): void {
    if (this.oversizedAfter === undefined) return;
    throw new ImportFileError(
      `cannot import ${file}: the CSV record after line ${this.oversizedAfter} is longer than ${sizeInWords(this.maxBytes)} (a quoted cell that never closes?)`,
    );
  }
}

function sizeInWords(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}

/** Why a file could not be read, in words a shop's operator understands. */
export function describeFsError(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return 'no such file';
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied';
  if (err.code === 'EISDIR') return 'is a directory';
  return err.message;
}

/** Gzip is recognised by its magic bytes, not the name. */
export async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
