import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
// Registers the pure-JS `cpu` backend, the last resort.
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's CJS bundle registers no gradients; the layers bundle registers them all.
import '@tensorflow/tfjs-layers';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerKernelFixes } from './kernel-fixes';

/** `tensorflow` is the native backend of @tensorflow/tfjs-node. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface TensorFlowRuntimeOptions {
  /** Backends to try, fastest first; the default tries all three. */
  prefer?: readonly BackendName[];
}

let ready: Promise<BackendName> | undefined;

/**
 * Picks the fastest backend present, once per thread (each worker thread calls it for itself).
 * tfjs-node is optional and usually absent; setBackend reports failure by returning false.
 */
export function initTensorFlow(options: TensorFlowRuntimeOptions = {}): Promise<BackendName> {
  ready ??= selectBackend(options.prefer ?? ['tensorflow', 'wasm', 'cpu']).catch((err: unknown) => {
    ready = undefined;
    throw err;
  });
  return ready;
}

/** The active backend for logs, health and metrics; undefined before initTensorFlow. */
export function tensorflowBackend(): BackendName | undefined {
  const name = tf.getBackend();
  return name === 'tensorflow' || name === 'wasm' || name === 'cpu' ? name : undefined;
}

async function selectBackend(prefer: readonly BackendName[]): Promise<BackendName> {
  tf.enableProdMode(); // silences the cpu backend banner and skips debug checks
  for (const name of prefer) {
    if (await tryBackend(name)) {
      registerKernelFixes(name);
      return name;
    }
  }
  throw new Error(`No TensorFlow.js backend could start (tried ${prefer.join(', ')})`);
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      // Optional native addon: MODULE_NOT_FOUND, or a plain Error when its binary is missing.
      require('@tensorflow/tfjs-node');
    } else if (name === 'wasm') {
      // The trailing separator matters: without it the .wasm paths are glued to the folder name.
      setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
    }
    if (!tf.findBackendFactory(name)) return false;
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok;
  } catch {
    return false;
  }
}
