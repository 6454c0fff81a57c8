import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { HttpError } from '../http/http-error';

export interface TempFile {
  file: string;
  bytes: number;
  remove(): Promise<void>;
}

/** Streams a body to a fresh temp file; past `maxBytes` it stops reading and throws 413. */
export async function streamToTempFile(body: Readable, name: string, maxBytes: number): Promise<TempFile> {
  const dir = await mkdtemp(path.join(tmpdir(), 'reco-upload-'));
  const file = path.join(dir, name);
  const remove = () => rm(dir, { recursive: true, force: true });
  let bytes = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(file);
      const fail = (err: unknown) => {
        body.unpipe(out);
        out.destroy();
        reject(err);
      };
      body.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          body.pause();
          fail(new HttpError(413, 'BODY_TOO_LARGE', `The upload is larger than ${maxBytes} bytes`, { limit: maxBytes }));
        }
      });
      body.on('error', fail);
      out.on('error', fail);
      out.on('finish', () => resolve());
      body.pipe(out);
    });
  } catch (err) {
    await remove();
    throw err;
  }
  return { file, bytes, remove };
}
