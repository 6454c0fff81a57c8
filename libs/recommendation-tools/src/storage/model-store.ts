import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ModelMetadata } from '@reco/ml';
import type { ObjectStore } from '@reco/object-store';

/** Files of one model version under `models/<name>/<version>/`. */
export const MODEL_FILES = {
  /** Weight specs, metadata and the state's JSON skeleton: the "topology". */
  manifest: 'manifest.json',
  /** The typed arrays, encoded with tf.io.encodeWeights. */
  weights: 'weights.bin',
  /** The metadata alone, for people and dashboards (the loader reads the manifest). */
  metadata: 'metadata.json',
} as const;

export interface StoredModel {
  manifest: string;
  weights: Uint8Array;
}

/** A sortable, unique version name: `v<UTC timestamp>-<random>`. */
export function newModelVersion(now = new Date()): string {
  return `v${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(2).toString('hex')}`;
}

export function modelPrefix(name: string, version: string): string {
  return `models/${name}/${version}`;
}

/** Writes weights first and the manifest last, so a reader that finds a manifest finds everything. */
export async function saveModel(store: ObjectStore, prefix: string, model: StoredModel & { metadata: ModelMetadata }, signal?: AbortSignal): Promise<void> {
  // As a stream of 1 MiB chunks: the store hashes what it writes, and one 20 MB hash is a 40 ms stall.
  await store.put(`${prefix}/${MODEL_FILES.weights}`, Readable.from(chunks(model.weights, 1 << 20)), { signal });
  await store.put(`${prefix}/${MODEL_FILES.metadata}`, JSON.stringify(model.metadata, null, 2), { contentType: 'application/json', signal });
  await store.put(`${prefix}/${MODEL_FILES.manifest}`, model.manifest, { contentType: 'application/json', signal });
}

export async function loadModel(store: ObjectStore, prefix: string, signal?: AbortSignal): Promise<StoredModel> {
  const [manifest, weights] = await Promise.all([
    store.get(`${prefix}/${MODEL_FILES.manifest}`, { signal }),
    store.get(`${prefix}/${MODEL_FILES.weights}`, { signal }),
  ]);
  if (!manifest || !weights) throw new Error(`model files missing under ${prefix} in the ${store.kind} object store`);
  return { manifest: manifest.body.toString('utf8'), weights: new Uint8Array(weights.body.buffer, weights.body.byteOffset, weights.body.byteLength) };
}

function* chunks(bytes: Uint8Array, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.byteLength; at += size) {
    yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(size, bytes.byteLength - at));
  }
}
