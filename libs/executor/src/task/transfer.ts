import { types } from 'node:util';
import type { MessagePort } from 'node:worker_threads';

// Brand by a global symbol, not instanceof: a task module may load the executor from src or
// dist, giving two copies of this file in one worker.
const TRANSFER = Symbol.for('reco.executor.transfer');

export type Transferable = ArrayBuffer | ArrayBufferView | MessagePort;

/** A value plus the buffers that move (zero-copy) instead of being cloned across threads. */
export interface WithTransfer<T> {
  readonly [TRANSFER]: true;
  readonly value: T;
  readonly transferList: readonly (ArrayBuffer | MessagePort)[];
}

/**
 * Moves large typed arrays between threads without copying: wrap a payload for `run()` or a
 * handler's result. The listed buffers become unusable (detached) on the sending side.
 *
 *   executor.run(task, withTransfer({ vectors }, [vectors]))
 *   return withTransfer({ scores }, [scores])  // inside a task handler
 */
export function withTransfer<T>(value: T, transfer: readonly Transferable[]): WithTransfer<T> {
  const list = new Set<ArrayBuffer | MessagePort>();
  for (const item of transfer) {
    if (ArrayBuffer.isView(item)) {
      // A SharedArrayBuffer is shared, not moved; it must not be in a transfer list. (util.types,
      // not instanceof: buffers may come from another realm, e.g. jest's sandbox.)
      if (types.isArrayBuffer(item.buffer)) list.add(item.buffer);
    } else {
      list.add(item);
    }
  }
  return { [TRANSFER]: true, value, transferList: [...list] };
}

export function isWithTransfer(value: unknown): value is WithTransfer<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TRANSFER] === true;
}
