import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ModelMetadata, NamedArrays } from '@reco/ml';
import type { CallOptions, ObjectStore } from '@reco/object-store';
import {
  bytesOf,
  DEFAULT_WEIGHT_CHUNK_BYTES,
  fileBytes,
  planWeightFiles,
  specsOf,
  WeightArraysAssembler,
  weightFileContent,
  weightFileName,
  type WeightFile,
  type WeightSpec,
} from './weight-files';

/** Files of one model version under `models/<name>/<version>/`, beside its weight files. */
export const MODEL_FILES = {
  /** Weight specs and files, metadata and the state's JSON skeleton: the "topology". */
  manifest: 'manifest.json',
  /** The metadata alone, for people and dashboards (the loader reads the manifest). */
  metadata: 'metadata.json',
} as const;

/** Where models stored before chunking keep all their weights; they still load. */
export const SINGLE_WEIGHTS_FILE = 'weights.bin';

/** manifest.json. */
interface ModelManifest {
  metadata: ModelMetadata;
  specs: WeightSpec[];
  /** The weight files in stream order (weight-files.ts); absent: one `weights.bin`. */
  weightFiles?: WeightFile[];
}

/** A model as typed arrays (the weights) and its metadata; what loadModel gives back. */
export interface StoredModel {
  metadata: ModelMetadata;
  arrays: NamedArrays;
}

export interface SaveModelOptions extends CallOptions {
  /** Largest weight file; default 64 MiB. A positive multiple of 4. */
  chunkBytes?: number;
}

/** A sortable, unique version name: `v<UTC timestamp>-<random>`. */
export function newModelVersion(now = new Date()): string {
  return `v${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(2).toString('hex')}`;
}

export function modelPrefix(name: string, version: string): string {
  return `models/${name}/${version}`;
}

/**
 * Writes the weight files first and the manifest last, so a reader that finds a manifest finds
 * everything. Files are written one at a time, each streamed from views of the arrays, so
 * saving copies nothing whole.
 */
export async function saveModel(store: ObjectStore, prefix: string, model: StoredModel, options: SaveModelOptions = {}): Promise<void> {
  const { signal } = options;
  const specs = specsOf(model.arrays);
  const views = Object.values(model.arrays).map(bytesOf);
  const weightFiles: WeightFile[] = [];
  const plan = planWeightFiles(
    views.map((v) => v.byteLength),
    options.chunkBytes ?? DEFAULT_WEIGHT_CHUNK_BYTES,
  );
  for (const [index, pieces] of plan.entries()) {
    const path = weightFileName(index);
    // As a stream of 1 MiB pieces: the store hashes what it writes, and one 20 MB hash is a 40 ms stall.
    await store.put(`${prefix}/${path}`, Readable.from(weightFileContent(views, pieces)), { signal });
    weightFiles.push({ path, bytes: fileBytes(pieces) });
  }
  const manifest: ModelManifest = { metadata: model.metadata, specs, weightFiles };
  await store.put(`${prefix}/${MODEL_FILES.metadata}`, JSON.stringify(model.metadata, null, 2), { contentType: 'application/json', signal });
  await store.put(`${prefix}/${MODEL_FILES.manifest}`, JSON.stringify(manifest), { contentType: 'application/json', signal });
}

/**
 * Reads a stored model file by file, streaming each into its arrays (every array in a buffer of
 * its own): nothing holds all the weights' bytes at once besides the arrays themselves.
 */
export async function loadModel(store: ObjectStore, prefix: string, options: CallOptions = {}): Promise<StoredModel> {
  const manifestKey = `${prefix}/${MODEL_FILES.manifest}`;
  const stored = await store.get(manifestKey, options);
  if (!stored) throw new Error(`model ${prefix}: ${manifestKey} is missing from the ${store.kind} object store`);
  const manifest = JSON.parse(stored.body.toString('utf8')) as ModelManifest;
  const assembler = new WeightArraysAssembler(manifest.specs);
  const files = manifest.weightFiles ?? [{ path: SINGLE_WEIGHTS_FILE, bytes: assembler.totalBytes }];
  let offset = 0;
  for (const file of files) {
    await readWeightFile(store, `${prefix}/${file.path}`, file.bytes, offset, assembler, options);
    offset += file.bytes;
  }
  if (offset !== assembler.totalBytes) throw new Error(`model ${prefix}: the weight files hold ${offset} bytes, the specs ${assembler.totalBytes}`);
  return { metadata: manifest.metadata, arrays: assembler.arrays };
}

async function readWeightFile(store: ObjectStore, key: string, bytes: number, offset: number, into: WeightArraysAssembler, options: CallOptions): Promise<void> {
  const file = await store.getStream(key, options);
  if (!file) throw new Error(`model weight file ${key} is missing from the ${store.kind} object store`);
  let read = 0;
  for await (const chunk of file.body as AsyncIterable<Buffer>) {
    // Leaving the loop by a throw destroys the stream (and frees an S3 connection).
    if (read + chunk.byteLength > bytes) throw new Error(`model weight file ${key} is longer than the ${bytes} bytes its manifest says`);
    into.write(offset + read, chunk);
    read += chunk.byteLength;
  }
  if (read !== bytes) throw new Error(`model weight file ${key} has ${read} bytes, its manifest says ${bytes}`);
}

