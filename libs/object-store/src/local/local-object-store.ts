import { createHash, randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { bytesOf, contentTypeFor, DEFAULT_CONTENT_TYPE, isStream } from '../object-body';
import { validateListPrefix, validateObjectKey } from '../object-key';
import type { CallOptions, ObjectBody, ObjectInfo, ObjectMeta, ObjectStore, ObjectStream, PutOptions, PutResult, StoredObject } from '../object-store';
import { ObjectStoreError } from '../object-store-error';

export const DEFAULT_LOCAL_ROOT = './data/objects';

/** Top-level folder of the store's own files (metadata, temp files); keys may not start with it. */
const INTERNAL = '.reco';

interface Sidecar {
  contentType: string;
  etag: string;
}

export interface LocalObjectStoreOptions {
  /** Folder that holds the objects, created if missing. Default `./data/objects`. */
  root?: string;
}

/**
 * Objects as files under a root folder (`<root>/<key>`), the embedded default. Writes go to a
 * temp file that is renamed into place, so a crash never leaves a half-written object; the
 * content type and etag live in a sidecar under `<root>/.reco/meta/`. Unlike S3, `a` and `a/b`
 * cannot both exist (file vs folder): such a put fails with KEY_CONFLICT.
 */
export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local' as const;
  readonly root: string;
  private readonly metaRoot: string;
  private readonly tmpRoot: string;

  constructor(options: LocalObjectStoreOptions = {}) {
    this.root = path.resolve(options.root ?? DEFAULT_LOCAL_ROOT);
    this.metaRoot = path.join(this.root, INTERNAL, 'meta');
    this.tmpRoot = path.join(this.root, INTERNAL, 'tmp');
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<PutResult> {
    const file = this.fileOf(key);
    const contentType = contentTypeFor(body, options.contentType);
    await this.checkNoConflict(key, file);
    await mkdir(this.tmpRoot, { recursive: true });
    const tmpData = path.join(this.tmpRoot, randomUUID());
    const tmpMeta = `${tmpData}.meta`;
    try {
      const { size, etag } = await this.writeTemp(tmpData, body, options.signal);
      await writeFile(tmpMeta, JSON.stringify({ contentType, etag } satisfies Sidecar));
      await this.moveIntoPlace(key, tmpMeta, this.metaOf(key));
      await this.moveIntoPlace(key, tmpData, file);
      return { key, size, etag };
    } finally {
      await Promise.all([rm(tmpData, { force: true }), rm(tmpMeta, { force: true })]);
    }
  }

  async get(key: string, options: CallOptions = {}): Promise<StoredObject | null> {
    const file = this.fileOf(key);
    try {
      const [body, info, sidecar] = await Promise.all([readFile(file, { signal: options.signal }), stat(file), this.readSidecar(key)]);
      return { key, body, size: body.length, lastModified: info.mtime, ...sidecar };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async getStream(key: string, options: CallOptions = {}): Promise<ObjectStream | null> {
    options.signal?.throwIfAborted();
    const file = this.fileOf(key);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) {
        await handle.close();
        return null;
      }
      const sidecar = await this.readSidecar(key);
      // The stream owns the handle from here and closes it when done or destroyed.
      const body = handle.createReadStream({ signal: options.signal } as Parameters<typeof handle.createReadStream>[0]) as Readable;
      return { key, body, size: info.size, lastModified: info.mtime, ...sidecar };
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
  }

  async head(key: string): Promise<ObjectMeta | null> {
    const file = this.fileOf(key);
    try {
      const info = await stat(file);
      if (!info.isFile()) return null;
      return { key, size: info.size, lastModified: info.mtime, ...(await this.readSidecar(key)) };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async list(prefix = ''): Promise<ObjectInfo[]> {
    validateListPrefix(prefix);
    // Walk only the deepest folder the prefix names; its last partial segment filters names.
    const dirPart = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const found: ObjectInfo[] = [];
    const walk = async (relDir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(path.join(this.root, ...relDir.split('/').filter(Boolean)), { withFileTypes: true });
      } catch (err) {
        if (isMissing(err)) return;
        throw err;
      }
      for (const entry of entries) {
        const key = relDir ? `${relDir}/${entry.name}` : entry.name;
        if (!relDir && entry.name === INTERNAL) continue;
        if (entry.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(key);
        } else if (entry.isFile() && key.startsWith(prefix)) {
          const info = await stat(path.join(this.root, ...key.split('/'))).catch(() => undefined);
          if (info) found.push({ key, size: info.size, lastModified: info.mtime });
        }
      }
    };
    await walk(dirPart);
    return found.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  }

  async delete(key: string): Promise<void> {
    const file = this.fileOf(key);
    const meta = this.metaOf(key);
    const info = await stat(file).catch(() => undefined);
    if (info && !info.isFile()) return; // `a` when only `a/b` exists: nothing to delete
    await rm(file, { force: true });
    await rm(meta, { force: true });
    await Promise.all([this.pruneEmptyDirs(path.dirname(file), this.root), this.pruneEmptyDirs(path.dirname(meta), this.metaRoot)]);
  }

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.R_OK | constants.W_OK);
  }

  async close(): Promise<void> {
    // Nothing held open.
  }

  /** Resolves a validated key inside the root; the check after resolve is defence in depth. */
  private fileOf(key: string): string {
    validateObjectKey(key);
    if (key === INTERNAL || key.startsWith(`${INTERNAL}/`)) {
      throw new ObjectStoreError('INVALID_KEY', `Invalid object key ${JSON.stringify(key)}: "${INTERNAL}/" is reserved by the local store`);
    }
    const file = path.resolve(this.root, ...key.split('/'));
    if (!file.startsWith(this.root + path.sep)) throw new ObjectStoreError('INVALID_KEY', `Invalid object key ${JSON.stringify(key)}: it escapes the store folder`);
    return file;
  }

  private metaOf(key: string): string {
    return `${path.join(this.metaRoot, ...key.split('/'))}.json`;
  }

  private async readSidecar(key: string): Promise<Pick<ObjectMeta, 'contentType' | 'etag'>> {
    try {
      const sidecar = JSON.parse(await readFile(this.metaOf(key), 'utf8')) as Sidecar;
      return { contentType: sidecar.contentType, etag: sidecar.etag };
    } catch {
      // Files dropped into the folder by hand have no sidecar.
      return { contentType: DEFAULT_CONTENT_TYPE };
    }
  }

  private async writeTemp(file: string, body: ObjectBody, signal?: AbortSignal): Promise<{ size: number; etag: string }> {
    const hash = createHash('md5');
    if (!isStream(body)) {
      const bytes = bytesOf(body);
      await writeFile(file, bytes, { signal });
      return { size: bytes.length, etag: hash.update(bytes).digest('hex') };
    }
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer | string, _encoding, done) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += bytes.length;
        hash.update(bytes);
        done(null, bytes);
      },
    });
    await pipeline(body, measure, createWriteStream(file), ...(signal ? [{ signal }] : []));
    return { size, etag: hash.digest('hex') };
  }

  /** Fails early, before anything is written, when `key` would need a file where a folder is (or the reverse). */
  private async checkNoConflict(key: string, file: string): Promise<void> {
    const conflict = () => new ObjectStoreError('KEY_CONFLICT', `Cannot store ${JSON.stringify(key)}: a path segment is both a file and a folder in the local store`);
    const existing = await stat(file).catch(() => undefined);
    if (existing?.isDirectory()) throw conflict();
    for (let dir = path.dirname(file); dir.startsWith(this.root + path.sep); dir = path.dirname(dir)) {
      const info = await stat(dir).catch(() => undefined);
      if (info?.isDirectory()) return;
      if (info) throw conflict();
    }
  }

  private async moveIntoPlace(key: string, from: string, to: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await mkdir(path.dirname(to), { recursive: true });
        await rename(from, to);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A concurrent delete may prune the folder between mkdir and rename: try again.
        if (code === 'ENOENT' && attempt < 3) continue;
        if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST' || code === 'ENOTEMPTY') {
          throw new ObjectStoreError('KEY_CONFLICT', `Cannot store ${JSON.stringify(key)}: a path segment is both a file and a folder in the local store`, { cause: err });
        }
        throw err;
      }
    }
  }

  /** Removes folders left empty by a delete, up to (not including) `stop`. */
  private async pruneEmptyDirs(dir: string, stop: string): Promise<void> {
    while (dir.startsWith(stop + path.sep)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or gone): stop climbing
      }
      dir = path.dirname(dir);
    }
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
