/** Why a task or call did not produce a result; stable codes for envelopes and metrics. */
export type ExecutorErrorCode =
  | 'UNKNOWN_TASK' // no task registered under that name
  | 'BAD_TASK_MODULE' // the module failed to load or exports no task
  | 'TASK_FAILED' // the handler threw or rejected
  | 'WORKER_CRASHED' // the worker died: process.exit, uncaught error, out of memory
  | 'TIMEOUT' // the per-task timeout or a gather deadline passed
  | 'ABORTED' // the caller's AbortSignal fired
  | 'QUEUE_FULL' // maxQueue tasks are already waiting
  | 'CLOSED'; // the executor is closed or closing

export class ExecutorError extends Error {
  constructor(
    readonly code: ExecutorErrorCode,
    message: string,
    options?: { cause?: unknown; task?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ExecutorError';
    this.task = options?.task;
  }

  /** The registered task name, when the error comes from the pool. */
  readonly task: string | undefined;
}

export function isExecutorError(err: unknown, code?: ExecutorErrorCode): err is ExecutorError {
  return err instanceof ExecutorError && (code === undefined || err.code === code);
}
