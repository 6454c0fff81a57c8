import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from './tf-runtime';

/** What a trained model says about itself, stored beside its weights. */
export interface ModelMetadata {
  name: string;
  version: number;
  trainedAt: string;
  /** Training window: ISO instants. */
  window: { from?: string; until?: string };
  counts: Record<string, number>;
  metrics: Record<string, number>;
  backend: BackendName | string;
  /** Anything else JSON-serialisable the model needs to load (options, dictionaries). */
  extra?: unknown;
}

export type NamedArrays = Record<string, Float32Array | Int32Array>;

/** A model as bytes: the encoded weights plus a JSON manifest (specs and metadata). */
export interface ModelArtifacts {
  manifest: string;
  weights: Uint8Array;
}

interface Manifest {
  metadata: ModelMetadata;
  specs: tf.io.WeightsManifestEntry[];
}

/**
 * Encodes raw typed arrays (embeddings, neighbour tables) with tf.io.encodeWeights. Float64
 * arrays must be split by the caller: TF.js weights are float32/int32 only.
 */
export async function encodeArtifacts(arrays: NamedArrays, metadata: ModelMetadata): Promise<ModelArtifacts> {
  const tensors: tf.NamedTensorMap = {};
  for (const [name, values] of Object.entries(arrays)) tensors[name] = tf.tensor1d(values, values instanceof Int32Array ? 'int32' : 'float32');
  try {
    const { data, specs } = await tf.io.encodeWeights(tensors);
    const manifest: Manifest = { metadata, specs };
    return { manifest: JSON.stringify(manifest), weights: new Uint8Array(data) };
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

export function decodeArtifacts(artifacts: ModelArtifacts): { arrays: NamedArrays; metadata: ModelMetadata } {
  const manifest = JSON.parse(artifacts.manifest) as Manifest;
  const w = artifacts.weights;
  const buffer = w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer;
  const tensors = tf.io.decodeWeights(buffer, manifest.specs);
  const arrays: NamedArrays = {};
  for (const [name, t] of Object.entries(tensors)) {
    arrays[name] = t.dataSync() as Float32Array | Int32Array;
    t.dispose();
  }
  return { arrays, metadata: manifest.metadata };
}

/** Saves a tf.LayersModel-like object (anything with save(handler)) to bytes. */
export async function saveModelArtifacts(model: { save(handler: tf.io.IOHandler): Promise<unknown> }): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      // Weight data may come as several buffers; one is simpler to store.
      const data = artifacts.weightData;
      saved = { ...artifacts, weightData: Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(saved) };
    }),
  );
  if (!saved) throw new Error('model.save produced no artifacts');
  return saved;
}
