// Public API of @reco/executor: a worker-thread pool for CPU-bound tasks, async fan-out
// helpers, and event-loop metrics.
export { AsyncExecutor } from './pool/async-executor';
export type { AsyncExecutorOptions, ExecutorStats, RegisterTaskOptions, RunOptions, TaskRef } from './pool/async-executor';
export type { WorkerLoader } from './pool/worker-loader';
export { defineTask } from './task/define-task';
export type { PayloadOf, ResultOf, TaskContext, TaskDefinition, TaskHandler } from './task/define-task';
export { withTransfer } from './task/transfer';
export type { Transferable, WithTransfer } from './task/transfer';
export { ExecutorError, isExecutorError } from './task/executor-error';
export type { ExecutorErrorCode } from './task/executor-error';
export { gather } from './concurrency/gather';
export type { GatherCall, GatherFn, GatherOptions, GatherResult, GatherResults, Settled } from './concurrency/gather';
export { mapConcurrent } from './concurrency/map-concurrent';
export type { MapConcurrentOptions } from './concurrency/map-concurrent';
export { EventLoopMonitor } from './metrics/event-loop-monitor';
export type { EventLoopDelaySnapshot } from './metrics/event-loop-monitor';
