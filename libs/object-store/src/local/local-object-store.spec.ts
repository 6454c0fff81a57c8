import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createObjectStore, LocalObjectStore } from '../index';
import { describeObjectStoreContract } from '../object-store.contract';

const tempRoot = () => mkdtempSync(path.join(tmpdir(), 'reco-objects-'));

describeObjectStoreContract('local folder', async () => {
  const root = tempRoot();
  return { store: new LocalObjectStore({ root }), cleanup: async () => rmSync(root, { recursive: true, force: true }) };
});

describe('LocalObjectStore', () => {
  let root: string;
  let store: LocalObjectStore;

  beforeEach(() => {
    root = tempRoot();
    store = new LocalObjectStore({ root: path.join(root, 'objects') });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps objects as plain files under the root, nothing outside it', async () => {
    await store.put('models/bpr/v1.bin', Buffer.from('abc'));
    expect(readdirSync(root)).toEqual(['objects']);
    expect(existsSync(path.join(root, 'objects', 'models', 'bpr', 'v1.bin'))).toBe(true);
  });

  it('reserves its .reco folder and never lists it', async () => {
    await store.put('a', 'x');
    await expect(store.put('.reco/meta/a.json', '{}')).rejects.toMatchObject({ code: 'INVALID_KEY' });
    expect((await store.list()).map((o) => o.key)).toEqual(['a']);
  });

  it('leaves no temp file behind, and no object, when a stream fails mid-way', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000));
        this.destroy(new Error('source broke'));
      },
    });
    await expect(store.put('broken.bin', failing)).rejects.toThrow('source broke');
    await expect(store.head('broken.bin')).resolves.toBeNull();
    expect(readdirSync(path.join(store.root, '.reco', 'tmp'))).toEqual([]);
  });

  it('keeps the previous version when an overwrite fails', async () => {
    await store.put('model.bin', 'v1');
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from('v2-partial');
        throw new Error('upload interrupted');
      })(),
    );
    await expect(store.put('model.bin', failing)).rejects.toThrow('upload interrupted');
    expect((await store.get('model.bin'))?.body.toString()).toBe('v1');
  });

  it('fails with KEY_CONFLICT when a key needs a file where a folder is, or the reverse', async () => {
    await store.put('a/b', '1');
    await expect(store.put('a', '2')).rejects.toMatchObject({ code: 'KEY_CONFLICT' });
    await store.put('f', '1');
    await expect(store.put('f/g', '2')).rejects.toMatchObject({ code: 'KEY_CONFLICT' });
    expect((await store.list()).map((o) => o.key)).toEqual(['a/b', 'f']);
  });

  it('prunes folders a delete leaves empty', async () => {
    await store.put('x/y/z', '1');
    await store.delete('x/y/z');
    expect(readdirSync(store.root).filter((n) => n !== '.reco')).toEqual([]);
  });

  it('serves files dropped into the folder by hand, without a sidecar', async () => {
    await mkdir(path.join(store.root, 'manual'), { recursive: true });
    writeFileSync(path.join(store.root, 'manual', 'f.csv'), 'a,b\n');
    expect(await store.head('manual/f.csv')).toMatchObject({ size: 4, contentType: 'application/octet-stream' });
  });

  it('is what createObjectStore builds for kind local, defaulting to ./data/objects', () => {
    const made = createObjectStore({ kind: 'local', root });
    expect(made).toBeInstanceOf(LocalObjectStore);
    expect((made as LocalObjectStore).root).toBe(root);
    expect(new LocalObjectStore().root).toBe(path.resolve('data', 'objects'));
  });
});
