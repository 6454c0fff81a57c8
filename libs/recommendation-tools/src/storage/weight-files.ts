import { types } from 'node:util';
import type { NamedArrays } from '@reco/ml';

/**
 * How a model's typed arrays lie in its weight files. The bytes of every array, in `specs`
 * order, form one stream (the layout tf.io.encodeWeights gives for float32 and int32), cut
 * into files of at most the chunk size. A file is cut before an array that would not fit, so
 * an array spans files only when it is larger than one chunk.
 */

/** One array in the stream; the fields of a tf.io WeightsManifestEntry that Reco uses. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}

/** One file of the stream, in order. */
export interface WeightFile {
  path: string;
  bytes: number;
}

/** Big enough that S3 puts and gets stay few, small enough that one file is a modest buffer. */
export const DEFAULT_WEIGHT_CHUNK_BYTES = 64 * 1024 * 1024;

export function weightFileName(index: number): string {
  return `weights-${String(index).padStart(5, '0')}.bin`;
}

export function specsOf(arrays: NamedArrays): WeightSpec[] {
  // util.types, not instanceof: arrays moved from a worker may come from another realm (jest's sandbox).
  return Object.entries(arrays).map(([name, values]) => ({ name, shape: [values.length], dtype: types.isInt32Array(values) ? 'int32' : 'float32' }));
}

/** Bytes of the array a spec describes; throws on what Reco never writes (quantised, other types). */
export function byteLengthOf(spec: WeightSpec): number {
  const { dtype, quantization } = spec as WeightSpec & { quantization?: unknown };
  if ((dtype !== 'float32' && dtype !== 'int32') || quantization) throw new Error(`model weights: unsupported weight ${spec.name} (${String(dtype)}${quantization ? ', quantised' : ''})`);
  return 4 * spec.shape.reduce((a, b) => a * b, 1);
}

/** A piece of one array in a file: bytes `from` to `to` of array number `array`. */
export interface WeightPiece {
  array: number;
  from: number;
  to: number;
}

/** The files for arrays of these byte lengths, each as its pieces; see the module comment. */
export function planWeightFiles(byteLengths: readonly number[], chunkBytes: number): WeightPiece[][] {
  // Cuts at multiples of 4 bytes keep every piece of a float32/int32 array whole elements.
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 4 || chunkBytes % 4 !== 0) throw new Error(`model weights: chunk size must be a positive multiple of 4 bytes, got ${chunkBytes}`);
  const files: WeightPiece[][] = [];
  let file: WeightPiece[] = [];
  let used = 0;
  const close = () => {
    if (used > 0) files.push(file);
    file = [];
    used = 0;
  };
  byteLengths.forEach((length, array) => {
    if (used + length > chunkBytes) close();
    for (let from = 0; from < length; ) {
      const to = Math.min(length, from + chunkBytes - used);
      file.push({ array, from, to });
      used += to - from;
      from = to;
      if (used === chunkBytes) close();
    }
  });
  close();
  return files;
}

/** One file's content as views of the arrays (no copies), at most `pieceBytes` each. */
export function* weightFileContent(views: readonly Uint8Array[], pieces: readonly WeightPiece[], pieceBytes = 1 << 20): Generator<Buffer> {
  for (const { array, from, to } of pieces) {
    const view = views[array];
    for (let at = from; at < to; at += pieceBytes) yield Buffer.from(view.buffer, view.byteOffset + at, Math.min(pieceBytes, to - at));
  }
}

export const fileBytes = (pieces: readonly WeightPiece[]): number => pieces.reduce((sum, p) => sum + p.to - p.from, 0);

export function bytesOf(values: Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * The arrays of `specs`, each in a buffer of its own, filled from the stream's bytes as they
 * come (`write` at any offset, in any order of files); nothing holds the stream whole.
 */
export class WeightArraysAssembler {
  readonly arrays: NamedArrays = {};
  readonly totalBytes: number;
  private readonly views: Uint8Array[] = [];
  /** Stream offset where each array starts. */
  private readonly starts: number[] = [];

  constructor(specs: readonly WeightSpec[]) {
    let offset = 0;
    for (const spec of specs) {
      const length = byteLengthOf(spec) / 4;
      const values = spec.dtype === 'int32' ? new Int32Array(length) : new Float32Array(length);
      this.arrays[spec.name] = values;
      this.views.push(bytesOf(values));
      this.starts.push(offset);
      offset += values.byteLength;
    }
    this.totalBytes = offset;
  }

  write(offset: number, chunk: Uint8Array): void {
    if (offset + chunk.byteLength > this.totalBytes) throw new RangeError(`model weights: ${offset + chunk.byteLength} bytes is past the manifest's ${this.totalBytes}`);
    let array = this.arrayAt(offset);
    let at = 0;
    while (at < chunk.byteLength) {
      const view = this.views[array];
      const within = offset + at - this.starts[array];
      const take = Math.min(chunk.byteLength - at, view.byteLength - within);
      view.set(chunk.subarray(at, at + take), within);
      at += take;
      array++;
    }
  }

  /** The last array starting at or before `offset` (binary search): empty ones share the next's start. */
  private arrayAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
