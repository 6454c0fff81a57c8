import { types } from 'node:util';
import type { NamedArrays } from '@reco/ml';
import type { RecommenderState } from '../model/recommender-state';

// Float64 arrays (timestamps) travel as their raw bytes viewed as int32 pairs: exact, and
// TF.js weights know only float32 and int32.
const F64_SUFFIX = '#f64';

/** The state split into typed arrays (weights) and a JSON skeleton (everything else). */
export interface SplitState {
  arrays: NamedArrays;
  skeleton: unknown;
}

/**
 * Walks the state instead of naming its fields, so the model's internals can change without
 * touching how it is stored. A typed array becomes `{ $array: "<path>" }` in the skeleton.
 */
export function splitState(state: RecommenderState): SplitState {
  const arrays: NamedArrays = {};
  const walk = (value: unknown, path: string): unknown => {
    if (types.isFloat32Array(value) || types.isInt32Array(value)) {
      arrays[path] = value;
      return { $array: path };
    }
    if (types.isFloat64Array(value)) {
      // A view, not a copy: a Float64Array's offset is a multiple of 8, so of 4.
      arrays[path + F64_SUFFIX] = new Int32Array(value.buffer, value.byteOffset, value.length * 2);
      return { $array: path + F64_SUFFIX };
    }
    if (ArrayBuffer.isView(value)) throw new Error(`recommender state: unsupported typed array at ${path}`);
    if (Array.isArray(value)) return value;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, path ? `${path}.${k}` : k)]));
    }
    return value;
  };
  return { arrays, skeleton: walk(state, '') };
}

/** Rebuilds the state from `splitState`'s parts. */
export function joinState(skeleton: unknown, arrays: NamedArrays): RecommenderState {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value;
    if (value !== null && typeof value === 'object') {
      const ref = (value as { $array?: unknown }).$array;
      if (typeof ref === 'string') {
        const stored = arrays[ref];
        if (!stored) throw new Error(`recommender artifacts: missing array ${ref}`);
        if (!ref.endsWith(F64_SUFFIX)) return stored;
        // loadModel gives each array a buffer of its own: viewed in place; copied when unaligned.
        if (stored.byteOffset % 8 === 0) return new Float64Array(stored.buffer, stored.byteOffset, stored.length / 2);
        return new Float64Array(new Int32Array(stored).buffer);
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  return walk(skeleton) as RecommenderState;
}

/** Every buffer under `value`, to move (not copy) it between threads. */
export function buffersOf(value: unknown, out: ArrayBufferView[] = []): ArrayBufferView[] {
  if (ArrayBuffer.isView(value)) out.push(value);
  else if (Array.isArray(value)) {
    // arrays of strings only in the state; nothing to move
  } else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) buffersOf(v, out);
  return out;
}
