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
