import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeArtifacts, initTensorFlow, type ModelMetadata, type NamedArrays } from '@reco/ml';
import { LocalObjectStore, S3ObjectStore, type ObjectBody, type ObjectStore, type PutOptions } from '@reco/object-store';
import { startS3TestServer, type S3TestServer } from '@reco/object-store/testing';
import type { RecommenderState } from '../model/recommender-state';
import { loadModel, MODEL_FILES, saveModel, SINGLE_WEIGHTS_FILE } from './model-store';
import { joinState, splitState } from './recommender-artifacts';
import { weightFileName } from './weight-files';

const metadata: ModelMetadata = {
  name: 'recommender',
  version: 1,
  trainedAt: '2024-01-01T00:00:00.000Z',
  window: { until: '2024-01-01T00:00:00.000Z' },
  counts: { products: 100 },
  metrics: {},
  backend: 'cpu',
};

// With 64-byte files: `scores` (40 B) and `ids` (12 B) share the first file, `big` (400 B)
// starts the second and fills six, its last 16 B share the eighth with `tail` (20 B).
const CHUNK = 64;
function testArrays(): NamedArrays {
  return {
    scores: Float32Array.from({ length: 10 }, (_, i) => i / 3),
    ids: Int32Array.from([-1, 0, 2 ** 30]),
    big: Float32Array.from({ length: 100 }, (_, i) => Math.sin(i) * 1e6),
    none: new Int32Array(0),
    tail: Int32Array.from([5, 4, 3, 2, 1]),
  };
}

function expectSameArrays(actual: NamedArrays, expected: NamedArrays): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [name, values] of Object.entries(expected)) {
    expect(actual[name].constructor).toBe(values.constructor);
    expect(actual[name].length).toBe(values.length);
    // Buffer.equals, not toEqual: jest compares large buffers element by element, slowly.
    expect(Buffer.from(actual[name].buffer, actual[name].byteOffset, actual[name].byteLength).equals(Buffer.from(values.buffer, values.byteOffset, values.byteLength))).toBe(true);
  }
}

let s3: S3TestServer;
let folders: string[] = [];
let buckets = 0;
beforeAll(async () => {
  s3 = await startS3TestServer();
});
afterAll(async () => {
  await s3?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  folders = [];
});

const backends: [string, () => Promise<ObjectStore>][] = [
  [
    'local',
    async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'reco-model-store-'));
      folders.push(root);
      return new LocalObjectStore({ root });
    },
  ],
  [
    's3',
    async () => {
      const bucket = `models-${++buckets}`;
      await s3.createBucket(bucket);
      return new S3ObjectStore({ ...s3.clientOptions, bucket });
    },
  ],
];

describe.each(backends)('model store (%s)', (_kind, open) => {
  let store: ObjectStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(() => store.close());

  it('writes weights in files of at most the chunk size, splitting only the array larger than one, and reads them back', async () => {
    const arrays = testArrays();
    await saveModel(store, 'models/r/v1', { metadata, arrays }, { chunkBytes: CHUNK });
    const listed = await store.list('models/r/v1/');
    const weights = listed.filter((o) => o.key.includes('/weights-'));
    expect(weights.map((o) => o.key)).toEqual(Array.from({ length: 8 }, (_, i) => `models/r/v1/${weightFileName(i)}`));
    expect(weights.map((o) => o.size)).toEqual([52, 64, 64, 64, 64, 64, 64, 36]);
    expect(listed.map((o) => o.key)).toEqual(expect.arrayContaining([`models/r/v1/${MODEL_FILES.manifest}`, `models/r/v1/${MODEL_FILES.metadata}`]));

    const loaded = await loadModel(store, 'models/r/v1');
    expectSameArrays(loaded.arrays, arrays);
    expect(loaded.metadata).toEqual(metadata);
  });

  it('reassembles arrays from streamed reads that straddle array and file boundaries', async () => {
    const arrays: NamedArrays = {
      a: Float32Array.from({ length: 100_003 }, (_, i) => i * 0.25),
      b: Int32Array.from({ length: 70_001 }, (_, i) => i * 7 - 3),
      c: Float32Array.from({ length: 300_000 }, (_, i) => -i),
    };
    await saveModel(store, 'models/r/big', { metadata, arrays }, { chunkBytes: 400_000 });
    // a (400,012 B) alone is over a chunk; b fits after its tail; c is split over three files.
    expect((await store.list('models/r/big/weights-')).map((o) => o.size)).toEqual([400_000, 280_016, 400_000, 400_000, 400_000]);
    expectSameArrays((await loadModel(store, 'models/r/big')).arrays, arrays);
  });

  it('round-trips a state with float64 timestamps exactly', async () => {
    const times = Float64Array.from([Date.UTC(2010, 11, 1, 8, 26), Date.UTC(2024, 0, 1) + 0.5, -1]);
    const state = { counts: { products: 2 }, productIds: ['A', 'B'], history: { times, product: Int32Array.from([0, 1, 1]) } } as unknown as RecommenderState;
    const { arrays, skeleton } = splitState(state);
    await saveModel(store, 'models/r/v2', { metadata: { ...metadata, extra: { state: skeleton } }, arrays }, { chunkBytes: 8 });
    const loaded = await loadModel(store, 'models/r/v2');
    const back = joinState((loaded.metadata.extra as { state: unknown }).state, loaded.arrays) as unknown as typeof state & { history: { times: Float64Array } };
    expect(Array.from(back.history.times)).toEqual(Array.from(times));
    expect(back.productIds).toEqual(['A', 'B']);
  });

  it('names the missing weight file when one is gone', async () => {
    await saveModel(store, 'models/r/v3', { metadata, arrays: testArrays() }, { chunkBytes: CHUNK });
    await store.delete(`models/r/v3/${weightFileName(2)}`);
    await expect(loadModel(store, 'models/r/v3')).rejects.toThrow(`models/r/v3/${weightFileName(2)} is missing from the ${store.kind} object store`);
  });

  it('refuses a weight file shorter than its manifest says', async () => {
    await saveModel(store, 'models/r/v4', { metadata, arrays: testArrays() }, { chunkBytes: CHUNK });
    await store.put(`models/r/v4/${weightFileName(7)}`, Buffer.alloc(20));
    await expect(loadModel(store, 'models/r/v4')).rejects.toThrow(`models/r/v4/${weightFileName(7)} has 20 bytes, its manifest says 36`);
  });

  it('puts every weight file before the manifest, so a manifest means a complete model', async () => {
    const order: string[] = [];
    // The real store, with each put's key noted first.
    const recording: ObjectStore = Object.assign(Object.create(store) as ObjectStore, { put: (key: string, body: ObjectBody, options?: PutOptions) => (order.push(key), store.put(key, body, options)) });
    await saveModel(recording, 'models/r/v5', { metadata, arrays: testArrays() }, { chunkBytes: CHUNK });
    expect(order).toHaveLength(10);
    expect(order[order.length - 1]).toBe(`models/r/v5/${MODEL_FILES.manifest}`);
    expect(order.slice(0, 8)).toEqual(Array.from({ length: 8 }, (_, i) => `models/r/v5/${weightFileName(i)}`));
  });

  describe('with weights encoded by tf.io.encodeWeights', () => {
    beforeAll(() => initTensorFlow());

    it('loads a model stored in the single weights.bin format of earlier versions', async () => {
      const arrays = testArrays();
      const encoded = await encodeArtifacts(arrays, metadata);
      // What saveModel wrote before chunking: weights.bin, metadata.json, then the manifest.
      await store.put(`models/r/old/${SINGLE_WEIGHTS_FILE}`, Buffer.from(encoded.weights));
      await store.put(`models/r/old/${MODEL_FILES.metadata}`, JSON.stringify(metadata));
      await store.put(`models/r/old/${MODEL_FILES.manifest}`, encoded.manifest);
      const loaded = await loadModel(store, 'models/r/old');
      expectSameArrays(loaded.arrays, arrays);
      expect(loaded.metadata).toEqual(metadata);
    });
  });
});

it('refuses a chunk size that would cut an element', async () => {
  const store = await backends[0][1]();
  await expect(saveModel(store, 'models/r/x', { metadata, arrays: testArrays() }, { chunkBytes: 6 })).rejects.toThrow('chunk size must be a positive multiple of 4 bytes, got 6');
});
