/** What the main thread posts to a worker for one task. */
export interface TaskEnvelope {
  task: string;
  modulePath: string;
  exportName: string;
  payload: unknown;
}

/** A handler's error, flattened so it survives the thread boundary with its name and code. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
}

/**
 * What a worker answers. A handler's own failure comes back as a value, so any rejection from
 * the pool itself means the worker died (or the task was aborted).
 */
export type TaskOutcome =
  | { ok: true; value: unknown }
  | { ok: false; kind: 'TASK_FAILED' | 'BAD_TASK_MODULE'; error: SerializedError };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, stack: err.stack, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(err) };
}

export function deserializeError(serialized: SerializedError): Error {
  const err = new Error(serialized.message);
  err.name = serialized.name;
  if (serialized.stack) err.stack = serialized.stack;
  if (serialized.code) (err as Error & { code?: string }).code = serialized.code;
  return err;
}
