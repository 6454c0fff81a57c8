import { Readable } from 'node:stream';
import { types } from 'node:util';
import type { ObjectStore } from './object-store';
import { ObjectStoreError } from './object-store-error';

export interface ContractSubject {
  store: ObjectStore;
  /** Called after each test; should leave no trace (temp folder, bucket contents). */
  cleanup(): Promise<void>;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * The behaviour every ObjectStore backend shares. Each backend's spec calls this with a factory
 * that gives a fresh, empty store per test.
 */
export function describeObjectStoreContract(name: string, factory: () => Promise<ContractSubject>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: ObjectStore;

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
    });
    afterEach(() => subject.cleanup());

    it('puts and gets bytes with a content type', async () => {
      const bytes = Buffer.from([0, 1, 2, 250, 255]);
      const put = await store.put('models/bpr/weights.bin', bytes, { contentType: 'application/x-weights' });
      expect(put).toMatchObject({ key: 'models/bpr/weights.bin', size: 5 });
      const got = await store.get('models/bpr/weights.bin');
      expect(got?.body.equals(bytes)).toBe(true);
      expect(got).toMatchObject({ key: 'models/bpr/weights.bin', size: 5, contentType: 'application/x-weights' });
      expect(types.isDate(got?.lastModified)).toBe(true); // isDate: fs dates come from another realm under jest
      expect(typeof got?.etag).toBe('string');
    });

    it('stores strings as UTF-8 text and Uint8Array views exactly', async () => {
      await store.put('notes/hello.txt', 'héllo ✓');
      const text = await store.get('notes/hello.txt');
      expect(text?.body.toString('utf8')).toBe('héllo ✓');
      expect(text?.contentType).toBe('text/plain; charset=utf-8');
      expect(text?.size).toBe(Buffer.byteLength('héllo ✓'));

      const floats = new Float32Array([1.5, -2, 3.25, 4]);
      const view = new Uint8Array(floats.buffer, 4, 8); // a view into the middle of a buffer
      await store.put('vectors/part.f32', view);
      const got = await store.get('vectors/part.f32');
      expect(got?.contentType).toBe('application/octet-stream');
      expect(Array.from(new Float32Array(new Uint8Array(got?.body ?? []).buffer))).toEqual([-2, 3.25]);
    });

    it('puts a stream and reads it back as a stream', async () => {
      const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(1000, i));
      const put = await store.put('exports/stream.bin', Readable.from(chunks), { contentType: 'application/octet-stream' });
      expect(put.size).toBe(50_000);
      const stream = await store.getStream('exports/stream.bin');
      expect(stream).toMatchObject({ key: 'exports/stream.bin', size: 50_000, contentType: 'application/octet-stream' });
      const body = await readAll(stream?.body ?? Readable.from([]));
      expect(body.equals(Buffer.concat(chunks))).toBe(true);
    });

    it('heads an object without its body', async () => {
      await store.put('a/b.json', '{"x":1}', { contentType: 'application/json' });
      const meta = await store.head('a/b.json');
      expect(meta).toMatchObject({ key: 'a/b.json', size: 7, contentType: 'application/json' });
      expect(meta).not.toHaveProperty('body');
    });

    it('answers null for a missing key on get, getStream and head; delete of a missing key is a no-op', async () => {
      await expect(store.get('missing/key')).resolves.toBeNull();
      await expect(store.getStream('missing/key')).resolves.toBeNull();
      await expect(store.head('missing/key')).resolves.toBeNull();
      await expect(store.delete('missing/key')).resolves.toBeUndefined();
    });

    it('overwrites an object, content type included', async () => {
      await store.put('doc', 'first', { contentType: 'text/plain' });
      const first = await store.head('doc');
      await store.put('doc', Buffer.from('second version'), { contentType: 'application/x-second' });
      const got = await store.get('doc');
      expect(got?.body.toString()).toBe('second version');
      expect(got?.contentType).toBe('application/x-second');
      expect(got?.etag).not.toBe(first?.etag);
      expect(await store.list()).toHaveLength(1);
    });

    it('lists by prefix, sorted by key, nested keys included', async () => {
      const keys = ['models/b/2', 'models/a/1', 'models/a/nested/deep/3', 'models-old/x', 'exports/e', 'models/a/10', 'Z-upper'];
      for (const key of keys) await store.put(key, key);
      expect((await store.list()).map((o) => o.key)).toEqual(['Z-upper', 'exports/e', 'models-old/x', 'models/a/1', 'models/a/10', 'models/a/nested/deep/3', 'models/b/2']);
      expect((await store.list('models/')).map((o) => o.key)).toEqual(['models/a/1', 'models/a/10', 'models/a/nested/deep/3', 'models/b/2']);
      expect((await store.list('models')).map((o) => o.key)).toEqual(['models-old/x', 'models/a/1', 'models/a/10', 'models/a/nested/deep/3', 'models/b/2']);
      expect((await store.list('models/a/1')).map((o) => o.key)).toEqual(['models/a/1', 'models/a/10']);
      expect(await store.list('nothing/')).toEqual([]);
      const [first] = await store.list('models/a/nested/');
      expect(first).toMatchObject({ key: 'models/a/nested/deep/3', size: 'models/a/nested/deep/3'.length });
      expect(types.isDate(first?.lastModified)).toBe(true);
    });

    it('deletes an object', async () => {
      await store.put('tmp/one', '1');
      await store.put('tmp/two', '2');
      await store.delete('tmp/one');
      await expect(store.get('tmp/one')).resolves.toBeNull();
      expect((await store.list('tmp/')).map((o) => o.key)).toEqual(['tmp/two']);
    });

    it.each([
      ['', 'empty'],
      ['../escape', '..'],
      ['a/../../escape', '..'],
      ['./a', '.'],
      ['/etc/passwd', 'absolute'],
      ['a\\b', 'backslash'],
      ['a//b', 'empty segment'],
      ['a/', 'empty segment'],
      ['a\u0000b', 'control character'],
      ['C:/windows', 'drive letter'],
      ['x'.repeat(1025), 'longer than 1024'],
    ])('rejects the invalid key %j (%s) on every operation', async (key, reason) => {
      const attempts = [store.put(key, 'x'), store.get(key), store.getStream(key), store.head(key), store.delete(key)];
      for (const attempt of attempts) {
        const err = await attempt.then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(ObjectStoreError);
        expect(err).toMatchObject({ code: 'INVALID_KEY', message: expect.stringContaining(reason) });
      }
    });

    it('rejects an invalid list prefix', async () => {
      await expect(store.list('../')).rejects.toMatchObject({ code: 'INVALID_KEY' });
      await expect(store.list('/abs')).rejects.toMatchObject({ code: 'INVALID_KEY' });
    });

    it('answers ping', async () => {
      await expect(store.ping(AbortSignal.timeout(5_000))).resolves.toBeUndefined();
    });
  });
}
