import type { WithTransfer } from './transfer';

const TASK = Symbol.for('reco.executor.task');

/** What a handler gets besides its payload. */
export interface TaskContext {
  /** The name the task was registered under. */
  readonly task: string;
  /** Index of the worker thread (`worker_threads.threadId`), for logs. */
  readonly threadId: number;
}

export type TaskHandler<P, R> = (payload: P, context: TaskContext) => R | WithTransfer<R> | Promise<R | WithTransfer<R>>;

/** A task module's export: what the worker calls. Payload and result must be structured-cloneable. */
export interface TaskDefinition<P = unknown, R = unknown> {
  readonly [TASK]: true;
  readonly handler: TaskHandler<P, R>;
}

/**
 * Declares a CPU-bound task. The module that holds it runs inside a worker thread, so keep it
 * free of side effects at load time beyond what the task needs (e.g. a TF.js backend).
 *
 *   // libs/ml/src/tasks/train-bpr.task.ts
 *   export default defineTask(async (payload: TrainPayload): Promise<TrainResult> => { ... });
 */
export function defineTask<P, R>(handler: TaskHandler<P, R>): TaskDefinition<P, R> {
  return { [TASK]: true, handler };
}

export function isTaskDefinition(value: unknown): value is TaskDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TASK] === true;
}

/** The payload and result types of a task definition, for typed `registerTask`. */
export type PayloadOf<D> = D extends TaskDefinition<infer P, unknown> ? P : never;
export type ResultOf<D> = D extends TaskDefinition<never, infer R> ? R : never;
