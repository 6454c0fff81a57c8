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
