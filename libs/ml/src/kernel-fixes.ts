import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from './tf-runtime';

// The gradient of tf.gather (embedding training) needs UnsortedSegmentSum: wasm has no kernel
// and cpu's loops over every table row per index (36 s per 5000x64 gradient). Both replaced.
const registered = new Set<string>();

export function registerKernelFixes(backend: BackendName): void {
  if (registered.has(backend)) return;
  registered.add(backend);
  if (backend === 'wasm') registerWasmSegmentSum();
  if (backend === 'cpu') registerCpuSegmentSum();
}

interface SegmentSumAttrs {
  numSegments: number;
}

function registerWasmSegmentSum(): void {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    // Composed from wasm kernels: scatterND sums rows that share an index.
    kernelFunc: ({ inputs, attrs }) => {
      const { x, segmentIds } = inputs as { x: tf.Tensor; segmentIds: tf.Tensor };
      const { numSegments } = attrs as unknown as SegmentSumAttrs;
      return tf.tidy(() => {
        const ids = tf.reshape(segmentIds, [-1, 1]);
        const rows = tf.reshape(x, [ids.shape[0] as number, -1]);
        const summed = tf.scatterND(ids, rows, [numSegments, rows.shape[1] as number]);
        return tf.keep(tf.reshape(summed, [numSegments, ...x.shape.slice(segmentIds.rank)]));
      }) as unknown as tf.TensorInfo;
    },
  });
}

function registerCpuSegmentSum(): void {
  tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'cpu',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const { numSegments } = attrs as unknown as SegmentSumAttrs;
      const cpu = backend as unknown as { readSync(id: unknown): Float32Array | Int32Array; makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo };
      const values = cpu.readSync(x.dataId) as Float32Array;
      const ids = cpu.readSync(segmentIds.dataId) as Int32Array;
      const idCount = segmentIds.shape.reduce((a, b) => a * b, 1);
      const width = idCount === 0 ? 0 : values.length / idCount;
      const out = new Float32Array(numSegments * width);
      // One accumulate pass over the rows present, instead of a pass per table row.
      for (let i = 0; i < idCount; i++) {
        const s = ids[i];
        if (s < 0 || s >= numSegments) continue;
        const src = i * width;
        const dst = s * width;
        for (let j = 0; j < width; j++) out[dst + j] += values[src + j];
      }
      return cpu.makeTensorInfo([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype, out);
    },
  });
}
